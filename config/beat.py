"""What Celery's beat runs, and how often (CELERY_BEAT_SCHEDULE in config/settings.py).

Every entry is a sweep: it finds the work that is due in the database and does it, so nothing
is scheduled further ahead than the next sweep (STYLE.md, tasks). Times are intervals, not
clock times: a sweep that ran late catches up on its next run.
"""

from datetime import timedelta

SCHEDULE = {
    "core-beat-heartbeat": {
        "task": "core.beat_heartbeat",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 60},  # a heartbeat that waited in the queue proves nothing
    },
    "notifications-requeue-pending": {
        "task": "notifications.requeue_pending",
        "schedule": timedelta(minutes=1),
    },
    "events-reminders": {
        "task": "events.send_due_reminders",
        "schedule": timedelta(minutes=10),
    },
    "events-online-links": {
        "task": "events.send_online_links",
        "schedule": timedelta(minutes=5),
    },
    "events-follow-ups": {
        "task": "events.send_follow_ups",
        "schedule": timedelta(minutes=30),
    },
    "mentoring-session-reminders": {
        "task": "mentoring.send_due_reminders",
        "schedule": timedelta(minutes=10),
    },
    "partners-reminders": {
        "task": "partners.send_due_reminders",
        "schedule": timedelta(minutes=10),
    },
    "challenges-delete-orphan-uploads": {
        "task": "challenges.delete_orphan_uploads",
        "schedule": timedelta(hours=1),
    },
    "challenges-outcome-surveys": {
        "task": "challenges.send_outcome_surveys",
        "schedule": timedelta(hours=1),
    },
    "partners-delete-orphan-decks": {
        "task": "partners.delete_orphan_decks",
        "schedule": timedelta(hours=1),
    },
    "challenges-remind-grant-reports": {
        "task": "challenges.remind_grant_reports",
        "schedule": timedelta(hours=1),
    },
    "challenges-resume-publications": {
        "task": "challenges.resume_publications",
        "schedule": timedelta(minutes=1),
    },
    "challenges-remind-reviewers": {
        "task": "challenges.remind_reviewers",
        "schedule": timedelta(hours=1),
    },
    "challenges-remind-appeal-committees": {
        "task": "challenges.remind_appeal_committees",
        "schedule": timedelta(hours=1),
    },
    "core-destroy-expired-personal-data": {
        "task": "core.destroy_expired_personal_data",
        "schedule": timedelta(days=1),
    },
}
