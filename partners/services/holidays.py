"""Korean public holidays as closed dates of the office, from the `holidays` library."""

import holidays
from django.db import transaction

from core.audit import log_action
from partners.models import ClosedDate


@transaction.atomic
def add_public_holidays(*, year: int, actor=None) -> int:
    """Close the whole office on each Korean public holiday of `year` (substitute holidays
    included). Dates already entered are left as they are. Returns how many were added."""
    names_ko = holidays.country_holidays("KR", years=year, language="ko")
    names_en = holidays.country_holidays("KR", years=year, language="en_US")
    existing = set(
        ClosedDate.objects.filter(room__isnull=True, date__year=year).values_list("date", flat=True)
    )
    new = [
        ClosedDate(date=day, reason_ko=names_ko[day], reason_en=names_en.get(day, names_ko[day]))
        for day in sorted(names_ko)
        if day not in existing
    ]
    ClosedDate.objects.bulk_create(new)
    if new:
        log_action(
            new[0],
            "partners.closed_dates.holidays",
            actor=actor,
            data={"year": year, "added": len(new)},
        )
    return len(new)
