"""The partnering office's rows of the access matrix (tests/test_access_matrix.py).

Roles in order: anonymous, applicant, other_applicant, reviewer, coach, partner_rep, staff,
staff_no_mfa. {consultation} is the applicant's startup's request to partner_rep's partner,
still awaiting an answer; {booking} is the applicant's confirmed booking of {room}.
"""

from django.core.files.base import ContentFile

from tests.factories import MINIMAL_PDF, PartnerFactory
from tests.partners.factories import (
    ConsultationRequestFactory,
    RoomBookingFactory,
    RoomFactory,
)

ANYONE = [200] * 8
SIGNED_IN = [302, 200, 200, 200, 200, 200, 200, 200]
# who sees the request: its startup's members, the partner's reps, staff with MFA
SEES_REQUEST = [302, 200, 404, 404, 404, 200, 200, 404]
SEES_BOOKING = [302, 200, 404, 404, 404, 404, 200, 404]
POST_ONLY = [302, 405, 405, 405, 405, 405, 405, 405]

PARTNER_MATRIX = {
    "partners/": [("GET", "/partners/", ANYONE)],
    "partners/office/": [("GET", "/partners/office/?view=week", ANYONE)],
    "partners/office/bookings/": [("GET", "/partners/office/bookings/", SIGNED_IN)],
    "partners/office/bookings/<int:pk>/": [
        ("GET", "/partners/office/bookings/{booking}/", SEES_BOOKING),
    ],
    "partners/office/bookings/<int:pk>/cancel/": [
        (
            "GET",
            "/partners/office/bookings/{booking}/cancel/",
            [302, 302, 404, 404, 404, 404, 302, 404],
        ),
        (
            "POST",
            "/partners/office/bookings/{booking}/cancel/",
            [302, 302, 404, 404, 404, 404, 302, 404],
        ),
    ],
    "partners/office/bookings/<int:pk>.ics": [
        ("GET", "/partners/office/bookings/{booking}.ics", SEES_BOOKING),
    ],
    "partners/office/<slug:room>/book/": [
        # startup members and partner reps may book this room; staff for the office
        ("GET", "/partners/office/{room}/book/", [302, 200, 200, 403, 403, 200, 200, 403]),
        ("POST", "/partners/office/{room}/book/", [302, 200, 200, 403, 403, 200, 200, 403]),
    ],
    "partners/requests/": [
        ("GET", "/partners/requests/", [302, 200, 200, 403, 403, 200, 403, 403]),
    ],
    "partners/requests/<int:pk>/": [
        ("GET", "/partners/requests/{consultation}/", SEES_REQUEST),
    ],
    "partners/requests/<int:pk>.ics": [
        # no meeting agreed yet: nothing to download for anyone
        ("GET", "/partners/requests/{consultation}.ics", [302, 404, 404, 404, 404, 404, 404, 404]),
    ],
    "partners/requests/<int:pk>/deck/": [
        ("GET", "/partners/requests/{consultation}/deck/", SEES_REQUEST),
    ],
    # Answers: the rep accepts, proposes, declines; the startup accepts a proposal, offers
    # times, withdraws; either cancels or records an outcome. An empty form is shown again (200).
    "partners/requests/<int:pk>/accept/": [
        ("GET", "/partners/requests/{consultation}/accept/", POST_ONLY),
        (
            "POST",
            "/partners/requests/{consultation}/accept/",
            [302, 200, 404, 404, 404, 200, 403, 404],
        ),
    ],
    "partners/requests/<int:pk>/propose/": [
        (
            "POST",
            "/partners/requests/{consultation}/propose/",
            [302, 403, 404, 404, 404, 200, 403, 404],
        ),
    ],
    "partners/requests/<int:pk>/decline/": [
        (
            "POST",
            "/partners/requests/{consultation}/decline/",
            [302, 403, 404, 404, 404, 200, 403, 404],
        ),
    ],
    "partners/requests/<int:pk>/times/": [
        (
            "POST",
            "/partners/requests/{consultation}/times/",
            [302, 200, 404, 404, 404, 403, 403, 404],
        ),
    ],
    "partners/requests/<int:pk>/withdraw/": [
        (
            "POST",
            "/partners/requests/{consultation}/withdraw/",
            [302, 302, 404, 404, 404, 403, 403, 404],
        ),
    ],
    "partners/requests/<int:pk>/cancel/": [
        (
            "POST",
            "/partners/requests/{consultation}/cancel/",
            [302, 200, 404, 404, 404, 200, 403, 404],
        ),
    ],
    "partners/requests/<int:pk>/outcome/": [
        (
            "POST",
            "/partners/requests/{consultation}/outcome/",
            [302, 200, 404, 404, 404, 200, 403, 404],
        ),
    ],
    "partners/<slug:slug>/": [
        ("GET", "/partners/{partner}/", ANYONE),
        ("GET", "/partners/{draft_partner}/", [404, 404, 404, 404, 404, 404, 200, 404]),
    ],
    "partners/<slug:slug>/consult/": [
        ("GET", "/partners/{partner}/consult/", [302, 200, 200, 403, 403, 403, 403, 403]),
        ("POST", "/partners/{partner}/consult/", [302, 200, 200, 403, 403, 403, 403, 403]),
    ],
}

PARTNER_ADMIN_ROWS = [
    ("GET", "/admin/partners/partner/", [302, 302, 302, 302, 302, 302, 200, 302]),
    ("GET", "/admin/partners/room/", [302, 302, 302, 302, 302, 302, 200, 302]),
    ("GET", "/admin/partners/roombooking/", [302, 302, 302, 302, 302, 302, 200, 302]),
    ("GET", "/admin/partners/consultationrequest/", [302, 302, 302, 302, 302, 302, 200, 302]),
    ("GET", "/admin/partners/consultationoutcome/", [302, 302, 302, 302, 302, 302, 200, 302]),
    ("GET", "/admin/partners/partner/summary/", [302, 302, 302, 302, 302, 302, 200, 302]),
    ("GET", "/admin/partners/closeddate/holidays/", [302, 302, 302, 302, 302, 302, 200, 302]),
]


def partner_world(*, applicant, startup, rep) -> dict:
    """The objects the rows above name, for the matrix's world fixture."""
    partner = rep.partner_memberships.get().partner
    room = RoomFactory()
    booking = RoomBookingFactory(room=room, booked_by=applicant, startup=startup)
    consultation = ConsultationRequestFactory(
        partner=partner, startup=startup, requested_by=applicant, deck_name="deck.pdf"
    )
    consultation.deck.save("deck.pdf", ContentFile(MINIMAL_PDF))
    return {
        "partner": partner.slug,
        "draft_partner": PartnerFactory(is_published=False).slug,
        "room": room.slug,
        "booking": booking.pk,
        "consultation": consultation.pk,
    }
