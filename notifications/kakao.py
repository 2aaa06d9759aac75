"""The provider adapter: KakaoTalk 알림톡 and SMS through SOLAPI's HTTP API.

Written on urllib against SOLAPI's documented API (POST /messages/v4/send-many/detail,
HMAC-SHA256 authorisation) rather than with the `solapi` SDK: the SDK fixes its base URL to
https://api.solapi.com and needs httpx, which the project does not ship. Settings come from
the environment (config/settings.py, KAKAO_*); KAKAO_API_URL points the adapter at a test
server.

What each outcome means to the outbox:
- the provider accepted the message: `Sent` (its id and type);
- KakaoTalk refused this message (template mismatch, not a friend of the channel, Kakao
  unreachable: an entry in failedMessageList): `KakaoRefused`, the caller falls back to SMS;
- rate limit (429), a server error (5xx) or a refused connection: `ProviderUnavailable`,
  nothing was accepted, the outbox retries later with backoff;
- anything else (a 4xx, an SMS refused): `ProviderRejected`, not retried.
"""

import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

SEND_PATH = "/messages/v4/send-many/detail"
ACCEPTED = "2000"  # SOLAPI: accepted for delivery


class ProviderError(Exception):
    pass


class ProviderUnavailable(ProviderError):
    """Nothing was accepted; safe to try again later."""


class ProviderRejected(ProviderError):
    """The provider refused the request; trying again will not help."""


class KakaoRefused(ProviderError):
    """KakaoTalk would not take this message; SMS may."""


@dataclass(frozen=True)
class Sent:
    message_id: str
    type: str


def authorization(*, now=None, salt=None) -> str:
    """SOLAPI's header: HMAC-SHA256 of date + salt with the API secret."""
    date = (now or timezone.now()).isoformat()
    salt = salt or secrets.token_hex(16)
    signature = hmac.new(
        settings.KAKAO_API_SECRET.encode(), (date + salt).encode(), hashlib.sha256
    ).hexdigest()
    return (
        f"HMAC-SHA256 apiKey={settings.KAKAO_API_KEY}, date={date}, salt={salt}, "
        f"signature={signature}"
    )


def _post(message: dict) -> dict:
    url = settings.KAKAO_API_URL.rstrip("/") + SEND_PATH
    if not url.startswith(("https://", "http://")):
        raise ProviderRejected(f"KAKAO_API_URL is not an HTTP URL: {url}")
    request = urllib.request.Request(  # noqa: S310 -- the scheme is checked above
        url,
        data=json.dumps({"messages": [message]}).encode(),
        headers={"Authorization": authorization(), "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(  # noqa: S310 -- the scheme is checked above
            request, timeout=settings.KAKAO_TIMEOUT_SECONDS
        ) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        if exc.code == 429 or exc.code >= 500:
            raise ProviderUnavailable(f"HTTP {exc.code}") from exc
        raise ProviderRejected(f"HTTP {exc.code}: {exc.read()[:300]!r}") from exc
    except urllib.error.URLError as exc:
        # No connection was made (refused, DNS): the provider never saw the message. A timeout
        # after sending is not caught here: its outcome is unknown (see deliver_message).
        if isinstance(exc.reason, ConnectionError | OSError) and not isinstance(
            exc.reason, TimeoutError
        ):
            raise ProviderUnavailable(f"unreachable: {exc.reason}") from exc
        raise


def _outcome(body: dict, refused: type[ProviderError]) -> Sent:
    failed = body.get("failedMessageList") or []
    if failed:
        entry = failed[0]
        raise refused(f"{entry.get('statusCode')}: {entry.get('statusMessage', '')}")
    sent = (body.get("messageList") or [{}])[0]
    if sent.get("statusCode", ACCEPTED) != ACCEPTED:
        raise refused(f"{sent.get('statusCode')}: {sent.get('statusMessage', '')}")
    return Sent(message_id=sent.get("messageId", ""), type=sent.get("type", ""))


def domestic(e164: str) -> str:
    """SOLAPI takes Korean numbers as dialled at home: +821012345678 -> 01012345678."""
    return "0" + e164[3:] if e164.startswith("+82") else e164.lstrip("+")


def send_alimtalk(*, to: str, template_id: str, variables: dict) -> Sent:
    """One 알림톡. The provider's own SMS fallback is off: we send ours, once, and count it."""
    try:
        body = _post(
            {
                "to": domestic(to),
                "from": settings.KAKAO_SENDER_NUMBER,
                "type": "ATA",
                "kakaoOptions": {
                    "pfId": settings.KAKAO_CHANNEL_ID,
                    "templateId": template_id,
                    "variables": variables,
                    "disableSms": True,
                },
            }
        )
    except ProviderRejected as exc:  # e.g. the template or its variables were refused
        raise KakaoRefused(str(exc)) from exc
    return _outcome(body, KakaoRefused)


def send_sms(*, to: str, text: str) -> Sent:
    """One SMS (LMS when longer than 90 bytes, which the provider decides by `autoTypeDetect`)."""
    body = _post(
        {
            "to": domestic(to),
            "from": settings.KAKAO_SENDER_NUMBER,
            "text": text,
            "autoTypeDetect": True,
        }
    )
    return _outcome(body, ProviderRejected)
