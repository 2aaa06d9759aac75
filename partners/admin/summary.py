"""The per-partner summary for staff: requests, accepted, meetings held and what came of them,
as a page in the admin and as a CSV download (`?format=csv`)."""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.csv import csv_safe
from partners import selectors
from partners.models import Outcome


def summary_rows() -> list[dict]:
    """One row per partner, read in a single query."""
    return [
        {
            "partner": partner,
            "requests": partner.requests,
            "accepted": partner.accepted,
            "held": partner.held,
            "outcomes": [getattr(partner, f"outcome_{o.value}") for o in Outcome],
        }
        for partner in selectors.partner_summary()
    ]


def summary_csv(rows: list[dict]) -> str:
    """The summary in the active language; a byte-order mark first so that Excel reads the
    Korean as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        [_("Partner"), _("Requests"), _("Accepted"), _("Meetings held"), *Outcome.labels]
    )
    for row in rows:
        writer.writerow(
            [
                csv_safe(str(row["partner"].name)),
                row["requests"],
                row["accepted"],
                row["held"],
                *row["outcomes"],
            ]
        )
    return out.getvalue()


def summary_view(modeladmin, request):
    """Staff only (wrapped in admin_view by PartnerAdmin.get_urls)."""
    if not modeladmin.has_view_permission(request):
        raise PermissionDenied
    rows = summary_rows()
    if request.GET.get("format") == "csv":
        response = HttpResponse(summary_csv(rows), content_type="text/csv; charset=utf-8")
        filename = f"partners-summary-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": _("Consultations by partner"),
        "rows": rows,
        "outcome_labels": Outcome.labels,
    }
    return TemplateResponse(request, "admin/partners/partner/summary.html", context)
