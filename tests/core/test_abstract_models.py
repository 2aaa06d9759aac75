"""The abstract bases in core.models and core.i18n that apps subclass."""

from datetime import time
from types import SimpleNamespace

import pytest
from django.test.utils import isolate_apps
from django.utils import translation

from core.i18n import BilingualNameMixin
from core.models import UploadedFile, Weekday, WeeklyWindow, uploaded_file_path


@isolate_apps("core")
def test_weekly_window_names_its_check_after_the_model_and_reads_as_a_time_range():
    class DeskHours(WeeklyWindow):
        class Meta(WeeklyWindow.Meta):
            app_label = "core"

    (check,) = DeskHours._meta.constraints
    window = DeskHours(weekday=Weekday.TUESDAY, starts=time(9), ends=time(12, 30))
    with translation.override("en"):
        assert (check.name, str(window)) == ("core_deskhours_order", "Tuesday 09:00–12:30")
    assert DeskHours._meta.ordering == ["weekday", "starts"]


def test_uploaded_file_is_stored_under_a_random_name_and_reads_as_the_persons():
    evidence = SimpleNamespace(upload_prefix="evidence", original_name="계획서.pdf")
    first, second = (uploaded_file_path(evidence, "계획서.PDF") for _ in range(2))
    assert (first.split("/")[0], first.rsplit(".", 1)[-1], first != second) == (
        "evidence",
        "pdf",
        True,
    )
    assert "계획서" not in first
    assert UploadedFile.__str__(evidence) == "계획서.pdf"


@isolate_apps("core")
def test_bilingual_name_follows_the_active_language():
    class Place(BilingualNameMixin):
        class Meta:
            app_label = "core"

    place = Place(name_ko="홍릉", name_en="")
    with translation.override("en"):
        english = str(place)
    place.name_en = "Hongneung"
    with translation.override("en"):
        assert (english, str(place)) == ("홍릉", "Hongneung")


def test_abstract_bases_define_no_table():
    assert all(model._meta.abstract for model in (WeeklyWindow, UploadedFile, BilingualNameMixin))


@pytest.mark.parametrize("field", ["weekday", "starts", "ends"])
def test_weekly_window_fields_are_required(field):
    assert not WeeklyWindow._meta.get_field(field).null
