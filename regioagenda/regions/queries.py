"""Read paths for the pages of regions, programmes and agendas: bounded queries, ready for templates."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from regioagenda.accounts.models import Membership, ProgrammeMembership, Role, User
from regioagenda.core import pagecache, permissions
from regioagenda.core.models import Job
from regioagenda.core.numbers import is_ascii_digits
from regioagenda.core.permissions import Answer, Person
from regioagenda.core.registry import AgendaSection, Todo, agenda_sections, todo_providers
from regioagenda.regions import process
from regioagenda.regions.models import (
    Agenda,
    AgendaStep,
    Programme,
    Region,
    RegionKind,
    RegionLevel,
    StepState,
)


def get_agenda(slug: str) -> Agenda:
    agenda = (
        Agenda.objects.select_related("region", "region__bezirk", "programme")
        .filter(slug=slug)
        .first()
    )
    if agenda is None:
        raise Http404(_("Es gibt keine Agenda mit dem Kurznamen „%(slug)s“.") % {"slug": slug})
    return agenda


def agenda_for(
    user: Person,
    slug: str,
    *,
    check: Callable[[Person, Agenda], Answer] = permissions.can_view_agenda,
) -> Agenda:
    """The agenda behind ``slug`` if ``check(user, agenda)`` allows it; 404 or 403 otherwise."""
    agenda = get_agenda(slug)
    if not permissions.can_view_agenda(user, agenda):
        raise PermissionDenied(
            _("Die Agenda „%(title)s“ ist nicht öffentlich. Nur ihre Mitglieder sehen sie.")
            % {"title": agenda.title}
        )
    permissions.require(check, user, agenda)
    return agenda


def public_agendas() -> QuerySet[Agenda]:
    return (
        Agenda.objects.filter(is_public=True)
        .select_related("region", "programme")
        .order_by("-is_example", "title")
    )


@dataclass
class StepView:
    key: str
    number: int
    definition: process.StepDefinition
    state: str
    state_label: StrOrPromise
    started_on: datetime.date | None
    completed_on: datetime.date | None
    note: str
    sections: list[tuple[AgendaSection, Any]]


def agenda_steps(agenda: Agenda, user: Person) -> list[StepView]:
    """The process steps of an agenda in order, with what each has to show."""
    # The steps' states are the agenda's data, the same for every viewer: kept per data version.
    rows = pagecache.per_version("agenda-steps", agenda.pk, compute=lambda: _step_rows(agenda))
    sections = agenda_sections.render_context(agenda, user)
    states = dict(StepState.choices)
    result = []
    for number, key in enumerate(process.STEP_KEYS, start=1):
        state, started_on, completed_on, note = rows.get(key, (StepState.UPCOMING, None, None, ""))
        result.append(
            StepView(
                key=key,
                number=number,
                definition=process.STEPS[key],
                state=state,
                state_label=states[state],
                started_on=started_on,
                completed_on=completed_on,
                note=note,
                sections=sections.get(key, []),
            )
        )
    return result


def _step_rows(
    agenda: Agenda,
) -> dict[str, tuple[str, datetime.date | None, datetime.date | None, str]]:
    return {
        key: (state, started_on, completed_on, note)
        for key, state, started_on, completed_on, note in AgendaStep.objects.filter(
            agenda=agenda
        ).values_list("key", "state", "started_on", "completed_on", "note")
    }


def team_counts(agenda: Agenda) -> list[tuple[StrOrPromise, int]]:
    """How many people hold each role: public, since the process is meant to be visible."""
    counts = pagecache.per_version(
        "agenda-team",
        agenda.pk,
        compute=lambda: dict(
            Membership.objects.filter(agenda=agenda)
            .values_list("role")
            .annotate(n=Count("user", distinct=True))
        ),
    )
    return [(label, counts.get(value, 0)) for value, label in Role.choices]


def members(agenda: Agenda) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(agenda=agenda)
        .select_related("user")
        .order_by("role", "user__name", "user__email")
    )


@dataclass
class DashboardEntry:
    agenda: Agenda
    roles: list[StrOrPromise]
    # What the later apps have for this person to do here (core.registry.todo_providers).
    todos: list[Todo] = field(default_factory=list)

    @property
    def actions(self) -> int:
        return sum(1 for todo in self.todos if todo.is_action)


class Dashboard(TypedDict):
    entries: list[DashboardEntry]
    todo_groups: list[DashboardEntry]
    todo_count: int
    programmes: list[Programme]
    jobs: list[Job]
    mfa_required: bool


def dashboard(user: User) -> Dashboard:
    entries: dict[int, DashboardEntry] = {}
    roles: dict[int, list[str]] = {}
    for membership in (
        Membership.objects.filter(user=user)
        .select_related("agenda", "agenda__region")
        .order_by("agenda__title", "role")
    ):
        entries.setdefault(membership.agenda_id, DashboardEntry(agenda=membership.agenda, roles=[]))
        roles.setdefault(membership.agenda_id, []).append(membership.role)
    for agenda_id, entry in entries.items():
        # By responsibility (the order of Role), not by the alphabet of the stored keys.
        ordered = sorted(roles[agenda_id], key=Role.values.index)
        entry.roles = [Role(role).label for role in ordered]
    for todo in todo_providers.collect(user, [entry.agenda for entry in entries.values()]):
        entries[todo.agenda.pk].todos.append(todo)
    # The agendas with the most urgent to-dos first (collect sorted each list already).
    groups = sorted(
        (entry for entry in entries.values() if entry.todos),
        key=lambda entry: (entry.todos[0].sort_key(), entry.agenda.title),
    )
    programmes = Programme.objects.filter(permissions.programme_office_filter(user)).annotate(
        agenda_count=Count("agendas", distinct=True)
    )
    jobs = Job.objects.filter(created_by=user).order_by("-created")[:5]
    return {
        "entries": list(entries.values()),
        "todo_groups": groups,
        "todo_count": sum(len(entry.todos) for entry in groups),
        "programmes": list(programmes),
        "jobs": list(jobs),
        "mfa_required": permissions.requires_mfa(user),
    }


class ProgrammeOverview(TypedDict):
    agendas: list[Agenda]
    admins: list[ProgrammeMembership]


def programme_overview(programme: Programme) -> ProgrammeOverview:
    agendas = (
        programme.agendas.select_related("region")
        .annotate(member_count=Count("memberships__user", distinct=True))
        .order_by("title")
    )
    admins = ProgrammeMembership.objects.filter(programme=programme).select_related("user")
    return {"agendas": list(agendas), "admins": list(admins)}


# Register --------------------------------------------------------------------------------------


class RegisterOverview(TypedDict):
    bezirke: int
    kreise: int
    landkreise: int
    kreisfreie_staedte: int
    gemeinden: int
    gemeindefrei: int
    verbaende: int
    alliances: int
    population: int | None
    area: Decimal | None
    territory_date: datetime.date | None
    source: str


def register_overview() -> RegisterOverview:
    """Counts and totals of the official register, for the 'About the data' page."""
    current = Region.objects.filter(is_current=True, is_example=False)
    by_level = dict(current.values_list("level").annotate(n=Count("id")))
    by_kind = dict(current.values_list("kind").annotate(n=Count("id")))
    land = current.filter(level=RegionLevel.LAND).aggregate(
        population=Sum("population"), area=Sum("area_km2")
    )
    latest = current.exclude(territory_date=None).order_by("-territory_date").first()
    gemeinden = current.filter(level=RegionLevel.GEMEINDE).exclude(kind=RegionKind.GEMEINDEFREI)
    return {
        "bezirke": by_level.get(RegionLevel.BEZIRK, 0),
        "kreise": by_level.get(RegionLevel.KREIS, 0),
        "landkreise": by_kind.get(RegionKind.LANDKREIS, 0),
        "kreisfreie_staedte": current.filter(
            level=RegionLevel.KREIS, kind=RegionKind.KREISFREIE_STADT
        ).count(),
        "gemeinden": gemeinden.count(),
        "gemeindefrei": by_kind.get(RegionKind.GEMEINDEFREI, 0),
        "verbaende": by_level.get(RegionLevel.VERBAND, 0),
        "alliances": by_level.get(RegionLevel.ALLIANCE, 0),
        "population": land["population"],
        "area": land["area"],
        "territory_date": latest.territory_date if latest else None,
        "source": latest.source if latest else "",
    }


class RegionSearch(TypedDict):
    regions: list[Region]
    total: int
    limit: int


def search_regions(query: str = "", level: str = "", limit: int = 50) -> RegionSearch:
    regions = Region.objects.filter(is_current=True).select_related("parent")
    if level:
        regions = regions.filter(level=level)
    else:
        # A verbandsfreie Gemeinde is also listed as its own Gemeindeverband; show it once.
        regions = regions.exclude(level=RegionLevel.VERBAND, kind=RegionKind.VERBANDSFREI)
    query = (query or "").strip()
    if query:
        if is_ascii_digits(query):
            regions = regions.filter(ags__startswith=query)
        else:
            regions = regions.filter(Q(name__icontains=query) | Q(seat__icontains=query))
    elif not level:
        regions = regions.filter(level__in=[RegionLevel.BEZIRK, RegionLevel.ALLIANCE])
    total = regions.count()
    return {
        "regions": list(regions.order_by("ags", "name")[:limit]),
        "total": total,
        "limit": limit,
    }


class RegionDetail(TypedDict):
    region: Region
    children: list[Region]
    members: list[Region]
    alliances: list[Region]
    agendas: list[Agenda]


def region_detail(pk: int) -> RegionDetail:
    region = Region.objects.select_related("parent", "bezirk").filter(pk=pk).first()
    if region is None:
        raise Http404(_("Diese Region gibt es nicht (mehr)."))
    children = region.children.filter(is_current=True).order_by("ags", "name")
    return {
        "region": region,
        "children": list(children),
        "members": list(region.members.order_by("name")),
        "alliances": list(region.alliances.order_by("name")),
        "agendas": list(region.agendas.filter(is_public=True).order_by("-started_on")),
    }
