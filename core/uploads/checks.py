"""The check every upload goes through: what its bytes are, and whether its name agrees."""

import hashlib
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from core.uploads.errors import LEGACY_OR_PROTECTED_MESSAGE, kinds_text, lazy_filesizeformat, refuse
from core.uploads.names import extension_of, safe_original_name
from core.uploads.office import (
    COMPOUND_FILE_MAGIC,
    HWP_EXTENSIONS,
    ZIP_MAGIC,
    is_hwp_compound_file,
    office_kinds,
)
from core.uploads.pdf import PDF_MAGIC, pdf_has_active_content

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ALL_KINDS = tuple(CONTENT_TYPES)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class CheckedUpload:
    kind: str  # "pdf" | "pptx" | "docx" | "xlsx"
    content_type: str  # the canonical MIME type of the kind
    size: int
    sha256: str
    original_name: str  # the safe original name
    extension: str  # "pdf", "pptx", ...


def _refuse_hwp(name: str, allowed) -> ValidationError:
    if "pdf" not in allowed:
        return refuse("upload_unknown_type", name=name, formats=kinds_text(allowed))
    return refuse("upload_hwp", name=name)


def _detect_kind(file, end: int, name: str, extension: str, allowed) -> str:
    file.seek(0)
    head = file.read(len(COMPOUND_FILE_MAGIC))
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        kinds = office_kinds(file, end, name)
        if "hwpx" in kinds:
            raise _refuse_hwp(name, allowed)
        if extension in kinds:
            return extension
        if kinds:
            return sorted(kinds)[0]
    elif head.startswith(COMPOUND_FILE_MAGIC):
        if is_hwp_compound_file(file):
            raise _refuse_hwp(name, allowed)
        raise refuse(
            "upload_unknown_type",
            LEGACY_OR_PROTECTED_MESSAGE,
            name=name,
            formats=kinds_text(allowed),
        )
    if extension in HWP_EXTENSIONS:
        raise _refuse_hwp(name, allowed)
    raise refuse("upload_unknown_type", name=name, formats=kinds_text(allowed))


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
    extension = extension_of(name)

    def too_large(size: int) -> ValidationError:
        return refuse(
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
            raise refuse("upload_empty", name=name)
        if size > max_bytes:
            raise too_large(size)

        kind = _detect_kind(uploaded_file, size, name, extension, allowed)
        if kind not in allowed:
            raise refuse(
                "upload_not_allowed", name=name, kind=kind.upper(), formats=kinds_text(allowed)
            )
        if extension != kind:
            raise refuse("upload_extension_mismatch", name=name, kind=kind.upper(), expected=kind)
        if kind == "pdf" and pdf_has_active_content(uploaded_file, name):
            raise refuse("upload_active_content", name=name)

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
