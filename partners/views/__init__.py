"""Pages of the partnering office: directory, consultations, rooms."""
