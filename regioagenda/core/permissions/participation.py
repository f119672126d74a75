"""Taking part in the participatory process: who may contribute (ideas, comments, supports,
points, registrations) and who is blocked."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regioagenda.accounts.models import AgendaBlock
from regioagenda.core.permissions.agendas import can_take_part
from regioagenda.core.permissions.reasons import Answer, Denied, says
from regioagenda.core.permissions.roles import AgendaLike, Person, signed_in

_BLOCKS_CACHE = "_regioagenda_agenda_blocks"
_VERIFIED_CACHE = "_regioagenda_email_verified"


def _blocks(user: Any) -> dict[Any, str]:
    """``{agenda_id: reason}`` of the user's blocks, loaded once per user object."""
    cache: dict[Any, str] | None = getattr(user, _BLOCKS_CACHE, None)
    if cache is None:
        cache = dict(AgendaBlock.objects.filter(user=user).values_list("agenda_id", "reason"))
        setattr(user, _BLOCKS_CACHE, cache)
    return cache


def forget_blocks(user: Person) -> None:
    """Drop the cached blocks, after a service changed them within the same request."""
    if hasattr(user, _BLOCKS_CACHE):
        delattr(user, _BLOCKS_CACHE)


def has_verified_email(user: Person) -> bool:
    """Whether the account's email address is confirmed (allauth), loaded once per user object."""
    person = signed_in(user)
    if person is None:
        return False
    verified: bool | None = getattr(person, _VERIFIED_CACHE, None)
    if verified is None:
        from allauth.account.models import EmailAddress

        verified = EmailAddress.objects.filter(user=person, verified=True).exists()
        setattr(person, _VERIFIED_CACHE, verified)
    return verified


def blocked_reason(user: Person, agenda: AgendaLike) -> str | None:
    """The reason the user is blocked in ``agenda``, None when not blocked (or anonymous)."""
    person = signed_in(user)
    return None if person is None else _blocks(person).get(agenda.pk)


def is_blocked(user: Person, agenda: AgendaLike) -> bool:
    person = signed_in(user)
    return person is not None and agenda.pk in _blocks(person)


@says(_("Beiträge schreiben angemeldete Personen mit bestätigter E-Mail-Adresse."))
def can_contribute(user: Person, agenda: AgendaLike) -> Answer:
    """Write an idea or comment, support, give points, register for an event, answer a survey
    with one's account: someone who may take part, has confirmed their email address and is not
    blocked in this agenda."""
    person = signed_in(user)
    if person is None:
        return Denied(gettext("Bitte melden Sie sich an, um mitzumachen."))
    if not can_take_part(person, agenda):
        return Denied(gettext("Diese Agenda ist nicht öffentlich; Sie sind kein Mitglied."))
    reason = _blocks(person).get(agenda.pk)
    if reason is not None:
        return Denied(
            gettext("Sie sind in dieser Agenda für Beiträge gesperrt. Grund: %(reason)s")
            % {"reason": reason}
        )
    if not has_verified_email(person):
        return Denied(
            gettext(
                "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse; den Link dazu haben wir Ihnen "
                "geschickt."
            )
        )
    return True
