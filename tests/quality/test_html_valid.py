"""The pages are valid HTML: html5lib's parser in strict mode (every parse error of the HTML
standard is an error), no duplicate ids, every <label for> names an element that exists, no
attribute or role the W3C checker rejects."""

import re

import html5lib
import pytest
from html5lib.html5parser import ParseError

from tests.test_access_matrix import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

# (role, path) as in tests/test_access_matrix.py: public pages and the pages people fill in.
PAGES = [
    ("anonymous", "/"),
    ("anonymous", "/challenges/"),
    ("anonymous", "/challenges/{challenge}/"),
    ("anonymous", "/events/"),
    ("anonymous", "/events/past/"),
    ("anonymous", "/events/{event}/"),
    ("anonymous", "/events/calendar/"),
    ("anonymous", "/partners/"),
    ("anonymous", "/partners/{partner}/"),
    ("anonymous", "/partners/office/?view=week"),
    ("anonymous", "/accounts/login/"),
    ("anonymous", "/accounts/signup/"),
    ("anonymous", "/accounts/password/reset/"),
    ("anonymous", "/privacy/"),
    ("anonymous", "/privacy/v/1/"),
    ("anonymous", "/terms/"),
    ("anonymous", "/accessibility/"),
    ("anonymous", "/contact/"),
    ("applicant", "/profile/"),
    ("applicant", "/applications/"),
    ("applicant", "/applications/{application}/"),
    ("applicant", "/applications/{application}/steps/team/"),
    ("applicant", "/applications/{application}/steps/technology/"),
    ("applicant", "/applications/{application}/steps/documents/"),
    ("applicant", "/applications/{application}/steps/consents/"),
    ("applicant", "/applications/{application}/steps/support/"),
    ("applicant", "/applications/{submitted}/"),
    ("applicant", "/applications/{submitted}/confirmation/"),
    ("applicant", "/applications/{application}/reports/{grant_report}/"),
    ("other_applicant", "/challenges/{challenge}/apply/"),
    ("applicant", "/mentoring/"),
    ("applicant", "/mentoring/engagements/{engagement}/book/"),
    ("applicant", "/notifications/"),
    ("applicant", "/partners/{partner}/consult/"),
    ("applicant", "/partners/requests/{consultation}/"),
    ("applicant", "/partners/office/{room}/book/"),
    ("partner_rep", "/partners/requests/{consultation}/"),
    ("reviewer", "/review/"),
    ("reviewer", "/review/appeals/"),
    ("reviewer", "/review/appeals/{appeal}/"),
    ("staff", "/review/appeals/{appeal}/"),
    ("coach", "/mentoring/availability/"),
    # a signed-in person's home (the scorecard: tests/challenges/test_scorecard.py)
    ("applicant", "/home/"),
    ("reviewer", "/home/"),
    ("coach", "/home/"),
    ("partner_rep", "/home/"),
    ("staff", "/home/"),
]


def problems_of(html: str) -> list[str]:
    problems = []
    try:
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    except ParseError as error:
        problems.append(f"parse error: {error}")
    ids = re.findall(r'\sid="([^"]+)"', html)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    missing = sorted(set(re.findall(r'<label[^>]*\sfor="([^"]+)"', html)) - set(ids))
    if missing:
        problems.append(f"labels for missing ids: {missing}")
    # What the W3C (Nu) checker rejects and html5lib does not: attributes the standard does not
    # define (htmx reads the data-hx-* spelling) and roles a <form> may not take.
    if undefined := sorted(set(re.findall(r"<[^>]*?\s(hx-[a-z-]+)=", html))):
        problems.append(f"attributes not in the HTML standard: {undefined}")
    if forms := re.findall(r'<form[^>]*\srole="(?!search|none|presentation")[^"]*"', html):
        problems.append(f"<form> with a role it may not take: {forms}")
    return problems


@pytest.mark.parametrize("language", ["ko", "en"])
def test_pages_are_valid_html(client, world, language):  # noqa: F811
    users, ids = world
    found = {}
    for role, path in PAGES:
        client.logout()
        client.cookies["biohub_language"] = language
        if users[role] is not None:
            client.force_login(users[role])
        url = path.format(**ids)
        response = client.get(url)
        assert response.status_code == 200, url
        if problems := problems_of(response.content.decode()):
            found[f"{role} {url}"] = problems
    assert found == {}, "\n".join(f"{page}: {p}" for page, ps in found.items() for p in ps)
