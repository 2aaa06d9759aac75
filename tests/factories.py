"""One factory per model, no surprises: each builds the smallest valid row."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.groups import staff_permissions
from accounts.models import (
    MembershipRole,
    Startup,
    StartupInvitation,
    StartupKind,
    StartupMembership,
    TherapeuticArea,
    User,
)
from accounts.rules import REVIEWERS_GROUP, STAFF_GROUP
from accounts.validators import business_number_check_digit
from mentoring.models import Coach
from notifications.models import Notification
from partners.models import Partner, PartnerKind, PartnerMember

PASSWORD = "correct-horse-battery-staple"
SEOUL = ZoneInfo("Asia/Seoul")


def seoul_morning(days_ahead: int, hour: int = 10) -> datetime:
    """That day from today in Seoul at `hour` o'clock Seoul time, whatever the hour now.

    Ten in the morning in Seoul is the evening before in New York (20:00 or 21:00) and the
    small hours in Munich (02:00 or 03:00): an event of a few hours stays on one day in every
    zone the site shows, so a test cannot pass or fail by the hour it runs at.
    """
    day = timezone.localdate(timezone=SEOUL) + timedelta(days=days_ahead)
    # In UTC, as the row reads back from the database.
    return datetime.combine(day, time(hour), tzinfo=SEOUL).astimezone(UTC)


def business_number(n: int) -> str:
    """The n-th valid business registration number: nine digits plus their check digit."""
    head = f"{220_810_000 + n % 100_000:09d}"
    return head + str(business_number_check_digit(head))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.kr")
    name = factory.Sequence(lambda n: f"Person {n}")
    language = "ko"
    time_zone = "Asia/Seoul"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users sign up and verify their address; pass verified=False for one who has not."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    """Programme staff: is_staff plus the staff group's permissions, with TOTP turned on."""

    is_staff = True

    @factory.post_generation
    def staff_group(self, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
            group.permissions.set(staff_permissions())
            self.groups.add(group)

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        """Staff have TOTP turned on unless mfa=False."""
        if create and extracted is not False:
            TOTP.activate(self, generate_totp_secret())


class ReviewerFactory(UserFactory):
    @factory.post_generation
    def reviewer_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])


class TherapeuticAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TherapeuticArea
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"area-{n}")
    name_ko = factory.Sequence(lambda n: f"분야 {n}")
    name_en = factory.Sequence(lambda n: f"Area {n}")


class StartupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Startup

    name = factory.Sequence(lambda n: f"스타트업 {n}")
    kind = StartupKind.COMPANY
    business_number = factory.Sequence(business_number)
    district = "동대문구"
    address = "서울특별시 동대문구 회기로 117"
    founded_on = factory.Faker("date_between", start_date="-5y", end_date="-1y")


class StartupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StartupMembership

    startup = factory.SubFactory(StartupFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.OWNER


class StartupInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StartupInvitation

    startup = factory.SubFactory(StartupFactory)
    email = factory.Sequence(lambda n: f"cofounder{n}@example.kr")
    invited_by = factory.SubFactory(UserFactory)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name_ko = factory.Sequence(lambda n: f"파트너 {n}")
    name_en = factory.Sequence(lambda n: f"Partner {n}")
    kind = PartnerKind.PHARMA
    is_published = True


class PartnerMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerMember

    partner = factory.SubFactory(PartnerFactory)
    user = factory.SubFactory(UserFactory)


class CoachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coach

    user = factory.SubFactory(UserFactory, language="en", time_zone="America/New_York")
    partner = factory.SubFactory(PartnerFactory)
    time_zone = "America/New_York"


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    key = factory.Sequence(lambda n: f"test.notification:{n}")
    kind = "accounts.startup_invitation"
    recipient = factory.SubFactory(UserFactory)
    language = factory.LazyAttribute(lambda o: o.recipient.language if o.recipient else "ko")
    email = factory.LazyAttribute(lambda o: o.recipient.email if o.recipient else "x@example.kr")
    context = factory.LazyFunction(
        lambda: {"startup": "홍릉테라퓨틱스", "inviter": "최창업", "url": "/invitations/abc/"}
    )


class ChallengeFactory(factory.django.DjangoModelFactory):
    """An open, published call in oncology (closes in ten days)."""

    class Meta:
        model = "challenges.Challenge"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"challenge-{n}")
    title_ko = factory.Sequence(lambda n: f"공모 {n}")
    title_en = factory.Sequence(lambda n: f"Challenge {n}")
    summary_ko = "서울 바이오 스타트업 공모"
    summary_en = "A call for Seoul biotech startups"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    max_grant_amount = 50_000_000
    number_of_awards = 3
    total_budget = 150_000_000
    is_published = True

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create:
            self.therapeutic_areas.set(
                extracted
                if extracted is not None
                else [TherapeuticAreaFactory(slug="oncology", name_ko="종양", name_en="Oncology")]
            )


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft (give the startup members with StartupMembershipFactory)."""

    class Meta:
        model = "challenges.Application"
        skip_postgeneration_save = True

    challenge = factory.SubFactory(ChallengeFactory)
    startup = factory.SubFactory(StartupFactory)
    created_by = None


class CompleteApplicationFactory(ApplicationFactory):
    """A draft with every answer, a pitch deck and both consents: ready to submit."""

    team_summary = "Two founders from SNU with ten years of antibody work."
    team_size = 4
    therapeutic_area = factory.LazyAttribute(lambda o: o.challenge.therapeutic_areas.first())
    modality = "antibody"
    development_stage = "preclinical"
    target_indication = "CD47 / AML"
    technology_summary = "A bispecific antibody."
    unmet_need = "Relapsed AML has few options."
    bms_fit = "Hematology is a BMS focus."
    requested_grant_amount = 30_000_000
    grant_use_plan = "In vivo efficacy studies."
    consent_collection_version = "2026-11"
    consent_collection_at = factory.LazyFunction(timezone.now)
    consent_third_party_version = "2026-11"
    consent_third_party_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def pitch_deck(self, create, extracted, **kwargs):
        if create and extracted is not False:
            ApplicationDocumentFactory(application=self)


MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ApplicationDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "challenges.ApplicationDocument"

    application = factory.SubFactory(ApplicationFactory)
    kind = "pitch_deck"
    file = factory.django.FileField(filename="upload.pdf", data=MINIMAL_PDF)
    original_name = "deck.pdf"
    content_type = "application/pdf"
    size = len(MINIMAL_PDF)
    sha256 = "0" * 64


class RubricCriterionFactory(factory.django.DjangoModelFactory):
    """A criterion scored 1–5 with weight 1."""

    class Meta:
        model = "challenges.RubricCriterion"

    challenge = factory.SubFactory(ChallengeFactory)
    name_ko = factory.Sequence(lambda n: f"기준 {n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    """A reviewer asked to review an application, due in two weeks (conflict not confirmed)."""

    class Meta:
        model = "challenges.ReviewAssignment"

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(ReviewerFactory)
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class ReviewFactory(factory.django.DjangoModelFactory):
    """A draft review; ReviewFactory(submitted=True, weighted_score=...) for a submitted one."""

    class Meta:
        model = "challenges.Review"
        skip_postgeneration_save = True

    assignment = factory.SubFactory(ReviewAssignmentFactory)

    class Params:
        submitted = factory.Trait(
            submitted_at=factory.LazyFunction(timezone.now),
            weighted_score=3.0,
            recommendation="maybe",
        )

    @factory.post_generation
    def mark_assignment(self, create, extracted, **kwargs):
        """As services.submit_review does: a submitted review marks its assignment."""
        if create and self.submitted_at is not None and not self.assignment.review_submitted:
            self.assignment.review_submitted = True
            self.assignment.save(update_fields=["review_submitted"])


class GrantFactory(factory.django.DjangoModelFactory):
    """An awarded grant of a selected application, written directly: Challenge.awarded_total is
    not raised, so use services.award_grant where the budget matters.
    GrantFactory(active=True) for a grant whose agreement is signed."""

    class Meta:
        model = "challenges.Grant"

    application = factory.SubFactory(ApplicationFactory, status="selected")
    amount = 30_000_000

    class Params:
        active = factory.Trait(
            status="active", agreement_signed_on=factory.LazyFunction(timezone.localdate)
        )


class TrancheFactory(factory.django.DjangoModelFactory):
    """A planned tranche for the whole grant, due in three months."""

    class Meta:
        model = "challenges.Tranche"

    grant = factory.SubFactory(GrantFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    amount = factory.LazyAttribute(lambda o: o.grant.amount)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    milestone = "In vivo proof of concept in a mouse model"


class TrancheReportFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "challenges.TrancheReportFile"

    tranche = factory.SubFactory(TrancheFactory)
    file = factory.django.FileField(filename="upload.pdf", data=MINIMAL_PDF)
    original_name = "milestone-report.pdf"
    content_type = "application/pdf"
    size = len(MINIMAL_PDF)
    sha256 = "0" * 64


class GrantReportFactory(factory.django.DjangoModelFactory):
    """An interim report of an active grant, due in a month, holding back no tranche."""

    class Meta:
        model = "challenges.GrantReport"

    grant = factory.SubFactory(GrantFactory, active=True)
    kind = "interim"
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class GrantReportFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "challenges.GrantReportFile"

    report = factory.SubFactory(GrantReportFactory)
    file = factory.django.FileField(filename="upload.pdf", data=MINIMAL_PDF)
    original_name = "interim-report.pdf"
    content_type = "application/pdf"
    size = len(MINIMAL_PDF)
    sha256 = "0" * 64


def _wall_clock(hour: int):
    """A time of day (datetime.time) for availability windows."""

    return time(hour)


class AvailabilityWindowFactory(factory.django.DjangoModelFactory):
    """Tuesdays 09:00–12:00 in the coach's zone."""

    class Meta:
        model = "mentoring.AvailabilityWindow"

    coach = factory.SubFactory(CoachFactory)
    weekday = 1
    starts = factory.LazyFunction(lambda: _wall_clock(9))
    ends = factory.LazyFunction(lambda: _wall_clock(12))


class EngagementFactory(factory.django.DjangoModelFactory):
    """An active engagement of six sessions over six months from today."""

    class Meta:
        model = "mentoring.Engagement"

    coach = factory.SubFactory(CoachFactory)
    startup = factory.SubFactory(StartupFactory)
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=180))


class SessionFactory(factory.django.DjangoModelFactory):
    """A booked hour of the engagement's coach and startup, three days ahead, with the default
    15-minute buffer; written directly, so no slot, notice or overlap rule is checked. A
    no-show is the startup's unless `no_show_by` says otherwise."""

    class Meta:
        model = "mentoring.Session"

    engagement = factory.SubFactory(EngagementFactory)
    coach = factory.LazyAttribute(lambda o: o.engagement.coach)
    startup = factory.LazyAttribute(lambda o: o.engagement.startup)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    blocked_until = factory.LazyAttribute(lambda o: o.ends_at + timedelta(minutes=15))
    # A no-show names its side (a database check); the startup's unless a test says otherwise.
    status = "booked"
    no_show_by = factory.LazyAttribute(lambda o: "startup" if o.status == "no_show" else "")


class EventFactory(factory.django.DjangoModelFactory):
    """A published on-site seminar a week from today at 10:00 in Seoul, two hours long, with ten
    seats and no online places. EventFactory(hybrid=True) also has twenty places online."""

    class Meta:
        model = "events.Event"

    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = "seminar"
    title_ko = factory.Sequence(lambda n: f"세미나 {n}")
    title_en = factory.Sequence(lambda n: f"Seminar {n}")
    summary_ko = "서울바이오허브 세미나"
    summary_en = "A Seoul BioHub seminar"
    starts_at = factory.LazyFunction(lambda: seoul_morning(7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    format = "onsite"
    venue = "서울바이오허브 연구동 1층"
    address = "서울특별시 동대문구 회기로 117-3"
    capacity_onsite = 10
    capacity_online = 0
    status = "published"

    class Params:
        hybrid = factory.Trait(
            format="hybrid", capacity_online=20, online_link="https://meet.example.kr/seminar"
        )


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed on-site registration, written directly: the event's confirmed counters are
    not raised, so use services.register where seats matter."""

    class Meta:
        model = "events.Registration"

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    mode = "onsite"
    status = "confirmed"
