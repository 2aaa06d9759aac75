"""The original file name, kept only as metadata: never a storage path."""

import unicodedata

from core.uploads.errors import refuse

MAX_NAME_LENGTH = 200
MAX_EXTENSION_LENGTH = 10
# Right-to-left overrides and friends turn "fdp.exe" into what reads as "exe.pdf".
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


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
        raise refuse("upload_bad_name")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if stem and len(extension) <= MAX_EXTENSION_LENGTH:
            name = stem[: MAX_NAME_LENGTH - len(extension) - 1].rstrip() + dot + extension
        else:
            name = name[:MAX_NAME_LENGTH].rstrip()
    return name


def extension_of(name: str) -> str:
    stem, _dot, extension = name.rpartition(".")
    return extension.lower() if stem else ""
