"""A coaching session as a calendar event: the emailed invitations and the .ics download
carry the same UID, so calendars update the one event when the session moves or is cancelled."""

from django.conf import settings
from django.utils.translation import gettext as _

from core.ics import build_event
from mentoring.models import Session, SessionFormat, SessionStatus
from mentoring.selectors import session_people


def session_location(session: Session) -> str:
    """Where the session takes place: the partnering office, or the video link (may be empty)."""
    if session.format == SessionFormat.IN_PERSON:
        return str(_("BMS partnering office, Seoul Bio Hub, Hongneung"))
    return session.video_link or ""


def session_ics(session: Session) -> str:
    """The session as an iCalendar event in the active language, organised by the coach,
    with everyone taking part as attendees; a cancelled session gives a cancelled event."""
    coach = session.coach.user
    return build_event(
        uid=f"session-{session.uid}@seoulbiohub.kr",
        sequence=session.sequence,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=_("1:1 coaching: %(startup)s × %(coach)s")
        % {"startup": session.startup.name_display, "coach": coach.get_full_name()},
        description=session.agenda,
        location=session_location(session),
        url=settings.SITE_URL + session.get_absolute_url(),
        organizer=(coach.email, coach.get_full_name()),
        attendees=[(person.email, person.get_full_name()) for person in session_people(session)],
        cancelled=session.status == SessionStatus.CANCELLED,
    )
