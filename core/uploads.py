"""Documents founders upload: recognised by their content, never trusted by their name.

An upload is accepted only when its bytes are a PDF or an Office Open XML package (PPTX, DOCX,
XLSX) and its name says the same thing. Office packages are ZIP files, so they are inspected
for zip bombs and hostile entry names from the central directory alone: nothing is
decompressed and nothing is extracted to disk. A PDF is refused when it carries active
content (JavaScript, launch actions, automatic actions, embedded files or media), looked for
in its dictionaries and, within a bounded budget, inside its compressed object streams.
Hangul documents (HWP, HWPX) are recognised so the refusal can say what to do. The original
file name is kept only as metadata; files are stored under random names from
`random_upload_path`.
"""

import base64
import binascii
import hashlib
import logging
import os
import re
import secrets
import struct
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ALL_KINDS = tuple(CONTENT_TYPES)
# The part folder that tells the three Office Open XML formats apart.
OFFICE_FOLDERS = {"pptx": "ppt/", "docx": "word/", "xlsx": "xl/"}

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
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
MAX_NAME_LENGTH = 200
MAX_EXTENSION_LENGTH = 10

PDF_MAGIC = b"%PDF-"
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

# PDF names that make a document do something when it is opened or used: scripts, launching
# programs, actions triggered by opening, closing or viewing (/AA, and /OpenAction when it
# points at a script, which then names /JS), attached files and embedded media.
PDF_ACTIVE_NAMES = frozenset(
    {b"JavaScript", b"JS", b"Launch", b"AA", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia"}
)
# A PDF name: "/" and regular characters (PDF 32000-1, 7.2.2 and 7.3.5).
PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
PDF_OBJECT_HEADER = re.compile(rb"\d+\s+\d+\s+obj\b")
# Everything decompressed from one PDF's object streams, at most: real ones hold a few MB.
DEFAULT_MAX_PDF_INFLATED_BYTES = 64 * 1024 * 1024
# Right-to-left overrides and friends turn "fdp.exe" into what reads as "exe.pdf".
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

MESSAGES = {
    "upload_too_large": _(
        "“%(name)s” is %(size)s, which is over the %(limit)s limit. Make the file smaller, "
        "for example by compressing its images, and upload it again."
    ),
    "upload_empty": _(
        "“%(name)s” is empty. Check that you chose the right file and upload it again."
    ),
    "upload_bad_name": _(
        "This file name cannot be used. Rename the file using letters, numbers, spaces, "
        "hyphens or underscores (for example, pitch-deck.pdf) and upload it again."
    ),
    "upload_unknown_type": _(
        "“%(name)s” is not a %(formats)s file. Save it as %(formats)s and upload it again."
    ),
    "upload_extension_mismatch": _(
        "“%(name)s” is a %(kind)s file, so its name must end in .%(expected)s. "
        "Rename it and upload it again."
    ),
    "upload_zip_bomb": _(
        "“%(name)s” unpacks to far more data than a document should. Open it, save a fresh "
        "copy and upload it again."
    ),
    "upload_corrupt": _(
        "“%(name)s” is damaged or protected with a password, so it cannot be read. Remove any "
        "password, save a fresh copy and upload it again."
    ),
    "upload_active_content": _(
        "“%(name)s” contains JavaScript, actions that run on their own, or embedded files, "
        "which reviewers' computers must not open. Print it to a new PDF (Print › Save as "
        "PDF) and upload that copy."
    ),
    "upload_hwp": _(
        "“%(name)s” is a Hangul (HWP or HWPX) document, which cannot be accepted. In Hangul, "
        "choose File › Save As and save it as PDF, then upload the PDF."
    ),
    "upload_not_allowed": _(
        "“%(name)s” is a %(kind)s file, but here you can upload only %(formats)s. "
        "Save it as %(formats)s and upload it again."
    ),
}
LEGACY_OR_PROTECTED_MESSAGE = _(
    "“%(name)s” is an old-format Office file (.doc, .ppt, .xls) or is protected with a "
    "password. Remove any password, save it as %(formats)s and upload it again."
)
logger = logging.getLogger(__name__)
# A stored file no row names is an orphan once it is older than this: younger ones may belong
# to a transaction still running.
ORPHAN_MIN_AGE = timedelta(days=1)
SWEEP_BATCH = 500

# Params stay lazy like the messages, so both render in the language of the page showing them.
lazy_filesizeformat = lazy(filesizeformat, str)


@dataclass(frozen=True)
class CheckedUpload:
    kind: str  # "pdf" | "pptx" | "docx" | "xlsx"
    content_type: str  # the canonical MIME type of the kind
    size: int
    sha256: str
    original_name: str  # the safe original name
    extension: str  # "pdf", "pptx", ...


def _refuse(code: str, message=None, **params) -> ValidationError:
    return ValidationError(message or MESSAGES[code], code=code, params=params)


def _formats(kinds) -> str:
    return get_text_list([kind.upper() for kind in kinds], _("or"))


def safe_original_name(name: str | None) -> str:
    """The uploaded name as metadata: trimmed, NFC, at most 200 characters with its extension.

    Raises ValidationError("upload_bad_name") for empty names, path separators, "." or ".."
    and control characters. The name is never used as a storage path.
    """
    # macOS sends Hangul decomposed (NFD); NFC makes "사업계획서.pdf" one string everywhere.
    name = unicodedata.normalize("NFC", str(name or "")).strip()
    if (
        not name
        or "/" in name
        or "\\" in name
        or set(name) <= {"."}
        or any(
            char in BIDI_CONTROLS or unicodedata.category(char) in {"Cc", "Cs", "Zl", "Zp"}
            for char in name
        )
    ):
        raise _refuse("upload_bad_name")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if stem and len(extension) <= MAX_EXTENSION_LENGTH:
            name = stem[: MAX_NAME_LENGTH - len(extension) - 1].rstrip() + dot + extension
        else:
            name = name[:MAX_NAME_LENGTH].rstrip()
    return name


def _extension_of(name: str) -> str:
    stem, _dot, extension = name.rpartition(".")
    return extension.lower() if stem else ""


def random_upload_path(prefix: str, extension: str) -> str:
    """ "<prefix>/2026/11/<32 hex chars>.<ext>": a storage name nobody can guess or choose."""
    prefix = prefix.strip("/")
    extension = extension.lower().lstrip(".")
    if not prefix or "\\" in prefix or {"", ".", ".."} & set(prefix.split("/")):
        raise ValueError(f"Unsafe upload prefix {prefix!r}")
    if not (extension.isascii() and extension.isalnum()):
        raise ValueError(f"Unsafe upload extension {extension!r}")
    return f"{prefix}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


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


def _office_kinds(file, end: int, name: str) -> set[str]:
    """The Office kinds a ZIP upload could be, after refusing bombs and damaged archives."""
    max_entries = getattr(settings, "UPLOAD_MAX_ZIP_ENTRIES", DEFAULT_MAX_ZIP_ENTRIES)
    max_uncompressed = getattr(
        settings, "UPLOAD_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES
    )
    directory = _central_directory_size(file, end)
    if directory is None:
        raise _refuse("upload_corrupt", name=name)
    entries, directory_bytes = directory
    if (
        entries > max_entries
        or directory_bytes > max_entries * MAX_CENTRAL_DIRECTORY_BYTES_PER_ENTRY
    ):
        raise _refuse("upload_zip_bomb", name=name)

    file.seek(0)
    try:
        # Only the central directory is parsed; no entry is opened, so nothing inflates.
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, struct.error, EOFError, ValueError, OSError):
        # Whatever zipfile trips on in untrusted bytes (bad records, undecodable names) means
        # the package is damaged.
        raise _refuse("upload_corrupt", name=name) from None

    if len(infos) > max_entries or sum(info.file_size for info in infos) > max_uncompressed:
        raise _refuse("upload_zip_bomb", name=name)
    for info in infos:
        if (
            info.file_size > RATIO_CHECKED_FROM_BYTES
            and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
        ):
            raise _refuse("upload_zip_bomb", name=name)
        # Office packages never encrypt entries (a protected document is an OLE2 file), use
        # only stored or deflated entries, and name parts relative to the package root.
        if (
            info.flag_bits & 0x1
            or info.compress_type not in ZIP_STORED_OR_DEFLATED
            or _is_unsafe_entry_name(info.filename)
        ):
            raise _refuse("upload_corrupt", name=name)

    names = [info.filename.lower() for info in infos]
    if len(set(names)) != len(names):
        raise _refuse("upload_corrupt", name=name)
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


def _refuse_hwp(name: str, allowed) -> ValidationError:
    if "pdf" not in allowed:
        return _refuse("upload_unknown_type", name=name, formats=_formats(allowed))
    return _refuse("upload_hwp", name=name)


def _detect_kind(file, end: int, name: str, extension: str, allowed) -> str:
    file.seek(0)
    head = file.read(len(COMPOUND_FILE_MAGIC))
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        kinds = _office_kinds(file, end, name)
        if "hwpx" in kinds:
            raise _refuse_hwp(name, allowed)
        if extension in kinds:
            return extension
        if kinds:
            return sorted(kinds)[0]
    elif head.startswith(COMPOUND_FILE_MAGIC):
        if _contains_any(file, (HWP_SIGNATURE, HWP_SUMMARY_STREAM)):
            raise _refuse_hwp(name, allowed)
        raise _refuse(
            "upload_unknown_type",
            LEGACY_OR_PROTECTED_MESSAGE,
            name=name,
            formats=_formats(allowed),
        )
    if extension in HWP_EXTENSIONS:
        raise _refuse_hwp(name, allowed)
    raise _refuse("upload_unknown_type", name=name, formats=_formats(allowed))


# --- active content in PDFs ---------------------------------------------------------------


def _pdf_names(text: bytes) -> set[bytes]:
    """Every name in `text`, with #xx escapes decoded (/J#61vaScript is /JavaScript)."""
    return {
        PDF_NAME_ESCAPE.sub(lambda escape: bytes([int(escape[1], 16)]), match[1])
        for match in PDF_NAME.finditer(text)
    }


def _pdf_filters(dictionary: bytes) -> list[bytes] | None:
    """The /Filter chain of a stream dictionary (names decoded), [] for none, None when the
    filter is given in a way we do not follow (an indirect reference)."""
    normalised = PDF_NAME.sub(
        lambda match: b"/" + PDF_NAME_ESCAPE.sub(lambda e: bytes([int(e[1], 16)]), match[1]),
        dictionary,
    )
    found = re.search(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+|\d+\s+\d+\s+R)", normalised)
    if found is None:
        return []
    if found[1].endswith(b"R"):
        return None
    return [match[1] for match in PDF_NAME.finditer(found[1])]


def _pdf_decode(body: bytes, filters: list[bytes], budget: int) -> bytes | None:
    """The stream's bytes through its filters, at most `budget` + 1 bytes; None when a filter
    is one we do not decode or the data is not what it claims to be."""
    data = body
    for name in filters:
        try:
            if name in (b"FlateDecode", b"Fl"):
                data = zlib.decompressobj().decompress(data, budget + 1)
            elif name in (b"ASCIIHexDecode", b"AHx"):
                digits = re.sub(rb"\s", b"", data.split(b">", 1)[0])
                data = binascii.unhexlify(digits + b"0" * (len(digits) % 2))
            elif name in (b"ASCII85Decode", b"A85"):
                data = base64.a85decode(data.split(b"~>", 1)[0] + b"~>", adobe=True)
            else:
                return None
        except (zlib.error, binascii.Error, ValueError):
            return None
    return data


def _pdf_has_active_content(file, name: str) -> bool:
    """Whether the PDF names active content, in its dictionaries or in its object streams.

    Stream bodies are skipped (compressed bytes would match names by chance), except object
    streams, which hold dictionaries: those are decoded, within a total size budget.
    An object stream that cannot be decoded (an unknown filter, encryption) is refused as
    unreadable, since what it hides cannot be checked.
    """
    budget = getattr(settings, "UPLOAD_MAX_PDF_INFLATED_BYTES", DEFAULT_MAX_PDF_INFLATED_BYTES)
    file.seek(0)
    data = file.read()
    names: set[bytes] = set()
    position = 0
    while True:
        stream = PDF_STREAM.search(data, position)
        if stream is None:
            names |= _pdf_names(data[position:])
            break
        before = data[position : stream.start()]
        names |= _pdf_names(before)
        headers = list(PDF_OBJECT_HEADER.finditer(before))
        dictionary = before[headers[-1].end() :] if headers else before
        body_end = data.find(b"endstream", stream.end())
        body_end = len(data) if body_end < 0 else body_end
        if b"ObjStm" in _pdf_names(dictionary):
            filters = _pdf_filters(dictionary)
            decoded = (
                None
                if filters is None
                else _pdf_decode(data[stream.end() : body_end], filters, budget)
            )
            if decoded is None:
                raise _refuse("upload_corrupt", name=name)
            budget -= len(decoded)
            if budget < 0:
                raise _refuse("upload_zip_bomb", name=name)
            names |= _pdf_names(decoded)
        position = body_end + len(b"endstream")
    return bool(names & PDF_ACTIVE_NAMES)


def check_upload(uploaded_file, *, allowed_kinds=ALL_KINDS) -> CheckedUpload:
    """Check an uploaded document by its content; return what it is, or raise ValidationError.

    The error's `code` names the reason (see MESSAGES). The file is read in chunks and left at
    position 0, so the caller can save it afterwards. Nothing is written anywhere.
    """
    allowed = tuple(dict.fromkeys(allowed_kinds))
    if not allowed or not set(allowed) <= set(ALL_KINDS):
        raise ValueError(f"allowed_kinds must be among {ALL_KINDS}, not {allowed_kinds!r}")
    max_bytes = getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    name = safe_original_name(uploaded_file.name)
    extension = _extension_of(name)

    def too_large(size: int) -> ValidationError:
        return _refuse(
            "upload_too_large",
            name=name,
            size=lazy_filesizeformat(size),
            limit=lazy_filesizeformat(max_bytes),
        )

    # Refuse on the size the upload handler counted, before reading anything.
    declared_size = getattr(uploaded_file, "size", None)
    if declared_size is not None and declared_size > max_bytes:
        raise too_large(declared_size)
    try:
        # The real end of the file, in case `size` was set by hand; seeking reads nothing.
        uploaded_file.seek(0, os.SEEK_END)
        size = uploaded_file.tell()
        if size == 0:
            raise _refuse("upload_empty", name=name)
        if size > max_bytes:
            raise too_large(size)

        kind = _detect_kind(uploaded_file, size, name, extension, allowed)
        if kind not in allowed:
            raise _refuse(
                "upload_not_allowed", name=name, kind=kind.upper(), formats=_formats(allowed)
            )
        if extension != kind:
            raise _refuse("upload_extension_mismatch", name=name, kind=kind.upper(), expected=kind)
        if kind == "pdf" and _pdf_has_active_content(uploaded_file, name):
            raise _refuse("upload_active_content", name=name)

        digest = hashlib.sha256()
        for chunk in uploaded_file.chunks():
            digest.update(chunk)
    finally:
        uploaded_file.seek(0)

    return CheckedUpload(
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        size=size,
        sha256=digest.hexdigest(),
        original_name=name,
        extension=extension,
    )


class DocumentField(forms.FileField):
    """A file input for documents: the cleaned file carries `.checked`, a CheckedUpload.

    `DocumentField(allowed_kinds=("pdf", "pptx"))` narrows both the check and the browser's
    file picker (the `accept` attribute, a convenience only: the server decides).
    """

    def __init__(self, *, allowed_kinds=ALL_KINDS, **kwargs):
        self.allowed_kinds = tuple(dict.fromkeys(allowed_kinds))
        if not self.allowed_kinds or not set(self.allowed_kinds) <= set(ALL_KINDS):
            raise ValueError(f"allowed_kinds must be among {ALL_KINDS}, not {allowed_kinds!r}")
        # An empty file reaches check_upload, whose message says what to do about it.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["accept"] = ",".join(f".{kind}" for kind in self.allowed_kinds)
        return attrs

    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        # Only a new upload is checked; `initial` is a file already stored and checked.
        if isinstance(cleaned, UploadedFile):
            cleaned.checked = check_upload(cleaned, allowed_kinds=self.allowed_kinds)
        return cleaned


# --- storing, and the files nothing points to -----------------------------------------------


def save_file_on_commit(field_file, filename: str, content) -> str:
    """Give the model's file field its (random) storage name now; write the bytes only when
    the current transaction commits.

    The caller saves the row with that name inside its transaction. A rollback, of this
    transaction or of any outer one, then leaves no file behind: nothing was written. The
    bytes are copied to a temporary file first, because the upload itself is closed when the
    request ends, which may be before an outer transaction commits. Returns the storage name.
    """
    field = field_file.field
    name = field.generate_filename(field_file.instance, filename)
    field_file.name = name
    storage = field_file.storage
    # Closed by write(), or collected (and so deleted) with the callback on a rollback.
    copy = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
    content.seek(0)
    for chunk in File(content).chunks():
        copy.write(chunk)
    content.seek(0)
    copy.seek(0)

    def write() -> None:
        with copy:
            saved = storage.save(name, File(copy), max_length=field.max_length)
        if saved != name:  # the storage chose another name (it never should: names are random)
            type(field_file.instance)._default_manager.filter(pk=field_file.instance.pk).update(
                **{field.attname: saved}
            )

    transaction.on_commit(write)
    return name


def stored_files(storage: Storage, prefix: str) -> Iterator[str]:
    """Every file name under `prefix` in `storage`, at any depth."""
    try:
        directories, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for file_name in files:
        yield f"{prefix}/{file_name}"
    for directory in directories:
        yield from stored_files(storage, f"{prefix}/{directory}")


def delete_orphan_files(
    *,
    prefix: str,
    referenced,
    now: datetime,
    storage: Storage,
    min_age: timedelta = ORPHAN_MIN_AGE,
) -> int:
    """Delete the files under `prefix` that no row names and that are older than `min_age`.

    `referenced(names)` returns the subset of `names` some row points to (asked in batches).
    Returns how many files were deleted, and logs it with the prefix (no names: they are
    personal data's paths).
    """
    prefix = prefix.strip("/")
    deleted = 0

    def sweep(batch: list[str]) -> int:
        kept = referenced(set(batch))
        count = 0
        for name in batch:
            if name in kept or now - storage.get_modified_time(name) < min_age:
                continue
            storage.delete(name)
            count += 1
        return count

    batch: list[str] = []
    for name in stored_files(storage, prefix):
        batch.append(name)
        if len(batch) >= SWEEP_BATCH:
            deleted += sweep(batch)
            batch = []
    if batch:
        deleted += sweep(batch)
    logger.info("Deleted %d orphan upload(s) under %s/", deleted, prefix)
    return deleted
