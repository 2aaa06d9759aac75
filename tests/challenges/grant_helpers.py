"""Shared set-up of the grant tests."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from challenges import services
from core.audit import history_for
from core.uploads import check_upload
from tests import factories

MILLION = 1_000_000
DEADLINE = 30.0  # seconds; no wait in this file is longer


# --- helpers --------------------------------------------------------------------------------


def selected(challenge=None, **fields):
    challenge = challenge or factories.ChallengeFactory()
    return factories.ApplicationFactory(challenge=challenge, status="selected", **fields)


def member_of(application, **fields):
    return factories.StartupMembershipFactory(startup=application.startup, **fields).user


def pdf(name="report.pdf"):
    upload = SimpleUploadedFile(name, factories.MINIMAL_PDF, content_type="application/pdf")
    upload.checked = check_upload(upload)
    return upload


def plan(*amounts):
    today = timezone.localdate()
    return [
        {
            "amount": amount,
            "due_on": today + timedelta(days=90 * n),
            "milestone": f"Milestone {n}",
        }
        for n, amount in enumerate(amounts, start=1)
    ]


def active_grant(*amounts, actor=None):
    """A grant awarded through the services, planned in `amounts` and signed."""
    application = selected()
    grant = services.award_grant(application, actor=actor, amount=sum(amounts))
    services.set_tranches(grant, actor=actor, tranches=plan(*amounts))
    services.sign_agreement(grant, actor=actor, signed_on=timezone.localdate())
    grant.refresh_from_db()
    return grant


def actions_on(obj) -> list[str]:
    """The audit actions recorded on `obj`, oldest first."""
    return list(history_for(obj).order_by("id").values_list("action", flat=True))
