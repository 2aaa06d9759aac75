"""Active content in PDFs: looked for in their dictionaries and, within a bounded budget,
inside their compressed object streams."""

import base64
import binascii
import re
import zlib

from django.conf import settings

from core.uploads.errors import refuse

PDF_MAGIC = b"%PDF-"

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


def pdf_has_active_content(file, name: str) -> bool:
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
                raise refuse("upload_corrupt", name=name)
            budget -= len(decoded)
            if budget < 0:
                raise refuse("upload_zip_bomb", name=name)
            names |= _pdf_names(decoded)
        position = body_end + len(b"endstream")
    return bool(names & PDF_ACTIVE_NAMES)
