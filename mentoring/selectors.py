"""Reads of the coaching app: dashboards and staff statistics."""

from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
)
from django.utils import timezone

from mentoring.models import Engagement, Session, SessionStatus


def engagements_of_startup_member(user):
    return (
        Engagement.objects.filter(startup__memberships__user=user)
        .select_related("coach__user", "coach__partner", "startup")
        .annotate(
            used=Count(
                "sessions",
                filter=~Q(sessions__status=SessionStatus.CANCELLED)
                | Q(sessions__late_cancellation=True),
            )
        )
        .order_by("-starts_on")
    )


def engagements_of_coach(user):
    return (
        Engagement.objects.filter(coach__user=user)
        .select_related("startup", "coach")
        .annotate(
            used=Count(
                "sessions",
                filter=~Q(sessions__status=SessionStatus.CANCELLED)
                | Q(sessions__late_cancellation=True),
            )
        )
        .order_by("-starts_on")
    )


def upcoming_sessions(*, engagements, now=None):
    now = now or timezone.now()
    return (
        Session.objects.filter(
            engagement__in=engagements, status=SessionStatus.BOOKED, ends_at__gt=now
        )
        .select_related("coach__user", "startup")
        .order_by("starts_at")
    )


def past_sessions(*, engagements, now=None):
    now = now or timezone.now()
    return (
        Session.objects.filter(engagement__in=engagements, ends_at__lte=now)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("coach__user", "startup")
        .order_by("-starts_at")
    )


def coaching_statistics():
    """Per coach and per startup: sessions held, no-shows, average rating, hours."""
    held = Q(sessions__status=SessionStatus.COMPLETED)
    duration = ExpressionWrapper(
        F("sessions__ends_at") - F("sessions__starts_at"), output_field=DurationField()
    )

    def stats(queryset):
        return queryset.annotate(
            held=Count("sessions", filter=held),
            no_shows=Count("sessions", filter=Q(sessions__status=SessionStatus.NO_SHOW)),
            rating=Avg("sessions__rating", filter=held),
            hours=Sum(duration, filter=held),
        )

    from accounts.models import Startup
    from mentoring.models import Coach

    return (
        stats(Coach.objects.select_related("user")).order_by("user__name"),
        stats(
            Startup.objects.filter(Exists(Engagement.objects.filter(startup=OuterRef("pk"))))
        ).order_by("name"),
    )
