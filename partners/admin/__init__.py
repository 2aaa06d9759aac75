"""Staff's admin for the partnering office. Statuses change only through the services:
approving and declining bookings are actions; consultations are read here, answered by reps."""

from partners.admin import consultations, organisations, rooms  # noqa: F401
