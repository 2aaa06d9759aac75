"""core.i18n.in_language: text for a notification in its recipient's language."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from core.i18n import in_language
from tests.factories import TherapeuticAreaFactory, UserFactory


@pytest.mark.django_db
def test_in_language_uses_the_recipients_language_then_restores_the_active_one():
    area = TherapeuticAreaFactory(name_ko="종양", name_en="Oncology")
    coach = UserFactory(language="en")
    with translation.override("ko"):
        with in_language(coach):
            inside = (str(area), gettext("Monday"))
        after = str(area)
    assert (inside, after) == (("Oncology", "Monday"), "종양")


def test_in_language_takes_a_language_code():
    with translation.override("en"), in_language("ko"):
        assert translation.get_language() == "ko"


def test_in_language_falls_back_to_the_sites_language():
    class Visitor:
        language = ""

    with translation.override("en"), in_language(Visitor()):
        assert translation.get_language() == "ko"
