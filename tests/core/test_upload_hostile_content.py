"""Hostile or unreadable content inside uploads: zip bombs and hostile Office packages, active
content in PDFs, and Hangul documents. Every fixture is built in memory."""

import io
import zipfile
import zlib

import pytest
from django.test import override_settings

from core.uploads import check_upload
from tests.core.upload_helpers import (
    OLE2,
    message,
    office,
    patch_zip,
    refusal,
    upload,
)

# Zip bombs and hostile packages


def test_highly_compressed_entry_is_a_zip_bomb():
    bomb = office("pptx", entries=[("ppt/media/image1.bin", bytes(50 * 1024 * 1024))])
    assert len(bomb) < 100 * 1024  # 50 MB of zeros deflate to about 50 KB

    error = refusal(upload("deck.pptx", bomb))

    assert error.code == "upload_zip_bomb"
    assert message(error) == (
        "“deck.pptx” unpacks to far more data than a document should. "
        "Open it, save a fresh copy and upload it again."
    )


@override_settings(UPLOAD_MAX_UNCOMPRESSED_BYTES=10_000)
def test_total_uncompressed_size_over_the_cap_is_a_zip_bomb():
    content = office("xlsx", entries=[("xl/sharedStrings.xml", b"<si>a</si>" * 1_000)])

    assert refusal(upload("model.xlsx", content)).code == "upload_zip_bomb"


@override_settings(UPLOAD_MAX_ZIP_ENTRIES=10)
def test_too_many_entries_is_a_zip_bomb():
    content = office("pptx", entries=[(f"ppt/slides/slide{i}.xml", b"<p/>") for i in range(10)])

    assert refusal(upload("deck.pptx", content)).code == "upload_zip_bomb"


@override_settings(UPLOAD_MAX_ZIP_ENTRIES=10)
def test_entries_under_the_cap_are_accepted():
    content = office("pptx", entries=[(f"ppt/slides/slide{i}.xml", b"<p/>") for i in range(7)])

    assert check_upload(upload("deck.pptx", content)).kind == "pptx"


@pytest.mark.parametrize("entries", [20, 100], ids=["small-directory", "large-directory"])
@override_settings(UPLOAD_MAX_ZIP_ENTRIES=10)
def test_forged_entry_count_does_not_hide_entries(entries):
    content = office("pptx", entries=[(f"ppt/slides/s{i}.xml", b"") for i in range(entries)])
    # The end record claims one entry; the central directory still holds all of them.
    forged = patch_zip(content, b"PK\x05\x06", 8, "<H", 1)
    forged = patch_zip(forged, b"PK\x05\x06", 10, "<H", 1)

    assert refusal(upload("deck.pptx", forged)).code == "upload_zip_bomb"


def test_zip64_entry_count_is_read_from_the_zip64_record():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for i in range(0xFFFF):  # one more than the classic end record can count
            archive.writestr(f"ppt/{i}", b"")

    assert refusal(upload("deck.pptx", buffer.getvalue())).code == "upload_zip_bomb"


@pytest.mark.parametrize(
    "entry", ["../evil", "ppt/../../evil", "..\\evil", "/etc/cron.d/x", "C:/x"]
)
def test_entry_escaping_the_package_is_refused(entry):
    content = office("pptx", entries=[(entry, b"payload")])

    assert refusal(upload("deck.pptx", content)).code == "upload_corrupt"


def test_encrypted_zip_is_refused_as_unreadable():
    # zipfile cannot encrypt, so set the "encrypted" flag bit in every header.
    content = office("docx")
    content = patch_zip(content, b"PK\x03\x04", 6, "<H", 0x1)
    content = patch_zip(content, b"PK\x01\x02", 8, "<H", 0x1)

    error = refusal(upload("plan.docx", content))

    assert error.code == "upload_corrupt"
    assert message(error) == (
        "“plan.docx” is damaged or protected with a password, so it cannot be read. "
        "Remove any password, save a fresh copy and upload it again."
    )


@pytest.mark.parametrize("keep", [0.5, 0.95], ids=["half", "no-end-record"])
def test_truncated_zip_is_refused_as_unreadable(keep):
    content = office("docx", entries=[("word/media/image1.png", bytes(range(256)) * 40)])

    assert refusal(upload("plan.docx", content[: int(len(content) * keep)])).code == (
        "upload_corrupt"
    )


def test_unusual_compression_method_is_refused_as_unreadable():
    content = office("docx", compression=zipfile.ZIP_BZIP2)

    assert refusal(upload("plan.docx", content)).code == "upload_corrupt"


def test_duplicate_entry_names_are_refused_as_unreadable():
    with pytest.warns(UserWarning, match="Duplicate name"):
        content = office("docx", entries=[("word/document.xml", b"<other/>")])

    assert refusal(upload("plan.docx", content)).code == "upload_corrupt"


# Active content in PDFs (hand-built files: each object as a PDF writer lays it out)


def pdf_with(*objects: bytes) -> bytes:
    """A PDF whose catalog is object 1, followed by `objects` numbered from 2."""
    parts = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"]
    for number, body in enumerate([b"<< /Type /Catalog /Pages 2 0 R >>", *objects], start=1):
        parts.append(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    parts.append(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    return b"".join(parts)


def stream(dictionary: bytes, body: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(body), body)


def object_stream(*objects: bytes, filters: bytes = b"/FlateDecode", encode=zlib.compress):
    """An object stream (PDF 1.5) holding `objects` as objects 10, 11, ..."""
    offsets, bodies, at = [], [], 0
    for number, body in enumerate(objects, start=10):
        offsets.append(b"%d %d" % (number, at))
        bodies.append(body)
        at += len(body) + 1
    header = b" ".join(offsets) + b" "
    content = header + b"\n".join(bodies)
    dictionary = b"/Type /ObjStm /N %d /First %d /Filter %s" % (len(objects), len(header), filters)
    return stream(dictionary, encode(content))


PAGES = b"<< /Type /Pages /Kids [] /Count 0 >>"
OPEN_ACTION_JS = (
    b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(pdf_with(PAGES, b"<< /S /JavaScript /JS 4 0 R >>"), id="javascript action"),
        pytest.param(
            pdf_with(PAGES).replace(b"<< /Type /Catalog /Pages 2 0 R >>", OPEN_ACTION_JS),
            id="open action",
        ),
        pytest.param(pdf_with(PAGES, b"<< /S /J#61vaScr#69pt /J#53 (x) >>"), id="escaped names"),
        pytest.param(pdf_with(PAGES, b"<</S/Launch/F(cmd.exe)>>"), id="launch"),
        pytest.param(pdf_with(PAGES, b"<< /Type /Page /AA << /O 5 0 R >> >>"), id="page actions"),
        pytest.param(pdf_with(PAGES, b"<< /Names << /EmbeddedFiles 6 0 R >> >>"), id="attachments"),
        pytest.param(pdf_with(PAGES, b"<< /Type /EmbeddedFile >>"), id="embedded file"),
        pytest.param(pdf_with(PAGES, b"<< /Subtype /RichMedia >>"), id="rich media"),
        pytest.param(
            pdf_with(PAGES, object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>")),
            id="inside an object stream",
        ),
        pytest.param(
            pdf_with(PAGES, object_stream(b"<< /S /J#61vaScript /JS (x) >>")),
            id="escaped inside an object stream",
        ),
        pytest.param(
            pdf_with(
                PAGES,
                object_stream(
                    b"<< /S /Launch /F (calc) >>",
                    filters=b"[/AHx /FlateDecode]",
                    encode=lambda data: zlib.compress(data).hex().encode() + b">",
                ),
            ),
            id="object stream behind two filters",
        ),
        pytest.param(
            pdf_with(PAGES, object_stream(b"<< /AA << >> >>").replace(b"/ObjStm", b"/Obj#53tm")),
            id="escaped object stream type",
        ),
    ],
)
def test_pdf_with_active_content_is_refused(content):
    error = refusal(upload("pitch-deck.pdf", content))

    assert error.code == "upload_active_content"
    assert message(error) == (
        "“pitch-deck.pdf” contains JavaScript, actions that run on their own, or embedded "
        "files, which reviewers' computers must not open. Print it to a new PDF (Print › Save "
        "as PDF) and upload that copy."
    )


def test_pdf_is_judged_by_its_dictionaries_not_by_its_page_content():
    # Page text that reads "/JavaScript /Launch", and compressed bytes that happen to spell
    # "/AA ", are content, not names of the document's structure.
    text = stream(b"", b"BT /F1 12 Tf (/JavaScript /Launch) Tj ET")
    image = stream(b"/Type /XObject /Subtype /Image /Filter /FlateDecode", b"\x00/AA \x00/JS\n")
    benign = object_stream(b"<< /Type /Page /Parent 2 0 R >>", b"<< /Title (Deck) >>")

    content = pdf_with(PAGES, text, image, benign)

    assert check_upload(upload("deck.pdf", content)).kind == "pdf"


@override_settings(UPLOAD_MAX_PDF_INFLATED_BYTES=1024 * 1024)
def test_pdf_object_stream_inflating_past_the_budget_is_refused():
    bomb = object_stream(b"<< >>", b" " * (2 * 1024 * 1024))

    error = refusal(upload("deck.pdf", pdf_with(PAGES, bomb)))

    assert error.code == "upload_zip_bomb"


def test_pdf_object_stream_that_cannot_be_read_is_refused():
    unknown_filter = object_stream(b"<< >>", filters=b"/LZWDecode", encode=lambda data: data)
    not_deflated = object_stream(b"<< >>", encode=lambda data: b"\xff" * 40)

    for hidden in (unknown_filter, not_deflated):
        assert refusal(upload("deck.pdf", pdf_with(PAGES, hidden))).code == "upload_corrupt"


# Hangul documents


def hwp5() -> bytes:
    """An OLE2 file as Hangul 2010+ writes it: directory names in UTF-16, the FileHeader
    stream's signature in one of the sectors."""
    directory = "".join(
        name.ljust(32, "\x00") for name in ("Root Entry", "FileHeader", "\x05HwpSummaryInformation")
    ).encode("utf-16-le")
    return OLE2 + directory + b"HWP Document File".ljust(256, b"\x00")


def hwpx(*, mimetype=True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype:
            archive.writestr("mimetype", "application/hwp+zip", zipfile.ZIP_STORED)
        archive.writestr("version.xml", '<?xml version="1.0"?><version/>')
        archive.writestr("Contents/content.hpf", '<?xml version="1.0"?><package/>')
        archive.writestr("META-INF/container.xml", '<?xml version="1.0"?><container/>')
    return buffer.getvalue()


HWP_REFUSAL = (
    "“{}” is a Hangul (HWP or HWPX) document, which cannot be accepted. In Hangul, choose "
    "File › Save As and save it as PDF, then upload the PDF."
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("사업계획서.hwp", hwp5()),
        ("plan.hwp", OLE2 + b"\x00" * 1024 + b"HWP Document File v5"),
        ("plan.hwp", OLE2 + "\x05HwpSummaryInformation".encode("utf-16-le")),
        ("사업계획서.hwpx", hwpx()),
        ("plan.hwpx", hwpx(mimetype=False)),
        ("plan.pdf", hwpx()),  # renamed: still recognised by content
        ("plan.hwp", b"not really a hangul file"),  # unknown bytes, but the name says HWP
    ],
)
def test_hangul_documents_are_named_and_the_person_told_to_save_as_pdf(name, content):
    error = refusal(upload(name, content))

    assert error.code == "upload_hwp"
    assert message(error) == HWP_REFUSAL.format(name)


def test_an_old_office_file_is_not_mistaken_for_hangul():
    assert "old-format Office file" in message(refusal(upload("plan.doc", OLE2)))
