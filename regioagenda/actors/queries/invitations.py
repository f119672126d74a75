"""Read paths of email invitations: by token, the open ones to an address, the pool person an
invitation may name. ``services/invitations.py`` writes; it asks these."""

import datetime
import hashlib

from django.db.models import Exists, OuterRef, QuerySet

from regioagenda.actors.models import BodyMember, Invitation, Person, PersonField
from regioagenda.actors.models.bodies import Body
from regioagenda.actors.queries.register import pool_people
from regioagenda.regions.models import Agenda

TOKEN_MAX_LENGTH = 200  # longer than any token we hand out; longer input is not looked up


def hash_token(token: str) -> str:
    """The stored form of a token: its SHA-256 (the token itself travels only in the email)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_hash_taken(token_hash: str) -> bool:
    return Invitation.objects.filter(token_hash=token_hash).exists()


def by_token(token: str, *, for_update: bool = False) -> Invitation | None:
    """The invitation behind ``token`` whatever its state, or None."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    queryset = Invitation.objects.select_related("agenda", "agenda__region", "body", "person")
    if for_update:
        # ``of``: PostgreSQL cannot lock the nullable sides of the joins to body and person.
        queryset = queryset.select_for_update(of=("self",))
    return queryset.filter(token_hash=hash_token(token)).first()


def pending(agenda: Agenda, email: str, now: datetime.datetime) -> QuerySet[Invitation]:
    """The agenda's invitations to ``email`` (any case) that can still be accepted at ``now``."""
    return Invitation.objects.filter(
        agenda=agenda,
        email__iexact=email,
        accepted__isnull=True,
        revoked__isnull=True,
        expires__gt=now,
    )


def pool_candidate(
    agenda: Agenda, person_id: str | int | None, field_key: str = ""
) -> Person | None:
    """The person ``person_id`` of the programme's expert pool (with expertise in
    ``field_key`` when given), as the coverage page suggested them; None when they are not (or
    no longer) in the pool or the id is not a number."""
    candidates = pool_people(agenda)
    if field_key:
        candidates = candidates.filter(
            Exists(PersonField.objects.filter(person=OuterRef("pk"), field_key=field_key))
        )
    if person_id is None:
        return None
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        return None
    return candidates.filter(pk=pk).first()


def in_register(agenda: Agenda, email: str) -> bool:
    """Whether a person of the agenda's register has ``email`` (any case, anonymised or not)."""
    return Person.objects.filter(agenda=agenda, email__iexact=email).exists()


def is_pool_address(agenda: Agenda, email: str) -> bool:
    """Whether ``email`` belongs to a pool person of another agenda and to nobody of this one
    (then the inviter found it as a suggestion and must not see it)."""
    if in_register(agenda, email):
        return False
    return pool_people(agenda).filter(email__iexact=email).exists()


def is_current_member(body: Body, person: Person, today: datetime.date) -> bool:
    """Whether ``person`` sits in ``body`` today (a membership not ended before today)."""
    return BodyMember.objects.filter(body=body, person=person).exclude(end__lt=today).exists()
