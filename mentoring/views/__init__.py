"""Coaching pages: the dashboards and the coach's availability (home), booking a slot
(booking), one session and what follows it (sessions).

Every page shows times in the viewer's zone (the middleware activates it) and, where the other
side lives elsewhere, in the coach's zone too, each with its zone named. State changes are
POST only and go through mentoring.services.
"""
