"""The app's stored uploads: removing files that no row names (challenges.tasks, daily)."""

from datetime import datetime

from django.core.files.storage import default_storage
from django.utils import timezone

from challenges.models import (
    ApplicationDocument,
    ChallengeAttachment,
    GrantReportFile,
    TrancheReportFile,
)
from core.uploads import delete_orphan_files

# The app's uploaded files; each lives under its model's upload_prefix.
UPLOADED_FILE_MODELS = (
    ApplicationDocument,
    TrancheReportFile,
    GrantReportFile,
    ChallengeAttachment,
)


def delete_orphan_uploads(*, now: datetime | None = None) -> int:
    """Delete application documents, milestone evidence and grant report files that no row
    names and that are more than a day old (left by a crash between writing and committing,
    or by hand).
    Returns how many were deleted; each prefix's count is logged."""
    now = now or timezone.now()
    deleted = 0
    for model in UPLOADED_FILE_MODELS:

        def referenced(names, model=model) -> set[str]:
            return set(model.objects.filter(file__in=names).values_list("file", flat=True))

        deleted += delete_orphan_files(
            prefix=model.upload_prefix, referenced=referenced, now=now, storage=default_storage
        )
    return deleted
