"""Every URL, every role, the expected status (DESIGN.md §5).

`test_every_url_pattern_has_a_row` walks the URL configuration: a new URL without a row here
fails the suite. Third-party URL trees (the admin, allauth) are covered by representative rows
under their prefix.
"""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from challenges import services
from challenges.models import AppealDocument, ChallengeAttachment
from challenges.services import appeals as appeal_services
from events import services as event_services
from legal.defaults import ensure_defaults
from mentoring.models import Session
from tests import factories
from tests.access_matrix_partners import PARTNER_ADMIN_ROWS, PARTNER_MATRIX, partner_world

ROLES = [
    "anonymous",
    "applicant",
    "other_applicant",
    "reviewer",
    "coach",
    "partner_rep",
    "staff",
    "staff_no_mfa",  # is_staff but two-factor authentication not set up: no staff rights
]
THIRD_PARTY_PREFIXES = ["admin/", "accounts/"]

# route -> list of (method, path, expected status per role in ROLES order)
# Paths are formatted with the objects of the `world` fixture: {startup}, {invitation},
# {notification} belong to "applicant".
MATRIX: dict[str, list[tuple[str, str, list[int]]]] = {
    "": [("GET", "/", [200, 200, 200, 200, 200, 200, 200, 200])],
    # A signed-in person's tasks; visitors are sent to sign in.
    "home/": [("GET", "/home/", [302, 200, 200, 200, 200, 200, 200, 200])],
    "health/": [("GET", "/health/", [200, 200, 200, 200, 200, 200, 200, 200])],
    # Legal pages and the office's contact (the footer's links): everyone, every published
    # version; a version that was never published is not found.
    **{
        route: [("GET", path, [200] * 8), ("POST", path, [405] * 8)]
        for kind in ["privacy", "terms", "accessibility", "contact"]
        for route, path in [(f"{kind}/", f"/{kind}/"), (f"{kind}/v/<int:number>/", f"/{kind}/v/1/")]
    }
    | {
        "privacy/v/<int:number>/": [
            ("GET", "/privacy/v/1/", [200] * 8),
            ("GET", "/privacy/v/99/", [404] * 8),
        ]
    },
    "language/": [
        ("GET", "/language/", [405, 405, 405, 405, 405, 405, 405, 405]),
        ("POST", "/language/", [302, 302, 302, 302, 302, 302, 302, 302]),
    ],
    # The visitors' language switch (a link): anyone may follow it; an unknown language: 404.
    "language/<slug:language>/": [
        ("GET", "/language/en/?next=/events/", [302] * 8),
        ("GET", "/language/fr/", [404] * 8),
        ("POST", "/language/en/", [405] * 8),
    ],
    "profile/": [("GET", "/profile/", [302, 200, 200, 200, 200, 200, 200, 200])],
    "profile/phone/": [("GET", "/profile/phone/", [302, 200, 200, 200, 200, 200, 200, 200])],
    "profile/phone/verify/": [
        ("GET", "/profile/phone/verify/", [302, 405, 405, 405, 405, 405, 405, 405]),
    ],
    "profile/phone/remove/": [
        ("GET", "/profile/phone/remove/", [302, 405, 405, 405, 405, 405, 405, 405]),
        ("POST", "/profile/phone/remove/", [302, 302, 302, 302, 302, 302, 302, 302]),
    ],
    "startups/": [("GET", "/startups/", [302, 200, 200, 200, 200, 200, 200, 200])],
    "startups/new/": [("GET", "/startups/new/", [302, 200, 200, 200, 200, 200, 200, 200])],
    "startups/<int:pk>/": [
        ("GET", "/startups/{startup}/", [302, 200, 404, 404, 404, 404, 200, 404]),
    ],
    "startups/<int:pk>/edit/": [
        ("GET", "/startups/{startup}/edit/", [302, 200, 404, 404, 404, 404, 200, 404]),
    ],
    "startups/<int:pk>/invite/": [
        ("GET", "/startups/{startup}/invite/", [302, 405, 405, 405, 405, 405, 405, 405]),
        ("POST", "/startups/{startup}/invite/", [302, 302, 404, 404, 404, 404, 404, 404]),
    ],
    "invitations/<str:token>/": [
        ("GET", "/invitations/{invitation}/", [200, 200, 200, 200, 200, 200, 200, 200]),
    ],
    "notifications/": [("GET", "/notifications/", [302, 200, 200, 200, 200, 200, 200, 200])],
    "notifications/<int:pk>/": [
        ("GET", "/notifications/{notification}/", [302, 200, 404, 404, 404, 404, 404, 404]),
    ],
    "notifications/<int:pk>/invitation.ics": [
        # The world's notification carries no invitation: 404 for its recipient too.
        (
            "GET",
            "/notifications/{notification}/invitation.ics",
            [302, 404, 404, 404, 404, 404, 404, 404],
        ),
    ],
    "notifications/read-all/": [
        ("GET", "/notifications/read-all/", [302, 405, 405, 405, 405, 405, 405, 405]),
        ("POST", "/notifications/read-all/", [302, 302, 302, 302, 302, 302, 302, 302]),
    ],
    # Challenges: public calls; applications are their startup's alone (staff use the admin).
    "challenges/": [("GET", "/challenges/", [200, 200, 200, 200, 200, 200, 200, 200])],
    "challenges/eligibility/": [
        ("GET", "/challenges/eligibility/?kind=company", [200, 200, 200, 200, 200, 200, 200, 200]),
    ],
    "challenges/<slug:slug>/": [
        ("GET", "/challenges/{challenge}/", [200, 200, 200, 200, 200, 200, 200, 200]),
    ],
    "challenges/<slug:slug>/apply/": [
        # applicant: continues its draft; other applicant: start page; no startup: create one
        ("GET", "/challenges/{challenge}/apply/", [302, 302, 200, 302, 302, 302, 302, 302]),
    ],
    "challenges/<slug:slug>/attachments/<int:pk>/": [
        # a published call's announcement and templates are public
        (
            "GET",
            "/challenges/{challenge}/attachments/{attachment}/",
            [200, 200, 200, 200, 200, 200, 200, 200],
        ),
    ],
    "applications/": [("GET", "/applications/", [302, 200, 200, 200, 200, 200, 200, 200])],
    "applications/<int:pk>/": [
        ("GET", "/applications/{application}/", [302, 200, 404, 404, 404, 404, 404, 404]),
    ],
    "applications/<int:pk>/steps/<slug:step>/": [
        (
            "GET",
            "/applications/{application}/steps/team/",
            [302, 200, 404, 404, 404, 404, 404, 404],
        ),
        (
            "GET",
            "/applications/{application}/steps/nope/",
            [302, 404, 404, 404, 404, 404, 404, 404],
        ),
        (
            "POST",
            "/applications/{application}/steps/fit/",
            [302, 302, 404, 404, 404, 404, 404, 404],
        ),
    ],
    "applications/<int:pk>/eligibility/": [
        (
            "GET",
            "/applications/{application}/eligibility/",
            [302, 200, 404, 404, 404, 404, 404, 404],
        ),
    ],
    "applications/<int:pk>/submit/": [
        ("GET", "/applications/{application}/submit/", [302, 405, 405, 405, 405, 405, 405, 405]),
        ("POST", "/applications/{application}/submit/", [302, 302, 404, 404, 404, 404, 404, 404]),
    ],
    "applications/<int:pk>/confirmation/": [
        (
            "GET",
            "/applications/{application}/confirmation/",
            [302, 302, 404, 404, 404, 404, 404, 404],
        ),
    ],
    "applications/<int:pk>/appeal/": [
        # a draft: the applicant sees why no appeal can be made; a POST is refused (redirect)
        ("GET", "/applications/{application}/appeal/", [302, 200, 404, 404, 404, 404, 404, 404]),
        ("POST", "/applications/{application}/appeal/", [302, 302, 404, 404, 404, 404, 404, 404]),
    ],
    "applications/<int:pk>/other-grants/": [
        (
            "GET",
            "/applications/{application}/other-grants/",
            [302, 200, 404, 404, 404, 404, 404, 404],
        ),
        # an empty POST shows the form again with its errors; nothing is declared
        (
            "POST",
            "/applications/{application}/other-grants/",
            [302, 200, 404, 404, 404, 404, 404, 404],
        ),
    ],
    "applications/<int:pk>/receipt.pdf": [
        # the startup's members and staff (with MFA); a draft has no receipt
        ("GET", "/applications/{submitted}/receipt.pdf", [302, 200, 404, 404, 404, 404, 200, 404]),
        (
            "GET",
            "/applications/{application}/receipt.pdf",
            [302, 404, 404, 404, 404, 404, 404, 404],
        ),
    ],
    "applications/<int:pk>/withdraw/": [
        ("POST", "/applications/{application}/withdraw/", [302, 302, 404, 404, 404, 404, 404, 404]),
    ],
    "applications/<int:pk>/documents/<int:document_pk>/": [
        # staff (with MFA) may read documents; downloads by staff are audit-logged
        (
            "GET",
            "/applications/{application}/documents/{document}/",
            [302, 200, 404, 404, 404, 404, 200, 404],
        ),
    ],
    "applications/<int:pk>/documents/<int:document_pk>/delete/": [
        (
            "POST",
            "/applications/{application}/documents/{document}/delete/",
            [302, 302, 404, 404, 404, 404, 404, 404],
        ),
    ],
    # Grants: milestone reports by the grantee; files for the startup and staff only.
    "applications/<int:pk>/tranches/<int:tranche_pk>/report/": [
        (
            "GET",
            "/applications/{application}/tranches/{tranche}/report/",
            [302, 200, 404, 404, 404, 404, 404, 404],
        ),
        # applicant: an empty POST shows the form again with its error; nothing changes
        (
            "POST",
            "/applications/{application}/tranches/{tranche}/report/",
            [302, 200, 404, 404, 404, 404, 404, 404],
        ),
    ],
    "applications/<int:pk>/tranches/<int:tranche_pk>/files/<int:file_pk>/": [
        (
            "GET",
            "/applications/{application}/tranches/{tranche}/files/{tranche_file}/",
            [302, 200, 404, 404, 404, 404, 200, 404],
        ),
        (
            "POST",
            "/applications/{application}/tranches/{tranche}/files/{tranche_file}/",
            [302, 405, 405, 405, 405, 405, 405, 405],
        ),
    ],
    # Grant reports (interim, final): the grantee submits; files for the startup and staff.
    "applications/<int:pk>/reports/<int:report_pk>/": [
        (
            "GET",
            "/applications/{application}/reports/{grant_report}/",
            [302, 200, 404, 404, 404, 404, 404, 404],
        ),
        # applicant: an empty POST shows the form again with its error; nothing changes
        (
            "POST",
            "/applications/{application}/reports/{grant_report}/",
            [302, 200, 404, 404, 404, 404, 404, 404],
        ),
    ],
    "applications/<int:pk>/reports/<int:report_pk>/files/<int:file_pk>/": [
        (
            "GET",
            "/applications/{application}/reports/{grant_report}/files/{grant_report_file}/",
            [302, 200, 404, 404, 404, 404, 200, 404],
        ),
        (
            "POST",
            "/applications/{application}/reports/{grant_report}/files/{grant_report_file}/",
            [302, 405, 405, 405, 405, 405, 405, 405],
        ),
    ],
    # Reviewers' portal: the reviewer pool only; an assignment is its reviewer's alone.
    "review/": [("GET", "/review/", [302, 403, 403, 200, 403, 403, 403, 403])],
    "review/<int:assignment_pk>/": [
        ("GET", "/review/{assignment}/", [302, 404, 404, 200, 404, 404, 404, 404]),
    ],
    # The appeals committee: the list for the reviewer pool and staff; one appeal for its
    # members (the world's reviewer sits on it) and, read only, programme staff.
    "review/appeals/": [("GET", "/review/appeals/", [302, 403, 403, 200, 403, 403, 200, 403])],
    "review/appeals/<int:pk>/": [
        ("GET", "/review/appeals/{appeal}/", [302, 404, 404, 200, 404, 404, 200, 404]),
        # the member's POST without a finding shows the form again with its error
        ("POST", "/review/appeals/{appeal}/", [302, 404, 404, 200, 404, 404, 403, 404]),
    ],
    "review/appeals/<int:pk>/documents/<int:document_pk>/": [
        (
            "GET",
            "/review/appeals/{appeal}/documents/{appeal_document}/",
            [302, 404, 404, 200, 404, 404, 200, 404],
        ),
    ],
    # Coaching: the dashboard for everyone signed in; availability for coaches; an
    # engagement's booking for its startup; a session for its startup, coach and staff.
    "mentoring/": [("GET", "/mentoring/", [302, 200, 200, 200, 200, 200, 200, 200])],
    "mentoring/availability/": [
        ("GET", "/mentoring/availability/", [302, 403, 403, 403, 200, 403, 403, 403]),
        ("POST", "/mentoring/availability/", [302, 403, 403, 403, 200, 403, 403, 403]),
    ],
    # An engagement's goals, progress and assessments: its startup, its coach, staff. The
    # world's engagement has not ended: an assessment is refused (back to the page); staff
    # assess for neither side.
    "mentoring/engagements/<int:pk>/": [
        ("GET", "/mentoring/engagements/{engagement}/", [302, 200, 404, 404, 200, 404, 200, 404]),
        ("POST", "/mentoring/engagements/{engagement}/", [302, 405, 405, 405, 405, 405, 405, 405]),
    ],
    "mentoring/engagements/<int:pk>/assessment/": [
        (
            "GET",
            "/mentoring/engagements/{engagement}/assessment/",
            [302, 405, 405, 405, 405, 405, 405, 405],
        ),
        (
            "POST",
            "/mentoring/engagements/{engagement}/assessment/",
            [302, 302, 404, 404, 302, 404, 403, 404],
        ),
    ],
    "mentoring/engagements/<int:pk>/book/": [
        (
            "GET",
            "/mentoring/engagements/{engagement}/book/",
            [302, 200, 404, 404, 404, 404, 404, 404],
        ),
        (
            "POST",
            "/mentoring/engagements/{engagement}/book/",
            [302, 200, 404, 404, 404, 404, 404, 404],
        ),
    ],
    "mentoring/sessions/<int:pk>/": [
        ("GET", "/mentoring/sessions/{session}/", [302, 200, 404, 404, 200, 404, 200, 404]),
        ("POST", "/mentoring/sessions/{session}/", [302, 405, 405, 405, 405, 405, 405, 405]),
    ],
    "mentoring/sessions/<int:pk>.ics": [
        ("GET", "/mentoring/sessions/{session}.ics", [302, 200, 404, 404, 200, 404, 200, 404]),
    ],
    "mentoring/sessions/<int:pk>/cancel/": [
        ("GET", "/mentoring/sessions/{session}/cancel/", [302, 200, 404, 404, 200, 404, 200, 404]),
        ("POST", "/mentoring/sessions/{session}/cancel/", [302, 200, 404, 404, 200, 404, 200, 404]),
    ],
    "mentoring/sessions/<int:pk>/reschedule/": [
        (
            "GET",
            "/mentoring/sessions/{session}/reschedule/",
            [302, 200, 404, 404, 200, 404, 200, 404],
        ),
        (
            "POST",
            "/mentoring/sessions/{session}/reschedule/",
            [302, 200, 404, 404, 200, 404, 200, 404],
        ),
    ],
    "mentoring/sessions/<int:pk>/notes/": [
        ("GET", "/mentoring/sessions/{session}/notes/", [302, 405, 405, 405, 405, 405, 405, 405]),
        ("POST", "/mentoring/sessions/{session}/notes/", [302, 302, 404, 404, 302, 404, 302, 404]),
    ],
    "mentoring/sessions/<int:pk>/outcome/": [
        ("GET", "/mentoring/sessions/{session}/outcome/", [302, 405, 405, 405, 405, 405, 405, 405]),
        (
            "POST",
            "/mentoring/sessions/{session}/outcome/",
            [302, 403, 404, 404, 302, 404, 302, 404],
        ),
    ],
    "mentoring/sessions/<int:pk>/feedback/": [
        (
            "GET",
            "/mentoring/sessions/{session}/feedback/",
            [302, 405, 405, 405, 405, 405, 405, 405],
        ),
        (
            "POST",
            "/mentoring/sessions/{session}/feedback/",
            [302, 302, 404, 404, 403, 404, 403, 404],
        ),
    ],
    # Seminars: public pages and feeds; drafts for staff only; check-in for staff.
    "events/": [("GET", "/events/", [200, 200, 200, 200, 200, 200, 200, 200])],
    "events/past/": [("GET", "/events/past/", [200, 200, 200, 200, 200, 200, 200, 200])],
    "events/calendar/": [
        ("GET", "/events/calendar/?month=2026-03", [200, 200, 200, 200, 200, 200, 200, 200]),
    ],
    "events/calendar.json": [
        (
            "GET",
            "/events/calendar.json?start=2026-03-01&end=2026-04-12",
            [200, 200, 200, 200, 200, 200, 200, 200],
        ),
        ("GET", "/events/calendar.json", [400, 400, 400, 400, 400, 400, 400, 400]),
    ],
    "events/calendar.ics": [
        ("GET", "/events/calendar.ics", [200, 200, 200, 200, 200, 200, 200, 200]),
    ],
    "events/<slug:slug>/": [
        ("GET", "/events/{event}/", [200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET", "/events/{draft_event}/", [404, 404, 404, 404, 404, 404, 200, 404]),
    ],
    "events/<slug:slug>/register/": [
        # applicant is registered already (redirected); others see the hybrid event's form
        ("GET", "/events/{event}/register/", [302, 302, 200, 200, 200, 200, 200, 200]),
        ("POST", "/events/{event}/register/", [302, 302, 200, 200, 200, 200, 200, 200]),
        ("GET", "/events/{draft_event}/register/", [302, 404, 404, 404, 404, 404, 302, 404]),
    ],
    "events/<slug:slug>/cancel/": [
        ("GET", "/events/{event}/cancel/", [302, 405, 405, 405, 405, 405, 405, 405]),
        ("POST", "/events/{event}/cancel/", [302, 302, 302, 302, 302, 302, 302, 302]),
    ],
    "events/<slug:slug>/event.ics": [
        ("GET", "/events/{event}/event.ics", [200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET", "/events/{draft_event}/event.ics", [404, 404, 404, 404, 404, 404, 200, 404]),
    ],
    # Nobody in the world was checked in: no certificate to download, none to verify
    # (tests/events/test_after_the_event.py covers the holder and a valid code).
    "events/<slug:slug>/certificate.pdf": [
        ("GET", "/events/{event}/certificate.pdf", [302, 404, 404, 404, 404, 404, 404, 404]),
    ],
    # A link nobody was sent: refused alike for everyone (tests/challenges/
    # test_outcome_surveys.py covers a real, reused and expired link).
    "surveys/<str:token>/": [
        ("GET", "/surveys/not-a-signed-token/", [403, 403, 403, 403, 403, 403, 403, 403]),
        ("POST", "/surveys/not-a-signed-token/", [403, 403, 403, 403, 403, 403, 403, 403]),
    ],
    "applications/<int:pk>/outcome-consent/": [
        (
            "GET",
            "/applications/{application}/outcome-consent/",
            [302, 200, 404, 404, 404, 404, 404, 404],
        ),
    ],
    "certificates/<str:code>/": [
        ("GET", "/certificates/ABCDEFGH2345/", [404, 404, 404, 404, 404, 404, 404, 404]),
    ],
    "events/<slug:slug>/checkin/": [
        ("GET", "/events/{event}/checkin/", [302, 404, 404, 404, 404, 404, 200, 404]),
        ("POST", "/events/{event}/checkin/", [302, 404, 404, 404, 404, 404, 200, 404]),
    ],
    # Funding partners' aggregates: staff and programme partners' people (tested in
    # tests/dashboard/test_views.py, as the matrix has no funder role); no one else.
    "funders/": [("GET", "/funders/", [302, 403, 403, 403, 403, 403, 200, 403])],
    "funders/report.pdf": [
        ("GET", "/funders/report.pdf", [302, 403, 403, 403, 403, 403, 200, 403])
    ],
    "funders/<slug:chart>.xlsx": [
        ("GET", "/funders/funnel.xlsx", [302, 403, 403, 403, 403, 403, 200, 403]),
    ],
    # Third-party trees, by prefix.
    "admin/": [
        ("GET", "/admin/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/login/", [302, 403, 403, 403, 403, 403, 302, 302]),
        ("GET", "/admin/challenges/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/accounts/startup/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/core/auditentry/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/notifications/notification/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/mentoring/coach/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/mentoring/engagement/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/mentoring/engagement/start/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/mentoring/session/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/mentoring/session/statistics/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/challenges/grant/budget/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/challenges/grantreport/", [302, 302, 302, 302, 302, 302, 200, 302]),
        (
            "GET",
            "/admin/challenges/grantreport/plan/{grant}/",
            [302, 302, 302, 302, 302, 302, 200, 302],
        ),
        ("GET", "/admin/events/event/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/dashboard/funnel.xlsx", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/dashboard/report.pdf", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/events/registration/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/accounts/privacyrequest/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/core/destructionlog/", [302, 302, 302, 302, 302, 302, 200, 302]),
        ("GET", "/admin/challenges/publicationjob/", [302, 302, 302, 302, 302, 302, 200, 302]),
        (
            "GET",
            "/admin/events/event/{event_pk}/attendance.csv",
            [302, 302, 302, 302, 302, 302, 200, 302],
        ),
    ],
    # Ours under allauth's prefix: the export asks a force-logged-in person to re-authenticate.
    "accounts/my-data/": [
        ("GET", "/accounts/my-data/", [302, 200, 200, 200, 200, 200, 200, 200]),
    ],
    "accounts/my-data/export.json": [
        ("GET", "/accounts/my-data/export.json", [302, 302, 302, 302, 302, 302, 302, 302]),
    ],
    "accounts/my-data/requests/": [
        ("GET", "/accounts/my-data/requests/", [302, 200, 200, 200, 200, 200, 200, 200]),
        ("POST", "/accounts/my-data/requests/", [302, 302, 302, 302, 302, 302, 302, 302]),
    ],
    "accounts/my-data/delete/": [
        ("GET", "/accounts/my-data/delete/", [302, 200, 200, 200, 200, 200, 200, 200]),
        ("POST", "/accounts/my-data/delete/", [302, 302, 302, 302, 302, 302, 302, 302]),
    ],
    "accounts/": [
        ("GET", "/accounts/login/", [200, 302, 302, 302, 302, 302, 302, 302]),
        ("GET", "/accounts/signup/", [200, 302, 302, 302, 302, 302, 302, 302]),
        ("GET", "/accounts/email/", [302, 200, 200, 200, 200, 200, 200, 200]),
        ("GET", "/accounts/password/change/", [302, 200, 200, 200, 200, 200, 200, 200]),
        ("GET", "/accounts/password/reset/", [200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET", "/accounts/2fa/", [302, 200, 200, 200, 200, 200, 200, 200]),
        ("GET", "/accounts/logout/", [302, 200, 200, 200, 200, 200, 200, 200]),
    ],
}


MATRIX.update(PARTNER_MATRIX)
MATRIX["admin/"] += PARTNER_ADMIN_ROWS


def _routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def test_every_url_pattern_has_a_row():
    missing = []
    for route in _routes(get_resolver().url_patterns):
        if any(route.startswith(prefix) for prefix in THIRD_PARTY_PREFIXES):
            continue
        if route not in MATRIX:
            missing.append(route)
    assert missing == [], f"URLs without a row in the access matrix: {missing}"


def test_every_row_is_a_real_url():
    routes = set(_routes(get_resolver().url_patterns))
    stale = [r for r in MATRIX if r not in routes and r not in THIRD_PARTY_PREFIXES]
    assert stale == []


@pytest.fixture
def world(db):
    # The legal pages' first versions come from a data migration, which a transactional test
    # before this one may have flushed away: put them back (idempotent).
    ensure_defaults()
    applicant = factories.UserFactory()
    startup = factories.StartupMembershipFactory(user=applicant).startup
    other = factories.UserFactory()
    factories.StartupMembershipFactory(user=other)
    invitation = factories.StartupInvitationFactory(startup=startup, invited_by=applicant)
    notification = factories.NotificationFactory(recipient=applicant)
    application = factories.CompleteApplicationFactory(startup=startup)
    document = application.documents.get()
    grant = factories.GrantFactory(application=application, active=True)  # agreement signed
    tranche = factories.TrancheFactory(grant=grant)
    tranche_file = factories.TrancheReportFileFactory(tranche=tranche)
    grant_report = factories.GrantReportFactory(grant=grant, tranche=tranche)
    grant_report_file = factories.GrantReportFileFactory(report=grant_report)
    users = {
        "anonymous": None,
        "applicant": applicant,
        "other_applicant": other,
        "reviewer": factories.ReviewerFactory(),
        "coach": factories.CoachFactory().user,
        "partner_rep": factories.PartnerMemberFactory().user,
        "staff": factories.StaffFactory(),
        "staff_no_mfa": factories.StaffFactory(mfa=False),
    }
    submitted = services.submit_application(
        factories.CompleteApplicationFactory(startup=startup), actor=applicant
    )
    attachment = ChallengeAttachment.objects.create(
        challenge=application.challenge,
        title_ko="공고문",
        title_en="Announcement",
        file=ContentFile(factories.MINIMAL_PDF, name="call.pdf"),
        original_name="call.pdf",
        content_type="application/pdf",
        size=len(factories.MINIMAL_PDF),
        sha256="0" * 64,
    )
    reviewed = factories.CompleteApplicationFactory(status="under_review")
    assignment = services.assign_reviewer(
        reviewed,
        reviewer=users["reviewer"],
        actor=None,
        due_at=timezone.now() + timedelta(days=7),
    )
    appeal = _appeal_with_committee(users["reviewer"])
    appeal_document = AppealDocument.objects.create(
        appeal=appeal,
        file=ContentFile(factories.MINIMAL_PDF, name="evidence.pdf"),
        original_name="evidence.pdf",
        content_type="application/pdf",
        size=len(factories.MINIMAL_PDF),
        sha256="0" * 64,
    )
    engagement = factories.EngagementFactory(coach=users["coach"].coach_profile, startup=startup)
    starts_at = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    session = Session.objects.create(
        engagement=engagement,
        coach=engagement.coach,
        startup=startup,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        blocked_until=starts_at + timedelta(hours=1, minutes=15),
        booked_by=applicant,
    )
    event = factories.EventFactory(hybrid=True)
    event_services.register(event, user=applicant, mode="onsite")
    draft_event = factories.EventFactory(status="draft")
    ids = {
        "event": event.slug,
        "event_pk": event.pk,
        "draft_event": draft_event.slug,
        "engagement": engagement.pk,
        "session": session.pk,
        "tranche": tranche.pk,
        "tranche_file": tranche_file.pk,
        "grant": grant.pk,
        "grant_report": grant_report.pk,
        "grant_report_file": grant_report_file.pk,
        "assignment": assignment.pk,
        "appeal": appeal.pk,
        "appeal_document": appeal_document.pk,
        "startup": startup.pk,
        "invitation": invitation.token,
        "notification": notification.pk,
        "challenge": application.challenge.slug,
        "application": application.pk,
        "submitted": submitted.pk,
        "attachment": attachment.pk,
        "document": document.pk,
        **partner_world(applicant=applicant, startup=startup, rep=users["partner_rep"]),
    }
    return users, ids


def _appeal_with_committee(member):
    """An appeal against another startup's not-selected application, `member` on its
    committee."""
    now = timezone.now()
    challenge = factories.ChallengeFactory(
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
        results_published_at=now - timedelta(days=1),
        appeal_window_days=7,
    )
    appealed = factories.ApplicationFactory(challenge=challenge, status="not_selected")
    founder = factories.StartupMembershipFactory(startup=appealed.startup).user
    appeal = appeal_services.open_appeal(
        appealed, actor=founder, contested="not_selected", grounds=["Unfair"]
    )
    return appeal_services.assign_appeal_committee(appeal, actor=None, members=[member])


CASES = [
    pytest.param(route, method, path, role, statuses[i], id=f"{method} {path} as {role}")
    for route, rows in MATRIX.items()
    for method, path, statuses in rows
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("route", "method", "path", "role", "expected"), CASES)
def test_access(client, world, route, method, path, role, expected):
    users, ids = world
    if users[role] is not None:
        client.force_login(users[role])
    url = path.format(**ids)
    data = {"email": "new.cofounder@example.kr", "language": "en", "next": "/"}
    response = client.post(url, data) if method == "POST" else client.get(url)
    assert response.status_code == expected


# --- the menu (config/navigation.py): every link shown answers 200 for whoever sees it -----

HEADER = re.compile(r'<header class="site-header">(.*?)</header>', re.S)
HREF = re.compile(r'href="([^"#][^"]*)"')

# The person's own work each role must find in the menu (the rest is the public programme).
OWN_LINKS = {
    "anonymous": {"/"},
    "applicant": {"/home/", "/applications/", "/mentoring/", "/startups/"},
    "other_applicant": {"/home/", "/applications/", "/mentoring/", "/startups/"},
    "reviewer": {"/home/", "/review/", "/review/appeals/"},
    "coach": {"/home/", "/mentoring/"},
    "partner_rep": {"/home/", "/partners/requests/"},
    "staff": {"/home/", "/admin/"},
    "staff_no_mfa": {"/home/"},
}
PUBLIC_LINKS = {"/challenges/", "/events/", "/partners/", "/partners/office/"}
ROLE_LINKS = {"/", "/home/", "/applications/", "/mentoring/", "/startups/", "/review/"}
ROLE_LINKS |= {"/review/appeals/"}
ROLE_LINKS |= {"/partners/requests/", "/admin/"}


def menu_links(client, role) -> list[str]:
    page = client.get("/home/" if role != "anonymous" else "/")
    assert page.status_code == 200
    return HREF.findall(HEADER.search(page.content.decode()).group(1))


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_answers_200_for_the_role_that_sees_it(client, world, role):
    users, _ids = world
    if users[role] is not None:
        client.force_login(users[role])
    links = sorted(set(menu_links(client, role)) - {"/static/favicon.svg"})
    # The visitors' language links set a cookie and come back to the page: followed.
    statuses = {
        link: client.get(link, follow=link.startswith("/language/")).status_code for link in links
    }
    assert {link: status for link, status in statuses.items() if status != 200} == {}
    assert set(links) & ROLE_LINKS == OWN_LINKS[role]
    assert set(links) >= PUBLIC_LINKS


MAIN = re.compile(r'<main id="main"[^>]*>(.*?)</main>', re.S)


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_every_link_of_the_home_answers_200_for_its_person(client, world, role):
    users, _ids = world
    client.force_login(users[role])
    home = client.get("/home/")
    assert home.status_code == 200
    body = MAIN.search(home.content.decode()).group(1)
    links = sorted({link for link in HREF.findall(body) if link.startswith("/")})
    statuses = {link: client.get(link).status_code for link in links}
    assert {link: status for link, status in statuses.items() if status != 200} == {}
