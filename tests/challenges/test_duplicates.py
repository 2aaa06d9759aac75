"""Possible duplicates (중복수혜): exact signals as database flags, similar texts by rapidfuzz,
shown in the admin as a flag, a filter and a panel; never a refusal."""

from datetime import timedelta

import pytest

from challenges import duplicates
from challenges.models import Application
from tests import factories

pytestmark = pytest.mark.django_db


def flags(application):
    """(same startup, same representative, shared document) as the change page names them,
    and the list's flag, computed in the database."""
    found = duplicates.possible_duplicates(application)
    row = duplicates.with_duplicate_flag(Application.objects.filter(pk=application.pk)).get()
    signals = ("same_startup", "same_representative", "shared_document")
    return (*(bool(found[signal]) for signal in signals), row.possible_duplicate)


def test_an_unrelated_application_is_not_flagged():
    application = factories.ApplicationFactory()
    factories.ApplicationFactory()
    assert flags(application) == (False, False, False, False)


def test_the_same_startup_in_an_earlier_call_is_flagged_but_not_in_a_later_one():
    application = factories.ApplicationFactory()
    earlier = factories.ChallengeFactory(
        opens_at=application.challenge.opens_at - timedelta(days=400)
    )
    first = factories.ApplicationFactory(challenge=earlier, startup=application.startup)
    assert flags(application) == (True, False, False, True)
    assert flags(first) == (False, False, False, False)


def test_the_same_representative_of_another_startup_is_flagged():
    application = factories.ApplicationFactory()
    owner = factories.StartupMembershipFactory(startup=application.startup).user
    other = factories.ApplicationFactory()
    factories.StartupMembershipFactory(startup=other.startup, user=owner)
    assert flags(application) == (False, True, False, True)
    assert duplicates.possible_duplicates(application)["same_representative"] == [other.pk]


def test_a_shared_document_hash_is_flagged():
    application = factories.ApplicationFactory()
    other = factories.ApplicationFactory()
    factories.ApplicationDocumentFactory(application=application, sha256="a" * 64)
    factories.ApplicationDocumentFactory(application=other, sha256="a" * 64)
    assert flags(application) == (False, False, True, True)
    assert duplicates.possible_duplicates(application)["shared_document"] == [other.pk]


def test_similar_project_texts_are_found_above_the_threshold(settings):
    settings.DUPLICATE_TEXT_THRESHOLD = 85
    text = "A bispecific CD47 antibody for relapsed acute myeloid leukaemia"
    application = factories.ApplicationFactory(technology_summary=text)
    near = factories.ApplicationFactory(
        status="submitted", technology_summary=text.replace("relapsed", "refractory relapsed")
    )
    factories.ApplicationFactory(status="submitted", technology_summary="A CAR-T for lupus")
    found = duplicates.similar_texts(application)
    assert [pk for pk, _score in found] == [near.pk]


def test_the_admin_list_flags_and_filters(client):
    application = factories.ApplicationFactory()
    factories.ApplicationFactory(
        startup=application.startup,
        challenge__opens_at=application.challenge.opens_at - timedelta(days=400),
    )
    factories.ApplicationFactory()
    client.force_login(factories.StaffFactory())
    flagged = client.get("/admin/challenges/application/?duplicate=yes")
    assert [a.pk for a in flagged.context["cl"].result_list] == [application.pk]
    page = client.get(f"/admin/challenges/application/{application.pk}/change/")
    assert page.status_code == 200
