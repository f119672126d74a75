"""Read paths of idea curation: the quick-capture page, similar ideas while typing, duplicate
suggestions, themes, and the moderation's to-dos and tools block.

The similarity index of an agenda's ideas (TF-IDF rows, ``similarity``) is built once per
*idea fingerprint* — count, newest change, merged and hidden counts of the agenda's ideas, one
indexed aggregate — and kept in the process. Supports and comments do not change it, so a busy
agenda does not rebuild it on every click, while a new, edited, hidden or merged idea does. The
duplicate pairs derived from it are kept in the shared cache under the same fingerprint, so the
to-do on "Mein Bereich" costs one aggregate and one cache read per agenda, never a pair search.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regioagenda.actors.fields import active_fields
from regioagenda.core import pagecache, permissions
from regioagenda.core.permissions import Person
from regioagenda.core.registry import Todo
from regioagenda.participation import similarity, themes
from regioagenda.participation.models import DismissedDuplicate, Event, Idea, IdeaField, IdeaStatus
from regioagenda.regions.models import Agenda

SIMILAR_THRESHOLD = 0.3  # "Ähnliche Ideen gibt es schon" while typing
DUPLICATE_THRESHOLD = 0.5  # pairs suggested to the moderation
DUPLICATE_PAGE_LIMIT = 200
RECENT_CAPTURES = 30
THEMES_MAX_IDEAS = 3_000
INDEX_CACHE_SIZE = 16


def idea_url(idea: Idea) -> str:
    """The idea's page; the ideas list or the agenda home while that page is not mounted."""
    for name, args in (
        ("participation:idea", [idea.agenda.slug, idea.pk]),
        ("participation:ideas", [idea.agenda.slug]),
    ):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return str(idea.agenda.get_absolute_url())


def url_or_empty(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# Quick capture ---------------------------------------------------------------------------------


def capture_events(agenda: Agenda) -> QuerySet[Event]:
    return Event.objects.filter(agenda=agenda).order_by("-starts_at", "-pk")


def event_of(agenda: Agenda, pk: object) -> Event | None:
    """The agenda's event ``pk`` (None for none chosen); another agenda's or a bad id is a 404."""
    if pk in (None, ""):
        return None
    try:
        number = int(str(pk))
    except ValueError:
        raise Http404(_("Diese Veranstaltung gibt es nicht.")) from None
    event = Event.objects.filter(agenda=agenda, pk=number).first()
    if event is None:
        raise Http404(_("Diese Veranstaltung gibt es in dieser Agenda nicht."))
    return event


def idea_of(agenda: Agenda, pk: object) -> Idea:
    try:
        number = int(str(pk))
    except ValueError:
        raise Http404(_("Diese Idee gibt es nicht.")) from None
    idea = Idea.objects.select_related("agenda").filter(agenda=agenda, pk=number).first()
    if idea is None:
        raise Http404(_("Diese Idee gibt es in dieser Agenda nicht."))
    return idea


@dataclass(frozen=True)
class CapturedIdea:
    idea: Idea
    fields: list[tuple[str, str]]  # (key, name)
    proposed: bool


def _fields_by_idea(ids: Sequence[int]) -> dict[int, list[tuple[str, bool]]]:
    out: dict[int, list[tuple[str, bool]]] = {}
    for idea_id, key, proposed in IdeaField.objects.filter(idea_id__in=list(ids)).values_list(
        "idea_id", "field_key", "proposed"
    ):
        out.setdefault(idea_id, []).append((key, proposed))
    return out


def recent_captures(
    agenda: Agenda, user: Person, *, event: Event | None, limit: int = RECENT_CAPTURES
) -> list[CapturedIdea]:
    """What this person captured last (for the event, when one is chosen): three queries."""
    ideas = list(
        Idea.objects.filter(agenda=agenda, captured_by_id=getattr(user, "pk", None))
        .filter(**({"event": event} if event is not None else {}))
        .select_related("agenda")
        .order_by("-created", "-pk")[:limit]
    )
    names = dict(active_fields())
    fields = _fields_by_idea([idea.pk for idea in ideas])
    order = {key: i for i, key in enumerate(names)}
    out = []
    for idea in ideas:
        own = sorted(fields.get(idea.pk, []), key=lambda kv: order.get(kv[0], 99))
        out.append(
            CapturedIdea(
                idea=idea,
                fields=[(key, names.get(key, key)) for key, _p in own],
                proposed=any(proposed for _k, proposed in own),
            )
        )
    return out


def captured(agenda: Agenda, pk: object) -> CapturedIdea:
    idea = idea_of(agenda, pk)
    names = dict(active_fields())
    order = {key: i for i, key in enumerate(names)}
    own = sorted(_fields_by_idea([idea.pk]).get(idea.pk, []), key=lambda kv: order.get(kv[0], 99))
    return CapturedIdea(
        idea=idea,
        fields=[(key, names.get(key, key)) for key, _p in own],
        proposed=any(proposed for _k, proposed in own),
    )


# The similarity index --------------------------------------------------------------------------


@dataclass
class Index:
    ids: list[int]
    vectors: similarity.Vectors


_indexes: OrderedDict[tuple[int, str], Index] = OrderedDict()
_indexes_lock = threading.Lock()


def _candidates(agenda: Agenda) -> QuerySet[Idea]:
    """Ideas that can still be duplicates: not merged, not hidden."""
    return Idea.objects.filter(agenda=agenda, hidden__isnull=True).exclude(status=IdeaStatus.MERGED)


def fingerprint(agenda_ids: Sequence[int]) -> dict[int, str]:
    """One aggregate over the ideas of ``agenda_ids``: what changes when the text index must."""
    rows = (
        Idea.objects.filter(agenda_id__in=list(agenda_ids))
        .values("agenda_id")
        .annotate(
            n=Count("pk"),
            top=Max("pk"),
            last=Max("updated"),
            merged=Count("pk", filter=Q(status=IdeaStatus.MERGED)),
            hidden_n=Count("hidden"),
            hidden_last=Max("hidden"),
        )
        .order_by("agenda_id")
    )
    out = {}
    for row in rows:
        raw = (
            f"{row['n']}:{row['top']}:{row['last']}:{row['merged']}:{row['hidden_n']}:"
            f"{row['hidden_last']}"
        )
        out[row["agenda_id"]] = hashlib.sha256(raw.encode()).hexdigest()[:16]
    return out


# Stems per idea and version, so a rebuild after one new idea stems one text, not 10,000.
_tokens: dict[tuple[int, str], list[str]] = {}
TOKENS_CACHE_SIZE = 200_000


def _build_index(agenda: Agenda) -> Index:
    rows = list(_candidates(agenda).order_by("pk").values_list("pk", "updated", "title", "body"))
    if len(_tokens) > TOKENS_CACHE_SIZE:
        _tokens.clear()
    documents = []
    for pk, updated, title, body in rows:
        key = (pk, str(updated))
        stems = _tokens.get(key)
        if stems is None:
            stems = _tokens[key] = similarity.tokens(title, body)
        documents.append(stems)
    return Index(ids=[row[0] for row in rows], vectors=similarity.vectorise(documents))


def index_for(agenda: Agenda, print_: str | None = None) -> Index:
    """The agenda's text index for its current fingerprint (built at most once per process)."""
    if print_ is None:
        print_ = fingerprint([agenda.pk]).get(agenda.pk, "empty")
    key = (agenda.pk, print_)
    with _indexes_lock:
        found = _indexes.get(key)
        if found is not None:
            _indexes.move_to_end(key)
            return found
    built = _build_index(agenda)
    with _indexes_lock:
        _indexes[key] = built
        while len(_indexes) > INDEX_CACHE_SIZE:
            _indexes.popitem(last=False)
    return built


@dataclass(frozen=True)
class SimilarIdea:
    idea: Idea
    score: float

    @property
    def percent(self) -> int:
        return min(100, round(self.score * 100))

    @property
    def url(self) -> str:
        return idea_url(self.idea)


def similar_ideas(
    agenda: Agenda,
    title: str,
    body: str = "",
    limit: int = 5,
    *,
    exclude: int | None = None,
    threshold: float = SIMILAR_THRESHOLD,
) -> list[SimilarIdea]:
    """Ideas of ``agenda`` like the text being written ("Ähnliche Ideen gibt es schon"), best
    first. Two queries (fingerprint, the found ideas) once the index is built."""
    stems = similarity.tokens(title, body)
    if not stems:
        return []
    index = index_for(agenda)
    if not index.ids:
        return []
    matches = similarity.top_matches(
        index.vectors, stems, limit=limit + (1 if exclude else 0), threshold=threshold
    )
    scores = {index.ids[row]: score for row, score in matches if index.ids[row] != exclude}
    ideas = Idea.objects.select_related("agenda").in_bulk(list(scores))
    found = [
        SimilarIdea(idea=ideas[pk], score=score) for pk, score in scores.items() if pk in ideas
    ]
    return found[:limit]


# Duplicates ------------------------------------------------------------------------------------


def _pairs_key(agenda_id: int, print_: str) -> str:
    return f"participation:curation:pairs:{agenda_id}:{print_}:{DUPLICATE_THRESHOLD}"


def _pairs(agenda: Agenda, print_: str) -> list[tuple[int, int, float]]:
    key = _pairs_key(agenda.pk, print_)
    found = cache.get(key)
    if found is None:
        index = index_for(agenda, print_)
        found = [
            (index.ids[i], index.ids[j], round(score, 4))
            for i, j, score in similarity.similar_pairs(index.vectors.matrix, DUPLICATE_THRESHOLD)
        ]
        cache.set(key, found, 7 * 24 * 3600)
    return list(found)


def _dismissed(agenda_ids: Sequence[int]) -> set[tuple[int, int]]:
    return set(
        DismissedDuplicate.objects.filter(agenda_id__in=list(agenda_ids)).values_list(
            "first_id", "second_id"
        )
    )


@dataclass(frozen=True)
class DuplicatePair:
    first: Idea
    second: Idea
    score: float

    @property
    def percent(self) -> int:
        return min(100, round(self.score * 100))

    @property
    def keep(self) -> Idea:
        """The suggested survivor: more supports, then the older one."""
        a, b = self.first, self.second
        return a if (a.support_count, -a.pk) >= (b.support_count, -b.pk) else b

    @property
    def drop(self) -> Idea:
        return self.second if self.keep is self.first else self.first


def duplicate_pairs(
    agenda: Agenda, limit: int = DUPLICATE_PAGE_LIMIT
) -> tuple[list[DuplicatePair], int]:
    """Likely duplicates not dismissed, best first, and how many there are in all."""
    print_ = fingerprint([agenda.pk]).get(agenda.pk, "empty")
    dismissed = _dismissed([agenda.pk])
    pairs = [pair for pair in _pairs(agenda, print_) if (pair[0], pair[1]) not in dismissed]
    shown = pairs[:limit]
    ids = {pk for a, b, _s in shown for pk in (a, b)}
    ideas = Idea.objects.select_related("agenda").in_bulk(list(ids))
    out = [
        DuplicatePair(first=ideas[a], second=ideas[b], score=score)
        for a, b, score in shown
        if a in ideas and b in ideas
    ]
    return out, len(pairs)


def duplicate_counts(agendas: Sequence[Agenda]) -> dict[int, int]:
    """Open duplicate suggestions per agenda: one aggregate, one query for dismissed pairs, and
    the kept pairs (computed only when an agenda's ideas changed since)."""
    if not agendas:
        return {}
    prints = fingerprint([agenda.pk for agenda in agendas])
    dismissed = _dismissed(list(prints))
    # One read of the shared cache for all agendas; only a changed agenda is searched again.
    kept = cache.get_many([_pairs_key(pk, value) for pk, value in prints.items()])
    counts = {}
    for agenda in agendas:
        if agenda.pk not in prints:
            continue
        found = kept.get(_pairs_key(agenda.pk, prints[agenda.pk]))
        pairs = found if found is not None else _pairs(agenda, prints[agenda.pk])
        counts[agenda.pk] = sum(1 for a, b, _s in pairs if (a, b) not in dismissed)
    return counts


# Themes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeIdea:
    pk: int
    title: str
    url: str
    support_count: int
    comment_count: int
    status: str
    fields: tuple[str, ...]  # names


@dataclass(frozen=True)
class Theme:
    number: int
    label: str
    central_title: str
    ideas: tuple[ThemeIdea, ...]
    fields: tuple[str, ...]  # names
    supports: int


@dataclass(frozen=True)
class ThemeOverview:
    themes: tuple[Theme, ...]
    singles: tuple[ThemeIdea, ...]
    total: int
    truncated: bool


def _theme_ideas(agenda: Agenda, step: str, event: int | None, status: str) -> QuerySet[Idea]:
    ideas = Idea.objects.filter(agenda=agenda, hidden__isnull=True)
    if status:
        ideas = ideas.filter(status=status)
    else:
        ideas = ideas.exclude(status__in=[IdeaStatus.MERGED, IdeaStatus.REJECTED])
    if step:
        ideas = ideas.filter(step=step)
    if event:
        ideas = ideas.filter(event_id=event)
    return ideas


def _compute_themes(agenda: Agenda, step: str, event: int | None, status: str) -> ThemeOverview:
    ideas = list(
        _theme_ideas(agenda, step, event, status)
        .order_by("-pk")
        .values("pk", "title", "body", "support_count", "comment_count", "status")[
            : THEMES_MAX_IDEAS + 1
        ]
    )
    truncated = len(ideas) > THEMES_MAX_IDEAS
    ideas = sorted(ideas[:THEMES_MAX_IDEAS], key=lambda row: row["pk"])
    fields = _fields_by_idea([row["pk"] for row in ideas])
    names = dict(active_fields())
    statuses = dict(IdeaStatus.choices)
    base = url_or_empty("participation:ideas", agenda.slug)
    single_url = bool(url_or_empty("participation:idea", agenda.slug, 1))
    by_pk = {}
    items = []
    for row in ideas:
        keys = tuple(sorted(key for key, _p in fields.get(row["pk"], [])))
        items.append(themes.Item(key=row["pk"], title=row["title"], body=row["body"], fields=keys))
        by_pk[row["pk"]] = ThemeIdea(
            pk=row["pk"],
            title=row["title"],
            url=(f"{base}{row['pk']}/" if single_url and base else base),
            support_count=row["support_count"],
            comment_count=row["comment_count"],
            status=str(statuses.get(row["status"], row["status"])),
            fields=tuple(names.get(key, key) for key in keys),
        )
    grouping = themes.group(items)
    out = []
    for number, group in enumerate(grouping.groups, start=1):
        members = tuple(by_pk[pk] for pk in group.keys)
        out.append(
            Theme(
                number=number,
                label=group.label,
                central_title=by_pk[group.central].title,
                ideas=members,
                fields=tuple(names.get(key, key) for key in group.fields),
                supports=sum(idea.support_count for idea in members),
            )
        )
    return ThemeOverview(
        themes=tuple(out),
        singles=tuple(by_pk[pk] for pk in grouping.singles),
        total=len(items),
        truncated=truncated,
    )


def theme_overview(
    agenda: Agenda, *, step: str = "", event: int | None = None, status: str = ""
) -> ThemeOverview:
    """The agenda's ideas grouped into themes, once per data version and filter."""
    return pagecache.per_version(
        "participation-themes",
        agenda.pk,
        step,
        event,
        status,
        compute=lambda: _compute_themes(agenda, step, event, status),
    )


def theme_rows(overview: ThemeOverview) -> list[list[object]]:
    """One row per idea with its theme, for the CSV export."""
    rows: list[list[object]] = []
    for theme in overview.themes:
        for idea in theme.ideas:
            rows.append(
                [theme.number, theme.label, idea.pk, idea.title, idea.status, idea.support_count,
                 idea.comment_count, ", ".join(idea.fields)]
            )  # fmt: skip
    for idea in overview.singles:
        rows.append(
            ["", _("Einzelne Ideen"), idea.pk, idea.title, idea.status, idea.support_count,
             idea.comment_count, ", ".join(idea.fields)]
        )  # fmt: skip
    return rows


# Agenda home and "Mein Bereich" ----------------------------------------------------------------


def tools_section(agenda: Agenda, user: Person) -> dict[str, object] | None:
    """The moderation's tools on the agenda home, for staff only."""
    if not permissions.can_curate_ideas(user, agenda):
        return None
    return {
        "agenda": agenda,
        "capture_url": url_or_empty("participation:quick_capture", agenda.slug),
        "themes_url": url_or_empty("participation:themes", agenda.slug),
        "duplicates_url": url_or_empty("participation:duplicates", agenda.slug),
        "can_merge": permissions.can_merge_ideas(user, agenda),
    }


def todos(user: Person, agendas: Sequence[Agenda]) -> list[Todo]:
    """ "N mögliche Doppelungen prüfen" for those who may merge: two queries for all agendas."""
    mine = [agenda for agenda in agendas if permissions.can_merge_ideas(user, agenda)]
    if not mine:
        return []
    out = []
    for agenda_id, count in duplicate_counts(mine).items():
        if not count:
            continue
        agenda = next(agenda for agenda in mine if agenda.pk == agenda_id)
        url = url_or_empty("participation:duplicates", agenda.slug)
        if not url:
            continue
        out.append(
            Todo(
                agenda=agenda,
                title=ngettext(
                    "%(n)d mögliche Doppelung prüfen", "%(n)d mögliche Doppelungen prüfen", count
                )
                % {"n": count},
                detail=_("Ähnliche Ideen zusammenführen oder als verschieden markieren."),
                url=url,
                priority=40,
                count=count,
            )
        )
    return out
