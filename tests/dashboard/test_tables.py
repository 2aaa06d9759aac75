"""The dashboard's data tables are built in Python (Chart.table_body, charts.Numbers); they
must read exactly as the template loop and Django's number_format they replace."""

import pytest
from django.template import engines
from django.utils import formats, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from config.dashboard.charts import (
    COUNT,
    HOURS,
    KRW,
    PERCENT,
    RATING,
    SCORE,
    Chart,
    Series,
    format_value,
)
from core.money import format_krw

# The loop the dashboard's template ran for each table before.
TEMPLATE_LOOP = engines["django"].from_string(
    "{% for row in chart.display_rows %}"
    '<tr>{% for cell in row %}{% if forloop.first %}<th scope="row">{{ cell }}</th>'
    "{% else %}<td>{{ cell }}</td>{% endif %}{% endfor %}</tr>"
    "{% endfor %}"
)


def tricky_chart() -> Chart:
    return Chart(
        slug="tricky",
        title="Tricky",
        kind="bar",
        category_label="Call",
        categories=[
            '<script>alert("x")</script> & Co',
            mark_safe("<b>already safe</b>"),
            2026,
            "세포·유전자 치료 'CGT'",
        ],
        series=[
            Series("Count", [1234567, 0, None, 12], COUNT),
            Series("Grant", [50_000_000, None, 1, 0], KRW, missing=gettext_lazy("n < 5")),
            Series("Share", [0.1234, 1.0, None, 0.5], PERCENT, missing="<n/a>"),
            Series("Hours", [1.25, 1234.5, 0, None], HOURS),
            Series("Score", [3.456, None, 4, 1000.004], SCORE),
            Series("Rating", [4.5, 5, None, 0.125], RATING),
        ],
    )


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_table_body_is_what_the_template_loop_rendered(language):
    chart = tricky_chart()
    with translation.override(language):
        built = str(chart.table_body())
        looped = TEMPLATE_LOOP.render({"chart": chart})
    assert built.replace("\n", "") == looped
    assert "<script>" not in built and "&lt;script&gt;" in built
    assert "<b>already safe</b>" in built  # safe strings are not escaped twice


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize(
    "value",
    [0, 7, 1234, 1234567, -98765, 0.5, 0.1234, 1.0, 2.345, 1234.5678, 1e-7, -0.25],
)
def test_figures_are_formatted_as_number_format_formats_them(language, value):
    with translation.override(language):
        assert format_value(value, COUNT) == formats.number_format(
            value, 0, use_l10n=True, force_grouping=True
        )
        assert format_value(value, PERCENT) == (
            formats.number_format(value * 100, 1, use_l10n=True) + "%"
        )
        assert format_value(value, HOURS) == formats.number_format(value, 1, use_l10n=True)
        for unit in (SCORE, RATING):
            assert format_value(value, unit) == formats.number_format(value, 2, use_l10n=True)
        if float(value).is_integer():
            assert format_value(value, KRW) == format_krw(int(value), language)
        assert format_value(None, COUNT) == "–"


def test_won_follow_the_active_language():
    with translation.override("ko"):
        assert format_value(50_000_000, KRW) == "50,000,000원"
    with translation.override("en"):
        assert format_value(50_000_000, KRW) == "KRW 50,000,000"
