"""How community's emails look: plain text, one recipient each, a link to the settings and a
one-click unsubscribe (RFC 8058: ``List-Unsubscribe`` with an https address that takes a POST
without login, and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.urls import reverse

UNSUBSCRIBE_SALT = "regioagenda.community.unsubscribe"
ALL_KINDS = "*"


def base_url() -> str:
    return (settings.SITE_URL or "http://localhost:8000").rstrip("/")


def absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{base_url()}{url if url.startswith('/') else '/' + url}"


def notification_token(user_id: int, kind: str) -> str:
    """Signed: stop ``kind`` (or ``ALL_KINDS``) for this person. It does not expire: an old
    email's link must still work."""
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT)


def newsletter_token(subscription_id: int) -> str:
    return signing.dumps({"n": subscription_id}, salt=UNSUBSCRIBE_SALT)


def read_token(token: str) -> dict[str, object]:
    """The payload of an unsubscribe token; ``signing.BadSignature`` when forged or altered."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict) or not ({"u", "k"} <= payload.keys() or "n" in payload):
        raise signing.BadSignature("unexpected payload")
    return payload


def unsubscribe_url(token: str) -> str:
    return absolute(reverse("community:unsubscribe", args=[token]))


def message(*, to: str, subject: str, body: str, unsubscribe_token: str) -> EmailMessage:
    """One email with the unsubscribe headers; ``body`` already carries the footer."""
    link = unsubscribe_url(unsubscribe_token)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    return EmailMessage(
        subject=f"{prefix}{' '.join(subject.split())}"[:250],
        body=body,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
