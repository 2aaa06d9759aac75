"""Staff's writes on a call itself: the files published with it."""

from django.db import transaction

from challenges.models import ChallengeAttachment
from challenges.services.common import store_upload
from core.audit import log_action


@transaction.atomic
def save_challenge_attachment(
    attachment: ChallengeAttachment, *, actor, uploaded_file=None
) -> ChallengeAttachment:
    """Save a call's attachment (title, kind, order) and, with `uploaded_file` (checked by
    core.uploads), its new file, written to storage after commit. A replaced file is deleted
    after commit. Audit-logged on the challenge."""
    previous = None
    if attachment.pk is not None and uploaded_file is not None:
        previous = ChallengeAttachment.objects.get(pk=attachment.pk).file.name
    if uploaded_file is not None:
        attachment.file = None  # the form put the upload here; store_upload writes it on commit
        store_upload(attachment, uploaded_file, actor=actor)
    else:
        attachment.save()
    if previous and previous != attachment.file.name:
        storage = attachment.file.storage
        transaction.on_commit(lambda: storage.delete(previous))
    log_action(
        attachment.challenge,
        "challenges.challenge.attachment_saved",
        actor=actor,
        data={"title": attachment.title_ko, "name": attachment.original_name},
    )
    return attachment


@transaction.atomic
def remove_challenge_attachment(attachment: ChallengeAttachment, *, actor) -> None:
    """Remove a call's attachment; its file is deleted after commit. Audit-logged."""
    storage, name = attachment.file.storage, attachment.file.name
    challenge = attachment.challenge
    log_action(
        challenge,
        "challenges.challenge.attachment_removed",
        actor=actor,
        data={"title": attachment.title_ko, "name": attachment.original_name},
    )
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
