from django.conf.locale.ko.formats import *  # noqa: F403

# Django's "2026년 12월 5일 11:17 오후" puts 오전/오후 after the time; Koreans write it first.
# "T" is the zone's abbreviation in the viewer's zone (the admin shows times there).
DATETIME_FORMAT = "Y년 n월 j일 A g:i T"
