from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site

from accounts.models import User
from notifications.services import queue_email


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails go through the outbox like every other email."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = self.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
        }
        ctx.update(context)
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
            recipient=User.objects.filter(email__iexact=email).first(),
        )

    def save_user(self, request, user, form, commit=True):
        # New accounts start in the language the person was browsing in.
        user.language = getattr(request, "LANGUAGE_CODE", None) or user.language
        return super().save_user(request, user, form, commit=commit)
