from django.conf.locale.en.formats import *  # noqa: F403

# Django's "P" reads "11 p.m.", "noon" and "midnight"; staff compare times at a glance, so the
# minutes always show. "T" is the zone's abbreviation in the viewer's zone.
DATETIME_FORMAT = "N j, Y, g:i a T"
