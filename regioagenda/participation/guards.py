"""What every public contribution form of the process shares: a honeypot field against bots and
limits per account and per client address (in the shared cache, so all workers count together).

Forms mix in ``HoneypotMixin``; services call ``check_rate(...)`` inside the use case before
writing, so views, the API and commands are limited alike.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regioagenda.community.limits import count_hit

HONEYPOT_FIELD = "homepage"

# Contributions per kind and hour: (per account, per client address). Settings may override
# one kind with ``REGIOAGENDA_CONTRIBUTION_LIMITS = {"idea": (10, 30), …}``.
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "idea": (20, 60),
    "comment": (60, 180),
    "support": (600, 3000),
    "vote": (600, 3000),
    "registration": (30, 90),
    "survey": (20, 60),
    "report": (20, 60),
}


class HoneypotMixin(forms.Form):
    """A text field people never see (hidden by CSS and from assistive technology) that bots
    fill in; a filled one refuses the form."""

    homepage = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "tabindex": "-1", "class": "honeypot-input"}
        ),
    )

    def clean_homepage(self) -> str:
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise ValidationError(
                _("Das Formular wurde automatisch ausgefüllt und nicht gespeichert."),
                code="honeypot",
            )
        return ""


class RateLimited(ValidationError):
    """Refused: too many contributions of one kind within the hour."""


def _limits(kind: str) -> tuple[int, int]:
    custom = getattr(settings, "REGIOAGENDA_CONTRIBUTION_LIMITS", {}) or {}
    per_user, per_address = custom.get(kind, DEFAULT_LIMITS[kind])
    return int(per_user), int(per_address)


def check_rate(*, kind: str, user_id: int | None, address: str = "") -> None:
    """Count one contribution of ``kind`` by the account and the client address and raise
    ``RateLimited`` with a sentence when either is over its limit this hour. Addresses are kept
    only as a keyed hash. Staff writing for the agenda is not limited (the caller skips it)."""
    per_user, per_address = _limits(kind)
    over = count_hit(
        scope="rate",
        kind=kind,
        user_id=user_id,
        address=address,
        per_user=per_user,
        per_address=per_address,
    )
    if over == "account":
        raise RateLimited(
            _(
                "Sie haben in der letzten Stunde sehr viele Beiträge geschrieben. Bitte warten "
                "Sie etwas und versuchen Sie es dann noch einmal."
            ),
            code="rate_limited",
        )
    if over == "address":
        raise RateLimited(
            _(
                "Von Ihrem Netz kamen in der letzten Stunde sehr viele Beiträge. Bitte warten "
                "Sie etwas oder melden Sie sich mit einem eigenen Konto an."
            ),
            code="rate_limited",
        )
