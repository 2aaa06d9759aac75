"""The reviewer's scorecard (/review/<id>/): scale with words and weights, a running total the
server agrees with, linked errors, a confirmation step before the lock, a locked review as
text."""

import re

import pytest

from challenges import services
from challenges.models import Review
from tests.challenges.test_review import all_scores, ready_assignment
from tests.quality.test_html_valid import problems_of

pytestmark = pytest.mark.django_db


def english(client, user):
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)


def criteria_of(assignment):
    return list(assignment.application.challenge.criteria.all())


def full_answers(assignment, value="4") -> dict:
    data = {"recommendation": "yes", "comment": "Solid."}
    for criterion in criteria_of(assignment):
        data[f"score_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = ""
    return data


def test_the_scale_shows_the_words_of_its_ends_and_each_weight(client):
    assignment = ready_assignment()
    client.force_login(assignment.reviewer)
    english(client, assignment.reviewer)
    page = client.get(f"/review/{assignment.pk}/").content.decode()
    assert page.count('class="scale-word">Weak<') == 6
    assert page.count('class="scale-word">Excellent<') == 6
    assert re.findall(r'data-weight="(\d+)"', page) == ["3", "2", "2", "2", "2", "1"]
    assert "js/scorecard.js" in page


def test_checking_saves_and_asks_for_confirmation_without_locking(client):
    assignment = ready_assignment()
    client.force_login(assignment.reviewer)
    english(client, assignment.reviewer)
    data = full_answers(assignment)
    first = criteria_of(assignment)[0]
    data[f"score_{first.pk}"] = "1"  # scientific merit, weight 3
    data["action"] = "check"
    response = client.post(f"/review/{assignment.pk}/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Check your review before you submit it" in page
    assert 'value="submit"' in page
    # (3×1 + 2×4 + 2×4 + 2×4 + 2×4 + 1×4) / 12 = 39 / 12
    assert "3.25/5" in page
    review = Review.objects.get()
    assert review.submitted_at is None
    assert review.scores.get(criterion=first).value == 1


def test_submitting_from_the_confirmation_locks_the_review(client):
    assignment = ready_assignment()
    client.force_login(assignment.reviewer)
    client.post(f"/review/{assignment.pk}/", {**full_answers(assignment), "action": "check"})
    response = client.post(f"/review/{assignment.pk}/", {"action": "submit"})
    assert response.url == "/review/"
    assert Review.objects.get().weighted_score == 4.0


def test_an_incomplete_review_is_refused_with_errors_linked_to_their_fields(client):
    assignment = ready_assignment()
    client.force_login(assignment.reviewer)
    english(client, assignment.reviewer)
    data = full_answers(assignment)
    innovation = criteria_of(assignment)[1]
    del data[f"score_{innovation.pk}"]
    data["recommendation"] = ""
    data["action"] = "check"
    response = client.post(f"/review/{assignment.pk}/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    links = re.findall(r'<li><a href="#([^"]+)">', page)
    assert links == [f"id_score_{innovation.pk}_0", "id_recommendation"]
    assert f'id="id_score_{innovation.pk}_0"' in page
    assert len(re.findall(r'<input type="radio"[^>]*value="4"[^>]*checked', page)) == 5  # kept
    assert not Review.objects.filter(submitted_at__isnull=False).exists()


def test_a_locked_review_reads_as_text(client):
    assignment = ready_assignment()
    scores = all_scores(assignment, 3)
    first = criteria_of(assignment)[0]
    scores[first.pk] = (3, "Thin in vivo data.")
    services.save_review(
        assignment, reviewer=assignment.reviewer, scores=scores, recommendation="maybe",
        comment="Promising.",
    )  # fmt: skip
    services.submit_review(assignment, reviewer=assignment.reviewer)
    client.force_login(assignment.reviewer)
    english(client, assignment.reviewer)
    page = client.get(f"/review/{assignment.pk}/").content.decode()
    assert 'type="radio"' not in page
    assert "<textarea" not in page
    assert re.search(r"Scientific merit .*?</dt>\s*<dd>3/5 — Thin in vivo data.</dd>", page, re.S)
    assert "3.00/5" in page


@pytest.mark.parametrize("step", ["form", "errors", "confirmation", "locked"])
def test_the_scorecard_pages_are_valid_html(client, step):
    assignment = ready_assignment()
    client.force_login(assignment.reviewer)
    url = f"/review/{assignment.pk}/"
    if step == "form":
        response = client.get(url)
    elif step == "errors":
        response = client.post(url, {"action": "check"})
    else:
        response = client.post(url, {**full_answers(assignment), "action": "check"})
        if step == "locked":
            client.post(url, {"action": "submit"})
            response = client.get(url)
    assert response.status_code == 200
    assert problems_of(response.content.decode()) == []
