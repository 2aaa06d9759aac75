"""The reviewer's queue: their assignments as the page lists them, one index range per page."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import translation

from accounts import topics
from challenges.models import ReviewAssignment
from core.fragments import topic
from core.links import link
from core.timefmt import format_datetime

QUEUE_COLUMNS = (
    "pk",
    "due_at",
    "review_submitted",
    "review__pk",
    "application_id",
    "application__challenge__blind_review",
    "application__challenge__title_ko",
    "application__challenge__title_en",
    "application__startup__name",
    "application__startup__name_en",
)


@dataclass(frozen=True)
class QueueRow:
    """One line of the reviewer's queue: only what the page shows."""

    pk: int
    application_id: int
    blind: bool
    startup: str
    challenge: str
    due_at: datetime
    due: str  # due_at in the viewer's zone, zone named
    url: str
    progress: str  # "submitted", "draft" or "not_started"


def review_queue(reviewer):
    """The reviewer's assignments, open reviews first, then by due date, as plain values.

    The order is the index review_queue_idx (reviewer, review_submitted, due_at, id), so a
    page is an index range with LIMIT, whatever the number of assignments; the joins only
    fetch the page's rows. Turn a page into QueueRow with queue_rows().
    """
    return (
        ReviewAssignment.objects.filter(reviewer=reviewer)
        .order_by("review_submitted", "due_at", "pk")
        .values(*QUEUE_COLUMNS)
    )


def review_queue_size(reviewer) -> int:
    """How many assignments review_queue lists, counted on the assignments alone."""
    return ReviewAssignment.objects.filter(reviewer=reviewer).count()


def queue_topics(reviewer) -> list[str]:
    """What the reviewer's queue shows is built from (core.fragments; challenges.apps says
    which writes change each): their assignments and reviews, the calls' titles and blind
    flags, the startups' names."""
    return [topic("reviewer", reviewer.pk), topic("challenges"), topics.STARTUP_NAMES]


def queue_rows(values) -> list[QueueRow]:
    """A page of review_queue() as rows, names in the active language."""
    english = translation.get_language() == "en"

    def pick(ko: str, en: str) -> str:
        return (en or ko) if english else (ko or en)

    return [
        QueueRow(
            pk=row["pk"],
            application_id=row["application_id"],
            blind=row["application__challenge__blind_review"],
            startup=pick(row["application__startup__name"], row["application__startup__name_en"]),
            challenge=pick(
                row["application__challenge__title_ko"], row["application__challenge__title_en"]
            ),
            due_at=row["due_at"],
            due=format_datetime(row["due_at"]),
            url=link("challenges:review", row["pk"]),
            progress=(
                "submitted"
                if row["review_submitted"]
                else "draft"
                if row["review__pk"] is not None
                else "not_started"
            ),
        )
        for row in values
    ]
