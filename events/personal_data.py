"""events' part of the personal data inventory (see core/privacy.py)."""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.privacy import Category as C
from core.privacy import Method, Rule, retention_days

_EVENT = (
    "created_at updated_at slug kind title_ko title_en summary_ko summary_en description_ko "
    "description_en starts_at ends_at time_zone format venue venue_en address address_en "
    "online_link language capacity_onsite capacity_online confirmed_onsite confirmed_online "
    "registration_opens_at registration_closes_at needs_approval ask_affiliation "
    "ask_dietary_needs status uid sequence online_link_release survey_url"
)

FIELDS = {
    "events.Event": dict.fromkeys(_EVENT.split()),
    # Speakers are public figures of a published programme; they have no account here.
    "events.Speaker": {
        "event": None,
        "name": C.IDENTITY,
        "affiliation": C.BUSINESS,
        "bio": C.BUSINESS,
        "photo_url": C.IDENTITY,
        "sort_order": None,
    },
    "events.AgendaItem": dict.fromkeys(["event", "starts_at", "title", "speaker"]),
    "events.Material": dict.fromkeys(["event", "title", "url"]),
    # Once the person is unlinked, the times and the mode say nothing about anyone: they are
    # what the attendance counts are made of.
    "events.Registration": {
        "created_at": None,
        "updated_at": None,
        "event": None,
        "user": C.ATTENDANCE,
        "mode": None,
        "status": None,
        "affiliation": C.ATTENDANCE,
        "dietary_needs": C.ATTENDANCE,
        "waitlisted_at": None,
        "cancelled_at": None,
        "checked_in_at": None,
        "reminder_sent_at": None,
        "link_sent_at": None,
        "follow_up_sent_at": None,
    },
    # A certificate copies the holder's name so that it verifies what was printed; it is kept
    # as long as the person may need to show it (no expiry rule).
    "events.Certificate": {
        "registration": None,
        "code": None,
        "holder_name": C.ATTENDANCE,
        "event_title_ko": None,
        "event_title_en": None,
        "event_starts_at": None,
        "event_time_zone": None,
        "issued_at": None,
    },
}

OWNERS = {
    "events.Registration": {"user": None},
    "events.Certificate": {"registration__user": None},
}

RULES = [
    Rule(
        key="event_registrations",
        model="events.Registration",
        category=C.ATTENDANCE,
        method=Method.ANONYMISED,
        expired=lambda now: Q(
            event__ends_at__lt=now
            - timedelta(days=retention_days("event_registrations_after_event"))
        ),
        retention="event_registrations_after_event",
        description=_("Seminar registrations: %(days)s days after the event."),
    ),
]
