"""The dashboard's exports: one chart's table as XLSX, every chart in one PDF report."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from config.dashboard.charts import KRW, Chart, format_value
from core.pdf import Document
from core.timefmt import format_datetime

KRW_FORMAT = '#,##0"원"'


def _cell(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def chart_xlsx(chart: Chart) -> bytes:
    """The chart's table as a workbook: a title row, the headers, the raw numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = chart.slug[:31]
    sheet.append([_cell(chart.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_cell(str(header)) for header in chart.headers])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in chart.rows():
        sheet.append([_cell(value) for value in row])
    for column, series in enumerate(chart.series, start=2):
        if series.unit == KRW:
            for (cell,) in sheet.iter_rows(min_row=3, min_col=column, max_col=column):
                cell.number_format = KRW_FORMAT
    if chart.note:
        sheet.append([])
        sheet.append([_cell(chart.note)])
    sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def charts_pdf(title: str, charts: list[Chart], *, filters_text: str) -> bytes:
    """The annual programme report: for each chart, its first series as bars and its table."""
    document = Document(title=title, author=_("Seoul BioHub Open Innovation"))
    document.heading(title)
    document.paragraph(
        _("%(filters)s Figures as of %(when)s.")
        % {"filters": filters_text, "when": format_datetime(timezone.now())}
    )
    for chart in charts:
        document.heading(chart.title, level=2)
        if chart.is_empty:
            document.paragraph(_("Nothing to show yet."))
            continue
        first = chart.series[0]
        if chart.kind not in ("table", "dot") and first.unit != "text":
            document.bars(
                chart.categories,
                first.values,
                labels=[format_value(value, first.unit) for value in first.values],
            )
        document.table(chart.headers, chart.display_rows())
        if chart.note:
            document.paragraph(chart.note)
    return document.output()
