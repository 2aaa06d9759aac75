"""Uploads built in memory for the tests of core.uploads, and how to read a refusal."""

import io
import re
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.uploads import check_upload

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
MAIN_PART = {"pptx": "ppt/presentation.xml", "docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def office(kind="pptx", *, entries=(), compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The smallest package Office recognises by kind, plus `entries` (name, bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(MAIN_PART[kind], '<?xml version="1.0"?><root/>')
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(uploaded_file, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_upload(uploaded_file, **kwargs)
    return caught.value


def message(error: ValidationError) -> str:
    with translation.override("en"):
        return error.messages[0]


def patch_zip(data: bytes, signature: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Overwrite one field in every record with `signature` (local, central or end record)."""
    patched = bytearray(data)
    for match in re.finditer(re.escape(signature), data):
        struct.pack_into(fmt, patched, match.start() + offset, value)
    return bytes(patched)
