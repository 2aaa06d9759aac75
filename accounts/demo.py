"""Demo people and a demo startup (see core's seed_demo command)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.groups import REVIEWERS_GROUP, STAFF_GROUP
from accounts.models import (
    MembershipRole,
    Startup,
    StartupKind,
    StartupMembership,
    TherapeuticArea,
    User,
)

ORDER = 10


def demo_user(email, *, name, password, language="ko", time_zone="Asia/Seoul") -> User:
    """A signed-up, verified account; created once, left alone afterwards."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, password, name=name, language=language, time_zone=time_zone
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed(*, password: str) -> list[tuple[str, str]]:
    # The groups and their permissions come from a data migration (accounts.groups).
    staff_group = Group.objects.get(name=STAFF_GROUP)
    staff = demo_user("staff@demo.seoulbiohub.kr", name="김운영", password=password)
    if not staff.is_staff:
        staff.is_staff = True
        staff.save(update_fields=["is_staff"])
    staff.groups.add(staff_group)

    reviewer = demo_user("reviewer@demo.seoulbiohub.kr", name="이심사", password=password)
    reviewer.groups.add(Group.objects.get(name=REVIEWERS_GROUP))

    founder = demo_user("founder@demo.seoulbiohub.kr", name="최창업", password=password)
    startup, _ = Startup.objects.get_or_create(
        business_number="2208162517",
        defaults={
            "name": "홍릉테라퓨틱스",
            "name_en": "Hongneung Therapeutics",
            "kind": StartupKind.COMPANY,
            "district": "동대문구",
            "address": "서울특별시 동대문구 회기로 117-3",
            "founded_on": "2022-03-02",
        },
    )
    startup.therapeutic_areas.set(TherapeuticArea.objects.filter(slug="oncology"))
    StartupMembership.objects.get_or_create(
        startup=startup, user=founder, defaults={"role": MembershipRole.OWNER}
    )
    return [
        ("staff", staff.email),
        ("reviewer", reviewer.email),
        ("founder", founder.email),
    ]
