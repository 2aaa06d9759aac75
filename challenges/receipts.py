"""The receipt of a submitted application: its number, the frozen answers, the timeline a
founder follows, and the PDF copy. Pure functions of rows already loaded; no writes."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from challenges.models import Application, Challenge, MilestoneKind
from core.money import format_krw
from core.pdf import Document
from core.timefmt import format_datetime

REFERENCE_PREFIX = "SBH"
LANGUAGES = ("ko", "en")

# The answers in the order of the form's steps (challenges.selectors.STEPS).
SECTIONS = [
    ("team", _("Startup and team"), ["team_summary", "team_size"]),
    (
        "technology",
        _("Technology"),
        [
            "therapeutic_area",
            "modality",
            "development_stage",
            "target_indication",
            "technology_summary",
            "unmet_need",
        ],
    ),
    ("fit", _("Fit with BMS"), ["bms_fit"]),
    (
        "support",
        _("Support and grant"),
        [
            "wants_grant",
            "wants_coaching",
            "wants_networking",
            "requested_grant_amount",
            "grant_use_plan",
        ],
    ),
]


def reference_for(challenge: Challenge, sequence: int) -> str:
    """ "SBH-2027-0042": the prefix, the year the call opens (Seoul time), the sequence."""
    year = timezone.localtime(challenge.opens_at).year
    return f"{REFERENCE_PREFIX}-{year}-{sequence:04d}"


def _value(application: Application, name: str) -> str:
    value = getattr(application, name)
    if value is None or value == "":
        return ""
    if name == "therapeutic_area":
        return value.name
    if name == "requested_grant_amount":
        return format_krw(value)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    field = application._meta.get_field(name)
    if field.choices:
        return str(getattr(application, f"get_{name}_display")())
    return str(value)


class _InBothLanguages:
    """`both(function)`: a dict to hold function's text in each language, filled by `fill()`
    with one switch to each language for all of them (switching for each text was a tenth of
    a submission's CPU time)."""

    def __init__(self):
        self._pending: list[tuple] = []

    def __call__(self, function) -> dict:
        words: dict = {}
        self._pending.append((function, words))
        return words

    def fill(self) -> None:
        for language in LANGUAGES:
            with translation.override(language):
                for function, words in self._pending:
                    words[language] = str(function())
        self._pending.clear()


def build_snapshot(
    application: Application, *, reference_number: str, now: datetime, documents=None
) -> dict:
    """What the founder submitted, as JSON in both languages: answers by section, the
    documents (name, size, SHA-256) and the consents with their versions. `documents`: the
    application's, when read already."""
    if documents is None:
        documents = application.documents.all()
    _both = _InBothLanguages()
    sections = []
    for key, title, names in SECTIONS:
        answers = []
        for name in names:
            field = application._meta.get_field(name)
            answers.append(
                {
                    "name": name,
                    "label": _both(lambda field=field: field.verbose_name),
                    "value": _both(lambda name=name: _value(application, name)),
                }
            )
        sections.append({"key": key, "title": _both(lambda title=title: title), "answers": answers})
    documents = [
        {
            "kind": document.kind,
            "kind_label": _both(document.get_kind_display),
            "name": document.original_name,
            "size": document.size,
            "sha256": document.sha256,
        }
        for document in documents
    ]
    consents = [
        {
            "name": "collection",
            "label": _both(lambda: _("Collection and use of personal information")),
            "version": application.consent_collection_version,
            "given_at": _iso(application.consent_collection_at),
        },
        {
            "name": "third_party",
            "label": _both(lambda: _("Provision of personal information to BMS")),
            "version": application.consent_third_party_version,
            "given_at": _iso(application.consent_third_party_at),
        },
    ]
    snapshot = {
        "reference_number": reference_number,
        "submitted_at": now.isoformat(),
        "challenge": {"ko": application.challenge.title_ko, "en": application.challenge.title_en},
        "startup": _both(lambda: application.startup.name_display),
        "sections": sections,
        "documents": documents,
        "consents": consents,
    }
    _both.fill()
    return snapshot


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def _in(words) -> str:
    if not isinstance(words, dict):
        return "" if words is None else str(words)
    language = (translation.get_language() or "ko")[:2]
    return words.get(language) or words.get("ko", "")


# --- what happens next ---------------------------------------------------------------------

STAGES = [
    ("submitted", _("Received"), MilestoneKind.DEADLINE),
    ("screening", _("Document screening"), MilestoneKind.SCREENING),
    ("review", _("Review"), MilestoneKind.INTERVIEWS),
    ("results", _("Results"), MilestoneKind.RESULTS),
]
# How far an application has come, by its status: the index of the current stage.
STAGE_OF_STATUS = {
    "submitted": 0,
    "screening": 1,
    "ineligible": 3,
    "under_review": 2,
    "shortlisted": 2,
    "interview": 2,
    "selected": 3,
    "not_selected": 3,
}


def status_tracker(application: Application, milestones) -> list[dict]:
    """The founder's steps 접수 → 서류검토 → 심사 → 결과, each with the call's date for it
    (the timeline's milestone of that kind; the submission time for the first) and whether it
    is done, current or to come. Decisions show as current only once results are published."""
    dates = {}
    for milestone in milestones:
        dates.setdefault(milestone.kind, milestone.starts_at)
    current = STAGE_OF_STATUS.get(application.status, 0)
    if current == 3 and application.challenge.results_published_at is None:
        current = 2
    stages = []
    for index, (key, label, kind) in enumerate(STAGES):
        when = application.submitted_at if key == "submitted" else dates.get(kind)
        if key == "results" and application.challenge.results_published_at:
            when = application.challenge.results_published_at
        stages.append(
            {
                "key": key,
                "label": label,
                "date": when,
                "state": "done" if index < current else "current" if index == current else "next",
            }
        )
    return stages


def next_dates(challenge: Challenge, milestones, now: datetime) -> list[dict]:
    """The call's milestones still ahead of `now`: what a founder waits for after submitting."""
    return [
        {"label": m.get_kind_display(), "note": m.note, "date": m.starts_at}
        for m in milestones
        if m.starts_at >= now
    ]


# --- the PDF -------------------------------------------------------------------------------


def _size(size: int) -> str:
    return f"{size:,} B"


def receipt_pdf(application: Application) -> bytes:
    """The submitted application as a PDF in the active language, built only from the frozen
    snapshot and the eligibility recorded at submission: later edits never change it."""
    snapshot = application.submitted_snapshot or {}
    title = gettext("Application receipt")
    document = Document(
        title=f"{title} {snapshot.get('reference_number', '')}",
        author="Seoul BioHub Open Innovation",
        language=(translation.get_language() or "ko")[:2],
    )
    document.heading(title)
    submitted = parse_datetime(snapshot.get("submitted_at", "")) if snapshot else None
    document.table(
        [gettext("Item"), gettext("Value")],
        [
            [gettext("Receipt number"), snapshot.get("reference_number", "")],
            [gettext("Submitted"), format_datetime(submitted) if submitted else ""],
            [gettext("Call"), _in(snapshot.get("challenge"))],
            [gettext("Startup"), _in(snapshot.get("startup"))],
        ],
        align_numbers_right=False,
    )
    for section in snapshot.get("sections", []):
        document.heading(_in(section["title"]), level=2)
        for answer in section["answers"]:
            document.heading(_in(answer["label"]), level=3)
            document.paragraph(_in(answer["value"]) or "—")
    document.heading(gettext("Eligibility as recorded at submission"), level=2)
    eligibility = application.eligibility_snapshot or {"rules": []}
    document.table(
        [gettext("Rule"), gettext("Result")],
        [
            [
                _in(rule["name"]),
                (gettext("Met") if rule["passed"] else gettext("Not met"))
                + (f" ({gettext('exception by staff')})" if rule.get("excepted") else "")
                + f"\n{_in(rule['explanation'])}",
            ]
            for rule in eligibility["rules"]
        ],
        align_numbers_right=False,
    )
    document.heading(gettext("Consents"), level=2)
    document.table(
        [gettext("Consent"), gettext("Version"), gettext("Given at")],
        [
            [
                _in(consent["label"]),
                consent["version"],
                format_datetime(parse_datetime(consent["given_at"])) if consent["given_at"] else "",
            ]
            for consent in snapshot.get("consents", [])
        ],
        align_numbers_right=False,
    )
    document.heading(gettext("Documents"), level=2)
    document.table(
        [gettext("Document"), gettext("Size"), "SHA-256"],
        [
            [
                f"{_in(d['kind_label'])}: {d['name']}",
                _size(d["size"]),
                f"{d['sha256'][:32]}\n{d['sha256'][32:]}",
            ]
            for d in snapshot.get("documents", [])
        ],
        align_numbers_right=False,
    )
    return document.output()
