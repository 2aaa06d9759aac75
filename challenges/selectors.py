"""Reads of the challenge app that are more than a one-liner."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from challenges import eligibility
from challenges.models import Application, Challenge, DocumentKind

STEPS = [
    ("team", _("Startup and team")),
    ("technology", _("Technology")),
    ("fit", _("Fit with BMS")),
    ("support", _("Support and grant")),
    ("documents", _("Documents")),
    ("consents", _("Consents")),
    ("review", _("Check and submit")),
]
STEP_NAMES = [name for name, _label in STEPS]

REQUIRED = {
    "team": [("team_summary", _("Describe the team."))],
    "technology": [
        ("therapeutic_area", _("Choose the therapeutic area.")),
        ("modality", _("Choose the modality.")),
        ("development_stage", _("Choose the development stage.")),
        ("target_indication", _("Give the target and indication.")),
        ("technology_summary", _("Describe the technology.")),
        ("unmet_need", _("Describe the unmet medical need.")),
    ],
    "fit": [("bms_fit", _("Explain the fit with BMS's interests."))],
}


def published_challenges():
    return Challenge.objects.filter(is_published=True).prefetch_related("therapeutic_areas")


def open_challenges(now=None):
    now = now or timezone.now()
    return published_challenges().filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")


def applications_of(user):
    """Applications of every startup the person belongs to."""
    return (
        Application.objects.filter(startup__memberships__user=user)
        .select_related("challenge", "startup", "therapeutic_area")
        .order_by("-created_at")
    )


def eligibility_of(application: Application, *, startup=None, area=...) -> eligibility.Eligibility:
    """Evaluate the rules now, honouring staff exceptions."""
    challenge = application.challenge
    return eligibility.evaluate(
        startup or application.startup,
        challenge,
        area=application.therapeutic_area if area is ... else area,
        challenge_areas=list(challenge.therapeutic_areas.all()),
        excepted_rules=set(application.eligibility_exceptions.values_list("rule", flat=True)),
    )


def missing_items(application: Application) -> list[tuple[str, str]]:
    """What still stops submission, as (step, message) pairs in step order."""
    missing = []
    for step, fields in REQUIRED.items():
        for field, message in fields:
            if getattr(application, field) in (None, ""):
                missing.append((step, message))
    if application.wants_grant:
        if application.requested_grant_amount in (None, 0):
            missing.append(("support", _("Give the grant amount you request.")))
        elif application.requested_grant_amount > application.challenge.max_grant_amount:
            missing.append(("support", _("The requested grant is above the call's maximum.")))
        if not application.grant_use_plan:
            missing.append(("support", _("Explain how the grant would be used.")))
    if not any((application.wants_grant, application.wants_coaching, application.wants_networking)):
        missing.append(("support", _("Choose at least one kind of support.")))
    kinds = {document.kind for document in application.documents.all()}
    if DocumentKind.PITCH_DECK not in kinds:
        missing.append(("documents", _("Upload the pitch deck.")))
    if application.consent_collection_at is None:
        missing.append(("consents", _("Agree to the collection and use of personal information.")))
    if application.consent_third_party_at is None:
        missing.append(("consents", _("Agree to the provision of personal information to BMS.")))
    return missing
