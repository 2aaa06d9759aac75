"""Exports of a review ranking (challenges.ranking): CSV and Excel, in the active language,
safe to open in a spreadsheet (no formulas from text). Staff download them from the call's
ranking page in the admin."""

import csv
import io
from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from challenges.models import Application
from challenges.ranking import Ranking
from core.csv import csv_safe

EXPORT_DECIMALS = 3

APPLICATION_HEADERS = [
    gettext_lazy("Raw rank"),
    gettext_lazy("Normalised rank"),
    gettext_lazy("Application ID"),
    gettext_lazy("Startup"),
    gettext_lazy("Therapeutic area"),
    gettext_lazy("Status"),
    gettext_lazy("Reviews"),
    gettext_lazy("Raw mean"),
    gettext_lazy("Spread"),
    gettext_lazy("High disagreement"),
    gettext_lazy("Normalised score"),
]
REVIEWER_HEADERS = [
    gettext_lazy("Reviewer ID"),
    gettext_lazy("Name"),
    gettext_lazy("Reviews"),
    gettext_lazy("Mean"),
    gettext_lazy("Standard deviation"),
]


def _number(value: float) -> float:
    return round(value, EXPORT_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def _application_rows(ranking: Ranking, applications: Mapping[int, Application]) -> list[list]:
    rows = []
    for result in ranking.applications:
        application = applications.get(result.application_id)
        area = application.therapeutic_area if application is not None else None
        rows.append(
            [
                result.raw_rank,
                result.normalised_rank,
                result.application_id,
                application.startup.name if application is not None else "",
                area.name if area is not None else "",
                application.get_status_display() if application is not None else "",
                result.reviews,
                _number(result.raw_mean),
                _number(result.spread),
                _("yes") if result.high_disagreement else _("no"),
                _number(result.normalised),
            ]
        )
    return rows


def _reviewer_rows(ranking: Ranking, reviewer_names: Mapping[int, str] | None) -> list[list]:
    names = reviewer_names or {}
    return [
        [r.reviewer_id, names.get(r.reviewer_id, ""), r.count, _number(r.mean), _number(r.sd)]
        for r in ranking.reviewers
    ]


def ranking_csv(
    ranking: Ranking,
    applications: Mapping[int, Application],
    reviewer_names: Mapping[int, str] | None = None,
) -> str:
    """The ranking as CSV text in the active language: the applications (best first), an
    empty line, then the reviewers. Starts with a byte-order mark so that Excel reads the
    Korean as UTF-8; serve it encoded as UTF-8 (`text/csv; charset=utf-8`).

    Pass `ChallengeRanking.applications` and `.reviewer_names` (names are blank without).
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([str(h) for h in APPLICATION_HEADERS])
    for row in _application_rows(ranking, applications):
        writer.writerow([csv_safe(value) for value in row])
    writer.writerow([])
    writer.writerow([str(h) for h in REVIEWER_HEADERS])
    for row in _reviewer_rows(ranking, reviewer_names):
        writer.writerow([csv_safe(value) for value in row])
    return out.getvalue()


def ranking_xlsx(
    ranking: Ranking,
    applications: Mapping[int, Application],
    reviewer_names: Mapping[int, str] | None = None,
) -> bytes:
    """The ranking as an Excel workbook in the active language: an "Applications" sheet
    (best first) and a "Reviewers" sheet. Text is always stored as text, never as a formula.

    Pass `ChallengeRanking.applications` and `.reviewer_names` (names are blank without).
    """
    workbook = Workbook()
    sheets = [
        (
            workbook.active,
            pgettext("spreadsheet sheet", "Applications"),
            APPLICATION_HEADERS,
            (8, 9, 11),
        ),
        (
            workbook.create_sheet(),
            pgettext("spreadsheet sheet", "Reviewers"),
            REVIEWER_HEADERS,
            (4, 5),
        ),
    ]
    data = [_application_rows(ranking, applications), _reviewer_rows(ranking, reviewer_names)]
    for (sheet, title, headers, decimal_columns), rows in zip(sheets, data, strict=True):
        sheet.title = title[:31]
        sheet.append([str(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row_number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = sheet.cell(row=row_number, column=column, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # a leading "=" would otherwise make a formula
                elif column in decimal_columns:
                    cell.number_format = "0.000"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
