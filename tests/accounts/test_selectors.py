"""accounts.selectors: who is who, asked the same way by every app."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from accounts.groups import STAFF_GROUP
from accounts.selectors import (
    is_startup_member,
    programme_staff,
    staff_to_notify,
    startup_contact,
    startup_people,
)
from tests.factories import (
    StaffFactory,
    StartupFactory,
    StartupMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_startup_people_are_its_active_members():
    startup = StartupFactory()
    owner = StartupMembershipFactory(startup=startup).user
    member = StartupMembershipFactory(startup=startup, role="member").user
    StartupMembershipFactory(startup=startup, user=UserFactory(is_active=False))
    StartupMembershipFactory()  # someone else's startup
    assert list(startup_people(startup)) == [owner, member]


def test_a_startups_contact_is_its_first_active_member():
    startup = StartupFactory()
    StartupMembershipFactory(startup=startup, user=UserFactory(is_active=False))
    assert startup_contact(startup) is None
    first = StartupMembershipFactory(startup=startup).user
    StartupMembershipFactory(startup=startup, role="member")
    assert startup_contact(startup) == first


def test_is_startup_member_for_members_only():
    membership = StartupMembershipFactory(role="member")
    startup = membership.startup
    assert [
        is_startup_member(membership.user, startup),
        is_startup_member(UserFactory(), startup),
        is_startup_member(AnonymousUser(), startup),
        is_startup_member(membership.user, None),
    ] == [True, False, False, False]


def test_programme_staff_are_active_staff_in_the_group_and_superusers():
    staff = StaffFactory()
    superuser = UserFactory(is_staff=True, is_superuser=True)
    StaffFactory(is_active=False)
    UserFactory(is_staff=True)  # a staff account outside the group
    in_group_not_staff = UserFactory()
    in_group_not_staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    assert list(programme_staff()) == [staff, superuser]


def test_staff_to_notify_leaves_out_superusers_outside_the_group_and_non_staff():
    staff = StaffFactory()
    UserFactory(is_staff=True, is_superuser=True)
    StaffFactory(is_active=False)
    in_group_not_staff = UserFactory()
    in_group_not_staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    assert list(staff_to_notify()) == [staff]
