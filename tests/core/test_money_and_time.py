from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from core.i18n import Bilingual
from core.money import format_krw
from core.timefmt import format_date, format_datetime


@pytest.mark.parametrize(
    ("amount", "text"),
    [(50_000_000, "50,000,000원"), (0, "0원"), (999, "999원"), (-1_500, "-1,500원")],
)
def test_krw_is_grouped_with_won(amount, text):
    with translation.override("ko"):
        assert format_krw(amount) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [(50_000_000, "KRW 50,000,000"), (0, "KRW 0"), (999, "KRW 999"), (-1_500, "-KRW 1,500")],
)
def test_krw_in_english_is_the_currency_code_before_the_amount(amount, text):
    with translation.override("en"):
        assert format_krw(amount) == text


@pytest.mark.parametrize(
    ("amount", "text"), [(40_000_000, "KRW 40,000,000"), (0, "KRW 0"), (-1_500, "-KRW 1,500")]
)
def test_krw_in_english_names_the_currency_first(amount, text):
    with translation.override("en"):
        assert format_krw(amount) == text
    assert format_krw(amount, "en") == text


def test_krw_in_korean_is_grouped_with_won_whatever_the_active_language():
    with translation.override("en"):
        assert format_krw(40_000_000, "ko") == "40,000,000원"


def test_krw_refuses_floats():
    with pytest.raises(TypeError):
        format_krw(1.5)


@pytest.mark.parametrize(("language", "text"), [("ko", "30,000,000원"), ("en", "KRW 30,000,000")])
def test_krw_template_filter_follows_the_active_language(language, text):
    template = Template("{% load biohub %}{{ amount|krw }}")
    with translation.override(language):
        assert template.render(Context({"amount": 30000000})) == text


def test_datetime_in_korean_names_the_zone():
    moment = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)
    assert format_datetime(moment, "Asia/Seoul", "ko") == "2026년 3월 10일 (화) 22:00 KST"


def test_datetime_in_english_names_the_zone_with_daylight_saving():
    before = datetime(2026, 3, 3, 14, 0, tzinfo=UTC)  # New York on EST
    after = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)  # New York on EDT since 8 March
    assert format_datetime(before, "America/New_York", "en") == "Tue 3 Mar 2026, 09:00 EST"
    assert format_datetime(after, "America/New_York", "en") == "Tue 10 Mar 2026, 09:00 EDT"


def test_datetime_uses_the_active_language_and_zone():
    moment = datetime(2026, 10, 26, 8, 0, tzinfo=UTC)
    with translation.override("en"):
        assert format_datetime(moment, "Europe/Berlin") == "Mon 26 Oct 2026, 09:00 CET"


def test_date_in_both_languages():
    assert format_date(date(2026, 11, 24), "ko") == "2026년 11월 24일 (화)"
    assert format_date(date(2026, 11, 24), "en") == "Tue 24 Nov 2026"


def test_bilingual_attribute_follows_the_language_and_falls_back():

    class Thing:
        title = Bilingual("title")

        def __init__(self, ko, en):
            self.title_ko, self.title_en = ko, en

    both, korean_only = Thing("제목", "Title"), Thing("제목", "")
    with translation.override("en"):
        assert (both.title, korean_only.title) == ("Title", "제목")
    with translation.override("ko"):
        assert (both.title, Thing("", "Title").title) == ("제목", "Title")
