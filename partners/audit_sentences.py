"""The audit trail of partners in words (see core.audit.describe)."""

from django.utils.translation import gettext_lazy as _

from core.audit import Sentence, as_count, as_datetime, labels_from, register_sentences
from partners.models import BookingStatus, Outcome, ProposedBy

DECLINE_REASONS = {"overlap": _("another request for the same time was approved")}

register_sentences(
    {
        "partners.consultation.requested": Sentence(
            _("%(actor)s requested a consultation (%(times)s proposed times)."),
            {"times": as_count},
        ),
        "partners.consultation.accepted": Sentence(
            _("%(actor)s accepted the consultation for %(starts_at)s."),
            {"starts_at": as_datetime},
        ),
        "partners.consultation.proposed": Sentence(
            _("%(actor)s proposed another time: %(starts_at)s."),
            {"starts_at": as_datetime, "ends_at": as_datetime},
        ),
        "partners.consultation.new_times": Sentence(_("%(actor)s offered new times.")),
        "partners.consultation.declined": Sentence(
            _("%(actor)s declined the consultation: %(reason)s")
        ),
        "partners.consultation.withdrawn": Sentence(
            _("%(actor)s withdrew the consultation request.")
        ),
        "partners.consultation.cancelled": Sentence(
            _("%(actor)s cancelled the meeting: %(reason)s")
        ),
        "partners.consultation.outcome": Sentence(
            _("%(actor)s recorded what came of the meeting: %(outcome)s."),
            {"outcome": Outcome, "side": ProposedBy},
        ),
        "partners.consultation.deck_downloaded": Sentence(
            _("%(actor)s downloaded the pitch deck.")
        ),
        "partners.closed_dates.holidays": Sentence(
            _("%(actor)s added %(added)s public holidays of %(year)s as closed dates.")
        ),
        "partners.booking.created": Sentence(
            _("%(actor)s booked the room for %(starts_at)s (%(status)s)."),
            {"starts_at": as_datetime, "ends_at": as_datetime, "status": BookingStatus},
        ),
        "partners.booking.approved": Sentence(
            _("%(actor)s approved the booking (%(declined)s overlapping requests declined)."),
            {"declined": as_count},
        ),
        "partners.booking.confirmed": Sentence(
            _("%(actor)s confirmed the booking (%(declined)s overlapping requests declined)."),
            {"declined": as_count},
        ),
        "partners.booking.declined": Sentence(
            _("%(actor)s declined the booking: %(reason)s"),
            {"reason": labels_from(DECLINE_REASONS)},
        ),
        "partners.booking.cancelled": Sentence(_("%(actor)s cancelled the booking: %(reason)s")),
    }
)
