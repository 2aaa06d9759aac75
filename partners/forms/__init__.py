"""Forms of the partnering office: consultations and room bookings."""
