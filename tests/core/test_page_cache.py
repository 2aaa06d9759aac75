"""core.page_cache: visitors' public pages are kept whole and served before the session is read,
per language and full path; an edit (through a service or the admin) shows on the next
request; nothing personal, nothing with a cookie, a CSRF token or a nonce is ever kept."""

import re

import pytest
from django import forms
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models.fields.files import FieldFile
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from challenges import services as challenge_services
from challenges.models import Challenge, ChallengeAttachment
from core import page_cache
from core.uploads import check_upload
from events import services as event_services
from events.models import Event
from partners.models import Partner
from tests.core import page_cache_urls
from tests.factories import (
    MINIMAL_PDF,
    ChallengeFactory,
    CompleteApplicationFactory,
    EventFactory,
    PartnerFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """One of each thing the public pages show."""
    return {
        "challenge": ChallengeFactory(title_en="Oncology call"),
        "event": EventFactory(title_en="Spring seminar"),
        "partner": PartnerFactory(name_en="Partner Pharma"),
    }


def public_paths(world) -> list[str]:
    return [
        "/",
        "/challenges/",
        f"/challenges/{world['challenge'].slug}/",
        "/events/",
        "/events/past/",
        f"/events/{world['event'].slug}/",
        "/events/calendar/",
        "/partners/",
        f"/partners/{world['partner'].slug}/",
    ]


def get(client, path, **kwargs):
    """The response and the number of database queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **kwargs)
    return response, len(queries)


def english(client) -> Client:
    client.cookies["biohub_language"] = "en"
    return client


def test_every_public_page_is_served_again_without_a_query(client, world):
    for path in public_paths(world):
        client.cookies["csrftoken"] = "a" * 32  # browsers keep one from an earlier form
        first, built = get(client, path)
        # The copy is chosen by language and path, whatever else the Cookie header holds.
        client.cookies["csrftoken"] = "b" * 32
        again, served = get(client, path)
        assert (first.status_code, again.status_code) == (200, 200), path
        assert built > 0, path
        assert served == 0, path
        assert again.content == first.content, path
        assert again["Content-Type"] == first["Content-Type"]
        assert again["Content-Language"] == first["Content-Language"]
        assert again["X-Frame-Options"] == "DENY"
        assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
        # A shared cache in front must still tell visitors' pages from signed-in people's.
        assert again["Vary"] == first["Vary"], path
        assert set(again["Vary"].split(", ")) == {"Cookie", "Accept-Language"}, path


def test_visitors_pages_hold_no_csrf_token_and_no_nonce_and_set_no_cookie(client, world):
    for path in public_paths(world):
        response = client.get(path)
        body = response.content.decode()
        assert "csrfmiddlewaretoken" not in body, path
        assert "csrf" not in body.lower(), path  # nor the htmx header carrying the token
        assert "nonce=" not in body, path
        assert "nonce-" not in response["Content-Security-Policy"], path
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert dict(response.cookies) == {}, path
        assert "Set-Cookie" not in response.headers, path
        assert "Cache-Control" not in response.headers, path


def test_the_language_switch_of_visitors_is_a_link_back_to_the_same_page(client, world):
    body = client.get("/events/?kind=seminar").content.decode()

    assert '<form class="d-flex align-items-center gap-1' not in body
    assert re.findall(r'<a href="(/language/\w+/\?next=[^"]*)"', body) == [
        "/language/ko/?next=/events/%3Fkind%3Dseminar",
        "/language/en/?next=/events/%3Fkind%3Dseminar",
    ]


def test_each_language_has_its_own_copy(client, world):
    korean, _ = get(client, "/events/")
    english(client)
    first, built = get(client, "/events/")
    again, served = get(client, "/events/")
    client.cookies["biohub_language"] = "ko"
    korean_again, korean_served = get(client, "/events/")

    assert '<html lang="ko">' in korean.content.decode()
    assert '<html lang="en">' in first.content.decode()
    assert (built > 0, served, korean_served) == (True, 0, 0)
    assert again.content == first.content
    assert korean_again.content == korean.content


def test_the_browsers_language_chooses_the_copy_like_the_site_does(world):
    by_browser = Client(headers={"Accept-Language": "en"})
    by_browser.get("/challenges/")
    response, served = get(by_browser, "/challenges/")
    assert (served, '<html lang="en">' in response.content.decode()) == (0, True)
    korean, _ = get(Client(), "/challenges/")
    assert '<html lang="ko">' in korean.content.decode()


def test_the_query_is_part_of_the_key(client, world):
    EventFactory(title_en="Networking evening", kind="networking")
    english(client)
    everything = client.get("/events/").content.decode()
    workshops, built = get(client, "/events/?kind=networking")

    assert built > 0
    assert ("Spring seminar" in everything, "Spring seminar" in workshops.content.decode()) == (
        True,
        False,
    )


def test_a_signed_in_person_never_gets_the_visitors_copy(client, world):
    client.get("/events/")
    person = UserFactory(name="Kim Min-ji")
    client.force_login(person)

    response, queries = get(client, "/events/")

    assert queries > 0
    assert "Kim Min-ji" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert get(client, "/events/")[1] > 0  # and their page is never kept either


def test_a_visitor_with_a_session_or_a_message_waiting_is_not_served_a_copy(client, world):
    client.get("/partners/")
    for cookie in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "something"
        assert get(visitor, "/partners/")[1] > 0, cookie


def test_head_is_served_from_the_copy(client, world):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        head = client.head("/")
    assert (head.status_code, len(queries)) == (200, 0)


def test_an_event_edited_through_the_service_shows_on_the_next_request(client, world):
    event = world["event"]
    english(client)
    client.get(f"/events/{event.slug}/")

    event_services.register(event, user=UserFactory())  # a seat is taken: an UPDATE, no signal
    event_services.cancel_event(event, actor=StaffFactory(), reason="Speaker ill")

    page = client.get(f"/events/{event.slug}/").content.decode()
    assert "This event has been cancelled." in page


def test_an_attachment_saved_through_the_call_service_shows_on_the_next_request(
    client, world, django_capture_on_commit_callbacks
):
    challenge = world["challenge"]
    english(client)
    client.get(f"/challenges/{challenge.slug}/")
    file = SimpleUploadedFile("call.pdf", MINIMAL_PDF, content_type="application/pdf")
    file.checked = check_upload(file)
    attachment = ChallengeAttachment(
        challenge=challenge, title_ko="공고문", title_en="The call in full"
    )

    with django_capture_on_commit_callbacks(execute=True):
        challenge_services.save_challenge_attachment(attachment, actor=None, uploaded_file=file)

    assert "The call in full" in client.get(f"/challenges/{challenge.slug}/").content.decode()
    challenge_services.remove_challenge_attachment(attachment, actor=None)
    assert "The call in full" not in client.get(f"/challenges/{challenge.slug}/").content.decode()


def test_seats_left_follow_registrations(client, world):
    event = world["event"]
    english(client)
    assert "On site: 10" in client.get(f"/events/{event.slug}/").content.decode()

    event_services.register(event, user=UserFactory())

    assert "On site: 9" in client.get(f"/events/{event.slug}/").content.decode()


def _admin_form_data(response) -> dict:
    """What the admin's change form would post back unchanged (inlines left out)."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False or isinstance(value, FieldFile):
            continue  # unset, unticked, or a file left as it is
        if isinstance(field, forms.SplitDateTimeField):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
            continue
        data[name] = [getattr(v, "pk", v) for v in value] if isinstance(value, list) else value
    for formset in response.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


@pytest.mark.parametrize(
    ("model", "url", "field", "new", "path"),
    [
        (Partner, "partners/partner", "name_en", "Renamed Pharma", "/partners/{slug}/"),
        (Challenge, "challenges/challenge", "title_en", "Renamed call", "/challenges/{slug}/"),
        (Event, "events/event", "title_en", "Renamed seminar", "/events/{slug}/"),
    ],
    ids=["partner", "challenge", "event"],
)
def test_an_edit_in_the_admin_shows_on_the_next_request(
    client, world, model, url, field, new, path
):
    thing = model.objects.get()
    visitor = english(Client())
    page = path.format(slug=thing.slug)
    visitor.get(page)
    visitor.get("/")
    staff = StaffFactory()
    client.force_login(staff)
    change = f"/admin/{url}/{thing.pk}/change/"
    data = _admin_form_data(client.get(change)) | {field: new}

    response = client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert new in visitor.get(page).content.decode()


def test_an_edit_through_a_model_save_or_a_delete_shows_on_the_next_request(client, world):
    english(client)
    client.get("/")
    partner = world["partner"]
    partner.name_en = "Saved elsewhere"
    partner.save()
    assert "Saved elsewhere" in client.get("/partners/").content.decode()
    partner.delete()
    assert "Saved elsewhere" not in client.get("/partners/").content.decode()


def test_a_submission_leaves_the_visitors_copies_alone(client, world):
    """The call's receipt counter is no public content: on a deadline day the visitors'
    pages stay kept while applications come in."""
    application = CompleteApplicationFactory(challenge=world["challenge"])
    paths = public_paths(world)
    for path in paths:
        get(client, path)
    challenge_services.submit_application(application, actor=None)
    for path in paths:
        assert get(client, path)[1] == 0, path


def test_a_lost_version_counter_never_brings_back_an_old_copy(client, world):
    english(client)
    client.get("/events/")
    cache.delete(page_cache._version_key(page_cache.PAGES))  # evicted
    Event.objects.update(title_en="Changed without a signal")

    assert "Changed without a signal" in client.get("/events/").content.decode()


def test_a_missing_page_is_not_kept(client, world):
    assert get(client, "/events/no-such-event/")[0].status_code == 404
    assert get(client, "/events/no-such-event/")[1] > 0


def test_only_marked_pages_are_kept(client, world):
    client.get("/privacy/")
    assert get(client, "/privacy/")[1] > 0


@pytest.fixture
def misbehaving(settings):
    settings.ROOT_URLCONF = "tests.core.page_cache_urls"
    page_cache_urls.calls.clear()
    return page_cache_urls.calls


@pytest.mark.parametrize("path", ["cookie", "csrf", "nonce"])
def test_a_response_that_sets_a_cookie_or_holds_a_token_is_not_kept(client, misbehaving, path):
    client.cookies["csrftoken"] = "b" * 32
    first = client.get(f"/test/{path}/")
    client.get(f"/test/{path}/")

    assert first.status_code == 200
    assert misbehaving[path] == 2


def test_post_is_never_served_nor_kept(client, misbehaving):
    client.get("/test/any/")
    posted = client.post("/test/any/")
    client.post("/test/any/")
    got = client.get("/test/any/")

    assert posted.content == b"answered POST #1"
    assert got.content == b"answered GET #1"
    assert (misbehaving["any:GET"], misbehaving["any:POST"]) == (1, 2)


def test_the_cache_can_be_switched_off(client, world, settings):
    settings.VISITOR_PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert get(client, "/")[1] > 0
