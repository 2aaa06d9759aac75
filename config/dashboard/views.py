"""The programme dashboard (the admin's index) and the funders' view, with their exports.

Staff see every chart; the funding partners' people (members of a programme partner:
City of Seoul, BMS, KHIDI) see aggregates only, in their language. Apps never import this.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from challenges.models import Challenge
from config.dashboard import cache as dashboard_cache
from config.dashboard import charts as dashboard_charts
from config.dashboard.exports import chart_xlsx, charts_pdf
from partners.models import PartnerMember

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FilterForm(forms.Form):
    call = forms.ModelChoiceField(
        queryset=Challenge.objects.order_by("-opens_at"),
        required=False,
        label=gettext_lazy("Call"),
        empty_label=gettext_lazy("All calls"),
    )
    since = forms.DateField(
        required=False,
        label=gettext_lazy("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        required=False,
        label=gettext_lazy("Until (inclusive)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A call's label is its title in the viewer's language.
        self.fields["call"].label_from_instance = lambda challenge: challenge.title

    def filters(self) -> dashboard_charts.Filters:
        if not self.is_valid():
            return dashboard_charts.Filters()
        data = self.cleaned_data
        zone = timezone.get_current_timezone()

        def start_of(day):
            return datetime.combine(day, time.min, tzinfo=zone) if day else None

        until = data["until"] + timedelta(days=1) if data["until"] else None
        return dashboard_charts.Filters(
            challenge_ids=(data["call"].pk,) if data["call"] else (),
            since=start_of(data["since"]),
            until=start_of(until),
        )


def is_funder(user) -> bool:
    """A person of a funding partner: a member of a programme partner organisation."""
    return (
        user.is_authenticated
        and PartnerMember.objects.filter(user=user, partner__is_programme_founder=True).exists()
    )


def _charts_for(request, *, staff: bool):
    """The form, the charts and when they were computed (kept a short while, see
    config.dashboard.cache)."""
    form = FilterForm(request.GET or None)
    filters = form.filters()
    if staff:
        call = form.cleaned_data["call"] if len(filters.challenge_ids) == 1 else None

        def compute():
            charts = dashboard_charts.staff_charts(filters)
            if call is not None:
                charts.append(dashboard_charts.ranking(call))
            return charts

        key = dashboard_cache.cache_key("staff", filters)
    else:

        def compute():
            return dashboard_charts.funder_charts(filters)

        key = dashboard_cache.cache_key("funders", filters)
    charts, computed_at = dashboard_cache.cached_charts(key, compute)
    return form, charts, computed_at


def _context(request, form, charts, computed_at, *, export_prefix: str) -> dict:
    query = request.GET.urlencode()
    local = timezone.localtime(computed_at)
    return {
        "dashboard": {
            "form": form,
            "charts": charts,
            "charts_json": [chart.as_json() for chart in charts],
            "export_prefix": export_prefix,
            "query": f"?{query}" if query else "",
            "as_of": pgettext("dashboard", "Figures as of %(time)s")
            % {"time": f"{local:%H:%M} {local.tzname()}"},
        }
    }


def admin_dashboard(request) -> dict:
    """Context for the admin's index (settings.ADMIN_DASHBOARD): the admin checked access."""
    form, charts, computed_at = _charts_for(request, staff=True)
    return _context(request, form, charts, computed_at, export_prefix="/admin/dashboard/")


def _require_funder_or_staff(request) -> bool:
    """True for staff (with MFA), False for a funder; anyone else is turned away."""
    if not request.user.is_authenticated:
        raise _Login
    if admin.site.has_permission(request):
        return True
    if is_funder(request.user):
        return False
    raise PermissionDenied


class _Login(Exception):
    pass


def _guarded(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Login:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@_guarded
def funders(request):
    """The funders' view: the programme's aggregates, read only."""
    _require_funder_or_staff(request)
    form, charts, computed_at = _charts_for(request, staff=False)
    context = _context(request, form, charts, computed_at, export_prefix="/funders/")
    return render(request, "funders/index.html", context)


def _find(charts, slug: str):
    for chart in charts:
        if chart.slug == slug:
            return chart
    raise Http404


def _xlsx_response(chart) -> HttpResponse:
    response = HttpResponse(chart_xlsx(chart), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{chart.slug}.xlsx"'
    return response


def _pdf_response(charts, form) -> HttpResponse:
    year = timezone.localdate().year
    title = _("Seoul BioHub Open Innovation: programme report %(year)s") % {"year": year}
    body = charts_pdf(title, charts, filters_text=_filters_text(form))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="programme-report-{year}.pdf"'
    return response


def _filters_text(form) -> str:
    if not form.is_bound or not form.is_valid():
        return _("All calls, whole programme.")
    data = form.cleaned_data
    parts = [data["call"].title if data["call"] else _("All calls")]
    if data["since"] or data["until"]:
        since, until = data["since"], data["until"]
        parts.append(f"{since.isoformat() if since else ''} – {until.isoformat() if until else ''}")
    return " · ".join(parts)


@_guarded
def funders_xlsx(request, chart: str):
    _require_funder_or_staff(request)
    _form, charts, _computed_at = _charts_for(request, staff=False)
    return _xlsx_response(_find(charts, chart))


@_guarded
def funders_pdf(request):
    _require_funder_or_staff(request)
    form, charts, _computed_at = _charts_for(request, staff=False)
    return _pdf_response(charts, form)


def staff_xlsx(request, chart: str):
    """Behind admin.site.admin_view (see config/urls.py)."""
    _form, charts, _computed_at = _charts_for(request, staff=True)
    return _xlsx_response(_find(charts, chart))


def staff_pdf(request):
    """Behind admin.site.admin_view (see config/urls.py)."""
    form, charts, _computed_at = _charts_for(request, staff=True)
    return _pdf_response(charts, form)
