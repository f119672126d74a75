"""Limits per account and client address for what community accepts from the public (reports,
newsletter sign-ups), counted in the shared cache so all workers count together.
``count_hit`` is the one counting scheme, also behind ``participation.guards``."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

# Per hour: (per account, per client address). ``REGIOAGENDA_COMMUNITY_LIMITS`` overrides.
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "report": (20, 60),
    "newsletter": (5, 20),
}
WINDOW_SECONDS = 3600


class RateLimited(ValidationError):
    """Refused: too many of one kind within the hour."""


def _count(key: str) -> int:
    cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
    try:
        return int(cache.incr(key))
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 60)
        return 1


def count_hit(
    *, scope: str, kind: str, user_id: int | None, address: str, per_user: int, per_address: int
) -> str:
    """Count one contribution of ``kind`` by the account and the client address in this hour
    and say which limit it passed: "account", "address", or "" when within both. The one
    counting scheme of every limit on public contributions (``participation.guards`` uses it
    too); addresses are kept only as a keyed hash."""
    window = int(time.time() // WINDOW_SECONDS)
    if user_id is not None and _count(f"{scope}:{kind}:u{user_id}:{window}") > per_user:
        return "account"
    if address:
        hashed = salted_hmac(f"regioagenda.{scope}.rate", address).hexdigest()[:32]
        if _count(f"{scope}:{kind}:a{hashed}:{window}") > per_address:
            return "address"
    return ""


def check_rate(*, kind: str, user_id: int | None, address: str = "") -> None:
    custom = getattr(settings, "REGIOAGENDA_COMMUNITY_LIMITS", {}) or {}
    per_user, per_address = tuple(custom.get(kind, DEFAULT_LIMITS[kind]))
    over = count_hit(
        scope="community",
        kind=kind,
        user_id=user_id,
        address=address,
        per_user=per_user,
        per_address=per_address,
    )
    if over == "account":
        raise RateLimited(
            _("Das waren in der letzten Stunde sehr viele. Bitte versuchen Sie es später erneut."),
            code="rate_limited",
        )
    if over == "address":
        raise RateLimited(
            _(
                "Von Ihrem Netz kamen in der letzten Stunde sehr viele Anfragen. Bitte "
                "versuchen Sie es später erneut."
            ),
            code="rate_limited",
        )
