"""Read paths of ideas: the list (filtered, searched, sorted, keyset-paginated), the idea page,
the agenda home's block and the staff's to-do — each in a fixed number of queries.

The list never counts or skips rows: a page is "the next 20 after this cursor" in the order of
one index (newest, most supported, most discussed — each with the id as tie-breaker), so page
500 costs what page 1 costs and a new idea does not shift the pages someone is reading. Search
uses PostgreSQL's German full-text search (stemming: "Radwege" finds "Radweg") over the GIN
index of ``models.ideas.search_vector``; other databases fall back to ``icontains``.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regioagenda.actors.fields import active_fields
from regioagenda.core import pagecache, permissions
from regioagenda.core.permissions import Person
from regioagenda.core.permissions.roles import signed_in
from regioagenda.participation.models import Event, Idea, IdeaField, IdeaStatus, Support
from regioagenda.participation.models.ideas import SEARCH_CONFIG, search_vector
from regioagenda.participation.services.ideas import area_places, ideas_closed_reason
from regioagenda.regions import process
from regioagenda.regions.models import Agenda

PAGE_SIZE = 20
SEARCH_MAX_LENGTH = 200
WAITING_DAYS = 7

SORTS = {
    # key: (label, ordering field, its attribute on the idea)
    "newest": (gettext_lazy("Neueste zuerst"), "created"),
    "supported": (gettext_lazy("Meiste Unterstützung"), "support_count"),
    "discussed": (gettext_lazy("Meist diskutiert"), "comment_count"),
}
DEFAULT_SORT = "newest"


@dataclass
class IdeaFilters:
    field: str = ""
    status: str = ""
    place: int | None = None
    step: str = ""
    q: str = ""
    sort: str = DEFAULT_SORT
    cursor: str = ""

    def params(self, **override: Any) -> dict[str, str]:
        """The filters as query parameters (without the cursor unless given)."""
        values = {
            "feld": self.field,
            "status": self.status,
            "ort": str(self.place or ""),
            "schritt": self.step,
            "q": self.q,
            "sortierung": "" if self.sort == DEFAULT_SORT else self.sort,
        }
        values.update(override)
        return {k: v for k, v in values.items() if v}

    @property
    def active(self) -> bool:
        return bool(self.field or self.status or self.place or self.step or self.q)


def parse_filters(data: Any) -> IdeaFilters:
    """Filters from the query string; anything malformed is ignored, never an error."""
    place: int | None
    try:
        place = int(data.get("ort") or 0) or None
    except (TypeError, ValueError):
        place = None
    status = data.get("status") or ""
    step = data.get("schritt") or ""
    sort = data.get("sortierung") or DEFAULT_SORT
    return IdeaFilters(
        field=(data.get("feld") or "")[:40],
        status=status if status in IdeaStatus.values else "",
        place=place if place and place < 2**62 else None,
        step=step if step in process.STEPS else "",
        q=" ".join((data.get("q") or "").split())[:SEARCH_MAX_LENGTH],
        sort=sort if sort in SORTS else DEFAULT_SORT,
        cursor=(data.get("nach") or "")[:200],
    )


# Keyset cursor: the last row's sort value and id, URL-safe -----------------------------------


def _encode(value: Any, pk: int) -> str:
    text = f"{value.isoformat() if isinstance(value, datetime.datetime) else value}|{pk}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str, sort: str) -> tuple[Any, int] | None:
    if not cursor:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        raw, pk = text.rsplit("|", 1)
        value: Any = (
            datetime.datetime.fromisoformat(raw) if SORTS[sort][1] == "created" else int(raw)
        )
        return value, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


# A search that matches more ideas than this shows the newest of the first this many matches.
SEARCH_MATCHES_MAX = 10_000


def _search(ideas: QuerySet[Idea], q: str) -> QuerySet[Idea]:
    if connection.vendor == "postgresql":
        query = SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
        # The matches' ids first, unordered: PostgreSQL answers that from the GIN index. Asked
        # together with the list's order it would walk the order's index instead and compute
        # the text vector of every idea it passes.
        matches = list(
            ideas.annotate(search=search_vector())
            .filter(search=query)
            .order_by()
            .values_list("pk", flat=True)[:SEARCH_MATCHES_MAX]
        )
        return ideas.filter(pk__in=matches)
    words = q.split()[:8]
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Q(body__icontains=word)
    return ideas.filter(condition)


def _public_ideas(agenda: Agenda) -> QuerySet[Idea]:
    return Idea.objects.filter(agenda=agenda, hidden__isnull=True)


@dataclass
class IdeaRow:
    idea: Idea
    fields: list[tuple[str, str, bool]]  # key, name, proposed
    supported: bool


def _rows(ideas: list[Idea], names: dict[str, str], supported: set[int]) -> list[IdeaRow]:
    return [
        IdeaRow(
            idea=idea,
            fields=[
                (f.field_key, names.get(f.field_key, f.field_key), f.proposed)
                for f in idea.fields.all()
            ],
            supported=idea.pk in supported,
        )
        for idea in ideas
    ]


def _own_supports(user: Person, ids: list[int]) -> set[int]:
    person = signed_in(user)
    if person is None or not ids:
        return set()
    return set(
        Support.objects.filter(user=person, idea_id__in=ids).values_list("idea_id", flat=True)
    )


def _place_options(agenda: Agenda) -> list[tuple[int, str]]:
    """The area's municipalities (for filter and picker), kept per data version."""
    return pagecache.per_version(
        "participation.idea_places",
        agenda.pk,
        compute=lambda: list(area_places(agenda).order_by("name").values_list("pk", "name")),
    )


def filter_options(agenda: Agenda) -> dict[str, Any]:
    """What the list's filters offer (kept per data version: the fields and the places)."""
    return {
        **pagecache.per_version(
            "participation.idea_filter_options",
            agenda.pk,
            compute=lambda: {"fields": active_fields(), "places": _place_options(agenda)},
        ),
        "statuses": IdeaStatus.choices,
        "steps": process.STEP_CHOICES,
        "sorts": [(key, label) for key, (label, _f) in SORTS.items()],
    }


def idea_rows(agenda: Agenda, filters: IdeaFilters) -> dict[str, Any]:
    """One page of the list, the same for every viewer (the viewer's supports are marked in the
    rendered rows by ``mark_supported``). Three queries: the ideas with their places, their
    fields, and the active fields' names."""
    ideas = _public_ideas(agenda)
    if filters.field:
        ideas = ideas.filter(
            Exists(IdeaField.objects.filter(idea=OuterRef("pk"), field_key=filters.field))
        )
    if filters.status:
        ideas = ideas.filter(status=filters.status)
    if filters.place:
        ideas = ideas.filter(place_id=filters.place)
    if filters.step:
        ideas = ideas.filter(step=filters.step)
    if filters.q:
        ideas = _search(ideas, filters.q)
    sort_field = SORTS[filters.sort][1]
    cursor = _decode(filters.cursor, filters.sort)
    if cursor is not None:
        value, pk = cursor
        # The first condition lets the index of the order start at the cursor; the second
        # breaks ties by id.
        ideas = ideas.filter(**{f"{sort_field}__lte": value}).filter(
            Q(**{f"{sort_field}__lt": value}) | Q(**{sort_field: value, "pk__lt": pk})
        )
    page = list(
        ideas.select_related("place")
        .prefetch_related(Prefetch("fields", queryset=IdeaField.objects.order_by("pk")))
        .order_by(f"-{sort_field}", "-pk")[: PAGE_SIZE + 1]
    )
    has_more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    next_cursor = ""
    if has_more and page:
        last = page[-1]
        next_cursor = _encode(getattr(last, sort_field), last.pk)
    names = dict(active_fields()) if page else {}
    return {
        "rows": _rows(page, names, set()),
        "next_cursor": next_cursor,
        "next_params": filters.params(nach=next_cursor) if next_cursor else {},
        "is_first_page": cursor is None,
        "filters": filters,
    }


_MINE = re.compile(r"<!--mine:(\d+)-->")


def mark_supported(html: str, user: Person) -> str:
    """The rendered rows with the viewer's own supports marked (one query over the ids the
    rows name), so the rows themselves can be shared by everyone."""
    ids = [int(pk) for pk in _MINE.findall(html)]
    supported = _own_supports(user, ids)
    badge = format_html(
        '<span class="kern-badge kern-badge--success"><span class="kern-label '
        'kern-label--small">{}</span></span>',
        _("von Ihnen unterstützt"),
    )
    return _MINE.sub(lambda m: badge if int(m.group(1)) in supported else "", html)


def idea_list(agenda: Agenda, user: Person, filters: IdeaFilters) -> dict[str, Any]:
    """A page of the list and its filter options, for code that wants the data (the view
    renders ``idea_rows`` once per data version instead)."""
    data = idea_rows(agenda, filters)
    supported = _own_supports(user, [row.idea.pk for row in data["rows"]])
    for row in data["rows"]:
        row.supported = row.idea.pk in supported
    return {**data, **filter_options(agenda)}


# The idea page ---------------------------------------------------------------------------------


def idea_for(agenda: Agenda, pk: Any, user: Person, *, related: bool = True) -> Idea:
    """The idea ``pk`` of ``agenda`` (404 for another agenda's or a hidden one, except for
    its author and the moderation, who see it with the reason)."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    ideas = Idea.objects.filter(agenda=agenda, pk=number)
    if related:  # the page shows them; a support needs none
        ideas = ideas.select_related("place", "author", "answered_by", "event", "merged_into")
    idea = ideas.first()
    if idea is None:
        raise Http404(_("Diese Idee gibt es in dieser Agenda nicht."))
    idea.agenda = agenda
    if idea.hidden is not None:
        person = signed_in(user)
        mine = person is not None and idea.author_id == person.pk
        if not mine and not permissions.can_moderate(user, agenda):
            raise Http404(_("Diese Idee wurde von der Moderation ausgeblendet."))
    return idea


def idea_page(agenda: Agenda, idea: Idea, user: Person) -> dict[str, Any]:
    """What the idea page shows besides the comments: fields, the viewer's support and rights."""
    names = dict(active_fields())
    fields = [
        (f.field_key, names.get(f.field_key, f.field_key), f.proposed)
        for f in idea.fields.order_by("pk")
    ]
    return {
        "idea": idea,
        "fields": fields,
        "supported": bool(_own_supports(user, [idea.pk])),
        "can_support": permissions.can_support_idea(user, idea),
        "can_edit": bool(permissions.can_edit_idea(user, idea)),
        "can_answer": bool(permissions.can_answer_idea(user, idea)),
    }


def submitted_idea(agenda: Agenda, object_id: str | None) -> Idea | None:
    try:
        pk = int(object_id or "")
    except ValueError:
        return None
    return Idea.objects.filter(agenda=agenda, pk=pk).first()


def events_for_capture(agenda: Agenda) -> QuerySet[Event]:
    return Event.objects.filter(agenda=agenda).order_by("-starts_at")


# Agenda home and "Mein Bereich" ------------------------------------------------------------------


def agenda_section(agenda: Agenda, user: Person, step: str | None = None) -> dict[str, Any] | None:
    """The ideas of one step (the current one by default) on the agenda home: count, newest,
    most supported (three queries, kept per data version); None when the step has no ideas
    and collects none."""
    step = step or agenda.current_step

    def compute() -> dict[str, Any]:
        ideas = _public_ideas(agenda).filter(step=step)
        return {
            "count": ideas.count(),
            "newest": list(ideas.order_by("-created", "-pk")[:3]),
            "top": list(ideas.filter(support_count__gt=0).order_by("-support_count", "-pk")[:3]),
        }

    data = pagecache.per_version("participation.idea_section", agenda.pk, step, compute=compute)
    closed = ideas_closed_reason(agenda) if step == agenda.current_step else "closed"
    if not data["count"] and closed:
        return None
    return {**data, "agenda": agenda, "collecting": not closed}


def waiting_counts(agendas: list[Agenda]) -> dict[int, int]:
    """Per agenda: visible ideas without an answer that are new or in review for more than
    ``WAITING_DAYS`` days (one query for all agendas)."""
    if not agendas:
        return {}
    cutoff = timezone.now() - datetime.timedelta(days=WAITING_DAYS)
    rows = (
        Idea.objects.filter(
            agenda_id__in=[a.pk for a in agendas],
            hidden__isnull=True,
            status__in=[IdeaStatus.NEW, IdeaStatus.REVIEW],
            answered_at__isnull=True,
            created__lt=cutoff,
        )
        .values("agenda_id")
        .annotate(n=Count("pk"))
        .order_by("agenda_id")
    )
    return {row["agenda_id"]: row["n"] for row in rows}


def todos(user: Person, agendas: list[Agenda]) -> list[Any]:
    """ "N Ideen warten auf eine Antwort" for the people who answer ideas (one query for all
    agendas, the roles are cached per request)."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    from regioagenda.core.registry import Todo

    answering = [a for a in agendas if permissions.can_moderate(user, a)]
    counts = waiting_counts(answering)
    out = []
    for agenda in answering:
        n = counts.get(agenda.pk, 0)
        if not n:
            continue
        url = reverse("participation:ideas", args=[agenda.slug]) + f"?status={IdeaStatus.NEW}"
        out.append(
            Todo(
                agenda=agenda,
                title=ngettext(
                    "%(n)s Idee wartet auf eine Antwort",
                    "%(n)s Ideen warten auf eine Antwort",
                    n,
                )
                % {"n": n},
                detail=_("Neu oder in Prüfung seit mehr als %(days)s Tagen, ohne Antwort.")
                % {"days": WAITING_DAYS},
                url=url,
                count=n,
                priority=30,
            )
        )
    return out
