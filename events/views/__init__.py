"""Pages of the events app: the public list, calendar and feeds (public, calendar),
registering and cancelling (registration), and check-in at the door (checkin)."""
