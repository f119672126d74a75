"""Read paths of events: the list, the event page, attendance, the agenda home block and the
to-dos on "Mein Bereich". Each answers in a fixed number of queries, however many events,
registrations or agendas there are (the tests count them)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from regioagenda.accounts.models import STAFF_ROLES
from regioagenda.core import permissions
from regioagenda.core.charts import Chart, bar_chart
from regioagenda.core.permissions.roles import Person, administers_agenda, signed_in
from regioagenda.core.registry import Todo
from regioagenda.participation.models import (
    Event,
    EventAttendance,
    EventKind,
    Idea,
    Registration,
    RegistrationStatus,
)
from regioagenda.participation.services.events import registration_refusal, sector_choices
from regioagenda.regions import process
from regioagenda.regions.models import Agenda

# No figure about fewer people than this is shown to the public (statistics by sector).
PRIVACY_THRESHOLD = 5
SECTION_EVENTS = 3


def _visible(agenda: Agenda, user: Person) -> QuerySet[Event]:
    events = Event.objects.filter(agenda=agenda)
    if not permissions.can_manage_events(user, agenda):
        events = events.filter(is_draft=False)
    return events


def get_event(agenda: Agenda, pk: object, user: Person) -> Event:
    """The event ``pk`` of ``agenda`` (drafts for organisers only); 404 otherwise."""
    try:
        pk = int(str(pk))
    except ValueError:
        raise Http404 from None
    event = _visible(agenda, user).select_related("agenda", "moderator").filter(pk=pk).first()
    if event is None:
        raise Http404(_("Diese Veranstaltung gibt es in dieser Agenda nicht."))
    event.agenda = agenda  # the same object the view checked, with its cached roles
    return event


def feed_events(agenda: Agenda) -> list[Event]:
    """Everything announced, also cancelled ones (calendars must learn they are off)."""
    return list(Event.objects.filter(agenda=agenda, is_draft=False).order_by("starts_at", "pk"))


@dataclass
class EventList:
    upcoming: list[Event]
    past: list[Event]
    kinds: list[tuple[str, str]]
    steps: list[tuple[str, str]]
    kind: str
    step: str
    can_manage: bool
    mine: dict[int, str] = field(default_factory=dict)


def event_list(agenda: Agenda, user: Person, *, kind: str = "", step: str = "") -> EventList:
    """Upcoming events (soonest first) and past ones (latest first), optionally of one kind or
    step, with the person's registration state per event. Three queries."""
    kind = kind if kind in EventKind.values else ""
    step = step if step in process.STEP_KEYS else ""
    events = _visible(agenda, user).select_related("moderator")
    if kind:
        events = events.filter(kind=kind)
    if step:
        events = events.filter(step=step)
    now = timezone.now()
    everything = list(events.order_by("starts_at", "pk"))
    upcoming = [e for e in everything if e.ends_at > now]
    past = [e for e in reversed(everything) if e.ends_at <= now]
    mine: dict[int, str] = {}
    person = signed_in(user)
    if person is not None and everything:
        mine = dict(
            Registration.objects.filter(
                user=person,
                event__agenda=agenda,
                status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
            ).values_list("event_id", "status")
        )
    for event in everything:
        event.my_status = mine.get(event.pk, "")  # type: ignore[attr-defined]
        event.is_full = (  # type: ignore[attr-defined]
            event.registration_required
            and not event.is_cancelled
            and event.capacity is not None
            and event.confirmed_count >= event.capacity
            and event.ends_at > now
        )
    return EventList(
        upcoming=upcoming,
        past=past,
        kinds=[(str(v), str(label)) for v, label in EventKind.choices],
        steps=[(str(k), str(name)) for k, name in process.STEP_CHOICES],
        kind=kind,
        step=step,
        can_manage=bool(permissions.can_manage_events(user, agenda)),
        mine=mine,
    )


@dataclass
class SectorRow:
    label: str
    count: int


@dataclass
class Attendance:
    """Who came, by sector: registered people marked as present plus walk-ins."""

    total: int
    rows: list[SectorRow]
    # Sectors below the threshold, added up (shown only when the sum reaches it).
    others: int = 0
    full: bool = False
    recorded: bool = False

    @property
    def total_shown(self) -> bool:
        return self.full or self.total >= PRIVACY_THRESHOLD

    @property
    def chart_rows(self) -> list[SectorRow]:
        rows = list(self.rows)
        if self.others:
            rows.append(SectorRow(_("Weitere Bereiche (zusammen)"), self.others))
        return rows


def attendance(event: Event, *, full: bool) -> Attendance:
    """Attendance by sector. With ``full`` (organisers) every figure; otherwise no figure about
    fewer than five people: small sectors are added up as "weitere Bereiche" and left out while
    that sum is below five too, and then the total is given only as at least. Two queries."""
    labels = dict(sector_choices())
    counts: dict[str, int] = {}
    for sector, n in (
        Registration.objects.filter(event=event, attended=True)
        .values_list("sector")
        .annotate(n=Count("pk"))
        .values_list("sector", "n")
    ):
        counts[sector] = counts.get(sector, 0) + n
    walk_ins = EventAttendance.objects.filter(event=event).values_list("sector", "count")
    for sector, n in walk_ins:
        counts[sector] = counts.get(sector, 0) + n
    recorded = bool(counts)
    total = sum(counts.values())
    order = {key: i for i, key in enumerate(labels)}
    named = sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))

    def label(key: str) -> str:
        return labels.get(key, _("ohne Angabe")) if key else _("ohne Angabe")

    if full:
        rows = [SectorRow(label(k), n) for k, n in named if n]
        return Attendance(total=total, rows=rows, full=True, recorded=recorded)
    shown = [SectorRow(label(k), n) for k, n in named if n >= PRIVACY_THRESHOLD]
    small = sum(n for _k, n in named if n < PRIVACY_THRESHOLD)
    others = small if small >= PRIVACY_THRESHOLD else 0
    if 0 < small < PRIVACY_THRESHOLD:
        # The exact total would reveal the small remainder: give the shown part only.
        total = sum(r.count for r in shown)
    return Attendance(total=total, rows=shown, others=others, recorded=recorded)


def attendance_chart(stats: Attendance) -> Chart | None:
    """Bars per sector with the figures as a table; None when there is nothing to show."""
    rows = stats.chart_rows
    if not rows:
        return None
    return bar_chart(
        title=_("Teilnahme nach Bereichen"),
        categories=[row.label for row in rows],
        series=[(_("Personen"), [row.count for row in rows])],
        row_header=_("Bereich"),
        unit="",
    )


@dataclass
class MyRegistration:
    status: str
    position: int | None  # on the waiting list, 1 = next to move up
    sector: str


@dataclass
class EventPage:
    event: Event
    items: list[Any]
    results: list[Idea]
    captured: int
    can_manage: bool
    can_contribute: Any
    refusal: str | None
    places_left: int | None
    mine: MyRegistration | None
    attendance: Attendance
    sectors: list[tuple[str, str]]
    is_past: bool
    show_minutes: bool
    now: datetime.datetime
    chart: Any = None


def event_page(event: Event, user: Person) -> EventPage:
    """Everything the event page shows; a fixed number of queries."""
    agenda = event.agenda
    can_manage = bool(permissions.can_manage_events(user, agenda))
    show_minutes = bool(event.minutes and (event.minutes_published or can_manage))
    results: list[Idea] = []
    if event.minutes_published or can_manage:
        results = list(
            event.result_ideas.filter(hidden__isnull=True).only(
                "pk", "title", "status", "agenda_id"
            )
        )
    captured = Idea.objects.filter(event=event, hidden__isnull=True).count()
    mine = None
    person = signed_in(user)
    if person is not None:
        own = Registration.objects.filter(
            event=event,
            user=person,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
        ).first()
        if own is not None:
            position = None
            if own.status == RegistrationStatus.WAITING:
                position = (
                    Registration.objects.filter(event=event, status=RegistrationStatus.WAITING)
                    .filter(
                        Q(queued_at__lt=own.queued_at) | Q(queued_at=own.queued_at, pk__lt=own.pk)
                    )
                    .count()
                    + 1
                )
            mine = MyRegistration(status=own.status, position=position, sector=own.sector)
    stats = attendance(event, full=can_manage)
    places_left = None
    if event.capacity is not None:
        places_left = max(0, event.capacity - event.confirmed_count)
    return EventPage(
        event=event,
        items=list(event.items.all()),
        results=results,
        captured=captured,
        can_manage=can_manage,
        can_contribute=permissions.can_contribute(user, agenda),
        refusal=registration_refusal(event),
        places_left=places_left,
        mine=mine,
        attendance=stats,
        sectors=sector_choices(),
        is_past=event.ends_at <= timezone.now(),
        show_minutes=show_minutes,
        now=timezone.now(),
        chart=attendance_chart(stats),
    )


def attendance_sheet(event: Event) -> dict[str, Any]:
    """The organisers' attendance page: confirmed registrations (name, sector, came or not)
    and the walk-ins per sector."""
    labels = dict(sector_choices())
    registrations = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("user")
        .order_by("user__name", "user__email", "pk")
    )
    for registration in registrations:
        registration.sector_label = labels.get(registration.sector, "")  # type: ignore[attr-defined]
    walk_ins = dict(EventAttendance.objects.filter(event=event).values_list("sector", "count"))
    rows = [("", _("ohne Angabe"), walk_ins.get("", 0))] + [
        (key, label, walk_ins.get(key, 0)) for key, label in labels.items()
    ]
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).count()
    stats = attendance(event, full=True)
    return {
        "registrations": registrations,
        "walk_in_rows": rows,
        "waiting": waiting,
        "stats": stats,
        "chart": attendance_chart(stats),
    }


def result_candidates(event: Event) -> list[Idea]:
    """Ideas of the agenda an event can be linked to: its own first, then newest."""
    return list(
        Idea.objects.filter(agenda_id=event.agenda_id, hidden__isnull=True)
        .only("pk", "title", "status", "event_id", "created")
        .order_by("-created", "-pk")[:500]
    )


# Agenda home and "Mein Bereich" --------------------------------------------------------------


def agenda_section(agenda: Agenda, user: Person) -> dict[str, Any] | None:
    """ "Nächste Termine": the next announced events; None when there are none. One query."""
    upcoming = list(
        Event.objects.filter(
            agenda=agenda, is_draft=False, is_cancelled=False, ends_at__gt=timezone.now()
        ).order_by("starts_at", "pk")[:SECTION_EVENTS]
    )
    if not upcoming:
        return None
    return {"agenda": agenda, "events": upcoming}


def todos(user: Person, agendas: list[Agenda]) -> list[Todo]:
    """Organisers: minutes to write for events that ended without published minutes.
    Everyone: the upcoming events they are registered for. Two queries for any number of
    agendas (the roles are cached on the user)."""
    person = signed_in(user)
    if person is None:
        return []
    by_id = {agenda.pk: agenda for agenda in agendas}
    staff = [
        a.pk
        for a in agendas
        if permissions.agenda_roles(person, a) & STAFF_ROLES or administers_agenda(person, a)
    ]
    out: list[Todo] = []
    now = timezone.now()
    if staff:
        due = Event.objects.filter(
            agenda_id__in=staff,
            is_draft=False,
            is_cancelled=False,
            ends_at__lte=now,
            ends_at__gte=now - datetime.timedelta(days=180),
            minutes_published__isnull=True,
        ).order_by("ends_at", "pk")
        for event in due.only("pk", "title", "agenda_id", "ends_at"):
            agenda = by_id[event.agenda_id]
            out.append(
                Todo(
                    agenda=agenda,
                    title=_("Protokoll für „%(title)s“ schreiben") % {"title": event.title},
                    detail=_("Die Veranstaltung war am %(day)s.")
                    % {"day": timezone.localtime(event.ends_at).strftime("%d.%m.%Y")},
                    url=reverse("participation:event_minutes", args=[agenda.slug, event.pk]),
                    priority=40,
                )
            )
    mine = (
        Registration.objects.filter(
            user=person,
            event__agenda_id__in=list(by_id),
            event__is_cancelled=False,
            event__starts_at__gt=now,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
        )
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
    for registration in mine:
        event = registration.event
        agenda = by_id[event.agenda_id]
        waiting = registration.status == RegistrationStatus.WAITING
        out.append(
            Todo(
                agenda=agenda,
                title=(
                    _("Sie stehen auf der Warteliste: %(title)s")
                    if waiting
                    else _("Sie sind angemeldet: %(title)s")
                )
                % {"title": event.title},
                detail=timezone.localtime(event.starts_at).strftime("%d.%m.%Y, %H:%M"),
                url=reverse("participation:event", args=[agenda.slug, event.pk]),
                kind=Todo.INFO,
                priority=30,
            )
        )
    return out


def attendance_totals(agenda: Agenda) -> dict[str, int]:
    """Attendance of all the agenda's events by sector (for the participation statistics):
    ``{sector: people}``; the caller applies the privacy threshold. Two queries."""
    counts: dict[str, int] = {}
    for sector, n in (
        Registration.objects.filter(event__agenda=agenda, attended=True)
        .values("sector")
        .annotate(n=Count("pk"))
        .values_list("sector", "n")
    ):
        counts[sector] = counts.get(sector, 0) + n
    for sector, n in (
        EventAttendance.objects.filter(event__agenda=agenda)
        .values("sector")
        .annotate(n=Sum("count"))
        .values_list("sector", "n")
    ):
        counts[sector] = counts.get(sector, 0) + (n or 0)
    return counts
