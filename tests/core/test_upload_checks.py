"""Uploaded documents are judged by their bytes: what is accepted, disguised or wrong content,
size, names, storage names and the form field. Every fixture is built in memory."""

import hashlib
import io
import re
import unicodedata
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import (
    InMemoryUploadedFile,
    TemporaryUploadedFile,
)
from django.test import override_settings

from core.uploads import (
    CONTENT_TYPES,
    CheckedUpload,
    DocumentField,
    check_upload,
    random_upload_path,
    safe_original_name,
)
from tests.core.upload_helpers import (
    ELF,
    OLE2,
    PDF,
    PE,
    message,
    office,
    refusal,
    upload,
)

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
