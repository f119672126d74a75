"""Keeping a checked import between its preview and its confirmation: one helper for every app.

An import reads and checks an upload, shows the preview and stages what it needs to confirm it
(the file's bytes and/or a JSON plan) with ``stage``; the page carries the returned token in the
confirm form. ``fetch`` gives it back, ``consume`` gives it back and removes it inside the
import's transaction (so a second confirmation finds nothing, and a failed import keeps it),
``discard`` forgets it on cancel. A token is good only for the same user, agenda and kind, only
while fresh (``MAX_AGE``) and only until a newer preview of the same import replaces it; every
other case is refused with a ``ValidationError`` that says why and that nothing was imported.

Staged imports live in the database (``core.StagedImport``), so any web worker can confirm what
another previewed; only a SHA-256 hash of the token is stored. Entries older than ``KEEP`` are
deleted whenever something is staged; the payload of expired ones is cleared sooner.
"""

import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regioagenda.core.models import StagedImport

MAX_AGE = datetime.timedelta(hours=2)
# Expired entries are kept (without their payload) a while longer to say "expired", not "gone".
KEEP = datetime.timedelta(days=1)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


@dataclass(frozen=True)
class Staged:
    """A staged import as given back: the token that names it, what was staged, and when."""

    token: str
    payload: bytes
    data: dict
    created: datetime.datetime


def stage(
    *,
    actor: AbstractBaseUser,
    agenda_id: int,
    kind: str,
    payload: bytes = b"",
    data: dict | None = None,
) -> str:
    """Keep a checked import for ``actor`` in the agenda; returns the token for the confirm form.

    A newer preview of the same import (user, agenda, kind) replaces the older one: its token
    is refused from then on as "nicht mehr aktuell".
    """
    remove_stale()
    return _store(actor, agenda_id, kind, bytes(payload), data or {}, timezone.now())


def fetch(*, actor: AbstractBaseUser, agenda_id: int, kind: str, token: str | None) -> Staged:
    """The staged import named by ``token``, or a ValidationError saying why it is refused."""
    entry = _check(_find(token), actor, agenda_id, kind)
    assert token is not None  # _find finds nothing without a token
    return _staged(entry, token)


def consume(*, actor: AbstractBaseUser, agenda_id: int, kind: str, token: str | None) -> Staged:
    """Like ``fetch``, and removes the import's staged entries; call it inside the transaction
    that writes the import, so a failed import rolls the removal back and a concurrent second
    confirmation waits and then finds nothing."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("staging.consume() must run inside transaction.atomic().")
    entry = _check(_find(token, lock=True), actor, agenda_id, kind)
    assert token is not None  # _find finds nothing without a token
    staged = _staged(entry, token)
    _owned(actor, agenda_id, kind).delete()
    return staged


def reissue(*, actor: AbstractBaseUser, agenda_id: int, kind: str) -> Staged | None:
    """The user's current (fresh, not replaced) staged import under a new token, or None.

    For a page that refused an older token and shows the current preview instead: only a hash
    of the current token is stored, so the page gets a new one; the old one counts as replaced.
    """
    entry = (
        _owned(actor, agenda_id, kind)
        .filter(replaced=False, created__gte=timezone.now() - MAX_AGE)
        .order_by("-created", "-pk")
        .first()
    )
    if entry is None:
        return None
    payload = bytes(entry.payload)
    token = _store(actor, agenda_id, kind, payload, entry.data, entry.created)
    return Staged(token=token, payload=payload, data=entry.data, created=entry.created)


def discard(*, actor: AbstractBaseUser, agenda_id: int, kind: str) -> None:
    """Forget the user's staged import of this kind in the agenda (on cancel or when it can no
    longer be confirmed)."""
    _owned(actor, agenda_id, kind).delete()


def remove_stale(now: datetime.datetime | None = None) -> int:
    """Delete entries older than ``KEEP`` and clear the payload of expired ones; returns how
    many were deleted."""
    now = now or timezone.now()
    deleted, _by_model = StagedImport.objects.filter(created__lt=now - KEEP).delete()
    StagedImport.objects.filter(created__lt=now - MAX_AGE).update(payload=b"", data={})
    return deleted


# Internals ----------------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _owned(actor: AbstractBaseUser, agenda_id: int, kind: str) -> QuerySet[StagedImport]:
    return StagedImport.objects.filter(user_id=actor.pk, agenda_id=agenda_id, kind=kind)


def _store(
    actor: AbstractBaseUser,
    agenda_id: int,
    kind: str,
    payload: bytes,
    data: dict,
    created: datetime.datetime,
) -> str:
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # Older previews of the same import keep only their hash, to be refused by name.
        _owned(actor, agenda_id, kind).filter(replaced=False).update(
            replaced=True, payload=b"", data={}
        )
        StagedImport.objects.create(
            user_id=actor.pk,
            agenda_id=agenda_id,
            kind=kind,
            token_hash=_hash(token),
            payload=payload,
            data=data,
            created=created,
        )
    return token


def _find(token: object, lock: bool = False) -> StagedImport | None:
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    entries = StagedImport.objects.filter(token_hash=_hash(token))
    if lock:
        entries = entries.select_for_update()
    return entries.first()


def _check(
    entry: StagedImport | None, actor: AbstractBaseUser, agenda_id: int, kind: str
) -> StagedImport:
    if entry is None:
        raise ValidationError(
            _(
                "Es liegt keine geprüfte Datei vor (oder sie ist nicht mehr gespeichert). Bitte "
                "laden Sie die Datei noch einmal hoch; es wurde nichts importiert."
            ),
            code="gone",
        )
    if entry.agenda_id != agenda_id:
        raise ValidationError(
            _("Diese Vorschau gehört zu einer anderen Agenda; hier wurde nichts importiert."),
            code="other_agenda",
        )
    if entry.user_id != actor.pk:
        raise ValidationError(
            _("Diese Vorschau hat eine andere Person erstellt; es wurde nichts importiert."),
            code="other_user",
        )
    if entry.kind != kind:
        raise ValidationError(
            _("Diese Vorschau gehört zu einem anderen Import; hier wurde nichts importiert."),
            code="other_kind",
        )
    if entry.replaced:
        raise ValidationError(
            _(
                "Diese Vorschau ist nicht mehr aktuell: inzwischen wurde eine andere Datei "
                "geprüft. Bitte bestätigen Sie die neueste Vorschau; es wurde nichts importiert."
            ),
            code="replaced",
        )
    if timezone.now() - entry.created > MAX_AGE:
        hours = int(MAX_AGE.total_seconds() // 3600)
        raise ValidationError(
            ngettext(
                "Die Vorschau ist abgelaufen (älter als %(hours)d Stunde). Bitte laden Sie die "
                "Datei noch einmal hoch; es wurde nichts importiert.",
                "Die Vorschau ist abgelaufen (älter als %(hours)d Stunden). Bitte laden Sie die "
                "Datei noch einmal hoch; es wurde nichts importiert.",
                hours,
            )
            % {"hours": hours},
            code="expired",
        )
    return entry


def _staged(entry: StagedImport, token: str) -> Staged:
    return Staged(token=token, payload=bytes(entry.payload), data=entry.data, created=entry.created)
