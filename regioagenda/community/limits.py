"""Limits per account and client address for what community accepts from the public (reports,
newsletter sign-ups), counted in the shared cache so all workers count together. The same
scheme as ``participation.guards``, which community may not import (it sits below it)."""

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


def check_rate(*, kind: str, user_id: int | None, address: str = "") -> None:
    custom = getattr(settings, "REGIOAGENDA_COMMUNITY_LIMITS", {}) or {}
    per_user, per_address = tuple(custom.get(kind, DEFAULT_LIMITS[kind]))
    window = int(time.time() // WINDOW_SECONDS)
    if user_id is not None and _count(f"community:{kind}:u{user_id}:{window}") > per_user:
        raise RateLimited(
            _("Das waren in der letzten Stunde sehr viele. Bitte versuchen Sie es später erneut."),
            code="rate_limited",
        )
    if address:
        hashed = salted_hmac("regioagenda.community.rate", address).hexdigest()[:32]
        if _count(f"community:{kind}:a{hashed}:{window}") > per_address:
            raise RateLimited(
                _(
                    "Von Ihrem Netz kamen in der letzten Stunde sehr viele Anfragen. Bitte "
                    "versuchen Sie es später erneut."
                ),
                code="rate_limited",
            )
