"""Write paths of events and workshops: planning, programme, minutes, results, attendance, and
registrations with a waiting list.

Registrations lock the event row (``select_for_update``) for the whole decision, so parallel
requests are served one after the other and ``confirmed_count`` never exceeds the capacity;
the counts are changed with ``F()`` in the same transaction as the registration row, so they stay
exact. A second registration of the same person hits the unique constraint and returns the
first. Emails go through ``community.services.notify`` after the transaction commits, so a
refused or rolled back change never mails anyone.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from regioagenda.accounts.models import STAFF_ROLES, User
from regioagenda.community import services as community
from regioagenda.community.models import NotificationKind
from regioagenda.core import once, permissions
from regioagenda.core.html import sanitize_html
from regioagenda.core.permissions.roles import administers_agenda
from regioagenda.participation.guards import check_rate
from regioagenda.participation.models import (
    Event,
    EventAgendaItem,
    EventAttendance,
    EventKind,
    Idea,
    Participant,
    Registration,
    RegistrationStatus,
)
from regioagenda.participation.models.events import DESCRIPTION_MAX_LENGTH, MINUTES_MAX_LENGTH
from regioagenda.regions import process
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda

MAX_TITLE_CHARS = 200
MAX_ITEM_TITLE_CHARS = 200
MAX_ITEM_DESCRIPTION_CHARS = 2000
MAX_CAPACITY = 100_000
MAX_WALK_INS = 10_000
MAX_ITEMS = 60
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
# Changes to these fields are changes people must see in their calendars (SEQUENCE + 1); a
# change of time or place is also mailed to everyone registered.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "place", "address", "online_url", "description")
MAILED_FIELDS = ("starts_at", "ends_at", "place", "address", "online_url")


def _sectors() -> dict[str, str]:
    from regioagenda.actors.models import Sector  # actors sits below participation

    return {str(value): str(label) for value, label in Sector.choices}


def sector_choices() -> list[tuple[str, str]]:
    return list(_sectors().items())


@dataclass
class EventData:
    """What the organisers enter for an event (the form's cleaned data)."""

    title: str
    kind: str
    step: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str = ""
    address: str = ""
    online_url: str = ""
    accessibility: str = ""
    capacity: int | None = None
    registration_required: bool = True
    registration_deadline: datetime.datetime | None = None
    moderator: User | None = None
    description: str = ""
    is_draft: bool = False

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> EventData:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names})  # type: ignore[arg-type]


# Texts of emails ---------------------------------------------------------------------------------


def when(event: Event) -> str:
    """``Dienstag, 12. Mai 2026, 18:00–20:30 Uhr`` in the agenda's time zone."""
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    day = formats.date_format(start, "l, j. F Y")
    if start.date() == end.date():
        return _("%(day)s, %(start)s–%(end)s Uhr") % {
            "day": day,
            "start": start.strftime("%H:%M"),
            "end": end.strftime("%H:%M"),
        }
    return _("%(day)s, %(start)s Uhr bis %(end)s") % {
        "day": day,
        "start": start.strftime("%H:%M"),
        "end": formats.date_format(end, "j. F Y, H:i"),
    }


def where(event: Event) -> str:
    parts = [p for p in (event.place, event.address) if p]
    if event.online_url:
        parts.append(_("online: %(url)s") % {"url": event.online_url})
    return ", ".join(parts)


def _absolute(path: str) -> str:
    base = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}"


def _event_url(event: Event) -> str:
    return _absolute(reverse("participation:event", args=[event.agenda.slug, event.pk]))


def _ics_url(event: Event) -> str:
    return _absolute(reverse("participation:event_ics", args=[event.agenda.slug, event.pk]))


def _details(event: Event) -> str:
    lines = [
        _("Wann: %(when)s") % {"when": when(event)},
        _("Wo: %(where)s") % {"where": where(event) or _("wird noch bekannt gegeben")},
    ]
    if event.accessibility:
        lines.append(_("Barrierefreiheit: %(notes)s") % {"notes": event.accessibility})
    lines.append(
        _("In Ihren Kalender übernehmen: %(url)s") % {"url": _ics_url(event)},
    )
    return "\n".join(lines)


def _tell(event: Event, users: Iterable[User], *, kind: str, subject: str, text: str) -> None:
    """Mail ``users`` once the transaction commits (nothing is sent for a rolled back change)."""
    people = list(users)
    if not people:
        return
    url = _event_url(event)

    def send() -> None:
        community.notify(
            actor=None,
            agenda=event.agenda,
            kind=kind,
            subject=subject,
            text=text,
            url=url,
            target=event,
            recipients=people,
            to_followers=False,
        )

    transaction.on_commit(send)


def _tell_registered(registration: Registration, event: Event) -> None:
    if registration.status == RegistrationStatus.CONFIRMED:
        subject = _("Anmeldung bestätigt: %(title)s") % {"title": event.title}
        intro = _("Sie sind zu „%(title)s“ angemeldet. Wir freuen uns auf Sie.") % {
            "title": event.title
        }
    else:
        subject = _("Warteliste: %(title)s") % {"title": event.title}
        intro = _(
            "„%(title)s“ ist ausgebucht. Sie stehen auf der Warteliste und bekommen eine "
            "Nachricht, sobald ein Platz für Sie frei wird."
        ) % {"title": event.title}
    _tell(
        event,
        [registration.user],
        kind=NotificationKind.EVENT,
        subject=subject,
        text=f"{intro}\n\n{_details(event)}",
    )


def _tell_moved_up(registrations: list[Registration], event: Event) -> None:
    _tell(
        event,
        [r.user for r in registrations],
        kind=NotificationKind.EVENT,
        subject=_("Ein Platz ist frei: %(title)s") % {"title": event.title},
        text=_(
            "Für „%(title)s“ ist ein Platz frei geworden: Sie sind von der Warteliste "
            "nachgerückt und jetzt fest angemeldet. Wenn Sie doch nicht kommen können, melden "
            "Sie sich bitte ab, damit die nächste Person nachrücken kann."
        )
        % {"title": event.title}
        + f"\n\n{_details(event)}",
    )


# Checks ----------------------------------------------------------------------------------------


def _clean_rich(text: str, field: str, limit: int) -> str:
    raw = (text or "").strip()
    if len(raw) > limit:
        raise ValidationError(
            {field: _("Der Text ist zu lang (höchstens %(limit)s Zeichen).") % {"limit": limit}}
        )
    try:
        return sanitize_html(raw)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _is_staff_of(user: User, agenda: Agenda) -> bool:
    return bool(permissions.agenda_roles(user, agenda) & STAFF_ROLES) or administers_agenda(
        user, agenda
    )


def _validated(agenda: Agenda, data: EventData, event: Event | None = None) -> dict[str, object]:
    errors: dict[str, str] = {}
    title = " ".join((data.title or "").split())
    if not title:
        errors["title"] = _("Bitte geben Sie der Veranstaltung einen Titel.")
    elif len(title) > MAX_TITLE_CHARS:
        errors["title"] = _("Der Titel darf höchstens %(limit)s Zeichen lang sein.") % {
            "limit": MAX_TITLE_CHARS
        }
    if data.kind not in EventKind.values:
        errors["kind"] = _("Bitte wählen Sie eine Art der Veranstaltung.")
    if data.step not in process.STEP_KEYS:
        errors["step"] = _("Bitte wählen Sie einen Prozessschritt.")
    if data.starts_at is None:
        errors["starts_at"] = _("Bitte geben Sie Datum und Uhrzeit des Beginns an.")
    if data.ends_at is None:
        errors["ends_at"] = _("Bitte geben Sie Datum und Uhrzeit des Endes an.")
    elif data.starts_at is not None and data.ends_at <= data.starts_at:
        errors["ends_at"] = _("Das Ende muss nach dem Beginn liegen.")
    elif data.starts_at is not None and data.ends_at - data.starts_at > datetime.timedelta(days=14):
        errors["ends_at"] = _("Eine Veranstaltung dauert höchstens 14 Tage.")
    deadline = data.registration_deadline
    if deadline is not None and data.starts_at is not None and deadline > data.starts_at:
        errors["registration_deadline"] = _("Der Anmeldeschluss muss vor dem Beginn liegen.")
    if data.kind == EventKind.ONLINE and not data.online_url:
        errors["online_url"] = _("Eine Online-Veranstaltung braucht einen Link.")
    if data.kind != EventKind.ONLINE and not data.place and not data.online_url:
        errors["place"] = _("Bitte einen Ort oder einen Online-Link angeben.")
    if data.online_url and not data.online_url.lower().startswith(("https://", "http://")):
        errors["online_url"] = _("Der Link muss mit https:// beginnen.")
    if data.capacity is not None and not 1 <= data.capacity <= MAX_CAPACITY:
        errors["capacity"] = _("Bitte eine Zahl zwischen 1 und %(max)s angeben.") % {
            "max": f"{MAX_CAPACITY:,}".replace(",", ".")
        }
    elif event is not None and data.capacity is not None and data.capacity < event.confirmed_count:
        errors["capacity"] = _(
            "Es sind bereits %(count)s Personen fest angemeldet; weniger Plätze gehen nicht. "
            "Sagen Sie sonst einzelnen Personen ab."
        ) % {"count": event.confirmed_count}
    if data.moderator is not None and not _is_staff_of(data.moderator, agenda):
        errors["moderator"] = _(
            "Die Moderation übernimmt ein Mitglied mit Rolle Koordination, Moderation oder "
            "Redaktion."
        )
    cleaned: dict[str, object] = {}
    try:
        cleaned["description"] = _clean_rich(
            data.description, "description", DESCRIPTION_MAX_LENGTH
        )
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    cleaned.update(
        title=title,
        kind=data.kind,
        step=data.step,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place=(data.place or "").strip(),
        address=(data.address or "").strip(),
        online_url=(data.online_url or "").strip(),
        accessibility=(data.accessibility or "").strip(),
        capacity=data.capacity,
        registration_required=bool(data.registration_required),
        registration_deadline=deadline,
        moderator=data.moderator,
        is_draft=bool(data.is_draft),
    )
    return cleaned


def _locked(event: Event) -> Event:
    """The event row, locked until the transaction ends (registrations queue behind it)."""
    return Event.objects.select_for_update().select_related("agenda").get(pk=event.pk)


# Planning ----------------------------------------------------------------------------------------


def create_event(*, actor: User, agenda: Agenda, data: EventData, form_token: str = "") -> Event:
    """Plan an event of ``agenda``; returns it. A second submission of the same form raises
    ``once.AlreadySubmitted``."""
    permissions.require(permissions.can_manage_events, actor, agenda)
    values = _validated(agenda, data)
    with transaction.atomic():
        claimed = once.claim(form_token, user=actor, kind="participation.event")
        event = Event.objects.create(agenda=agenda, **values)
        claimed.done(event)
        record_event(
            actor=actor, agenda=agenda, action=AuditAction.EVENT_CREATED, detail=event.title
        )
    return event


def update_event(*, actor: User, event: Event, data: EventData) -> Event:
    """Change an event. A change calendars show raises its SEQUENCE; a change of time or place
    is mailed to everyone registered; more places move people up from the waiting list."""
    permissions.require(permissions.can_manage_events, actor, event.agenda)
    if event.is_cancelled:
        raise ValidationError(_("Eine abgesagte Veranstaltung kann nicht mehr geändert werden."))
    with transaction.atomic():
        locked = _locked(event)
        values = _validated(locked.agenda, data, locked)
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        if not changed:
            return locked
        for name, value in values.items():
            setattr(locked, name, value)
        if any(name in CALENDAR_FIELDS for name in changed):
            locked.sequence = F("sequence") + 1
        locked.save()
        locked.refresh_from_db()
        moved = _move_up(locked)
        record_event(
            actor=actor,
            agenda=locked.agenda,
            action=AuditAction.EVENT_UPDATED,
            detail=f"{locked.title}: {', '.join(changed)}",
        )
        if any(name in MAILED_FIELDS for name in changed) and not locked.is_draft:
            registered = Registration.objects.filter(event=locked, status__in=ACTIVE).exclude(
                pk__in=[r.pk for r in moved]
            )
            _tell(
                locked,
                [r.user for r in registered.select_related("user")],
                kind=NotificationKind.EVENT,
                subject=_("Geändert: %(title)s") % {"title": locked.title},
                text=_("Zeit oder Ort von „%(title)s“ haben sich geändert. Neu:")
                % {"title": locked.title}
                + f"\n\n{_details(locked)}",
            )
    return locked


def cancel_event(*, actor: User, event: Event, reason: str = "") -> Event:
    """Call off an event: its SEQUENCE grows and calendars show it as cancelled; everyone who
    registered (also on the waiting list) is told, with the reason."""
    permissions.require(permissions.can_manage_events, actor, event.agenda)
    reason = " ".join((reason or "").split())
    if len(reason) > 500:
        raise ValidationError({"reason": _("Der Grund darf höchstens 500 Zeichen lang sein.")})
    with transaction.atomic():
        locked = _locked(event)
        if locked.is_cancelled:
            raise ValidationError(_("Die Veranstaltung ist bereits abgesagt."))
        if locked.ends_at <= timezone.now():
            raise ValidationError(_("Eine vergangene Veranstaltung kann nicht abgesagt werden."))
        locked.is_cancelled = True
        locked.cancel_reason = reason
        locked.sequence = F("sequence") + 1
        locked.save(update_fields=["is_cancelled", "cancel_reason", "sequence", "updated"])
        locked.refresh_from_db()
        record_event(
            actor=actor,
            agenda=locked.agenda,
            action=AuditAction.EVENT_CANCELLED,
            detail=locked.title,
        )
        registered = Registration.objects.filter(event=locked, status__in=ACTIVE).select_related(
            "user"
        )
        text = _("„%(title)s“ am %(when)s findet leider nicht statt.") % {
            "title": locked.title,
            "when": when(locked),
        }
        if reason:
            text += "\n\n" + _("Grund: %(reason)s") % {"reason": reason}
        text += "\n\n" + _(
            "Ihre Anmeldung ist damit hinfällig. Wenn Sie den Termin in Ihren Kalender übernommen "
            "haben, wird er dort beim nächsten Abgleich als abgesagt markiert."
        )
        _tell(
            locked,
            [r.user for r in registered],
            kind=NotificationKind.EVENT,
            subject=_("Abgesagt: %(title)s") % {"title": locked.title},
            text=text,
        )
    return locked


# Programme ---------------------------------------------------------------------------------------


def add_item(
    *,
    actor: User,
    event: Event,
    title: str,
    starts_at: datetime.time | None = None,
    description: str = "",
) -> EventAgendaItem:
    permissions.require(permissions.can_manage_events, actor, event.agenda)
    errors: dict[str, str] = {}
    title = " ".join((title or "").split())
    description = (description or "").strip()
    if not title:
        errors["title"] = _("Bitte geben Sie dem Programmpunkt einen Titel.")
    elif len(title) > MAX_ITEM_TITLE_CHARS:
        errors["title"] = _("Der Titel darf höchstens %(limit)s Zeichen lang sein.") % {
            "limit": MAX_ITEM_TITLE_CHARS
        }
    if len(description) > MAX_ITEM_DESCRIPTION_CHARS:
        errors["description"] = _(
            "Die Beschreibung darf höchstens %(limit)s Zeichen lang sein."
        ) % {"limit": MAX_ITEM_DESCRIPTION_CHARS}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(event)
        existing = locked.items.aggregate(count=Max("position"), n=Max("pk"))
        if locked.items.count() >= MAX_ITEMS:
            raise ValidationError(
                _("Ein Programm hat höchstens %(limit)s Punkte.") % {"limit": MAX_ITEMS}
            )
        item = EventAgendaItem.objects.create(
            event=locked,
            position=(existing["count"] or 0) + 1,
            starts_at=starts_at,
            title=title,
            description=description,
        )
        record_event(
            actor=actor,
            agenda=locked.agenda,
            action=AuditAction.EVENT_PROGRAMME_CHANGED,
            detail=_("%(event)s: „%(item)s“ hinzugefügt") % {"event": locked.title, "item": title},
        )
    return item


def move_item(*, actor: User, item: EventAgendaItem, up: bool) -> None:
    """Swap ``item`` with its neighbour above (``up``) or below; at either end nothing happens."""
    permissions.require(permissions.can_manage_events, actor, item.event.agenda)
    with transaction.atomic():
        locked = _locked(item.event)
        items = list(locked.items.order_by("position", "pk"))
        index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
        if index is None:
            return
        other = index - 1 if up else index + 1
        if not 0 <= other < len(items):
            return
        items[index], items[other] = items[other], items[index]
        for position, each in enumerate(items, start=1):
            each.position = position
        EventAgendaItem.objects.bulk_update(items, ["position"])
        record_event(
            actor=actor,
            agenda=locked.agenda,
            action=AuditAction.EVENT_PROGRAMME_CHANGED,
            detail=_("%(event)s: Reihenfolge geändert") % {"event": locked.title},
        )


def remove_item(*, actor: User, item: EventAgendaItem) -> None:
    permissions.require(permissions.can_manage_events, actor, item.event.agenda)
    with transaction.atomic():
        locked = _locked(item.event)
        deleted, _rows = EventAgendaItem.objects.filter(pk=item.pk, event=locked).delete()
        if not deleted:
            return
        items = list(locked.items.order_by("position", "pk"))
        for position, each in enumerate(items, start=1):
            each.position = position
        EventAgendaItem.objects.bulk_update(items, ["position"])
        record_event(
            actor=actor,
            agenda=locked.agenda,
            action=AuditAction.EVENT_PROGRAMME_CHANGED,
            detail=_("%(event)s: „%(item)s“ entfernt")
            % {"event": locked.title, "item": item.title},
        )


# Minutes, results, attendance ----------------------------------------------------------------


def save_minutes(*, actor: User, event: Event, minutes: str, publish: bool) -> Event:
    """Store the minutes (sanitised); ``publish`` shows them on the public event page, which
    is possible once the event has begun."""
    permissions.require(permissions.can_manage_events, actor, event.agenda)
    text = _clean_rich(minutes, "minutes", MINUTES_MAX_LENGTH)
    if publish and not text:
        raise ValidationError(
            {"minutes": _("Ein leeres Protokoll kann nicht veröffentlicht werden.")}
        )
    if publish and event.starts_at > timezone.now():
        raise ValidationError(
            {"minutes": _("Das Protokoll kann erst nach Beginn der Veranstaltung erscheinen.")}
        )
    with transaction.atomic():
        locked = _locked(event)
        locked.minutes = text
        if publish:
            locked.minutes_published = locked.minutes_published or timezone.now()
        else:
            locked.minutes_published = None
        locked.save(update_fields=["minutes", "minutes_published", "updated"])
        record_event(
            actor=actor,
            agenda=locked.agenda,
            action=AuditAction.EVENT_MINUTES_SAVED,
            detail=f"{locked.title} ({_('veröffentlicht') if publish else _('Entwurf')})",
        )
    return locked


def set_results(*, actor: User, event: Event, idea_ids: Iterable[int]) -> list[Idea]:
    """Make exactly these ideas of the agenda the event's results (visible ones only)."""
    permissions.require(permissions.can_manage_events, actor, event.agenda)
    wanted = set(idea_ids)
    ideas = list(Idea.objects.filter(agenda=event.agenda, pk__in=wanted, hidden__isnull=True))
    if len(ideas) != len(wanted):
        raise ValidationError(
            {"ideas": _("Einige der gewählten Ideen gibt es in dieser Agenda nicht (mehr).")}
        )
    with transaction.atomic():
        locked = _locked(event)
        locked.result_ideas.set(ideas)
        record_event(
            actor=actor,
            agenda=locked.agenda,
            action=AuditAction.EVENT_RESULTS_LINKED,
            detail=_("%(event)s: %(count)s Ideen") % {"event": locked.title, "count": len(ideas)},
        )
    return ideas


def record_attendance(
    *,
    actor: User,
    event: Event,
    attended: Iterable[int],
    walk_ins: Mapping[str, int],
) -> None:
    """Who of the confirmed registrations came (registration ids in ``attended``; the others
    did not) and how many came without registration, per sector ("" = not stated)."""
    permissions.require(permissions.can_manage_events, actor, event.agenda)
    if event.starts_at > timezone.now():
        raise ValidationError(
            _("Die Teilnahme kann erst ab Beginn der Veranstaltung erfasst werden.")
        )
    if event.is_cancelled:
        raise ValidationError(_("Die Veranstaltung wurde abgesagt."))
    sectors = _sectors()
    errors: dict[str, str] = {}
    for sector, count in walk_ins.items():
        if sector and sector not in sectors:
            errors[f"walk_ins_{sector}"] = _("Unbekannter Bereich.")
        elif not isinstance(count, int) or not 0 <= count <= MAX_WALK_INS:
            errors[f"walk_ins_{sector or 'none'}"] = _(
                "Bitte eine ganze Zahl zwischen 0 und %(max)s angeben."
            ) % {"max": f"{MAX_WALK_INS:,}".replace(",", ".")}
    if errors:
        raise ValidationError(errors)
    came = set(attended)
    with transaction.atomic():
        locked = _locked(event)
        confirmed = Registration.objects.filter(event=locked, status=RegistrationStatus.CONFIRMED)
        unknown = came - set(confirmed.values_list("pk", flat=True))
        if unknown:
            raise ValidationError(_("Einige Anmeldungen gehören nicht zu dieser Veranstaltung."))
        confirmed.filter(pk__in=came).update(attended=True)
        confirmed.exclude(pk__in=came).update(attended=False)
        for sector, count in walk_ins.items():
            if count:
                EventAttendance.objects.update_or_create(
                    event=locked, sector=sector, defaults={"count": count}
                )
            else:
                EventAttendance.objects.filter(event=locked, sector=sector).delete()
        record_event(
            actor=actor,
            agenda=locked.agenda,
            action=AuditAction.EVENT_ATTENDANCE_RECORDED,
            detail=_("%(event)s: %(registered)s mit, %(walk_ins)s ohne Anmeldung")
            % {"event": locked.title, "registered": len(came), "walk_ins": sum(walk_ins.values())},
        )


# Registrations -------------------------------------------------------------------------------


def registration_refusal(event: Event, now: datetime.datetime | None = None) -> str | None:
    """Why nobody can register for ``event`` now, or None. Shown on the page as well."""
    now = now or timezone.now()
    if event.is_draft:
        return _("Die Veranstaltung ist noch nicht angekündigt.")
    if event.is_cancelled:
        return _("Die Veranstaltung wurde abgesagt; eine Anmeldung ist nicht mehr möglich.")
    if event.ends_at <= now:
        return _("Die Veranstaltung hat stattgefunden.")
    if event.starts_at <= now:
        return _("Die Veranstaltung hat bereits begonnen.")
    if not event.registration_required:
        return _("Für diese Veranstaltung ist keine Anmeldung nötig – kommen Sie einfach vorbei.")
    if event.registration_deadline is not None and event.registration_deadline < now:
        return _("Der Anmeldeschluss (%(deadline)s) ist vorbei.") % {
            "deadline": formats.date_format(
                timezone.localtime(event.registration_deadline), "j. F Y, H:i"
            )
        }
    return None


def _remember_sector(agenda: Agenda, user: User, sector: str) -> None:
    participant, created = Participant.objects.get_or_create(
        agenda=agenda, user=user, defaults={"sector": sector}
    )
    if not created and sector and not participant.sector:
        Participant.objects.filter(pk=participant.pk, sector="").update(sector=sector)


def register(*, actor: User, event: Event, sector: str = "", address: str = "") -> Registration:
    """Register ``actor``: a confirmed place while there is one, else the waiting list. A
    person already registered (or on the list) gets their registration back unchanged."""
    permissions.require(permissions.can_contribute, actor, event.agenda)
    sector = (sector or "").strip()
    if sector and sector not in _sectors():
        raise ValidationError({"sector": _("Bitte wählen Sie einen Bereich aus der Liste.")})
    refusal = registration_refusal(event)
    if refusal:
        raise ValidationError(refusal)
    existing = Registration.objects.filter(event=event, user=actor, status__in=ACTIVE).first()
    if existing is not None:
        return existing
    if not permissions.can_manage_events(actor, event.agenda):
        check_rate(kind="registration", user_id=actor.pk, address=address)
    try:
        with transaction.atomic():
            locked = _locked(event)
            refusal = registration_refusal(locked)  # it may have changed while we waited
            if refusal:
                raise ValidationError(refusal)
            registration = (
                Registration.objects.select_for_update().filter(event=locked, user=actor).first()
            )
            if registration is not None and registration.status in ACTIVE:
                return registration  # a parallel double click won the race
            full = locked.capacity is not None and locked.confirmed_count >= locked.capacity
            status = RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED
            now = timezone.now()
            if registration is None:
                registration = Registration.objects.create(
                    event=locked, user=actor, status=status, sector=sector, queued_at=now
                )
            else:  # registered again after cancelling: to the end of the queue
                registration.status = status
                registration.sector = sector or registration.sector
                registration.queued_at = now
                registration.cancelled_at = None
                registration.attended = None
                registration.reminder_sent = None
                registration.save()
            counter = (
                "confirmed_count" if status == RegistrationStatus.CONFIRMED else "waiting_count"
            )
            Event.objects.filter(pk=locked.pk).update(**{counter: F(counter) + 1})
            _remember_sector(locked.agenda, actor, sector)
            record_event(
                actor=actor,
                agenda=locked.agenda,
                action=AuditAction.REGISTRATION_CREATED,
                detail=f"{locked.title} ({registration.get_status_display()})",
            )
            _tell_registered(registration, locked)
    except IntegrityError:
        # The unique constraint caught a parallel double submit: the first one counts.
        found = Registration.objects.filter(event=event, user=actor, status__in=ACTIVE).first()
        if found is None:
            raise
        return found
    return registration


def _move_up(event: Event) -> list[Registration]:
    """Fill free places from the waiting list, first come first served; call with ``event``
    locked. Tells everyone who moved up (after commit). Returns them."""
    if event.capacity is None:
        free = event.waiting_count
    else:
        free = max(0, event.capacity - event.confirmed_count)
    if not free or not event.waiting_count or event.is_cancelled:
        return []
    moving = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=RegistrationStatus.WAITING)
        .order_by("queued_at", "pk")
        .select_related("user")[:free]
    )
    if not moving:
        return []
    Registration.objects.filter(pk__in=[r.pk for r in moving]).update(
        status=RegistrationStatus.CONFIRMED
    )
    Event.objects.filter(pk=event.pk).update(
        confirmed_count=F("confirmed_count") + len(moving),
        waiting_count=F("waiting_count") - len(moving),
    )
    event.refresh_from_db(fields=["confirmed_count", "waiting_count"])
    for registration in moving:
        registration.status = RegistrationStatus.CONFIRMED
    if event.starts_at > timezone.now():
        _tell_moved_up(moving, event)
    return moving


def cancel_registration(*, actor: User, event: Event) -> Registration:
    """``actor`` withdraws; a freed place goes to the first on the waiting list, who is told."""
    with transaction.atomic():
        locked = _locked(event)
        registration = (
            Registration.objects.select_for_update()
            .filter(event=locked, user=actor, status__in=ACTIVE)
            .first()
        )
        if registration is None:
            raise ValidationError(_("Sie sind zu dieser Veranstaltung nicht angemeldet."))
        if locked.starts_at <= timezone.now():
            raise ValidationError(
                _("Die Veranstaltung hat bereits begonnen; abmelden ist nicht mehr möglich.")
            )
        counter = (
            "confirmed_count"
            if registration.status == RegistrationStatus.CONFIRMED
            else "waiting_count"
        )
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        Event.objects.filter(pk=locked.pk).update(**{counter: F(counter) - 1})
        locked.refresh_from_db(fields=["confirmed_count", "waiting_count"])
        _move_up(locked)
        record_event(
            actor=actor,
            agenda=locked.agenda,
            action=AuditAction.REGISTRATION_CANCELLED,
            detail=locked.title,
        )
    return registration


# Reminders -------------------------------------------------------------------------------------


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone confirmed for an event that starts before the end of tomorrow (Europe/
    Berlin) and has not begun. Each registration is reminded once, also when two runs overlap
    (the mark is set by a conditional update before the mail goes out). Returns how many."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    day_after_tomorrow = (local + datetime.timedelta(days=2)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    due = (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminder_sent__isnull=True,
            event__is_cancelled=False,
            event__is_draft=False,
            event__starts_at__gt=now,
            event__starts_at__lt=day_after_tomorrow,
        )
        .select_related("event", "event__agenda", "user")
        .order_by("event__starts_at", "pk")
    )
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk,
                reminder_sent__isnull=True,
                status=RegistrationStatus.CONFIRMED,
            ).update(reminder_sent=now)
            if not claimed:
                continue
            event = registration.event
            _tell(
                event,
                [registration.user],
                kind=NotificationKind.EVENT_REMINDER,
                subject=_("Erinnerung: %(title)s") % {"title": event.title},
                text=_(
                    "Sie sind zu „%(title)s“ angemeldet. Wenn Sie doch nicht kommen können, "
                    "melden Sie sich bitte ab, damit jemand von der Warteliste nachrücken kann."
                )
                % {"title": event.title}
                + f"\n\n{_details(event)}",
            )
            sent += 1
    return sent
