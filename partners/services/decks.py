"""Consultation decks left in storage by requests that never committed."""

from datetime import datetime

from django.core.files.storage import default_storage
from django.utils import timezone

from core.uploads import delete_orphan_files
from partners.models import ConsultationRequest

DECK_PREFIX = "consultation-decks"


def delete_orphan_decks(*, now: datetime | None = None) -> int:
    """Delete consultation decks that no request names and that are more than a day old.
    Returns how many were deleted (also logged)."""

    def referenced(names: set[str]) -> set[str]:
        return set(
            ConsultationRequest.objects.filter(deck__in=names).values_list("deck", flat=True)
        )

    return delete_orphan_files(
        prefix=DECK_PREFIX,
        referenced=referenced,
        now=now or timezone.now(),
        storage=default_storage,
    )
