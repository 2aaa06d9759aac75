"""The two consents an application records under the Personal Information Protection Act.

Each states purpose, items, retention and the right to refuse. Changing a text means a new
VERSION: applications keep the version and the time each person agreed.
"""

from django.utils.translation import gettext_lazy as _

VERSION = "2026-11"

COLLECTION = {
    "title": _("Consent to the collection and use of personal information (required)"),
    "rows": [
        (
            _("Purpose"),
            _(
                "Receiving and reviewing your application, contacting you about it, "
                "and running the programme (grants, coaching, events) if selected."
            ),
        ),
        (
            _("Items"),
            _(
                "Name, email address, phone number, position and career of the "
                "founders and team members named in the application; startup details."
            ),
        ),
        (
            _("Retention"),
            _(
                "Five years after the end of the challenge, then destroyed; "
                "sooner if you withdraw consent and no legal duty requires keeping it."
            ),
        ),
        (
            _("Right to refuse"),
            _("You may refuse. Without this consent the application cannot be received."),
        ),
    ],
    "label": _("I agree to the collection and use of personal information described above."),
}

THIRD_PARTY = {
    "title": _("Consent to provision of personal information to a third party (required)"),
    "rows": [
        (_("Recipient"), _("Bristol Myers Squibb (BMS) and its Korean affiliate")),
        (
            _("Purpose"),
            _(
                "Reviewing applications as a partner of the programme and, if you are "
                "selected, 1:1 coaching and partnering."
            ),
        ),
        (
            _("Items"),
            _("The application, its documents, and the founders' names and contact details."),
        ),
        (
            _("Retention by the recipient"),
            _("Until the end of the coaching programme, at most three years, then destroyed."),
        ),
        (
            _("Right to refuse"),
            _(
                "You may refuse. Without this consent BMS cannot review the "
                "application, so it cannot take part in the challenge."
            ),
        ),
    ],
    "label": _("I agree to the provision of personal information to BMS described above."),
}

REVIEW_TERMS_VERSION = "2026-11"

REVIEW_TERMS = [
    _("I will use the applications and their documents only to review them for this challenge."),
    _("I will not copy, share or keep the applications, documents or scores after the review."),
    _("I will not contact applicants about their application outside the programme."),
    _(
        "Before opening each application I will declare any conflict of interest: a personal, "
        "financial or professional tie with the startup or its founders, or a competing interest."
    ),
]

# Optional, asked in the application and, once, of applicants who applied before it existed
# (services.outcomes). Its own version: the two required texts above do not change.
OUTCOME_CONTACT_VERSION = "2026-12"

OUTCOME_CONTACT = {
    "title": _("Consent to be contacted about your outcomes (optional)"),
    "rows": [
        (
            _("Purpose"),
            _(
                "Short surveys 1, 3 and 5 years after the results, selected or not, so the "
                "programme can be judged by what happens to the companies that applied."
            ),
        ),
        (_("Items"), _("Name and email address of the founders; your answers.")),
        (
            _("Retention"),
            _("Until six years after the results; answers are reported only as totals."),
        ),
        (_("Right to refuse"), _("You may refuse; it changes nothing in your application.")),
    ],
    "label": _("The programme may send me outcome surveys for five years after the results."),
}
