"""Every unique constraint a person can run into explains itself beside the field to change,
in Korean and in English, on the page where it happens (never the constraint's raw name)."""

from datetime import time

import pytest

from accounts.models import Startup
from challenges.eligibility import SEOUL_BASED
from challenges.models import EligibilityException
from partners.models import ClosedDate, OpeningHours, PartnerMember
from tests import factories
from tests.partners.factories import ClosedDateFactory, RoomFactory, next_weekday
from tests.support.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

BUSINESS = {
    "kind": "company",
    "name": "홍릉바이오",
    "name_en": "Hongneung Bio",
    "business_number": "220-81-62517",
    "founded_on": "2023-05-02",
    "district": "동대문구",
    "address": "서울특별시 동대문구 회기로 117",
    "website": "https://hongneung.example.kr",
}
MESSAGES = {
    "business_number": {
        "ko": "이 사업자등록번호로 이미 등록된 스타트업이 있습니다.",
        "en": "A startup with this business registration number is already registered.",
    },
    "email": {
        "ko": "이 이메일 주소로 된 계정이 이미 있습니다.",
        "en": "An account with this email address already exists.",
    },
    "exception": {
        "ko": "이 신청서에는 이 요건에 대한 예외가 이미 있습니다.",
        "en": "This application already has an exception for this rule.",
    },
    "hours": {
        "ko": "이 회의실에는 이 요일의 운영 시간이 이미 있습니다.",
        "en": "This room already has opening hours on this weekday.",
    },
    "room_closed": {
        "ko": "이 회의실은 이 날짜에 이미 휴관으로 등록되어 있습니다.",
        "en": "This room is already closed on this date.",
    },
    "office_closed": {
        "ko": "이 날짜에는 사무실 전체가 이미 휴관으로 등록되어 있습니다.",
        "en": "The whole office is already closed on this date.",
    },
    "member": {
        "ko": "이 사람은 이미 이 파트너의 담당자입니다.",
        "en": "This person already represents this partner.",
    },
}
LANGUAGES = ["ko", "en"]


def assert_beside(form, field: str, message: str, response) -> None:
    """The message is the field's only error, nothing sits atop the form, no raw name shows."""
    assert form.errors[field] == [form.errors[field][0]]
    assert form.errors[field][0].startswith(message)
    assert form.non_field_errors() == []
    page = response.content.decode()
    assert "_unique" not in page.replace("_unique_", "")  # no constraint name
    assert "one_exception_per_rule" not in page


def superuser(language: str):
    return factories.StaffFactory(is_superuser=True, language=language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_second_startup_with_a_business_number_is_told_beside_the_field(client, language):
    factories.StartupFactory(business_number="2208162517")
    client.force_login(factories.UserFactory(language=language))
    response = client.post("/startups/new/", BUSINESS)
    assert response.status_code == 200
    assert Startup.objects.count() == 1
    form = response.context["form"]
    assert_beside(form, "business_number", MESSAGES["business_number"][language], response)
    assert 'href="#id_business_number"' in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_editing_a_startup_onto_a_taken_business_number_is_told_beside_the_field(client, language):
    factories.StartupFactory(business_number="2208162517")
    membership = factories.StartupMembershipFactory(
        role="owner", user=factories.UserFactory(language=language)
    )
    client.force_login(membership.user)
    response = client.post(f"/startups/{membership.startup.pk}/edit/", BUSINESS)
    assert response.status_code == 200
    form = response.context["form"]
    assert_beside(form, "business_number", MESSAGES["business_number"][language], response)


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_adding_a_user_whose_email_differs_only_in_case(client, language):
    factories.UserFactory(email="founder@example.kr")
    client.force_login(superuser(language))
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Founder@Example.kr",
            "name": "Second",
            "password1": "a-long-enough-passphrase-71",
            "password2": "a-long-enough-passphrase-71",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert_beside(form, "email", MESSAGES["email"][language], response)


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_second_exception_for_the_same_rule(client, language):
    application = factories.ApplicationFactory()
    EligibilityException.objects.create(application=application, rule=SEOUL_BASED, reason="x")
    client.force_login(superuser(language))
    url = f"/admin/challenges/application/{application.pk}/change/"
    data = admin_form_data(client.get(url))
    prefix = "eligibility_exceptions"
    row = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(row + 1),
            f"{prefix}-{row}-rule": SEOUL_BASED,
            f"{prefix}-{row}-reason": "Again",
            f"{prefix}-{row}-application": str(application.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    formset = next(
        i.formset
        for i in response.context["inline_admin_formsets"]
        if i.formset.model is EligibilityException
    )
    assert_beside(formset.forms[row], "rule", MESSAGES["exception"][language], response)
    assert EligibilityException.objects.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_second_opening_hours_for_a_weekday(client, language):
    room = RoomFactory(weekdays=[0, 1])
    client.force_login(superuser(language))
    url = f"/admin/partners/room/{room.pk}/change/"
    data = admin_form_data(client.get(url))
    prefix = "opening_hours"
    tuesday = next(
        key[: -len("-weekday")]
        for key, value in data.items()
        if key.startswith(prefix) and key.endswith("-weekday") and value == "1"
    )
    data[f"{tuesday}-weekday"] = "0"  # Tuesday's hours moved onto Monday, which has some
    response = client.post(url, data)
    assert response.status_code == 200
    formset = next(
        i.formset
        for i in response.context["inline_admin_formsets"]
        if i.formset.model is OpeningHours
    )
    form = next(f for f in formset.forms if f.prefix == tuesday)
    assert_beside(form, "weekday", MESSAGES["hours"][language], response)
    assert sorted(room.opening_hours.values_list("weekday", flat=True)) == [0, 1]
    assert room.opening_hours.get(weekday=0).opens == time(9)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("whole_office", [True, False])
def test_admin_closing_a_date_twice(client, language, whole_office):
    room = RoomFactory()
    day = next_weekday(2)
    ClosedDateFactory(date=day, room=None if whole_office else room)
    client.force_login(superuser(language))
    response = client.post(
        "/admin/partners/closeddate/add/",
        {
            "date": day.isoformat(),
            "room": "" if whole_office else str(room.pk),
            "reason_ko": "점검",
            "reason_en": "Maintenance",
        },
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    key = "office_closed" if whole_office else "room_closed"
    assert_beside(form, "date", MESSAGES[key][language], response)
    assert ClosedDate.objects.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_adding_a_partner_member_twice(client, language):
    member = factories.PartnerMemberFactory()
    client.force_login(superuser(language))
    response = client.post(
        "/admin/partners/partnermember/add/",
        {"partner": str(member.partner.pk), "user": str(member.user.pk), "role": member.role},
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert_beside(form, "user", MESSAGES["member"][language], response)
    assert PartnerMember.objects.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_closing_a_room_twice_on_its_page(client, language):
    room = RoomFactory()
    day = next_weekday(2)
    ClosedDateFactory(date=day, room=room)
    client.force_login(superuser(language))
    url = f"/admin/partners/room/{room.pk}/change/"
    data = admin_form_data(client.get(url))
    prefix = "closed_dates"
    row = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(row + 1),
            f"{prefix}-{row}-date": day.isoformat(),
            f"{prefix}-{row}-reason_en": "Maintenance",
            f"{prefix}-{row}-room": str(room.pk),
        }
    )
    response = client.post(url, data)  # was an IntegrityError (a server error)
    assert response.status_code == 200
    formset = next(
        i.formset
        for i in response.context["inline_admin_formsets"]
        if i.formset.model is ClosedDate
    )
    assert_beside(formset.forms[row], "date", MESSAGES["room_closed"][language], response)
    assert ClosedDate.objects.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_adding_a_partner_member_twice_on_the_partner_page(client, language):
    member = factories.PartnerMemberFactory()
    client.force_login(superuser(language))
    url = f"/admin/partners/partner/{member.partner.pk}/change/"
    data = admin_form_data(client.get(url))
    prefix = "members"
    row = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(row + 1),
            f"{prefix}-{row}-user": str(member.user.pk),
            f"{prefix}-{row}-role": member.role,
            f"{prefix}-{row}-partner": str(member.partner.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    formset = next(
        i.formset
        for i in response.context["inline_admin_formsets"]
        if i.formset.model is PartnerMember
    )
    assert_beside(formset.forms[row], "user", MESSAGES["member"][language], response)
    assert PartnerMember.objects.count() == 1
