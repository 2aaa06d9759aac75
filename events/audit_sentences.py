"""The audit trail of events in words (see core.audit.describe)."""

from django.utils.translation import gettext_lazy as _

from core.audit import Sentence, field_labels, register_sentences
from events.models import Event, EventStatus, RegistrationMode, RegistrationStatus

register_sentences(
    {
        "events.event.published": Sentence(
            _("%(actor)s published the event."),
            {"from": EventStatus, "to": EventStatus},
        ),
        "events.event.changed": Sentence(
            _("%(actor)s changed the published event (%(fields)s)."),
            {"fields": field_labels(Event)},
        ),
        "events.event.cancelled": Sentence(_("%(actor)s cancelled the event: %(reason)s")),
        "events.registration.created": Sentence(
            _("%(actor)s registered (%(mode)s): %(status)s."),
            {"mode": RegistrationMode, "status": RegistrationStatus},
        ),
        "events.registration.promoted": Sentence(
            _("%(actor)s: a seat came free, the registration moved up from the waiting list.")
        ),
        "events.registration.cancelled": Sentence(
            _("%(actor)s cancelled the registration (it was %(from)s)."),
            {"from": RegistrationStatus, "to": RegistrationStatus},
        ),
        "events.registration.approved": Sentence(
            _("%(actor)s approved the registration (%(to)s)."),
            {"from": RegistrationStatus, "to": RegistrationStatus},
        ),
        "events.registration.checked_in": Sentence(_("%(actor)s checked the person in.")),
        "events.certificate.issued": Sentence(
            _("%(actor)s issued the certificate of attendance %(code)s.")
        ),
    }
)
