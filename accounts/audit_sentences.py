"""The audit trail of accounts in words (see core.audit.describe)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import PrivacyRequestKind, PrivacyRequestStatus, Startup, StartupKind
from core.audit import Sentence, field_labels, register_sentences

register_sentences(
    {
        "accounts.user.profile_updated": Sentence(
            _("%(actor)s updated the profile (language and time zone).")
        ),
        "accounts.user.phone_code_sent": Sentence(
            _("%(actor)s gave a mobile number for notifications and was sent a code.")
        ),
        "accounts.user.phone_verified": Sentence(_("%(actor)s verified the mobile number.")),
        "accounts.user.phone_removed": Sentence(_("%(actor)s removed the mobile number.")),
        "accounts.startup.created": Sentence(
            _("%(actor)s registered the startup (%(kind)s)."),
            {"kind": StartupKind},
        ),
        "accounts.startup.updated": Sentence(
            _("%(actor)s updated the startup profile (%(changed)s)."),
            {"changed": field_labels(Startup)},
        ),
        "accounts.startup.member_invited": Sentence(
            _("%(actor)s invited %(email)s to join the startup.")
        ),
        "accounts.startup.member_joined": Sentence(
            _("%(actor)s joined the startup (invited as %(email)s).")
        ),
        "accounts.privacy_request.submitted": Sentence(
            _("%(actor)s asked: %(kind)s."), {"kind": PrivacyRequestKind}
        ),
        "accounts.privacy_request.answered": Sentence(
            _("%(actor)s answered the request (%(to)s)."), {"to": PrivacyRequestStatus}
        ),
        "accounts.user.deleted": Sentence(_("%(actor)s deleted their account.")),
    }
)
