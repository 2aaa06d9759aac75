"""core.csv.csv_safe: no cell of an export starts a spreadsheet formula."""

import pytest

from core.csv import csv_safe


@pytest.mark.parametrize("text", ["=1+1", "+82 10", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_safe_quotes_text_that_a_spreadsheet_would_run(text):
    assert csv_safe(text) == "'" + text


def test_csv_safe_keeps_plain_text():
    assert csv_safe("홍릉 바이오 (R&D)") == "홍릉 바이오 (R&D)"


def test_csv_safe_writes_values_as_csv_writer_does():
    assert (csv_safe(None), csv_safe(-5), csv_safe(2.5), csv_safe("")) == ("", "-5", "2.5", "")
