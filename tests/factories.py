"""One factory per model, no surprises: each builds the smallest valid row."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission

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
from mentoring.models import Coach
from notifications.models import Notification
from partners.models import Partner, PartnerKind, PartnerMember

PASSWORD = "correct-horse-battery-staple"


def business_number(n: int) -> str:
    """The n-th valid business registration number: nine digits plus their check digit."""
    head = f"{220_810_000 + n % 100_000:09d}"
    digits = [int(c) for c in head]
    total = sum(d * w for d, w in zip(digits, (1, 3, 7, 1, 3, 7, 1, 3, 5), strict=True))
    total += (digits[8] * 5) // 10
    return head + str((10 - total % 10) % 10)


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
            from accounts.demo import OUR_APPS

            group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
            group.permissions.set(Permission.objects.filter(content_type__app_label__in=OUR_APPS))
            self.groups.add(group)

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        """Staff have TOTP turned on unless mfa=False."""
        if create and extracted is not False:
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

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
