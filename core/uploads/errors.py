"""What an upload is refused for: the messages, and the ValidationError that carries one."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

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

# Params stay lazy like the messages, so both render in the language of the page showing them.
lazy_filesizeformat = lazy(filesizeformat, str)


def refuse(code: str, message=None, **params) -> ValidationError:
    return ValidationError(message or MESSAGES[code], code=code, params=params)


def kinds_text(kinds) -> str:
    return get_text_list([kind.upper() for kind in kinds], _("or"))
