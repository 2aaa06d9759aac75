"""The filter every call report starts from (shared by challenges.reports and
challenges.reports_outcomes)."""

from challenges.models import Application, ApplicationStatus

S = ApplicationStatus


def _applications(challenge_ids=None, since=None, until=None, *, submitted=False):
    queryset = Application.objects.all()
    if challenge_ids:
        queryset = queryset.filter(challenge_id__in=challenge_ids)
    if submitted or since or until:
        queryset = queryset.filter(submitted_at__isnull=False)
    if since:
        queryset = queryset.filter(submitted_at__gte=since)
    if until:
        queryset = queryset.filter(submitted_at__lt=until)
    return queryset
