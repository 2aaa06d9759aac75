"""CSV exports that a spreadsheet opens safely."""

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets
# (CSV injection); a tab or carriage return first hides such a start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """The cell text for `value` as csv.writer would write it (None is an empty cell), with
    text that a spreadsheet would run as a formula (=, +, -, @, a tab or carriage return
    first) quoted with an apostrophe.

    Only text is guarded: people type text; numbers and dates come from our code, and a
    negative amount must stay a number in the spreadsheet.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)
