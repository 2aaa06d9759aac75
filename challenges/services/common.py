"""Pieces every challenge service uses: the transition guard and the row lock."""

from django.db.models import Model

from challenges import selectors
from challenges.models import Application
from core.compiled import RowReader
from core.uploads import save_file_on_commit

_LOCKED_APPLICATION = RowReader(
    lambda: Application.objects.select_for_update(of=("self",)).select_related(
        "challenge", "startup", "deadline_extension"
    )
)


def ensure_transition(current: str, target: str) -> None:
    """Raise TransitionNotAllowed unless challenges.models.TRANSITIONS lets `current` become
    `target`. Writes nothing."""
    refusal = selectors.transition_refusal(current, target)
    if refusal is not None:
        raise refusal


def lock_application(application: Application) -> Application:
    """The application again, row-locked (FOR UPDATE) with its challenge, startup and any
    deadline extension, so a decision is taken on what the database holds now. Call inside a
    transaction. (The read is compiled once per process: core.compiled.)"""
    return _LOCKED_APPLICATION.get(application.pk)


def store_upload(row: Model, uploaded_file, *, actor) -> Model:
    """Save `row` (an unsaved core.models.UploadedFile) for an upload that core.uploads
    checked (it carries `.checked`), recording who uploaded what.

    The bytes are written to storage once the transaction commits: a rollback leaves no file
    without a row (the orphan sweep removes a file whose row never committed).
    """
    checked = uploaded_file.checked
    row.original_name = checked.original_name
    row.content_type = checked.content_type
    row.size = checked.size
    row.sha256 = checked.sha256
    row.uploaded_by = actor
    save_file_on_commit(row.file, f"upload.{checked.extension}", uploaded_file)
    row.save()
    return row
