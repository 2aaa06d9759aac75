"""The applications list as a triage table: when it came in, how much it asks for, how the
reviews stand, and its status as a labelled badge.

The review figures are correlated subqueries in the list's SELECT, not a GROUP BY over the
joined assignments: the database computes them only for the page's rows (the list reads the
submission index with a LIMIT), so the page costs the same at 1,000 and 100,000 applications.
"""

from django.contrib import admin
from django.db.models import Avg, Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.validators import SEOUL_DISTRICT_NAMES, SEOUL_DISTRICTS, district_in_language
from challenges.models import ApplicationStatus, Review, ReviewAssignment
from core.money import format_krw

# Built once: get_status_display() rebuilds the choices dict on every call. The labels are
# lazy, so each row still reads in the viewer's language.
STATUS_LABELS = dict(ApplicationStatus.choices)
# The list's parameter when it is filtered by one call (the "challenge" related-field filter).
ONE_CALL_PARAMETER = "challenge__id__exact"
CALL_LABEL_LENGTH = 24
OUTSIDE_SEOUL = "none"


class DistrictFilter(admin.SimpleListFilter):
    """Seoul's 25 districts, from the code: listing them costs no DISTINCT over the startups."""

    title = _("district")
    parameter_name = "district"

    def lookups(self, request, model_admin):
        districts = [(ko, district_in_language(ko)) for ko, _en in SEOUL_DISTRICTS]
        return [*districts, (OUTSIDE_SEOUL, _("Outside Seoul or not given"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == OUTSIDE_SEOUL:
            return queryset.filter(startup__district="")
        if value in SEOUL_DISTRICT_NAMES:
            return queryset.filter(startup__district=value)
        return queryset


def _count_of(assignments) -> Coalesce:
    counted = assignments.values("application").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_review_progress(queryset):
    """Annotate `reviews_assigned`, `reviews_submitted` and `mean_weighted_score` (the mean of
    the submitted reviews' weighted scores; None before the first one)."""
    assignments = ReviewAssignment.objects.filter(application=OuterRef("pk")).order_by()
    submitted = Review.objects.filter(
        assignment__application=OuterRef("pk"), submitted_at__isnull=False
    ).order_by()
    mean = submitted.values("assignment__application").annotate(m=Avg("weighted_score"))
    return queryset.annotate(
        reviews_assigned=_count_of(assignments),
        reviews_submitted=_count_of(assignments.filter(Q(review__submitted_at__isnull=False))),
        mean_weighted_score=Subquery(mean.values("m")),
    )


class TriageColumnsMixin:
    """The triage columns of ApplicationAdmin. The call column shows only when the list holds
    several calls, and then as a short label with the full title in its tooltip: a call's
    title is long and would otherwise repeat, whole, on every row."""

    def get_queryset(self, request):
        return with_review_progress(super().get_queryset(request))

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if ONE_CALL_PARAMETER in request.GET:
            return [column for column in columns if column != "call"]
        return columns

    @admin.display(description=_("challenge"), ordering="challenge")
    def call(self, obj):
        title = str(obj.challenge)
        short = Truncator(title).chars(CALL_LABEL_LENGTH)
        if short == title:
            return title
        return format_html('<span title="{}">{}</span>', title, short)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="status-badge status-badge--{}">{}</span>',
            obj.status,
            STATUS_LABELS.get(obj.status, obj.status),
        )

    @admin.display(description=_("requested (KRW)"), ordering="requested_grant_amount")
    def requested_krw(self, obj):
        return format_krw(obj.requested_grant_amount) or "—"

    @admin.display(description=_("mean score"), ordering="mean_weighted_score")
    def mean_score(self, obj):
        score = obj.mean_weighted_score
        return "—" if score is None else f"{score:.2f}"

    @admin.display(description=_("reviews done/assigned"), ordering="reviews_submitted")
    def reviews_done(self, obj):
        return f"{obj.reviews_submitted}/{obj.reviews_assigned}"

    @admin.display(description=_("district"), ordering="startup__district")
    def district(self, obj):
        return district_in_language(obj.startup.district) if obj.startup.district else "—"
