"""Which channels a notification kind may use, and the rules for KakaoTalk and SMS.

Email is always sent (legal and account mail go by email only). A kind listed in KINDS may
also go by KakaoTalk (알림톡) with SMS as the fallback, to a person who chose it and whose
phone number is verified. 알림톡 may carry informational messages only, from templates the
provider approved beforehand: each kind names its template, with the provider's template id
per language and the variables the template has; `template_variables` builds exactly those.
"""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    KAKAO = "kakao", _("KakaoTalk")
    SMS = "sms", _("SMS")


class Category(models.TextChoices):
    """Informational only: there is no category for advertising, on purpose."""

    REMINDER = "reminder", _("Reminders")
    CHANGE = "change", _("Session and booking changes")
    RESULT = "result", _("Results ready")
    APPEAL = "appeal", _("Appeal answers")


SEOUL = ZoneInfo("Asia/Seoul")
QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)

# The provider checks a message against its approved template; these texts are copies of
# what was approved (test_kakao checks that our variables are exactly the template's).
TEXT = {
    "ko": "[서울바이오허브] #{name}님께 알려 드립니다.\n\n#{subject}\n\n자세히 보기: #{url}",
    "en": "[Seoul BioHub] A message for #{name}.\n\n#{subject}\n\nDetails: #{url}",
}


@dataclass(frozen=True)
class KakaoTemplate:
    """One pre-approved 알림톡 template: its provider id and text per language."""

    category: str
    template_ids: dict  # language -> provider template id

    @property
    def time_critical(self) -> bool:
        """Changes go out at once; only reminders wait for the end of quiet hours."""
        return self.category != Category.REMINDER

    def text(self, language: str) -> str:
        return TEXT.get(language, TEXT["ko"])

    def template_id(self, language: str) -> str:
        return self.template_ids.get(language) or self.template_ids["ko"]

    def variables(self, language: str) -> set[str]:
        return set(re.findall(r"#\{[^}]+\}", self.text(language)))


def _template(category, slug):
    return KakaoTemplate(
        category=category, template_ids={"ko": f"SBH_{slug}_KO", "en": f"SBH_{slug}_EN"}
    )


# The kinds that may use KakaoTalk/SMS. Every other kind is email only.
KINDS: dict[str, KakaoTemplate] = {
    "mentoring.session_reminder": _template(Category.REMINDER, "REMINDER"),
    "partners.booking_reminder": _template(Category.REMINDER, "REMINDER"),
    "partners.consultation_reminder": _template(Category.REMINDER, "REMINDER"),
    "events.reminder": _template(Category.REMINDER, "REMINDER"),
    "mentoring.session_cancelled": _template(Category.CHANGE, "CHANGE"),
    "mentoring.session_rescheduled": _template(Category.CHANGE, "CHANGE"),
    "events.event_cancelled": _template(Category.CHANGE, "CHANGE"),
    "events.event_changed": _template(Category.CHANGE, "CHANGE"),
    "partners.booking_cancelled": _template(Category.CHANGE, "CHANGE"),
    "partners.consultation_cancelled": _template(Category.CHANGE, "CHANGE"),
    "challenges.result_selected": _template(Category.RESULT, "RESULT"),
    "challenges.result_not_selected": _template(Category.RESULT, "RESULT"),
    "challenges.result_ineligible": _template(Category.RESULT, "RESULT"),
    "challenges.appeal_decided": _template(Category.APPEAL, "APPEAL"),
}


def kakao_configured() -> bool:
    """All four settings are given (config/settings.py, from the environment)."""
    return all(
        (
            settings.KAKAO_API_KEY,
            settings.KAKAO_API_SECRET,
            settings.KAKAO_SENDER_NUMBER,
            settings.KAKAO_CHANNEL_ID,
        )
    )


def template_for(kind: str) -> KakaoTemplate | None:
    return KINDS.get(kind)


def template_variables(
    template: KakaoTemplate, *, language: str, name: str, subject: str, url: str
) -> dict:
    """The variables of one message; raises ValueError if they are not the template's own."""
    values = {"#{name}": name, "#{subject}": subject, "#{url}": url}
    if set(values) != template.variables(language):
        raise ValueError(
            f"variables {sorted(values)} do not match template {template.template_id(language)}"
        )
    return values


def fill(text: str, variables: dict) -> str:
    for name, value in variables.items():
        text = text.replace(name, value)
    return text


def release_time(kind: str, now: datetime) -> datetime:
    """When a KakaoTalk/SMS message of `kind` may go: now, or for a reminder written in
    quiet hours (21:00–08:00 Seoul), the next 08:00 Seoul."""
    template = template_for(kind)
    if template is None or template.time_critical:
        return now
    local = now.astimezone(SEOUL)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return now
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_UNTIL, tzinfo=SEOUL)
