"""Every write of the events app: registration, the waiting list, approval, the event's life,
check-in and reminders; one function per use case, one transaction each.

Capacity: every change of seats locks the event row (select_for_update) and updates the
confirmed counters in the same transaction; database checks keep each counter within its
capacity. Promotion from the waiting list happens in the same transaction as the
cancellation that frees the seat, first come first served.

Split by responsibility; import from here (`from events import services`).
"""

from events.services.after import issue_certificate, send_follow_ups, send_online_links
from events.services.attendance import already_checked_in_message, check_in
from events.services.common import EventError, RegistrationError
from events.services.lifecycle import cancel_event, publish_event, publish_event_change
from events.services.registration import approve_registration, cancel_registration, register
from events.services.reminders import send_due_reminders

__all__ = [
    "EventError",
    "RegistrationError",
    "already_checked_in_message",
    "approve_registration",
    "cancel_event",
    "cancel_registration",
    "check_in",
    "issue_certificate",
    "publish_event",
    "publish_event_change",
    "register",
    "send_due_reminders",
    "send_follow_ups",
    "send_online_links",
]
