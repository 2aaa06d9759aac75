"""The form field for documents."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from core.uploads.checks import ALL_KINDS, check_upload


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
