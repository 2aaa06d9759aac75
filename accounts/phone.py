"""A person's mobile number for KakaoTalk/SMS notifications: consent, one-time code, choice.

The number is given with its own consent (separate from the account's), proved by a code
sent by SMS through the outbox (notifications.outbox.queue_sms), and stored in E.164. Codes
expire after CODE_LIFETIME, allow CODE_ATTEMPTS guesses, and only their hash is kept. Sending
is rate-limited per number and per account, counting recent PhoneVerification rows.
"""

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import PhoneVerification, User
from core.audit import log_action
from core.exceptions import DomainError
from notifications.channels import kakao_configured
from notifications.outbox import queue_sms

CODE_LIFETIME = timedelta(minutes=5)
CODE_ATTEMPTS = 5
PER_NUMBER = (3, timedelta(hours=1))  # codes to one number
PER_ACCOUNT = (5, timedelta(days=1))  # codes asked for by one account
CONSENT_VERSION = "phone-2026-12"


class PhoneError(DomainError):
    pass


def normalize_korean_mobile(raw: str) -> str:
    """010-1234-5678, 01012345678, +82 10 1234 5678 -> +821012345678; else PhoneError."""
    digits = re.sub(r"[\s\-().]", "", raw or "")
    if digits.startswith("+82"):
        digits = "0" + digits[3:]
    elif digits.startswith("82") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not re.fullmatch(r"01[016789]\d{7,8}", digits):
        raise PhoneError(
            _("Enter a Korean mobile number, for example 010-1234-5678."), code="phone_invalid"
        )
    return "+82" + digits[1:]


def _hash(code: str, verification_user_id: int) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{verification_user_id}:{code}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def request_phone_code(user: User, *, phone: str, consent: bool, kakao_opt_in: bool) -> str:
    """Record the number (unverified) with its consent and send it a one-time code by SMS.

    Raises PhoneError without consent, for a number that is not a Korean mobile, when SMS is
    not configured, or past the limits per number and per account. Returns the E.164 number.
    Side effects: an SMS row in the outbox (sent after commit); an audit entry.
    """
    if not consent:
        raise PhoneError(
            _("Agree to the use of your number for notifications to continue."),
            code="phone_consent",
        )
    number = normalize_korean_mobile(phone)
    if not kakao_configured():
        raise PhoneError(_("Text messages are not available at the moment."), code="sms_off")
    user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    limit, window = PER_NUMBER
    if (
        PhoneVerification.objects.filter(phone=number, created_at__gte=now - window).count()
        >= limit
    ):
        raise PhoneError(
            _("Too many codes were sent to this number. Try again in an hour."),
            code="phone_rate_number",
        )
    limit, window = PER_ACCOUNT
    if PhoneVerification.objects.filter(user=user, created_at__gte=now - window).count() >= limit:
        raise PhoneError(
            _("You have asked for too many codes today. Try again tomorrow."),
            code="phone_rate_account",
        )
    code = f"{secrets.randbelow(10**6):06d}"
    verification = PhoneVerification.objects.create(
        user=user,
        phone=number,
        code_hash=_hash(code, user.pk),
        created_at=now,
        expires_at=now + CODE_LIFETIME,
    )
    user.phone, user.phone_verified_at, user.phone_consent_at = number, None, now
    user.kakao_opt_in = kakao_opt_in
    user.save(update_fields=["phone", "phone_verified_at", "phone_consent_at", "kakao_opt_in"])
    queue_sms(
        recipient=user,
        phone=number,
        text=_("[Seoul BioHub] Your verification code is %(code)s. It expires in 5 minutes.")
        % {"code": code},
        kind="accounts.phone_code",
        key=f"accounts.phone_code:{verification.pk}",
    )
    log_action(user, "accounts.user.phone_code_sent", actor=user, data={"consent": CONSENT_VERSION})
    return number


def confirm_phone_code(user: User, *, code: str) -> User:
    """Mark the number verified if `code` is the latest, unexpired, unused one sent to it.

    Each wrong guess is counted (and committed before the error is raised); after
    CODE_ATTEMPTS the code is dead. Raises PhoneError. Side effect: an audit entry.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        verification = (
            PhoneVerification.objects.filter(user=user, phone=user.phone, used_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        now = timezone.now()
        if verification is None or verification.expires_at <= now:
            raise PhoneError(_("This code has expired. Ask for a new one."), code="code_expired")
        if verification.attempts >= CODE_ATTEMPTS:
            raise PhoneError(_("Too many wrong codes. Ask for a new one."), code="code_attempts")
        right = hmac.compare_digest(verification.code_hash, _hash(code.strip(), user.pk))
        if right:
            verification.used_at = now
            verification.save(update_fields=["used_at"])
            user.phone_verified_at = now
            user.save(update_fields=["phone_verified_at"])
            log_action(user, "accounts.user.phone_verified", actor=user)
        else:
            verification.attempts += 1
            verification.save(update_fields=["attempts"])
    if not right:
        raise PhoneError(_("The code is not right."), code="code_wrong")
    return user


@transaction.atomic
def remove_phone(user: User) -> User:
    """Forget the number, its consent and the choice of KakaoTalk/SMS. Audit-logged."""
    user.phone, user.phone_verified_at, user.phone_consent_at = "", None, None
    user.kakao_opt_in = False
    user.save(update_fields=["phone", "phone_verified_at", "phone_consent_at", "kakao_opt_in"])
    log_action(user, "accounts.user.phone_removed", actor=user)
    return user
