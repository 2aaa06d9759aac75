"""Possible duplicate applications and double funding (중복수혜), for staff to look at.

Never a refusal: these are signals. The exact signals (the same startup, by its business
number, in another application of this or an earlier call; the same representative owning
another applying startup; a document with the same SHA-256 in another startup's application)
are subqueries, so the admin list flags and filters without a query per row. Similar project
texts (rapidfuzz, settings.DUPLICATE_TEXT_THRESHOLD) are compared per application.
"""

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from rapidfuzz import fuzz, process, utils

from accounts.models import StartupMembership
from challenges.models import Application, ApplicationDocument, ApplicationStatus

OWNER = "owner"


def _same_startup():
    return Application.objects.filter(
        startup=OuterRef("startup"),
        challenge__opens_at__lte=OuterRef("challenge__opens_at"),
    ).exclude(pk=OuterRef("pk"))


def _same_representative():
    owners = StartupMembership.objects.filter(startup=OuterRef(OuterRef("startup")), role=OWNER)
    return Application.objects.filter(
        startup__memberships__role=OWNER,
        startup__memberships__user__in=owners.values("user"),
    ).exclude(startup=OuterRef("startup"))


def _shared_document():
    own = ApplicationDocument.objects.filter(application=OuterRef(OuterRef("pk"))).exclude(
        sha256=""
    )
    return ApplicationDocument.objects.filter(sha256__in=own.values("sha256")).exclude(
        application__startup=OuterRef("startup")
    )


def with_duplicate_flag(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate `possible_duplicate`: whether any exact signal finds another application
    (a boolean computed in the database, for the list's column and filter). Each signal's
    subquery runs once per row, and not at all once an earlier one has found something; the
    change page names the signals (possible_duplicates)."""
    any_signal = Q(Exists(_same_startup())) | Q(Exists(_same_representative()))
    any_signal |= Q(Exists(_shared_document()))
    return queryset.annotate(
        possible_duplicate=ExpressionWrapper(any_signal, output_field=BooleanField())
    )


def project_text(application: Application) -> str:
    return " ".join(
        part for part in (application.target_indication, application.technology_summary) if part
    )


def similar_texts(
    application: Application, candidates=None, *, threshold: int | None = None
) -> list[tuple[int, float]]:
    """(application id, similarity 0-100) of other startups' submitted applications whose
    project text is at least `threshold` similar, most similar first. `candidates` (id, text)
    pairs may be passed to compare against a prepared set (the benchmark does)."""
    threshold = settings.DUPLICATE_TEXT_THRESHOLD if threshold is None else threshold
    text = project_text(application)
    if not text:
        return []
    if candidates is None:
        candidates = [
            (row.pk, project_text(row))
            for row in Application.objects.exclude(startup=application.startup_id)
            .exclude(status=ApplicationStatus.DRAFT)
            .only("pk", "target_indication", "technology_summary")
        ]
    ids = [pk for pk, _text in candidates]
    matches = process.extract(
        text,
        [t for _pk, t in candidates],
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        score_cutoff=threshold,
        limit=20,
    )
    return [(ids[index], round(score, 1)) for _choice, score, index in matches]


def possible_duplicates(application: Application) -> dict:
    """Every signal for one application, for its admin page: lists of other application ids."""
    same_startup = list(
        Application.objects.filter(
            startup=application.startup_id,
            challenge__opens_at__lte=application.challenge.opens_at,
        )
        .exclude(pk=application.pk)
        .values_list("pk", flat=True)
    )
    owners = StartupMembership.objects.filter(startup=application.startup_id, role=OWNER).values(
        "user"
    )
    same_representative = list(
        Application.objects.filter(
            startup__memberships__role=OWNER, startup__memberships__user__in=owners
        )
        .exclude(startup=application.startup_id)
        .values_list("pk", flat=True)
        .distinct()
    )
    hashes = application.documents.exclude(sha256="").values("sha256")
    shared_document = list(
        ApplicationDocument.objects.filter(sha256__in=hashes)
        .exclude(application__startup=application.startup_id)
        .values_list("application_id", flat=True)
        .distinct()
    )
    return {
        "same_startup": same_startup,
        "same_representative": same_representative,
        "shared_document": shared_document,
        "similar_text": similar_texts(application),
    }
