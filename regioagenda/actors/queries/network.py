"""Read path of the network page: load the agenda's actors in a fixed number of queries, build
the graph with the privacy rule applied, measure and draw it (cached per graph), and prepare
the tables.

Who appears: organisations, bodies, the agenda's activities (own and linked), and people —
for those who may see the internal register (``can_view_actors``) everyone (anonymised people
as "Anonymisierte Person"), for everyone else only people shown publicly by the one rule of
``queries.register.visible_people_filter``; the others are left out together with their edges
and only counted. Organisations taking part in a linked activity of another agenda appear as
"Organisation einer anderen Agenda" when the viewer may see that agenda.
"""

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.actors.fields import active_fields
from regioagenda.actors.models import (
    Activity,
    ActivityField,
    ActivityKind,
    ActivityLink,
    Body,
    BodyMember,
    Organisation,
    OrganisationField,
    Person,
    PersonField,
)
from regioagenda.actors.network import Drawing, draw
from regioagenda.actors.network.analysis import Analysis, analyse
from regioagenda.actors.network.graph import (
    ACTIVITY,
    BODY,
    EDGE_BODY,
    EDGE_MEMBER,
    EDGE_RESPONSIBLE,
    EDGE_TAKES_PART,
    EDGE_WORKS_AT,
    ORGANISATION,
    PERSON,
    Graph,
    GraphBuilder,
    Node,
    key,
    neighbourhood,
)
from regioagenda.actors.network.render import (
    kind_label,
    kind_labels,
    sector_label,
    sector_labels,
)
from regioagenda.actors.queries.activities import agenda_activities, visible_agenda_filter
from regioagenda.actors.queries.register import unshown_people, visible_people_filter
from regioagenda.core import pagecache, permissions
from regioagenda.regions.models import Agenda

CACHE_SECONDS = 24 * 60 * 60
CACHE_VERSION = 2
NODE_PAGE_SIZE = 100
EDGE_PAGE_SIZE = 200
OPEN_TABLES_UP_TO = 60  # larger graphs show their tables folded (<details>)

Viewer = User | AnonymousUser | None


def _edge_label(kind: str) -> str:
    return {
        EDGE_WORKS_AT: _("arbeitet bei"),
        EDGE_MEMBER: _("Mitglied in"),
        EDGE_RESPONSIBLE: _("verantwortlich für"),
        EDGE_TAKES_PART: _("beteiligt an"),
        EDGE_BODY: _("beteiligt an"),
    }.get(kind, "")


# Edges are stored in node order (organisation < person < activity < body); these two read
# better the other way round ("person works at organisation", "body takes part in activity").
_REVERSED = {EDGE_WORKS_AT, EDGE_BODY}


def build_graph(agenda: Agenda, user: Viewer) -> tuple[Graph, int]:
    """The agenda's network for ``user``; returns ``(graph, hidden_people)``.

    Ten queries whatever the number of actors (organisations, their fields, people, their
    fields, [hidden people count], bodies, current memberships, activities, their fields,
    their organisations, their bodies).
    """
    internal = permissions.can_view_actors(user, agenda)
    builder = GraphBuilder()
    fields_of: dict[tuple[str, int], set[str]] = {}
    for organisation_id, field_key in OrganisationField.objects.filter(
        organisation__agenda=agenda
    ).values_list("organisation_id", "field_key"):
        fields_of.setdefault((ORGANISATION, organisation_id), set()).add(field_key)
    for pk, name, sector in Organisation.objects.filter(agenda=agenda).values_list(
        "pk", "name", "sector"
    ):
        builder.add(
            Node(
                key(ORGANISATION, pk),
                ORGANISATION,
                pk,
                name,
                sector=sector,
                fields=frozenset(fields_of.get((ORGANISATION, pk), ())),
            )
        )

    people = Person.objects.filter(agenda=agenda)
    hidden_people = 0
    if not internal:
        hidden_people = unshown_people(agenda)  # the public register's count
        people = people.filter(visible_people_filter())
    for person_id, field_key in PersonField.objects.filter(person__agenda=agenda).values_list(
        "person_id", "field_key"
    ):
        fields_of.setdefault((PERSON, person_id), set()).add(field_key)
    for (
        pk,
        name,
        anonymised,
        organisation_id,
        own_sector,
        organisation_sector,
        function,
    ) in people.values_list(
        "pk",
        "name",
        "is_anonymised",
        "organisation_id",
        "sector",
        "organisation__sector",
        "function",
    ):
        builder.add(
            Node(
                key(PERSON, pk),
                PERSON,
                pk,
                str(_("Anonymisierte Person")) if anonymised else name,
                sector=organisation_sector or own_sector or "",
                fields=frozenset(fields_of.get((PERSON, pk), ())),
                detail="" if anonymised else function,
            )
        )
        if organisation_id:
            builder.connect(key(PERSON, pk), key(ORGANISATION, organisation_id), EDGE_WORKS_AT)

    for pk, name, kind, field_key in Body.objects.filter(agenda=agenda).values_list(
        "pk", "name", "kind", "field_key"
    ):
        builder.add(
            Node(
                key(BODY, pk),
                BODY,
                pk,
                name,
                fields=frozenset([field_key] if field_key else []),
                detail=str(Body(kind=kind).get_kind_display()),
            )
        )
    today = timezone.localdate()
    current = BodyMember.objects.filter(body__agenda=agenda).filter(
        Q(start__isnull=True) | Q(start__lte=today), Q(end__isnull=True) | Q(end__gte=today)
    )
    for body_id, person_id in current.values_list("body_id", "person_id"):
        builder.connect(key(PERSON, person_id), key(BODY, body_id), EDGE_MEMBER)

    _add_activities(builder, agenda, user)
    return builder.build(), hidden_people


def _add_activities(builder: GraphBuilder, agenda: Agenda, user: Viewer) -> None:
    activities = agenda_activities(agenda, user)
    ids = activities.values("pk")
    fields: dict[int, set[str]] = {}
    for activity_id, field_key in ActivityField.objects.filter(activity_id__in=ids).values_list(
        "activity_id", "field_key"
    ):
        fields.setdefault(activity_id, set()).add(field_key)
    # Whether the viewer may see another agenda is decided once per agenda, from the columns
    # the predicate needs, not once per row.
    visible = {agenda.pk: True}
    owner: dict[int, tuple[int, str]] = {}
    rows = activities.values_list(
        "pk",
        "title",
        "kind",
        "agenda_id",
        "agenda__title",
        "agenda__is_public",
        "agenda__programme_id",
        "responsible_id",
        "responsible__name",
        "responsible__sector",
    )
    kinds = dict(ActivityKind.choices)
    for (
        pk,
        title,
        kind,
        agenda_id,
        agenda_title,
        is_public,
        programme_id,
        responsible_id,
        responsible_name,
        responsible_sector,
    ) in rows:
        if agenda_id not in visible:
            reference = SimpleNamespace(
                pk=agenda_id, is_public=is_public, programme_id=programme_id
            )
            visible[agenda_id] = permissions.can_view_agenda(user, reference)
        owner[pk] = (agenda_id, agenda_title)
        builder.add(
            Node(
                key(ACTIVITY, pk),
                ACTIVITY,
                pk,
                title,
                fields=frozenset(fields.get(pk, ())),
                detail=str(kinds.get(kind, kind)),
            )
        )
        if responsible_id:
            _add_partner(
                builder,
                agenda,
                visible,
                owner[pk],
                responsible_id,
                responsible_name,
                responsible_sector,
            )
            builder.connect(key(ACTIVITY, pk), key(ORGANISATION, responsible_id), EDGE_RESPONSIBLE)
    through = Activity.organisations.through.objects.filter(activity_id__in=ids)
    for activity_id, organisation_id, name, sector in through.order_by("pk").values_list(
        "activity_id", "organisation_id", "organisation__name", "organisation__sector"
    ):
        _add_partner(builder, agenda, visible, owner[activity_id], organisation_id, name, sector)
        builder.connect(
            key(ACTIVITY, activity_id), key(ORGANISATION, organisation_id), EDGE_TAKES_PART
        )
    for activity_id, body_id in Activity.bodies.through.objects.filter(
        activity_id__in=ids
    ).values_list("activity_id", "body_id"):
        builder.connect(key(ACTIVITY, activity_id), key(BODY, body_id), EDGE_BODY)


def _add_partner(
    builder: GraphBuilder,
    agenda: Agenda,
    visible: dict[int, bool],
    owner: tuple[int, str],
    pk: int,
    name: str,
    sector: str,
) -> None:
    """An organisation of a linked activity's agenda, if the viewer may see that agenda."""
    agenda_id, agenda_title = owner
    if agenda_id == agenda.pk or not visible.get(agenda_id):
        return
    if not builder.has(key(ORGANISATION, pk)):
        builder.add(
            Node(
                key(ORGANISATION, pk), ORGANISATION, pk, name, sector=sector, external=agenda_title
            )
        )


def cached_drawing(graph: Graph, *, title: str, hidden_people: int = 0) -> tuple[Drawing, str]:
    """Measures, description and SVG of ``graph``: computed once per distinct graph, title
    and language, then read from the cache. Returns ``(drawing, description)``."""
    raw = json.dumps(
        [CACHE_VERSION, get_language() or "", title, hidden_people, graph.payload()],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()
    cache_key = f"regioagenda:actors-network:{digest}"
    hit = cache.get(cache_key)
    if hit is None:
        analysis = analyse(graph)
        description = describe(graph, analysis, hidden_people)
        drawing = draw(
            graph,
            chart_id=f"network-{digest[:10]}",
            title=title,
            description=description,
            analysis=analysis,
        )
        hit = (drawing, description)
        cache.set(cache_key, hit, CACHE_SECONDS)
    return hit


def _edge_row(
    rows: list["NodeRow"], edge: tuple[int, int], kind: str, labels: dict[str, str]
) -> dict[str, Any]:
    i, j = edge
    if kind in _REVERSED:
        i, j = j, i
    return {"first": rows[i], "second": rows[j], "label": labels[kind]}


class NodeLinks:
    """Addresses of the nodes' own pages, reversed only for the rows a page shows; a page
    another part has not built yet (NoReverseMatch) leaves the name unlinked."""

    NAMES = {
        ORGANISATION: "actors:organisation",
        PERSON: "actors:person",
        ACTIVITY: "actors:activity",
        BODY: "actors:body",
    }

    def __init__(self, agenda: Agenda, internal: bool) -> None:
        self.slug = agenda.slug
        self.internal = internal

    def __call__(self, node: Node) -> str:
        if node.external or (node.kind in (PERSON, ORGANISATION) and not self.internal):
            return ""  # another agenda's page, or the internal register (no public page)
        try:
            return reverse(self.NAMES[node.kind], args=[self.slug, node.pk])
        except NoReverseMatch:
            return ""


@dataclass
class NodeRow:
    index: int
    node: Node
    type_label: str
    sector_label: str
    degree: int
    betweenness: float
    rank: int
    group: int
    links: NodeLinks

    @cached_property
    def url(self) -> str:
        return self.links(self.node)

    @property
    def betweenness_percent(self) -> float:
        return round(self.betweenness * 100, 1)


def describe(graph: Graph, analysis: Analysis, hidden_people: int) -> str:
    largest = len(analysis.largest)
    parts = [
        _("Netzwerk mit %(nodes)d Knoten und %(edges)d Verbindungen.")
        % {"nodes": graph.size, "edges": len(graph.edges)},
    ]
    if largest:
        parts.append(
            _("Die größte zusammenhängende Gruppe umfasst %(count)d Knoten.") % {"count": largest}
        )
    parts.append(
        _("%(groups)d isolierte Gruppe(n), %(single)d Knoten ohne Verbindung.")
        % {"groups": len(analysis.isolated_groups), "single": len(analysis.isolated_nodes)}
    )
    if hidden_people:
        parts.append(
            _("%(count)d weitere Person(en) sind nicht dargestellt.") % {"count": hidden_people}
        )
    parts.append(_("Dieselben Angaben stehen in den Tabellen unter der Grafik."))
    return " ".join(parts)


def network_page(
    agenda: Agenda,
    user: Viewer,
    *,
    field: str = "",
    sector: str = "",
    node_page: int | str | None = 1,
    edge_page: int | str | None = 1,
) -> dict[str, Any]:
    """Everything the network page shows; a fixed number of queries whatever the data."""
    graph, hidden_people = build_graph(agenda, user)
    total_nodes = graph.size
    names = dict(active_fields())
    if field:
        graph = neighbourhood(graph, lambda node: field in node.fields)
    if sector:
        graph = neighbourhood(
            graph, lambda node: node.kind == ORGANISATION and node.sector == sector
        )
    title = _("Netzwerk der Akteure – %(agenda)s") % {"agenda": agenda.title}
    drawing, description = cached_drawing(graph, title=title, hidden_people=hidden_people)
    analysis = drawing.analysis
    kinds, sectors = kind_labels(), sector_labels()
    internal = permissions.can_view_actors(user, agenda)
    links = NodeLinks(agenda, internal)
    rows = [
        NodeRow(
            index=i,
            node=node,
            type_label=kind_label(node, kinds),
            sector_label=sector_label(node.sector, sectors),
            degree=analysis.degrees[i],
            betweenness=analysis.betweenness[i],
            rank=analysis.ranks[i],
            group=analysis.groups[i],
            links=links,
        )
        for i, node in enumerate(graph.nodes)
    ]
    by_rank = sorted(rows, key=lambda row: row.rank)
    # Only the shown page of edges becomes rows for the template (edge numbers, then rows).
    edges: Page[Any] = Paginator(range(len(graph.edges)), EDGE_PAGE_SIZE).get_page(edge_page)
    edge_labels = {kind: _edge_label(kind) for kind in set(graph.edge_kinds)}
    edges.object_list = [
        _edge_row(rows, graph.edges[n], graph.edge_kinds[n], edge_labels) for n in edges.object_list
    ]
    groups = [
        {"number": number, "members": [rows[i] for i in members]}
        for number, members in enumerate(analysis.isolated_groups, start=2)
    ]
    return {
        "svg": drawing.svg,
        "description": description,
        "node_count": graph.size,
        "total_nodes": total_nodes,
        "edge_count": len(graph.edges),
        "hidden_people": hidden_people,
        "central": [row for row in by_rank[:10] if row.degree > 0],
        "node_page": Paginator(by_rank, NODE_PAGE_SIZE).get_page(node_page),
        "edge_page": edges,
        "isolated_groups": groups,
        "isolated_nodes": [rows[i] for i in analysis.isolated_nodes],
        "largest_size": len(analysis.largest),
        "open_tables": graph.size <= OPEN_TABLES_UP_TO,
        "field_name": names.get(field, ""),
        "internal": internal,
    }


def visibility_class(agenda: Agenda, user: Viewer) -> tuple[bool, tuple[int, ...]]:
    """What decides which graph ``user`` gets (``build_graph``), and nothing else: whether they
    may see the internal register, and which of the agendas owning activities linked into this
    agenda they may see. Viewers with the same class see the same network, so its rendering is
    shared among them (``network_body``); one query.
    """
    internal = permissions.can_view_actors(user, agenda)
    visible = (
        ActivityLink.objects.filter(agenda=agenda)
        .filter(visible_agenda_filter(user, "activity__agenda"))
        .values_list("activity__agenda_id", flat=True)
        .distinct()
        .order_by("activity__agenda_id")
    )
    return internal, tuple(visible)


def network_body(
    request: Any,
    agenda: Agenda,
    *,
    template: str,
    context: dict[str, Any],
    filters: dict[str, str],
    node_page: str | None,
    edge_page: str | None,
) -> str:
    """The graph, its description and tables as HTML (``template``), rendered once per data
    version, language, agenda, viewer class (``visibility_class``) and parameters, then shared
    by every viewer of the same class: never one viewer's visible data to another of another
    class. Without the page cache, rendered every time (and no query for the class)."""

    def render() -> str:
        data = network_page(
            agenda, request.user, node_page=node_page, edge_page=edge_page, **filters
        )
        return render_to_string(template, {**context, **data}, request=request)

    if not pagecache.caching():
        return render()
    return pagecache.fragment(
        request,
        "actors-network",
        agenda.pk,
        agenda.slug,
        visibility_class(agenda, request.user),
        sorted(filters.items()),
        node_page or "",
        edge_page or "",
        context.get("node_querystring", ""),
        context.get("edge_querystring", ""),
        render=render,
    )
