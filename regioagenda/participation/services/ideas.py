"""Write paths of ideas: submitting, correcting, the status with its official answer, supports.

Where ideas are collected: in the agenda's **current** process step, when that step's phase
enables the ideas module and today lies within its planned dates (open ends allowed). An idea
belongs to the step it was written in; its supports stay open while that step is the current
one. Ideas captured at a workshop (``captured_at``) belong to the event's step and are typed in
by staff for the people in the room, without an author and without the public step check.

``support_count`` and ``comment_count`` are kept on the idea with ``F()`` in the same
transaction as the row they count, so they stay exact under parallel requests and the list
never counts rows. Supports are not written to the audit trail (one row per click of the
public; who supports what is personal) — the rows themselves are the record.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.actors.fields import active_fields
from regioagenda.community import services as community
from regioagenda.community.models import NotificationKind
from regioagenda.core import once, permissions
from regioagenda.participation.classify import propose_fields
from regioagenda.participation.guards import check_rate
from regioagenda.participation.models import (
    Event,
    Idea,
    IdeaField,
    IdeaStatus,
    Module,
    Phase,
    Support,
)
from regioagenda.participation.models.ideas import (
    ANSWER_MAX_LENGTH,
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from regioagenda.participation.services.comments import clean_rich_text, excerpt
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda, Region, RegionLevel, StepState

# Status changes the moderation may make; "zusammengeführt" is set by the merge only.
ANSWER_STATUSES = (IdeaStatus.NEW, IdeaStatus.REVIEW, IdeaStatus.ACCEPTED, IdeaStatus.REJECTED)


# Where and when ideas are collected -------------------------------------------------------------


def ideas_phase(agenda: Agenda) -> Phase | None:
    """The phase of the agenda's current step if it collects ideas today, else None (the one
    module rule, ``queries.phases.decide``)."""
    from regioagenda.participation.queries.phases import decide

    phase = Phase.objects.filter(agenda=agenda, step=agenda.current_step).first()
    if phase is None or not decide(phase, StepState.CURRENT, Module.IDEAS):
        return None
    return phase


def ideas_closed_reason(agenda: Agenda) -> str:
    """Why no ideas can be submitted now, or "" when they can."""
    if ideas_phase(agenda) is not None:
        return ""
    return _("Im aktuellen Prozessschritt „%(step)s“ werden gerade keine Ideen gesammelt.") % {
        "step": agenda.get_current_step_display()
    }


def area_places(agenda: Agenda) -> QuerySet[Region]:
    """The municipalities of the agenda's area, for the place picker (current register): below
    the region in the register (directly or through a Gemeindeverband) or, by official key,
    within it; for an alliance those of its members."""
    region = agenda.region
    places = Region.objects.filter(is_current=True, level=RegionLevel.GEMEINDE)
    if region.level == RegionLevel.GEMEINDE:
        return places.filter(pk=region.pk)
    areas = list(region.members.all()) if region.level == RegionLevel.ALLIANCE else [region]
    condition = Q(pk__in=[a.pk for a in areas if a.level == RegionLevel.GEMEINDE])
    for area in areas:
        condition |= Q(parent=area) | Q(parent__parent=area)
        if area.ags and len(area.ags) < 8:
            condition |= Q(ags__startswith=area.ags)
    return places.filter(condition)


# Input -----------------------------------------------------------------------------------------


def _clean_title(title: str | None) -> str:
    cleaned = " ".join((title or "").split())
    if not cleaned:
        raise ValidationError({"title": _("Bitte geben Sie Ihrer Idee einen Titel.")})
    if len(cleaned) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {"title": _("Der Titel darf höchstens %(limit)s Zeichen lang sein.") % {"limit": 200}}
        )
    return cleaned


def _clean_fields(keys: list[str] | tuple[str, ...] | None) -> list[str]:
    known = dict(active_fields())
    wanted = list(dict.fromkeys(k.strip() for k in (keys or []) if k and k.strip()))
    unknown = [k for k in wanted if k not in known]
    if unknown:
        raise ValidationError(
            {"fields": _("Unbekanntes Handlungsfeld: %(keys)s.") % {"keys": ", ".join(unknown)}}
        )
    order = list(known)
    return sorted(wanted, key=order.index)


def _clean_place(agenda: Agenda, place_id: Any) -> Region | None:
    if place_id in (None, ""):
        return None
    try:
        pk = int(place_id)
    except (TypeError, ValueError):
        pk = -1
    place = area_places(agenda).filter(pk=pk).first()
    if place is None:
        raise ValidationError(
            {"place": _("Bitte wählen Sie eine Gemeinde aus dem Gebiet dieser Agenda.")}
        )
    return place


def _clean_point(latitude: Any, longitude: Any) -> tuple[Decimal | None, Decimal | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    try:
        lat = Decimal(str(latitude).replace(",", ".")).quantize(Decimal("0.00001"))
        lon = Decimal(str(longitude).replace(",", ".")).quantize(Decimal("0.00001"))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            {"latitude": _("Bitte geben Sie Breite und Länge als Dezimalzahlen an.")}
        ) from None
    # Bavaria and a margin: a point far outside is a typo, not a place of the region.
    if not (Decimal("46") <= lat <= Decimal("51.5") and Decimal("8") <= lon <= Decimal("14.5")):
        raise ValidationError(
            {"latitude": _("Der Punkt liegt nicht in Bayern. Bitte prüfen Sie Breite und Länge.")}
        )
    return lat, lon


def _set_fields(idea: Idea, keys: list[str], *, proposed: bool) -> None:
    IdeaField.objects.filter(idea=idea).exclude(field_key__in=keys).delete()
    existing = set(IdeaField.objects.filter(idea=idea).values_list("field_key", flat=True))
    IdeaField.objects.filter(idea=idea, field_key__in=keys).update(proposed=proposed)
    IdeaField.objects.bulk_create(
        [
            IdeaField(idea=idea, field_key=key, proposed=proposed)
            for key in keys
            if key not in existing
        ]
    )


def proposed_fields(*, title: str, body: str) -> list[str]:
    """The classifier's field keys for a text (what the form offers while one types), limited
    to the active framework's fields."""
    known = dict(active_fields())
    keys = propose_fields(title=title or "", body=body or "")
    return [key for key in keys if key in known]


# Submitting and correcting ---------------------------------------------------------------------


def create_idea(
    *,
    actor: User,
    agenda: Agenda,
    title: str,
    body: str,
    field_keys: list[str] | tuple[str, ...] | None = None,
    place_id: Any = None,
    latitude: Any = None,
    longitude: Any = None,
    captured_at: Event | None = None,
    address: str = "",
    form_token: str = "",
) -> Idea:
    """Submit an idea in the agenda's current step (see the module doc). Returns it.

    ``field_keys`` are the fields the author chose (confirmed); without any, the classifier's
    proposal is stored, marked ``proposed`` for a moderator to confirm. ``captured_at`` is the
    workshop where staff typed the idea in (quick capture): no author, the event's step, no
    rate limit. A second submission of the same form raises ``once.AlreadySubmitted``."""
    if captured_at is not None:
        if captured_at.agenda_id != agenda.pk:
            raise ValidationError(_("Die Veranstaltung gehört nicht zu dieser Agenda."))
        permissions.require(permissions.can_edit_content, actor, agenda)
        step = captured_at.step
    else:
        permissions.require(permissions.can_contribute, actor, agenda)
        closed = ideas_closed_reason(agenda)
        if closed:
            raise ValidationError(closed)
        step = agenda.current_step
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name, check in (
        ("title", lambda: _clean_title(title)),
        (
            "body",
            lambda: clean_rich_text(
                body, field="body", limit=BODY_MAX_LENGTH, what=_("Die Beschreibung")
            ),
        ),
        ("fields", lambda: _clean_fields(field_keys)),
        ("place", lambda: _clean_place(agenda, place_id)),
        ("point", lambda: _clean_point(latitude, longitude)),
    ):
        try:
            values[name] = check()
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    keys: list[str] = values["fields"]
    proposed = not keys
    if proposed:
        keys = proposed_fields(title=values["title"], body=values["body"])
    if captured_at is None and not permissions.can_moderate(actor, agenda):
        check_rate(kind="idea", user_id=actor.pk, address=address)
    latitude_value, longitude_value = values["point"]
    with transaction.atomic():
        claimed = once.claim(form_token, user=actor, kind="participation.idea")
        idea = Idea.objects.create(
            agenda=agenda,
            step=step,
            title=values["title"],
            body=values["body"],
            author=None if captured_at is not None else actor,
            event=captured_at,
            captured_by=actor if captured_at is not None else None,
            place=values["place"],
            latitude=latitude_value,
            longitude=longitude_value,
        )
        _set_fields(idea, keys, proposed=proposed)
        claimed.done(idea)
        if captured_at is None:
            community.follow(actor=actor, target=idea)
        record_event(
            actor=actor,
            agenda=agenda,
            action=AuditAction.IDEA_CREATED,
            detail=f"#{idea.pk} {idea.title}",
        )
    return idea


def update_idea(
    *,
    actor: User,
    idea: Idea,
    title: str,
    body: str,
    field_keys: list[str] | tuple[str, ...] | None,
    place_id: Any = None,
    latitude: Any = None,
    longitude: Any = None,
) -> Idea:
    """The author corrects their idea while it is new (``can_edit_idea``); the fields they
    choose are confirmed."""
    permissions.require(permissions.can_edit_idea, actor, idea)
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name, check in (
        ("title", lambda: _clean_title(title)),
        (
            "body",
            lambda: clean_rich_text(
                body, field="body", limit=BODY_MAX_LENGTH, what=_("Die Beschreibung")
            ),
        ),
        ("fields", lambda: _clean_fields(field_keys)),
        ("place", lambda: _clean_place(idea.agenda, place_id)),
        ("point", lambda: _clean_point(latitude, longitude)),
    ):
        try:
            values[name] = check()
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Idea.objects.select_for_update().select_related("agenda").get(pk=idea.pk)
        permissions.require(permissions.can_edit_idea, actor, locked)
        locked.title = values["title"]
        locked.body = values["body"]
        locked.place = values["place"]
        locked.latitude, locked.longitude = values["point"]
        locked.save(update_fields=["title", "body", "place", "latitude", "longitude", "updated"])
        _set_fields(locked, values["fields"], proposed=False)
        record_event(
            actor=actor,
            agenda=locked.agenda,
            action=AuditAction.IDEA_UPDATED,
            detail=f"#{locked.pk} {locked.title}",
        )
    return locked


# Status and official answer --------------------------------------------------------------------


def answer_idea(*, actor: User, idea: Idea, status: str, answer: str = "") -> Idea:
    """Set the idea's status with the agenda's official answer (coordination, moderation).

    A rejection needs a reason (the answer). Merged ideas are changed by the merge only. The
    author and the idea's followers are told; the audit trail records it."""
    permissions.require(permissions.can_answer_idea, actor, idea)
    if status not in ANSWER_STATUSES:
        raise ValidationError({"status": _("Diesen Status gibt es hier nicht.")})
    cleaned = ""
    if (answer or "").strip():
        cleaned = clean_rich_text(
            answer, field="answer", limit=ANSWER_MAX_LENGTH, what=_("Die Antwort")
        )
    if status == IdeaStatus.REJECTED and not cleaned:
        raise ValidationError(
            {"answer": _("Bitte begründen Sie die Ablehnung; die Begründung ist öffentlich.")}
        )
    with transaction.atomic():
        locked = (
            Idea.objects.select_for_update(of=("self",))
            .select_related("agenda", "author")
            .get(pk=idea.pk)
        )
        if locked.status == IdeaStatus.MERGED:
            raise ValidationError(
                _("Die Idee wurde zusammengeführt; ihr Status folgt der Idee, in die sie einging.")
            )
        previous = locked.get_status_display()
        changed = locked.status != status or locked.answer != cleaned
        if not changed:
            return locked
        locked.status = status
        locked.answer = cleaned
        if cleaned:
            locked.answered_by = actor
            locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answer", "answered_by", "answered_at", "updated"])
        record_event(
            actor=actor,
            agenda=locked.agenda,
            action=AuditAction.IDEA_ANSWERED,
            detail=f"#{locked.pk} {previous} → {locked.get_status_display()}",
        )
        community.notify(
            actor=actor,
            agenda=locked.agenda,
            kind=NotificationKind.STATUS,
            subject=_("Ihre Idee „%(title)s“: %(status)s")
            % {"title": locked.title, "status": locked.get_status_display()},
            text=excerpt(cleaned, 1000) if cleaned else locked.get_status_display(),
            url=locked.get_absolute_url(),
            target=locked,
            recipients=[locked.author] if locked.author is not None else [],
        )
    return locked


# Supports --------------------------------------------------------------------------------------


def support_idea(*, actor: User, idea: Idea, address: str = "") -> bool:
    """Support ``idea`` once. True when the support is new, False when it existed already (a
    double click or a parallel request: the unique constraint decides, the count stays exact)."""
    permissions.require(permissions.can_support_idea, actor, idea)
    check_rate(kind="support", user_id=actor.pk, address=address)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Support.objects.create(idea=idea, user=actor)
        except IntegrityError:
            return False
        Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    return True


def withdraw_support(*, actor: User, idea: Idea) -> bool:
    """Take one's support back. True when there was one to take back."""
    permissions.require(permissions.can_support_idea, actor, idea)
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(idea=idea, user=actor).delete()
        if not deleted:
            return False
        Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") - 1)
    return True
