"""ZIP uploads: Office Open XML packages checked for bombs and hostile entry names from the
central directory alone (nothing is decompressed or extracted), and Hangul (HWP, HWPX)
documents recognised so the refusal can say what to do."""

import struct
import zipfile
import zlib

from django.conf import settings

from core.uploads.errors import refuse

# The part folder that tells the three Office Open XML formats apart.
OFFICE_FOLDERS = {"pptx": "ppt/", "docx": "word/", "xlsx": "xl/"}

DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_ZIP_ENTRIES = 5_000
# Text and XML compress well (10:1 to 50:1 is normal); only a crafted entry reaches 200:1 at a
# size where it matters.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# Python's zipfile builds one object per central-directory record before we can count them,
# so the directory is bounded first: a real Office record is ~100 bytes, a forged count
# cannot hide a directory of hundreds of thousands of tiny records.
MAX_CENTRAL_DIRECTORY_BYTES_PER_ENTRY = 300

ZIP_MAGIC = b"PK\x03\x04"
# OLE2 compound file: .doc/.ppt/.xls, and also every password-protected Office file.
COMPOUND_FILE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_STORED_OR_DEFLATED = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
# Hangul word processor: HWP 5 is an OLE2 file whose FileHeader stream starts with this text
# (and which has an "HwpSummaryInformation" stream); HWPX is a ZIP package like ODF.
HWP_SIGNATURE = b"HWP Document File"
HWP_SUMMARY_STREAM = "HwpSummaryInformation".encode("utf-16-le")
HWPX_MIMETYPE = b"application/hwp+zip"
HWP_EXTENSIONS = {"hwp", "hwpx", "hwt"}


def _central_directory_size(file, end: int) -> tuple[int, int] | None:
    """(entry count, directory bytes) from the end-of-central-directory record, or None.

    Read before zipfile parses the directory, so a forged archive is refused cheaply.
    """
    tail_length = min(end, 22 + 0xFFFF)  # the record plus the longest archive comment
    file.seek(end - tail_length)
    tail = file.read(tail_length)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    *_disks, entries, directory_bytes, _offset, _comment_length = struct.unpack(
        "<4s4H2LH", tail[at : at + 22]
    )
    if entries == 0xFFFF or directory_bytes == 0xFFFFFFFF:
        # ZIP64: the real values sit in a record the locator just before this one points to.
        locator = tail[at - 20 : at] if at >= 20 else b""
        if locator[:4] != b"PK\x06\x07":
            return None
        (record_offset,) = struct.unpack("<Q", locator[8:16])
        if record_offset > end - 56:
            return None
        file.seek(record_offset)
        record = file.read(56)
        if record[:4] != b"PK\x06\x06":
            return None
        entries, directory_bytes = struct.unpack("<QQ", record[32:48])
    return entries, directory_bytes


def _is_unsafe_entry_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (
        name.startswith(("/", "\\"))
        or (len(name) > 1 and name[1] == ":")  # "C:..." drive letter
        or ".." in parts
    )


def _is_hwpx(file, infos) -> bool:
    """A Hangul HWPX package: its "mimetype" entry (a few bytes, read only when that small)
    says application/hwp+zip, or it has the package's Contents/content.hpf."""
    for info in infos:
        if info.filename.lower() == "contents/content.hpf":
            return True
        if info.filename == "mimetype" and info.file_size <= 100:
            file.seek(0)
            try:
                with zipfile.ZipFile(file) as archive:
                    return archive.read(info).strip() == HWPX_MIMETYPE
            except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
                return False
    return False


def office_kinds(file, end: int, name: str) -> set[str]:
    """The Office kinds a ZIP upload could be, after refusing bombs and damaged archives."""
    max_entries = getattr(settings, "UPLOAD_MAX_ZIP_ENTRIES", DEFAULT_MAX_ZIP_ENTRIES)
    max_uncompressed = getattr(
        settings, "UPLOAD_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES
    )
    directory = _central_directory_size(file, end)
    if directory is None:
        raise refuse("upload_corrupt", name=name)
    entries, directory_bytes = directory
    if (
        entries > max_entries
        or directory_bytes > max_entries * MAX_CENTRAL_DIRECTORY_BYTES_PER_ENTRY
    ):
        raise refuse("upload_zip_bomb", name=name)

    file.seek(0)
    try:
        # Only the central directory is parsed; no entry is opened, so nothing inflates.
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, struct.error, EOFError, ValueError, OSError):
        # Whatever zipfile trips on in untrusted bytes (bad records, undecodable names) means
        # the package is damaged.
        raise refuse("upload_corrupt", name=name) from None

    if len(infos) > max_entries or sum(info.file_size for info in infos) > max_uncompressed:
        raise refuse("upload_zip_bomb", name=name)
    for info in infos:
        if (
            info.file_size > RATIO_CHECKED_FROM_BYTES
            and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
        ):
            raise refuse("upload_zip_bomb", name=name)
        # Office packages never encrypt entries (a protected document is an OLE2 file), use
        # only stored or deflated entries, and name parts relative to the package root.
        if (
            info.flag_bits & 0x1
            or info.compress_type not in ZIP_STORED_OR_DEFLATED
            or _is_unsafe_entry_name(info.filename)
        ):
            raise refuse("upload_corrupt", name=name)

    names = [info.filename.lower() for info in infos]
    if len(set(names)) != len(names):
        raise refuse("upload_corrupt", name=name)
    if _is_hwpx(file, infos):
        return {"hwpx"}
    if "[content_types].xml" not in names:
        return set()
    return {
        kind
        for kind, folder in OFFICE_FOLDERS.items()
        if any(entry.startswith(folder) for entry in names)
    }


def _contains_any(file, needles: tuple[bytes, ...]) -> bool:
    """Whether any of `needles` occurs in the file, read in chunks from the start."""
    overlap = max(len(needle) for needle in needles) - 1
    file.seek(0)
    tail = b""
    while chunk := file.read(1024 * 1024):
        window = tail + chunk
        if any(needle in window for needle in needles):
            return True
        tail = window[-overlap:]
    return False


def is_hwp_compound_file(file) -> bool:
    """Whether an OLE2 compound file is a Hangul HWP 5 document."""
    return _contains_any(file, (HWP_SIGNATURE, HWP_SUMMARY_STREAM))
