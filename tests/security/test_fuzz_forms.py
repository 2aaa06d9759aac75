"""Hostile input in every form people post: a form error or a success, never a 500, nothing
half-written (see tests/security/fuzzing.py for the values and the checks).

Each row of CASES is one form: where it is, who posts it, how its fields are drawn and which
tables a success may write (the first is the main row). A new form is one more row; the
partnering office's forms belong here once that app settles.

The test client re-raises any exception a view lets escape, so a 500 fails the example with
its traceback. FUZZ_EXAMPLES=200 fuzzes longer than the default.
"""

import os
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from challenges.models import DevelopmentStage, Modality, Recommendation
from events.models import RegistrationMode
from events.services import checkin_token
from mentoring.models import AvailabilityException, SessionFormat
from tests.factories import PASSWORD, business_number
from tests.security import fuzzing as fz
from tests.security.fuzzing import FormCase
from tests.security.world import World

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
GOOD_PASSWORD = "Hongneung-bio-2026!"
AUDIT = "core.AuditEntry"
NOTICE = "notifications.Notification"
new_email = st.from_regex(r"[a-z]{3,10}\.[0-9]{1,6}@example\.kr", fullmatch=True)
past_day = st.dates(date(2020, 1, 1), date(2025, 12, 31)).map(date.isoformat)
coming_day = st.dates(date.today() + timedelta(days=3), date.today() + timedelta(days=50))


def startup_fields(w: World) -> dict:
    return {
        "kind": fz.choice("company", "pre_founder"),
        "name": fz.text(),
        "name_en": fz.text(),
        "business_number": fz.number(*(business_number(90_000 + n) for n in range(50))),
        "founded_on": fz.date(past_day),
        "district": fz.choice("동대문구"),
        "address": fz.text("서울특별시 동대문구 회기로 117", "서울 동대문구 회기로 117-3"),
        "website": fz.url("", "https://bio.example.kr"),
        "therapeutic_areas": fz.choices(*w.area_ids),
    }


def review_fields(w: World) -> dict:
    fields = {
        "recommendation": fz.choice("", *Recommendation.values),
        "comment": fz.text(),
        "action": fz.choice("save", "submit"),
    }
    for pk in w.criterion_ids:
        fields[f"score_{pk}"] = fz.choice(1, 3, 5, "na")
        fields[f"comment_{pk}"] = fz.text()
    return fields


def availability_fields(w: World) -> dict:
    fields = {
        "session_minutes": fz.number(30, 60),
        "buffer_minutes": fz.number(0, 15),
        "min_notice_hours": fz.number(24),
        "horizon_days": fz.number(60),
        "windows-TOTAL_FORMS": fz.number(2),
        "windows-INITIAL_FORMS": fz.number(0),
        "exceptions-TOTAL_FORMS": fz.number(1),
        "exceptions-INITIAL_FORMS": fz.number(0),
        "exceptions-0-date": fz.date(coming_day.map(date.isoformat)),
        "exceptions-0-kind": fz.choice(*AvailabilityException.Kind.values),
        "exceptions-0-starts": fz.time("09:00"),
        "exceptions-0-ends": fz.time("11:00"),
    }
    for row, weekday in ((0, 1), (1, 3)):
        fields[f"windows-{row}-weekday"] = fz.choice(weekday)
        fields[f"windows-{row}-starts"] = fz.time("09:00", "13:00")
        fields[f"windows-{row}-ends"] = fz.time("17:00")
        fields[f"windows-{row}-DELETE"] = fz.choice("", "on")
    return fields


def step(name: str, fields) -> FormCase:
    return FormCase(
        name=f"application step {name}",
        url=lambda w: f"/applications/{w.application.pk}/steps/{name}/",
        user=lambda w: w.applicant,
        fields=lambda w: {**fields(w), "go": fz.choice("next", "later")},
        writes=("challenges.Application", AUDIT),
        drafts=("challenges.Application", AUDIT),  # answers that passed are kept
    )


CASES = [
    # --- accounts (allauth and ours) ------------------------------------------------------
    FormCase(
        name="sign up",
        url=lambda w: "/accounts/signup/",
        user=lambda w: None,
        fields=lambda w: {
            "email": fz.email(new_email),
            "name": fz.text(),
            "password1": fz.text(GOOD_PASSWORD),
            "password2": fz.text(GOOD_PASSWORD),
        },
        writes=("accounts.User", "account.EmailAddress", NOTICE, AUDIT),
    ),
    FormCase(
        name="sign in",
        url=lambda w: "/accounts/login/",
        user=lambda w: None,
        fields=lambda w: {
            "login": fz.email(st.just(w.applicant.email)),
            "password": fz.text(PASSWORD),
            "remember": fz.choice("on"),
            "next": fz.url("/profile/", "/events/"),
        },
        writes=("accounts.User",),  # last_login
    ),
    FormCase(
        name="password reset",
        url=lambda w: "/accounts/password/reset/",
        user=lambda w: None,
        fields=lambda w: {"email": fz.email(st.just(w.applicant.email))},
        writes=(NOTICE,),
    ),
    FormCase(
        name="add an email address",
        url=lambda w: "/accounts/email/",
        user=lambda w: w.applicant,
        fields=lambda w: {"email": fz.email(new_email)},
        fixed={"action_add": "1"},
        writes=("account.EmailAddress", NOTICE),
    ),
    FormCase(
        name="profile",
        url=lambda w: "/profile/",
        user=lambda w: w.applicant,
        fields=lambda w: {
            "name": fz.text(),
            "language": fz.choice("ko", "en"),
            "time_zone": fz.choice("Asia/Seoul", "America/New_York", "Europe/Berlin"),
        },
        writes=("accounts.User", AUDIT),
    ),
    FormCase(
        name="language switch",
        url=lambda w: "/language/",
        user=lambda w: w.applicant,
        fields=lambda w: {"language": fz.choice("en"), "next": fz.url("/", "/events/")},
        writes=("accounts.User", AUDIT),
    ),
    FormCase(
        name="create a startup",
        url=lambda w: "/startups/new/",
        user=lambda w: w.newcomer,
        fields=startup_fields,
        writes=("accounts.Startup", "accounts.StartupMembership", AUDIT),
    ),
    FormCase(
        name="edit the startup",
        url=lambda w: f"/startups/{w.startup.pk}/edit/",
        user=lambda w: w.applicant,
        fields=startup_fields,
        writes=("accounts.Startup", AUDIT),
    ),
    FormCase(
        name="invite a co-founder",
        url=lambda w: f"/startups/{w.startup.pk}/invite/",
        user=lambda w: w.applicant,
        fields=lambda w: {"email": fz.email(new_email)},
        writes=("accounts.StartupInvitation", NOTICE, AUDIT),
    ),
    # --- the application -------------------------------------------------------------------
    FormCase(
        name="start an application",
        url=lambda w: f"/challenges/{w.challenge.slug}/apply/",
        user=lambda w: w.applicant,
        fields=lambda w: {"startup": fz.choice(w.startup.pk)},
        writes=("challenges.Application", AUDIT),
    ),
    step("team", lambda w: {"team_summary": fz.text(), "team_size": fz.number(1, 4, 12)}),
    step(
        "technology",
        lambda w: {
            "therapeutic_area": fz.choice(*w.area_ids),
            "modality": fz.choice(*Modality.values),
            "development_stage": fz.choice(*DevelopmentStage.values),
            "target_indication": fz.text(),
            "technology_summary": fz.text(),
            "unmet_need": fz.text(),
        },
    ),
    step("fit", lambda w: {"bms_fit": fz.text()}),
    step(
        "support",
        lambda w: {
            "wants_grant": fz.choice("on", ""),
            "wants_coaching": fz.choice("on", ""),
            "wants_networking": fz.choice("on", ""),
            "requested_grant_amount": fz.number(30_000_000, 50_000_000),
            "grant_use_plan": fz.text(),
        },
    ),
    FormCase(
        name="consents",
        url=lambda w: f"/applications/{w.application.pk}/steps/consents/",
        user=lambda w: w.applicant,
        fields=lambda w: {"collection": fz.choice("on"), "third_party": fz.choice("on")},
        writes=("challenges.Application", AUDIT),
    ),
    FormCase(
        name="withdraw",
        url=lambda w: f"/applications/{w.application.pk}/withdraw/",
        user=lambda w: w.applicant,
        fields=lambda w: {"reason": fz.text()},
        writes=("challenges.Application", AUDIT, NOTICE),
    ),
    FormCase(
        name="milestone report",
        url=lambda w: (
            f"/applications/{w.tranche.grant.application.pk}/tranches/{w.tranche.pk}/report/"
        ),
        user=lambda w: w.applicant,
        fields=lambda w: {"text": fz.text()},
        writes=("challenges.Tranche", AUDIT, NOTICE),
    ),
    # --- review ---------------------------------------------------------------------------
    FormCase(
        name="review scores",
        url=lambda w: f"/review/{w.assignment.pk}/",
        user=lambda w: w.assignment.reviewer,
        fields=review_fields,
        writes=("challenges.Review", "challenges.Score", AUDIT, "challenges.Application"),
    ),
    FormCase(
        name="declare a conflict of interest",
        url=lambda w: f"/review/{w.undeclared_assignment.pk}/",
        user=lambda w: w.undeclared_assignment.reviewer,
        fields=lambda w: {"reason": fz.text()},
        fixed={"action": "declare"},
        writes=("challenges.ReviewerConflict", "challenges.ReviewAssignment", AUDIT, NOTICE),
    ),
    # --- coaching -------------------------------------------------------------------------
    FormCase(
        name="book a session",
        url=lambda w: f"/mentoring/engagements/{w.engagement.pk}/book/",
        user=lambda w: w.applicant,
        fields=lambda w: {
            "starts_at": fz.date(st.sampled_from(w.free_slots)),
            "session_format": fz.choice(*SessionFormat.values),
            "agenda": fz.text(),
        },
        writes=("mentoring.Session", AUDIT, NOTICE),
    ),
    FormCase(
        name="coach availability",
        url=lambda w: "/mentoring/availability/",
        user=lambda w: w.coach.user,
        fields=availability_fields,
        writes=(
            AUDIT,
            "mentoring.Coach",
            "mentoring.AvailabilityWindow",
            "mentoring.AvailabilityException",
        ),
    ),
    FormCase(
        name="cancel a session",
        url=lambda w: f"/mentoring/sessions/{w.session.pk}/cancel/",
        user=lambda w: w.applicant,
        fields=lambda w: {"reason": fz.text()},
        writes=("mentoring.Session", AUDIT, NOTICE),
    ),
    FormCase(
        name="move a session",
        url=lambda w: f"/mentoring/sessions/{w.session.pk}/reschedule/",
        user=lambda w: w.applicant,
        fields=lambda w: {
            "starts_at": fz.date(st.sampled_from(w.free_slots)),
            "reason": fz.text(),
        },
        writes=("mentoring.Session", AUDIT, NOTICE),
    ),
    FormCase(
        name="session notes",
        url=lambda w: f"/mentoring/sessions/{w.session.pk}/notes/",
        user=lambda w: w.coach.user,
        fields=lambda w: {"shared_notes": fz.text(), "private_notes": fz.text()},
        writes=("mentoring.Session", AUDIT),
    ),
    FormCase(
        name="session outcome",
        url=lambda w: f"/mentoring/sessions/{w.past_session.pk}/outcome/",
        user=lambda w: w.coach.user,
        fields=lambda w: {"outcome": fz.choice("completed", "no_show")},
        writes=("mentoring.Session", AUDIT),
    ),
    FormCase(
        name="session feedback",
        url=lambda w: f"/mentoring/sessions/{w.past_session.pk}/feedback/",
        user=lambda w: w.applicant,
        fields=lambda w: {"rating": fz.choice(*range(1, 6)), "comment": fz.text()},
        writes=("mentoring.Session", AUDIT),
    ),
    # --- events and notifications ---------------------------------------------------------
    FormCase(
        name="register for an event",
        url=lambda w: f"/events/{w.event.slug}/register/",
        user=lambda w: w.newcomer,
        fields=lambda w: {
            "mode": fz.choice(*RegistrationMode.values),
            "affiliation": fz.text(),
            "dietary_needs": fz.text(),
        },
        writes=("events.Registration", "events.Event", AUDIT, NOTICE),
    ),
    FormCase(
        name="check-in desk",
        url=lambda w: f"/events/{w.event.slug}/checkin/",
        user=lambda w: w.staff,
        fields=lambda w: {
            "token": fz.text(checkin_token(w.registration)),
            "registration": fz.choice(w.registration.pk),
        },
        writes=("events.Registration", AUDIT),
    ),
    FormCase(
        name="mark notifications read",
        url=lambda w: "/notifications/read-all/",
        user=lambda w: w.reader,
        fields=lambda w: {"all": fz.text()},
        writes=(NOTICE,),
    ),
]


def run(client, case: FormCase, *, spoil: str, examples: int, check) -> None:
    world = World()
    user, url, fields = case.user(world), case.url(world), case.fields(world)
    if user is not None:
        client.force_login(user)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=fz.submissions(fields, spoil=spoil))
    def post(values):
        outcome = fz.post_and_inspect(client, url, fz.form_data(case.fixed, values))
        check(outcome)

    post()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_values_never_break_a_form(client, case):
    def check(outcome):
        assert fz.problems(case, outcome) == [], outcome

    run(client, case, spoil="some", examples=MAX_EXAMPLES, check=check)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_right_answers_succeed(client, case):
    """The right answers of each case go through and write the main row: the fuzzing above
    starts from a form that works, so its hostile values reach the service."""

    def check(outcome):
        assert outcome.status == 302, outcome
        assert fz.problems(case, outcome) == [], outcome
        assert case.writes[0] in outcome.changed, outcome

    run(client, case, spoil="none", examples=3, check=check)
