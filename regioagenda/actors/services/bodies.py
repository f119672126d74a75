"""Write paths of the agenda's bodies: create, edit and delete bodies; add, change, end and
remove their members.

Every service takes the acting user and plain arguments, checks ``can_manage_bodies``, validates
and raises ``ValidationError`` keyed by form field with a German sentence; nothing is written
when it raises.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.actors.fields import active_fields
from regioagenda.actors.models import Body, BodyKind, BodyMember, BodyRole, Person
from regioagenda.core import permissions
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda

# Bodies ----------------------------------------------------------------------------------------


def _clean_body(
    agenda: Agenda,
    kind: str,
    name: str,
    field_key: str,
    description: str,
    *,
    instance: Body | None = None,
) -> tuple[str, str, str, str]:
    """Return the cleaned values or raise one ValidationError naming every problem."""
    errors: dict[str, str] = {}
    kind = (kind or "").strip()
    name = (name or "").strip()
    field_key = (field_key or "").strip()
    description = (description or "").strip()
    if kind not in BodyKind.values:
        errors["kind"] = _("„%(kind)s“ ist keine Art von Gremium. Erlaubt sind: %(allowed)s.") % {
            "kind": kind or _("(leer)"),
            "allowed": ", ".join(str(label) for label in BodyKind.labels),
        }
    if not name:
        errors["name"] = _("Bitte geben Sie dem Gremium einen Namen.")
    elif len(name) > 200:
        errors["name"] = _("Der Name darf höchstens 200 Zeichen lang sein.")
    else:
        same_name = Body.objects.filter(agenda=agenda, name__iexact=name)
        if instance is not None:
            same_name = same_name.exclude(pk=instance.pk)
        if same_name.exists():
            errors["name"] = _("Es gibt in dieser Agenda schon ein Gremium „%(name)s“.") % {
                "name": name
            }
    # A working group exists for one field; the other bodies span all fields.
    if kind == BodyKind.WORKING_GROUP:
        if not field_key:
            errors["field_key"] = _("Eine Arbeitsgruppe gehört zu einem Handlungsfeld.")
        elif field_key not in dict(active_fields()):
            errors["field_key"] = _("„%(key)s“ ist kein Handlungsfeld der Smart-Region-Matrix.") % {
                "key": field_key
            }
    elif field_key and kind in BodyKind.values:
        errors["field_key"] = _(
            "Nur Arbeitsgruppen gehören zu einem Handlungsfeld; "
            "lassen Sie das Feld für „%(kind)s“ leer."
        ) % {"kind": BodyKind(kind).label}
    if errors:
        raise ValidationError(errors)
    return kind, name, field_key, description


@transaction.atomic
def create_body(
    *,
    actor: User,
    agenda: Agenda,
    kind: str,
    name: str,
    field_key: str = "",
    description: str = "",
) -> Body:
    """A new body of ``agenda``; returns it."""
    permissions.require(permissions.can_manage_bodies, actor, agenda)
    kind, name, field_key, description = _clean_body(agenda, kind, name, field_key, description)
    body = Body.objects.create(
        agenda=agenda, kind=kind, name=name, field_key=field_key, description=description
    )
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.BODY_CREATED,
        detail=_("Gremium „%(name)s“ angelegt") % {"name": name},
    )
    return body


@transaction.atomic
def update_body(
    *,
    actor: User,
    body: Body,
    kind: str,
    name: str,
    field_key: str = "",
    description: str = "",
) -> Body:
    permissions.require(permissions.can_manage_bodies, actor, body.agenda)
    kind, name, field_key, description = _clean_body(
        body.agenda, kind, name, field_key, description, instance=body
    )
    body.kind, body.name, body.field_key, body.description = kind, name, field_key, description
    body.save(update_fields=["kind", "name", "field_key", "description"])
    record_event(
        actor=actor,
        agenda=body.agenda,
        action=AuditAction.BODY_UPDATED,
        detail=_("Gremium „%(name)s“ geändert") % {"name": name},
    )
    return body


@transaction.atomic
def delete_body(*, actor: User, body: Body) -> None:
    """Delete a body with its memberships; invitations into it stay (as invitations into the
    agenda) and activities lose the link."""
    permissions.require(permissions.can_manage_bodies, actor, body.agenda)
    agenda, name = body.agenda, body.name
    body.delete()
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.BODY_DELETED,
        detail=_("Gremium „%(name)s“ gelöscht") % {"name": name},
    )


# Members ---------------------------------------------------------------------------------------


def _clean_period(
    role: str, start: datetime.date | None, end: datetime.date | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if role not in BodyRole.values:
        errors["role"] = _(
            "„%(role)s“ ist keine Rolle in einem Gremium. Erlaubt sind: %(allowed)s."
        ) % {
            "role": role or _("(leer)"),
            "allowed": ", ".join(str(label) for label in BodyRole.labels),
        }
    for name, value in (("start", start), ("end", end)):
        if value is not None and not isinstance(value, datetime.date):
            errors[name] = _("Bitte geben Sie ein Datum an.")
    if "start" not in errors and "end" not in errors and start and end and end < start:
        errors["end"] = _(
            "Das Ende (%(end)s) liegt vor dem Beginn (%(start)s) der Mitgliedschaft."
        ) % {"end": end.strftime("%d.%m.%Y"), "start": start.strftime("%d.%m.%Y")}
    return errors


def _person_of(agenda: Agenda, person: Person | int | str | None) -> Person | None:
    """The person (object or pk) if it belongs to ``agenda``, else None."""
    # Whatever the form posted: a Person, a number, text, nothing.
    raw: Any = getattr(person, "pk", person)
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return Person.objects.filter(agenda=agenda, pk=pk).first()


@transaction.atomic
def add_member(
    *,
    actor: User,
    body: Body,
    person: Person | int | str | None,
    role: str = BodyRole.MEMBER,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> BodyMember:
    """Add ``person`` (a Person or its pk, of the body's agenda) to ``body``; returns the member."""
    agenda = body.agenda
    permissions.require(permissions.can_manage_bodies, actor, agenda)
    errors = _clean_period(role, start, end)
    found = _person_of(agenda, person)
    if found is None:
        errors["person"] = _("Diese Person gehört nicht zu dieser Agenda.")
    elif found.is_anonymised:
        errors["person"] = _("Eine anonymisierte Person kann keinem Gremium beitreten.")
    elif BodyMember.objects.filter(body=body, person=found, start=start).exists():
        errors["person"] = _("%(name)s ist mit diesem Beginn schon Mitglied von „%(body)s“.") % {
            "name": found.display_name,
            "body": body.name,
        }
    if errors or found is None:  # no person found always comes with its error
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            member = BodyMember.objects.create(
                body=body, person=found, role=role, start=start, end=end
            )
    except IntegrityError as exc:  # a parallel request added the same period
        raise ValidationError(
            {"person": _("%(name)s ist schon Mitglied.") % {"name": found.display_name}}
        ) from exc
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.BODY_MEMBER_ADDED,
        detail=_("%(name)s als %(role)s in „%(body)s“ aufgenommen")
        % {"name": found.display_name, "role": BodyRole(role).label, "body": body.name},
    )
    return member


@transaction.atomic
def update_member(
    *,
    actor: User,
    member: BodyMember,
    role: str,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> BodyMember:
    """Change the role and period of a membership."""
    body = member.body
    permissions.require(permissions.can_manage_bodies, actor, body.agenda)
    errors = _clean_period(role, start, end)
    if (
        not errors
        and BodyMember.objects.filter(body=body, person_id=member.person_id, start=start)
        .exclude(pk=member.pk)
        .exists()
    ):
        errors["start"] = _("Es gibt schon eine Mitgliedschaft dieser Person mit diesem Beginn.")
    if errors:
        raise ValidationError(errors)
    member.role, member.start, member.end = role, start, end
    member.save(update_fields=["role", "start", "end"])
    record_event(
        actor=actor,
        agenda=body.agenda,
        action=AuditAction.BODY_MEMBER_UPDATED,
        detail=_("Mitgliedschaft von %(name)s in „%(body)s“ geändert")
        % {"name": member.person.display_name, "body": body.name},
    )
    return member


@transaction.atomic
def end_membership(
    *, actor: User, member: BodyMember, end: datetime.date | None = None
) -> BodyMember:
    """End a membership on ``end`` (today when None); it then counts as a former membership."""
    body = member.body
    permissions.require(permissions.can_manage_bodies, actor, body.agenda)
    end = end or timezone.localdate()
    if member.end is not None and member.end <= end:
        raise ValidationError(
            _("Diese Mitgliedschaft endet bereits am %(end)s.")
            % {"end": member.end.strftime("%d.%m.%Y")}
        )
    if member.start and end < member.start:
        raise ValidationError(
            _(
                "Die Mitgliedschaft beginnt erst am %(start)s und kann nicht vorher enden; "
                "entfernen Sie sie stattdessen."
            )
            % {"start": member.start.strftime("%d.%m.%Y")}
        )
    member.end = end
    member.save(update_fields=["end"])
    record_event(
        actor=actor,
        agenda=body.agenda,
        action=AuditAction.BODY_MEMBER_ENDED,
        detail=_("Mitgliedschaft von %(name)s in „%(body)s“ zum %(end)s beendet")
        % {
            "name": member.person.display_name,
            "body": body.name,
            "end": end.strftime("%d.%m.%Y"),
        },
    )
    return member


@transaction.atomic
def remove_member(*, actor: User, member: BodyMember) -> None:
    """Delete a membership entered by mistake (ending it keeps the history instead)."""
    body = member.body
    permissions.require(permissions.can_manage_bodies, actor, body.agenda)
    name = member.person.display_name
    member.delete()
    record_event(
        actor=actor,
        agenda=body.agenda,
        action=AuditAction.BODY_MEMBER_REMOVED,
        detail=_("%(name)s aus „%(body)s“ entfernt") % {"name": name, "body": body.name},
    )
