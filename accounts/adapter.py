import time
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account import app_settings as allauth_account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications.outbox import queue_email

PROGRAMME = _("Seoul BioHub Open Innovation")


def on_site(url: str) -> str:
    """The same link on SITE_URL, whatever Host header the request that built it carried.

    allauth builds its links from the request; a Host allowed by ALLOWED_HOSTS but not the
    site's own (another port, another name) must not end up in a password-reset email.
    """
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails go through the outbox like every other email."""

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A sign-in a few minutes ago counts as recent authentication.

        allauth records every authentication of the session (password, two-factor, password
        reset), but counts only the records it flagged `reauthenticated`, which a sign-in
        never is: staff sent to turn on two-factor authentication right after signing in were
        asked for their password again. Any authentication of this person recorded in this
        session within ACCOUNT_REAUTHENTICATION_TIMEOUT is enough; older ones still ask.
        """
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = self.request
        if request is None or not request.user.is_authenticated:
            return True
        last = max(
            (record["at"] for record in get_authentication_records(request, request.user)),
            default=None,
        )
        return (
            last is None or time.time() - last >= allauth_account_settings.REAUTHENTICATION_TIMEOUT
        )

    def format_email_subject(self, subject: str) -> str:
        return f"[{gettext(PROGRAMME)}] {subject}"

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_site(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # The person: named by allauth (a new address being confirmed, a notice to the old one)
        # or found by the address.
        recipient = context.get("user") or User.objects.filter(email__iexact=email).first()
        ctx = {
            "request": self.request,
            "email": email,
            # Our templates name the programme and SITE_URL, never the request's host; this is
            # for any of allauth's own that still reads it.
            "current_site": SimpleNamespace(
                name=gettext(PROGRAMME), domain=urlsplit(settings.SITE_URL).netloc
            ),
            "site_url": settings.SITE_URL,
            "recipient_name": recipient.name if recipient else "",
            # Security notices offer a new password in case the change was not the person's.
            "password_reset_url": on_site(reverse("account_reset_password")),
        }
        ctx.update(context)
        for key, value in context.items():
            if key.endswith("_url") and isinstance(value, str):
                ctx[key] = on_site(value)  # signup_url, password_reset_url, activate_url, ...
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        queue_email(
            email=email,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            kind="account." + template_prefix.rsplit("/", 1)[-1],
            recipient=recipient,
        )

    def send_notification_mail(self, template_prefix, user, context=None, email=None) -> None:
        super().send_notification_mail(
            template_prefix, user, context={"user": user, **(context or {})}, email=email
        )

    def save_user(self, request, user, form, commit=True):
        # New accounts start in the language the person was browsing in.
        user.language = getattr(request, "LANGUAGE_CODE", None) or user.language
        return super().save_user(request, user, form, commit=commit)
