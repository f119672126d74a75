"""Creating forms submit once: one helper for every app.

A form that creates something without a natural uniqueness (a forum thread, a post, a round, a
body, an activity) carries a one-time token: ``{% once_token %}`` (``core.templatetags.shell``)
renders a hidden input ``once`` with a fresh random value each time the form is rendered, so
every htmx-swapped form gets its own. The creating service calls ``claim`` with it **inside**
the transaction that creates the object, and ``Claim.done(obj)`` once the object exists:

    with transaction.atomic():
        claimed = once.claim(token, user=actor, kind="actors.thread")
        thread = Thread.objects.create(...)
        claimed.done(thread)

``claim`` stores a hash of the token under a unique constraint. The second identical submission
(a double click, a resent request, eight parallel ones) finds it used and gets
``AlreadySubmitted`` naming what the first one created — the view sends the user there with a
sentence; on PostgreSQL a parallel second insert waits for the first transaction and then fails
the same way. A creation that fails rolls the claim back with it, so the corrected form can be
sent again. A submission without a token (an older page, a script) is not checked.
"""

import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regioagenda.core.models import SubmissionToken

FIELD = "once"  # the name of the hidden input
KEEP = datetime.timedelta(days=2)  # how long a used token is remembered
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AlreadySubmitted(Exception):
    """This form was sent before; ``object_id`` is what that submission created (None when it is
    not known, e.g. it was another user's)."""

    def __init__(self, kind: str, object_id: str | None):
        super().__init__(kind, object_id)
        self.kind = kind
        self.object_id = object_id

    def message(self) -> str:
        if self.object_id:
            return _(
                "Dieses Formular wurde bereits abgeschickt; es wurde nichts doppelt angelegt. "
                "Sie sehen das Ergebnis der ersten Übermittlung."
            )
        return _(
            "Dieses Formular wurde bereits abgeschickt; es wurde nichts doppelt angelegt. "
            "Bitte laden Sie die Seite neu, wenn Sie noch etwas anlegen möchten."
        )


@dataclass
class Claim:
    """A claimed token (or none, when the form had no token); ``done`` records the result."""

    record: SubmissionToken | None = None

    def done(self, obj: models.Model) -> None:
        if self.record is not None:
            self.record.object_id = str(obj.pk)
            self.record.save(update_fields=["object_id"])


def token_from(data: object) -> str:
    """The token posted with a form (``request.POST``), "" when there is none."""
    get = getattr(data, "get", None)
    return str(get(FIELD) or "").strip() if get is not None else ""


def claim(token: str, *, user: AbstractBaseUser | AnonymousUser | None, kind: str) -> Claim:
    """Use ``token`` for creating a ``kind``; raise ``AlreadySubmitted`` when it was used.

    Call it inside the creating transaction (it refuses to run outside one). An empty token is
    not checked; one that is not a token of ours is refused with a ``ValidationError``."""
    if not token:
        return Claim()
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("once.claim must run inside the transaction that creates the object.")
    if not _TOKEN.fullmatch(token):
        raise ValidationError(
            _(
                "Das Formular ist beschädigt. Bitte laden Sie die Seite neu und senden Sie es erneut."
            )
        )
    person_id = user.pk if isinstance(user, AbstractBaseUser) and user.is_authenticated else None
    key = _hash(token)
    try:
        with transaction.atomic():
            record = SubmissionToken.objects.create(key=key, kind=kind, user_id=person_id)
    except IntegrityError:
        used = SubmissionToken.objects.filter(key=key).first()
        mine = used is not None and used.kind == kind and used.user_id == person_id
        raise AlreadySubmitted(kind, used.object_id if mine and used else None) from None
    SubmissionToken.objects.filter(created__lt=timezone.now() - KEEP).delete()
    return Claim(record)
