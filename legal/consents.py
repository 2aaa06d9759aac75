"""The consents asked at sign-up under the Personal Information Protection Act (Art. 15, 22).

Each states purpose, items, retention and the right to refuse; the required and the optional
items are asked separately. Changing a text means a new NOTICE_VERSION: each ConsentRecord
keeps the notice version, the privacy policy version in force and the time.
"""

from django.utils.translation import gettext_lazy as _

from legal.models import ConsentItem

NOTICE_VERSION = "2026-12"

SIGNUP_NOTICES = {
    ConsentItem.SIGNUP_COLLECTION: {
        "title": _("Collection and use of personal information (required)"),
        "rows": [
            (
                _("Purpose"),
                _(
                    "Creating and running your account: signing in, confirming your email "
                    "address, telling you about your applications, bookings and registrations, "
                    "and answering your questions."
                ),
            ),
            (
                _("Items"),
                _("Email address, name, password (stored only as a hash), language and time zone."),
            ),
            (
                _("Retention"),
                _(
                    "Until you close your account, then destroyed within 30 days, except what a "
                    "law requires us to keep for longer (for example, records of grants)."
                ),
            ),
            (
                _("Right to refuse"),
                _(
                    "You may refuse. Without this consent we cannot create an account, but you "
                    "can still read the calls, events and partner pages."
                ),
            ),
        ],
        "label": _("I agree to the collection and use of personal information described above."),
    },
    ConsentItem.SIGNUP_NEWS: {
        "title": _("Programme news (optional)"),
        "rows": [
            (
                _("Purpose"),
                _("Sending news of new calls, seminars and symposia of the programme."),
            ),
            (_("Items"), _("Email address and name.")),
            (
                _("Retention"),
                _("Until you withdraw this consent or close your account."),
            ),
            (
                _("Right to refuse"),
                _(
                    "You may refuse; it changes nothing else. You can withdraw it at any time "
                    "by writing to the programme office."
                ),
            ),
        ],
        "label": _("Send me news of new calls and seminars."),
    },
}
