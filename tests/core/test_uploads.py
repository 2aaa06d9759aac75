"""Uploaded documents are judged by their bytes; every fixture is built here, in memory."""

import hashlib
import io
import re
import struct
import unicodedata
import zipfile
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import (
    InMemoryUploadedFile,
    SimpleUploadedFile,
    TemporaryUploadedFile,
)
from django.test import override_settings
from django.utils import translation

from core.uploads import (
    CONTENT_TYPES,
    CheckedUpload,
    DocumentField,
    check_upload,
    random_upload_path,
    safe_original_name,
)

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


# Accepted documents


def test_pdf_is_accepted_with_everything_the_caller_stores():
    assert check_upload(upload("pitch-deck.pdf", PDF)) == CheckedUpload(
        kind="pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
        original_name="pitch-deck.pdf",
        extension="pdf",
    )


@pytest.mark.parametrize("kind", ["pptx", "docx", "xlsx"])
def test_office_document_is_recognised_by_its_part_folder(kind):
    content = office(kind)

    checked = check_upload(upload(f"사업계획서.{kind}", content))

    assert (checked.kind, checked.extension, checked.content_type) == (
        kind,
        kind,
        CONTENT_TYPES[kind],
    )
    assert checked.size == len(content)
    assert checked.original_name == f"사업계획서.{kind}"


def test_extension_is_compared_case_insensitively_and_the_name_kept_as_given():
    checked = check_upload(upload("Deck FINAL.PDF", PDF))

    assert (checked.extension, checked.original_name) == ("pdf", "Deck FINAL.PDF")


def test_sha256_is_the_hash_of_the_whole_content():
    content = office("docx", entries=[("word/media/image1.png", bytes(range(256)) * 2_000)])

    checked = check_upload(upload("plan.docx", content))

    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_file_position_is_zero_after_the_check():
    uploaded = upload("deck.pdf", PDF)
    uploaded.read(3)

    check_upload(uploaded)

    assert uploaded.tell() == 0
    assert uploaded.read() == PDF


def test_file_position_is_zero_after_a_refusal():
    uploaded = upload("deck.docx", PDF)

    refusal(uploaded)

    assert uploaded.tell() == 0


def test_temporary_uploaded_file_is_checked_from_disk():
    content = office("pptx", entries=[("ppt/media/image1.png", bytes(range(256)) * 1_000)])
    uploaded = TemporaryUploadedFile("deck.pptx", "application/octet-stream", len(content), None)
    try:
        uploaded.write(content)
        uploaded.flush()

        checked = check_upload(uploaded)

        assert (checked.kind, checked.size) == ("pptx", len(content))
        assert checked.sha256 == hashlib.sha256(content).hexdigest()
        assert uploaded.tell() == 0
    finally:
        uploaded.close()


# Wrong or disguised content


@pytest.mark.parametrize("content", [ELF, PE, b"just some text\n"], ids=["elf", "pe", "text"])
def test_renamed_executable_or_other_content_is_an_unknown_type(content):
    error = refusal(upload("deck.pdf", content))

    assert error.code == "upload_unknown_type"
    assert message(error) == (
        "“deck.pdf” is not a PDF, PPTX, DOCX or XLSX file. "
        "Save it as PDF, PPTX, DOCX or XLSX and upload it again."
    )


def test_zip_without_office_markers_is_an_unknown_type():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<root/>")  # no [Content_Types].xml

    assert refusal(upload("deck.pptx", buffer.getvalue())).code == "upload_unknown_type"


def test_old_format_or_password_protected_office_file_says_so():
    error = refusal(upload("plan.docx", OLE2))

    assert error.code == "upload_unknown_type"
    assert "protected with a password" in message(error)


def test_pdf_named_docx_is_an_extension_mismatch():
    error = refusal(upload("plan.docx", PDF))

    assert error.code == "upload_extension_mismatch"
    assert message(error) == (
        "“plan.docx” is a PDF file, so its name must end in .pdf. Rename it and upload it again."
    )


@pytest.mark.parametrize("name", ["plan.pptx", "plan", "plan.zip"])
def test_docx_under_another_name_is_an_extension_mismatch(name):
    assert refusal(upload(name, office("docx"))).code == "upload_extension_mismatch"


def test_kind_outside_the_allowed_ones_is_not_allowed():
    error = refusal(upload("plan.docx", office("docx")), allowed_kinds=("pdf", "pptx"))

    assert error.code == "upload_not_allowed"
    assert message(error) == (
        "“plan.docx” is a DOCX file, but here you can upload only PDF or PPTX. "
        "Save it as PDF or PPTX and upload it again."
    )


def test_unknown_allowed_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        check_upload(upload("deck.pdf", PDF), allowed_kinds=("pdf", "exe"))


# Size


def test_empty_file_is_refused():
    error = refusal(upload("deck.pdf", b""))

    assert error.code == "upload_empty"
    assert message(error) == (
        "“deck.pdf” is empty. Check that you chose the right file and upload it again."
    )


@override_settings(UPLOAD_MAX_BYTES=100)
def test_file_over_the_limit_is_too_large():
    error = refusal(upload("deck.pdf", PDF + b"0" * 100))

    assert error.code == "upload_too_large"
    assert "over the 100\xa0bytes limit" in message(error)


@override_settings(UPLOAD_MAX_BYTES=len(PDF))
def test_file_at_the_limit_is_accepted():
    assert check_upload(upload("deck.pdf", PDF)).size == len(PDF)


class Unreadable(io.RawIOBase):
    """A stream that fails the test if anything reads it."""

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        return 0

    def readinto(self, buffer):
        raise AssertionError("an oversize upload was read")


def test_oversize_is_refused_from_the_declared_size_without_reading():
    uploaded = InMemoryUploadedFile(
        Unreadable(), "file", "deck.pdf", "application/pdf", 10 * 1024**3, None
    )

    assert refusal(uploaded).code == "upload_too_large"


@override_settings(UPLOAD_MAX_BYTES=100)
def test_understated_size_is_measured_and_refused():
    uploaded = upload("deck.pdf", PDF + b"0" * 200)
    uploaded.size = 10

    assert refusal(uploaded).code == "upload_too_large"


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


# Names


@pytest.mark.parametrize(
    "name",
    [
        None,
        "",
        "   ",
        ".",
        "..",
        "../x.pdf",
        "..\\x.pdf",
        "a/b.pdf",
        "C:\\Users\\me\\deck.pdf",
        "a\x00b.pdf",
        "line\nbreak.pdf",
        "tab\there.pdf",
        "deck\u202efdp.exe",  # shows as "deckexe.pdf"
    ],
)
def test_unsafe_name_is_refused(name):
    with pytest.raises(ValidationError) as caught:
        safe_original_name(name)

    assert caught.value.code == "upload_bad_name"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("  pitch deck.pdf \n", "pitch deck.pdf"),
        ("v1..final.pdf", "v1..final.pdf"),
        ("(주)바이오 사업계획서 v2.docx", "(주)바이오 사업계획서 v2.docx"),
        (unicodedata.normalize("NFD", "사업계획서.pdf"), "사업계획서.pdf"),
    ],
)
def test_safe_name_is_trimmed_and_normalised(name, safe):
    assert safe_original_name(name) == safe


def test_long_name_is_cut_to_200_characters_keeping_the_extension():
    safe = safe_original_name("가" * 300 + ".pptx")

    assert (len(safe), safe) == (200, "가" * 195 + ".pptx")


def test_backslash_and_nul_in_uploaded_names_are_refused():
    # Django's basename() is POSIX on Linux: backslashes and NUL survive to reach us.
    for name in ["..\\x.pdf", "C:\\fakepath\\deck.pdf", "a\x00b.pdf"]:
        uploaded = upload(name, PDF)
        assert uploaded.name == name

        error = refusal(uploaded)

        assert error.code == "upload_bad_name"
        assert "upload it again" in message(error)


def test_django_strips_forward_slash_paths_before_we_see_them():
    uploaded = upload("../x.pdf", PDF)

    assert check_upload(uploaded).original_name == "x.pdf"


def test_name_is_checked_before_content():
    assert refusal(upload("..\\x.pdf", ELF)).code == "upload_bad_name"


# Storage names


def test_random_upload_path_is_dated_and_random():
    first = random_upload_path("applications", "pdf")
    second = random_upload_path("applications/", ".PDF")

    assert re.fullmatch(r"applications/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", first)
    assert re.fullmatch(r"applications/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", second)
    assert first != second


@pytest.mark.parametrize(
    ("prefix", "extension"),
    [("", "pdf"), ("../media", "pdf"), ("a//b", "pdf"), ("a\\b", "pdf"), ("docs", "p/df")],
)
def test_random_upload_path_refuses_unsafe_parts(prefix, extension):
    with pytest.raises(ValueError):
        random_upload_path(prefix, extension)


# The form field


class DeckForm(forms.Form):
    deck = DocumentField(allowed_kinds=("pdf", "pptx"))


def test_document_field_returns_the_file_with_its_check():
    field = DocumentField()
    uploaded = upload("plan.docx", office("docx"))

    cleaned = field.clean(uploaded)

    assert cleaned is uploaded
    assert (cleaned.checked.kind, cleaned.checked.original_name) == ("docx", "plan.docx")
    assert cleaned.tell() == 0


def test_document_field_accepts_only_its_kinds_in_the_file_picker():
    assert DocumentField().widget.attrs["accept"] == ".pdf,.pptx,.docx,.xlsx"
    assert DeckForm().fields["deck"].widget.attrs["accept"] == ".pdf,.pptx"
    assert 'accept=".pdf,.pptx"' in str(DeckForm()["deck"])


def test_document_field_reports_the_reason_on_the_form():
    form = DeckForm(files={"deck": upload("plan.docx", office("docx"))})

    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["deck"]] == ["upload_not_allowed"]


def test_document_field_explains_an_empty_file():
    form = DeckForm(files={"deck": upload("deck.pdf", b"")})

    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["deck"]] == ["upload_empty"]


def test_document_field_keeps_an_already_stored_file():
    stored = object()  # a FieldFile in real use: checked when it was uploaded

    assert DocumentField(required=False).clean(None, stored) is stored


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
