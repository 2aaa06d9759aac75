"""Who may do what with events (django-rules)."""

import rules

from accounts.rules import is_programme_staff

rules.add_perm("events.check_in_attendees", is_programme_staff)
