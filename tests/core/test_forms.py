"""Ids no database column can hold are refused by the form, never by the database."""

import pytest
from django.urls import reverse

from accounts.models import TherapeuticArea
from core.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HUGE = str(2**70)


def test_multiple_choice_refuses_an_id_beyond_64_bits_with_its_own_message():
    field = BoundedModelMultipleChoiceField(queryset=TherapeuticArea.objects.all())
    with pytest.raises(Exception) as refused:
        field.clean([HUGE])
    assert refused.value.code == "invalid_pk_value"


def test_single_choice_refuses_an_id_beyond_64_bits_as_an_invalid_choice():
    field = BoundedModelChoiceField(queryset=TherapeuticArea.objects.all())
    with pytest.raises(Exception) as refused:
        field.clean(HUGE)
    assert refused.value.code == "invalid_choice"


def test_ids_in_range_still_work():
    area = TherapeuticArea.objects.first()
    field = BoundedModelMultipleChoiceField(queryset=TherapeuticArea.objects.all())
    assert list(field.clean([str(area.pk)])) == [area]


def test_new_startup_page_answers_a_huge_area_id_with_a_form_error(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("accounts:startup_create"), {"kind": "startup", "therapeutic_areas": [HUGE]}
    )
    assert response.status_code == 200
    assert "therapeutic_areas" in response.context["form"].errors
