"""The audit trail of the legal pages and consents in words (see core.audit.describe)."""

from django.utils.translation import gettext_lazy as _

from core.audit import Sentence, as_date, field_labels, register_sentences
from legal.models import ConsentItem, LegalVersion


def consent_labels(items) -> str:
    labels = dict(ConsentItem.choices)
    return ", ".join(str(labels.get(item, item)) for item in items or [])


register_sentences(
    {
        "legal.version.drafted": _("%(actor)s started version %(number)s."),
        "legal.version.edited": Sentence(
            _("%(actor)s edited the draft (%(changed)s)."),
            {"changed": field_labels(LegalVersion)},
        ),
        "legal.version.published": Sentence(
            _("%(actor)s published version %(number)s, in force from %(effective_on)s."),
            {"effective_on": as_date},
        ),
        "legal.consents.given": Sentence(
            _("%(actor)s gave consents at sign-up: %(items)s (notice %(notice_version)s)."),
            {"items": consent_labels},
        ),
    }
)
