"""Every state change of regions, programmes, agendas and memberships.

Each function takes plain arguments and the acting user, checks permission through
``core.permissions``, validates, writes in one transaction and leaves an audit event. Views,
management commands, jobs and the API call these; nothing else writes these models.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regioagenda.accounts.models import Membership, Role, User
from regioagenda.core import jobs, permissions
from regioagenda.core.models import Job
from regioagenda.core.permissions import Person
from regioagenda.regions import process
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import (
    Agenda,
    AgendaStep,
    Programme,
    Region,
    RegionLevel,
    StepState,
    validate_horizon_year,
)

# Regions ---------------------------------------------------------------------------------------


@transaction.atomic
def create_region(
    *,
    actor: User,
    name: str,
    level: str,
    kind: str,
    ags: str = "",
    parent: Region | None = None,
    members: Collection[Region] = (),
    **figures: Any,
) -> Region:
    """Add a region by hand: mostly alliances (ILE, LEADER) that the official register lacks."""
    permissions.require(permissions.can_manage_register, actor)
    region = Region(
        name=name.strip(), level=level, kind=kind, ags=(ags or "").strip(), parent=parent, **figures
    )
    region.full_clean()
    if level == RegionLevel.ALLIANCE and len(members) < 2:
        raise ValidationError(
            {"members": _("Ein Zusammenschluss braucht mindestens zwei Mitglieder.")}
        )
    if level != RegionLevel.ALLIANCE and members:
        raise ValidationError({"members": _("Nur Zusammenschlüsse haben Mitglieder.")})
    try:
        with transaction.atomic():
            region.save()
    except IntegrityError as exc:
        raise ValidationError(_("Diese Region gibt es bereits.")) from exc
    if members:
        region.members.set(members)
    record_event(
        actor=actor,
        agenda=None,
        action=AuditAction.REGION_CREATED,
        detail=f"{region.name} ({region.ags or region.kind})",
    )
    return region


def start_register_import(*, actor: User, uploaded_file: UploadedFile, land: str = "") -> Job:
    """Store an uploaded GV100AD file and import it in the background with progress."""
    permissions.require(permissions.can_manage_register, actor)
    size = uploaded_file.size or 0  # an upload always knows its size
    if size > settings.REGISTER_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Die Datei ist %(size)d MB groß; erlaubt sind höchstens %(max)d MB.")
            % {
                "size": size // (1024 * 1024),
                "max": settings.REGISTER_UPLOAD_MAX_BYTES // (1024 * 1024),
            }
        )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    name = default_storage.save(f"register/upload-{stamp}.txt", uploaded_file)
    return jobs.start(
        "regions.import_register",
        label=_("Gemeindeverzeichnis einlesen: %(name)s") % {"name": uploaded_file.name},
        user=actor,
        params={"path": default_storage.path(name), "land": land},
    )


# Agendas ---------------------------------------------------------------------------------------


@transaction.atomic
def create_agenda(
    *,
    actor: User,
    programme: Programme,
    region: Region,
    title: str,
    slug: str,
    horizon_year: int,
    is_public: bool = False,
    summary: str = "",
) -> Agenda:
    permissions.require(permissions.can_create_agenda, actor, programme)
    validate_horizon_year(horizon_year)
    if Agenda.objects.filter(slug=slug).exists():
        raise ValidationError(
            {"slug": _("Der Kurzname „%(slug)s“ ist schon vergeben.") % {"slug": slug}}
        )
    agenda = Agenda(
        programme=programme,
        region=region,
        title=title.strip(),
        slug=slug,
        horizon_year=horizon_year,
        is_public=is_public,
        summary=summary,
    )
    agenda.full_clean()
    agenda.save()
    AgendaStep.objects.bulk_create(
        AgendaStep(
            agenda=agenda,
            key=key,
            state=StepState.CURRENT if key == process.FIRST_STEP else StepState.UPCOMING,
            started_on=timezone.localdate() if key == process.FIRST_STEP else None,
        )
        for key in process.STEP_KEYS
    )
    record_event(actor=actor, agenda=agenda, action=AuditAction.AGENDA_CREATED, detail=title)
    return agenda


@transaction.atomic
def update_agenda(*, actor: User, agenda: Agenda, **changes: Any) -> Agenda:
    permissions.require(permissions.can_manage_agenda, actor, agenda)
    allowed = {"title", "summary", "horizon_year", "is_public", "status"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))} through update_agenda.")
    if "horizon_year" in changes and changes["horizon_year"] != agenda.horizon_year:
        validate_horizon_year(changes["horizon_year"])
    agenda = Agenda.objects.select_for_update().get(pk=agenda.pk)
    for field, value in changes.items():
        setattr(agenda, field, value)
    agenda.full_clean()
    agenda.save()
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.AGENDA_UPDATED,
        detail=", ".join(sorted(changes)),
    )
    return agenda


def ensure_steps(*, agenda: Agenda) -> None:
    """Create missing step rows (an agenda made before a step was added to the process)."""
    existing = set(agenda.steps.values_list("key", flat=True))
    AgendaStep.objects.bulk_create(
        AgendaStep(agenda=agenda, key=key) for key in process.STEP_KEYS if key not in existing
    )


@transaction.atomic
def update_step(*, actor: User, agenda: Agenda, key: str, state: str, note: str) -> AgendaStep:
    """Record how far a process step is; making a step current moves the agenda to it."""
    permissions.require(permissions.can_manage_agenda, actor, agenda)
    if key not in process.STEPS:
        raise ValidationError(_("Unbekannter Prozessschritt „%(key)s“.") % {"key": key})
    if state not in StepState.values:
        raise ValidationError(_("Unbekannter Stand „%(state)s“.") % {"state": state})
    ensure_steps(agenda=agenda)
    step = AgendaStep.objects.select_for_update().get(agenda=agenda, key=key)
    today = timezone.localdate()
    step.state = state
    step.note = note
    if state in (StepState.CURRENT, StepState.DONE) and step.started_on is None:
        step.started_on = today
    step.completed_on = (step.completed_on or today) if state == StepState.DONE else None
    step.full_clean()
    step.save()
    if state == StepState.CURRENT and agenda.current_step != key:
        # Only one step is current: the one before is done, the others keep their state.
        AgendaStep.objects.filter(agenda=agenda, state=StepState.CURRENT).exclude(
            pk=step.pk
        ).update(state=StepState.DONE, completed_on=today)
        Agenda.objects.filter(pk=agenda.pk).update(current_step=key)
        agenda.current_step = key
    record_event(
        actor=actor, agenda=agenda, action=AuditAction.STEP_UPDATED, detail=f"{key}: {state}"
    )
    return step


# Memberships -----------------------------------------------------------------------------------


@transaction.atomic
def add_member(*, actor: User, agenda: Agenda, email: str, role: str) -> Membership:
    permissions.require(permissions.can_manage_members, actor, agenda)
    if role not in Role.values:
        raise ValidationError({"role": _("Unbekannte Rolle „%(role)s“.") % {"role": role}})
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {
                "email": _(
                    "Unter %(email)s ist niemand registriert. Bitten Sie die Person, sich zuerst "
                    "zu registrieren."
                )
                % {"email": email}
            }
        )
    membership, created = Membership.objects.get_or_create(
        user=user, agenda=agenda, role=role, defaults={"created_by": actor}
    )
    if not created:
        raise ValidationError(
            _("%(user)s hat die Rolle „%(role)s“ bereits.")
            % {"user": user, "role": membership.get_role_display()}
        )
    permissions.forget_roles(user)
    record_event(
        actor=actor, agenda=agenda, action=AuditAction.MEMBER_ADDED, detail=f"{user.email}: {role}"
    )
    return membership


@transaction.atomic
def remove_member(*, actor: User, membership: Membership) -> None:
    agenda = membership.agenda
    permissions.require(permissions.can_manage_members, actor, agenda)
    if membership.role == Role.COORDINATOR:
        # Lock the agenda row before counting: two removals of different coordinators at once
        # would otherwise both count two and leave the agenda without coordination. The second
        # waits here and then counts what the first left.
        Agenda.objects.select_for_update().get(pk=agenda.pk)
        if Membership.objects.filter(agenda=agenda, role=Role.COORDINATOR).count() == 1:
            raise ValidationError(
                _(
                    "Die letzte Koordinatorin bzw. der letzte Koordinator kann nicht entfernt "
                    "werden."
                )
            )
    membership.delete()
    permissions.forget_roles(membership.user)
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.MEMBER_REMOVED,
        detail=f"{membership.user.email}: {membership.role}",
    )


@transaction.atomic
def join_agenda(*, actor: Person, agenda: Agenda) -> Membership:
    """A registered person takes part in a public agenda.

    Joining again (a second click, a stale page) is not an error: the person is already in.
    """
    if actor is not None and actor.is_authenticated:
        existing = Membership.objects.filter(
            user=actor, agenda=agenda, role=Role.PARTICIPANT
        ).first()
        if existing is not None:
            return existing
    permissions.require(permissions.can_join, actor, agenda)
    assert isinstance(actor, User)  # can_join admits signed-in people only
    membership, created = Membership.objects.get_or_create(
        user=actor, agenda=agenda, role=Role.PARTICIPANT
    )
    permissions.forget_roles(actor)
    if created:
        record_event(
            actor=actor, agenda=agenda, action=AuditAction.MEMBER_JOINED, detail=actor.email
        )
    return membership
