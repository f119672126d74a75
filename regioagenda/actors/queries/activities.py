"""Read paths of the activity landscape: per agenda, programme-wide, one activity, duplicates.

Visibility across agendas is one ``Q`` (``visible_agenda_filter``) with the meaning of
``permissions.can_view_agenda`` — public agendas, agendas where the user has a role, and the
agendas of programmes the user runs as programme office — so the landscape never checks rows
one by one. Every list has a fixed number of queries whatever the number of rows.
"""

import bisect
import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.actors import names
from regioagenda.actors.fields import active_fields
from regioagenda.actors.models import (
    Activity,
    ActivityField,
    ActivityLink,
    Body,
    Organisation,
)
from regioagenda.actors.names import comparable
from regioagenda.core import pagecache, permissions
from regioagenda.regions.models import Agenda, Programme

PAGE_SIZE = 25
SEARCH_MAX_LENGTH = 200
SIMILAR_TITLE_RATIO = 0.85

# Who looks: a member, or an anonymous visitor of public agendas.
Viewer = User | AnonymousUser | None
# An activity as the duplicate search compares it: (pk, title, url).
Plain = tuple[int, str, str]
# What the search found for a pk: (other pk, same link, title similarity).
Found = list[tuple[int, bool, float]]


# Who sees which agenda, as a query filter ------------------------------------------------------


def visible_agenda_filter(user: Viewer, field: str = "agenda") -> Q:
    """Rows of agendas the user may see (``permissions.viewable_agendas_filter``)."""
    return permissions.viewable_agendas_filter(user, field)


def manageable_agendas(user: Viewer) -> QuerySet[Agenda]:
    """Agendas in which the user may record and link activities, by title (one query)."""
    return (
        Agenda.objects.filter(permissions.content_editable_agendas_filter(user))
        .select_related("region")
        .order_by("title", "pk")
    )


def visible_activities(user: Viewer) -> QuerySet[Activity]:
    """Activities (not merged into another) of every agenda the user may see."""
    return Activity.objects.filter(visible_agenda_filter(user), merged_into__isnull=True)


def shown_links(agenda: Agenda, user: Viewer) -> QuerySet[ActivityLink]:
    """The agenda's links to other agendas' activities that ``user`` is shown: those published
    by the activity's own agenda (``ActivityLink.published``), and those of agendas the user may
    see anyway. A link alone never shows a private agenda's activity to the linking agenda's
    visitors."""
    return ActivityLink.objects.filter(agenda=agenda).filter(
        Q(published=True) | visible_agenda_filter(user, "activity__agenda")
    )


def agenda_activities(agenda: Agenda, user: Viewer) -> QuerySet[Activity]:
    """The agenda's own activities (not merged) plus those it links that ``user`` is shown
    (``shown_links``); no duplicate rows."""
    linked = shown_links(agenda, user).values("activity_id")
    return Activity.objects.filter(Q(agenda=agenda) | Q(pk__in=linked), merged_into__isnull=True)


def linkable(activity: Activity, managed: set[int]) -> bool:
    """Whether a user who manages the agendas ``managed`` (ids) may link ``activity`` at all —
    the activity's side of ``permissions.can_link_activity`` without a query per row: its
    agenda is public or one of them."""
    return activity.agenda.is_public or activity.agenda_id in managed


# Search and filters ----------------------------------------------------------------------------


def text_search(q: str | None) -> Q:
    """Title or description contains ``q``, ignoring case, on SQLite and PostgreSQL alike.

    ``icontains`` is Unicode-aware on PostgreSQL, but SQLite's LIKE folds only ASCII letters,
    so "über" would miss "Über". Searching a few case variants of the term as well covers
    that without database-specific functions.
    """
    q = (q or "").strip()[:SEARCH_MAX_LENGTH]
    if not q:
        return Q()
    condition = Q()
    for variant in sorted({q, q.lower(), q.upper(), q.capitalize(), q.title()}):
        condition |= Q(title__icontains=variant) | Q(description__icontains=variant)
    return condition


def apply_filters(
    rows: QuerySet[Activity],
    *,
    q: str = "",
    kind: str = "",
    scope: str = "",
    status: str = "",
    field: str = "",
    organisation: int | str | None = None,
) -> QuerySet[Activity]:
    rows = rows.filter(text_search(q)) if q else rows
    if kind:
        rows = rows.filter(kind=kind)
    if scope:
        rows = rows.filter(scope=scope)
    if status:
        rows = rows.filter(status=status)
    if field:
        rows = rows.filter(
            pk__in=ActivityField.objects.filter(field_key=field).values("activity_id")
        )
    if organisation:
        takes_part = Activity.organisations.through.objects.filter(
            organisation_id=organisation
        ).values("activity_id")
        rows = rows.filter(Q(responsible_id=organisation) | Q(pk__in=takes_part))
    return rows


def _with_fields(activities: list[Activity], names: dict[str, str]) -> list[Activity]:
    for activity in activities:
        keys = sorted((link.field_key for link in activity.field_links.all()), key=_order(names))
        activity.fields = [(key, names.get(key, key)) for key in keys]
    return activities


def _order(names: dict[str, str]) -> Callable[[str], tuple[int, str]]:
    position = {key: i for i, key in enumerate(names)}
    return lambda key: (position.get(key, len(position)), key)


def _page(rows: QuerySet[Activity], number: int | str | None) -> Page[Activity]:
    return Paginator(rows, PAGE_SIZE).get_page(number)


def _list_rows(rows: QuerySet[Activity]) -> QuerySet[Activity]:
    return rows.select_related("agenda", "agenda__region", "responsible").prefetch_related(
        Prefetch("field_links", queryset=ActivityField.objects.order_by("field_key"))
    )


class ActivityList(TypedDict):
    page: Page[Activity]
    activities: list[Activity]
    field_names: dict[str, str]


def activity_list(
    agenda: Agenda, *, user: Viewer = None, page: int | str | None = 1, **filters: Any
) -> ActivityList:
    """One page of the agenda's activities (own and linked), filtered and searched.

    A linked activity of an agenda the user may not see keeps its title (the agenda chose to
    show it) but not that agenda's name or organisations (``owner_visible``).
    Queries: count, rows (with agenda and responsible organisation), field links, field names.
    """
    names = dict(active_fields())
    rows = apply_filters(agenda_activities(agenda, user), **filters)
    page_obj = _page(_list_rows(rows).order_by("title", "pk"), page)
    activities = _with_fields(list(page_obj.object_list), names)
    for activity in activities:
        activity.is_linked = activity.agenda_id != agenda.pk
        activity.owner_visible = not activity.is_linked or permissions.can_view_agenda(
            user, activity.agenda
        )
    return {"page": page_obj, "activities": activities, "field_names": names}


def list_visibility(agenda: Agenda, user: Viewer) -> tuple[bool, tuple[tuple[int, bool], ...]]:
    """What decides which rows and links ``activity_list`` shows ``user``, and nothing else:
    whether they may open the agenda's actors, and for each agenda owning an activity linked
    here that they may see, whether they may open its actors (the responsible organisation's
    link). Viewers with the same answer see the same table; one query."""
    linked = Agenda.objects.filter(
        pk__in=ActivityLink.objects.filter(agenda=agenda).values("activity__agenda_id")
    ).filter(visible_agenda_filter(user, ""))
    return bool(permissions.can_view_actors(user, agenda)), tuple(
        (other.pk, bool(permissions.can_view_actors(user, other)))
        for other in linked.order_by("pk")
    )


def organisation_choices(agenda: Agenda) -> list[tuple[str, str]]:
    return [
        (str(pk), name)
        for pk, name in Organisation.objects.filter(agenda=agenda)
        .order_by("name", "pk")
        .values_list("pk", "name")
    ]


def body_choices(agenda: Agenda) -> list[tuple[str, str]]:
    return [
        (str(pk), name)
        for pk, name in Body.objects.filter(agenda=agenda)
        .order_by("name", "pk")
        .values_list("pk", "name")
    ]


# The programme-wide landscape ------------------------------------------------------------------


class Landscape(TypedDict):
    page: Page[Activity]
    activities: list[Activity]
    field_names: dict[str, str]
    my_agendas: list[Agenda]


def landscape(
    user: Viewer,
    *,
    page: int | str | None = 1,
    programme: int | str | None = None,
    agenda: int | str | None = None,
    **filters: Any,
) -> Landscape:
    """One page of the activities of all agendas the user may see, with what the link action
    needs: the agendas the user manages and which of them already link each row.

    Queries: count, rows, field links, field names, manageable agendas, their links.
    """
    names = dict(active_fields())
    rows = apply_filters(visible_activities(user), **filters)
    if programme:
        rows = rows.filter(agenda__programme_id=programme)
    if agenda:
        rows = rows.filter(agenda_id=agenda)
    rows = _list_rows(rows).annotate(link_count=Count("links", distinct=True))
    page_obj = _page(rows.order_by("title", "agenda__title", "pk"), page)
    activities = _with_fields(list(page_obj.object_list), names)
    mine = list(manageable_agendas(user))
    managed = {a.pk for a in mine}
    linked: defaultdict[int, set[int]] = defaultdict(set)
    if mine and activities:
        for activity_id, agenda_id in ActivityLink.objects.filter(
            activity_id__in=[a.pk for a in activities], agenda__in=mine
        ).values_list("activity_id", "agenda_id"):
            linked[activity_id].add(agenda_id)
    for activity in activities:
        activity.link_targets = (
            [a for a in mine if a.pk != activity.agenda_id and a.pk not in linked[activity.pk]]
            if linkable(activity, managed)
            else []
        )
        activity.linked_by_me = [a for a in mine if a.pk in linked[activity.pk]]
    return {
        "page": page_obj,
        "activities": activities,
        "field_names": names,
        "my_agendas": mine,
    }


def programme_choices(user: Viewer) -> list[tuple[str, str]]:
    """Programmes with at least one agenda the user may see."""
    visible = Agenda.objects.filter(visible_agenda_filter(user, field=""))
    return [
        (str(pk), name)
        for pk, name in Programme.objects.filter(pk__in=visible.values("programme_id"))
        .order_by("name", "pk")
        .values_list("pk", "name")
    ]


def agenda_choices(user: Viewer) -> list[tuple[str, str]]:
    """Agendas the user may see, labelled with their region."""
    return [
        (str(pk), f"{title} ({region})")
        for pk, title, region in Agenda.objects.filter(visible_agenda_filter(user, field=""))
        .order_by("title", "pk")
        .values_list("pk", "title", "region__name")
    ]


# One activity ----------------------------------------------------------------------------------


def get_activity(agenda: Agenda, pk: int, user: Viewer) -> Activity:
    """An activity the agenda records or links and ``user`` is shown (``shown_links``). Also a
    merged one (the view redirects): the agenda's own duplicate, or one merged into an activity
    the agenda links — the agenda's link moved to the original with the merge, and the old
    address should keep working."""
    linked = shown_links(agenda, user).values("activity_id")
    activity = (
        Activity.objects.select_related(
            "agenda", "agenda__region", "agenda__programme", "responsible", "merged_into"
        )
        .filter(Q(agenda=agenda) | Q(pk__in=linked) | Q(merged_into__in=linked), pk=pk)
        .first()
    )
    if activity is None:
        raise Http404(
            _("Diese Aktivität gehört nicht zu dieser Agenda und ist nicht mit ihr verknüpft.")
        )
    return activity


def visible_activity(user: Viewer, pk: int) -> Activity | None:
    """Activity ``pk`` when it belongs to an agenda the user may see, else None — the same
    answer for "does not exist" and "not yours to see" (merge and link across agendas)."""
    return (
        Activity.objects.select_related("agenda", "merged_into")
        .filter(visible_agenda_filter(user), pk=pk)
        .first()
    )


def get_own_activity(agenda: Agenda, pk: int) -> Activity:
    """An activity the agenda itself records (edit, delete, merge act on these only)."""
    activity = (
        Activity.objects.select_related("agenda", "agenda__programme", "responsible")
        .filter(agenda=agenda, pk=pk)
        .first()
    )
    if activity is None:
        raise Http404(_("Diese Aktivität gehört nicht zu dieser Agenda."))
    return activity


def merge_target(agenda: Agenda, original: Activity) -> tuple[str, int]:
    """Where to show the ``original`` of a merged activity: (agenda slug, pk), in the current
    agenda when it records or links the original, else in the original's own agenda."""
    if (
        original.agenda_id == agenda.pk
        or ActivityLink.objects.filter(agenda=agenda, activity=original).exists()
    ):
        return agenda.slug, original.pk
    return Agenda.objects.values_list("slug", flat=True).get(pk=original.agenda_id), original.pk


def activity_detail(agenda: Agenda, activity: Activity, user: Viewer) -> dict[str, Any]:
    names = dict(active_fields())
    keys = sorted(activity.field_links.values_list("field_key", flat=True), key=_order(names))
    links = list(
        ActivityLink.objects.filter(activity=activity)
        .select_related("agenda", "agenda__region")
        .order_by("agenda__title", "pk")
    )
    visible_links = [link for link in links if permissions.can_view_agenda(user, link.agenda)]
    merged = list(
        Activity.objects.filter(merged_into=activity)
        .filter(visible_agenda_filter(user))
        .select_related("agenda")
        .order_by("agenda__title", "title", "pk")
    )
    mine = list(manageable_agendas(user))
    linked_ids = {link.agenda_id for link in links}
    return {
        "activity": activity,
        "is_linked": activity.agenda_id != agenda.pk,
        "owner_visible": permissions.can_view_agenda(user, activity.agenda),
        "fields": [(key, names.get(key, key)) for key in keys],
        "organisations": list(activity.organisations.order_by("name", "pk")),
        "bodies": list(activity.bodies.order_by("name", "pk")),
        "links": visible_links,
        "hidden_link_count": len(links) - len(visible_links),
        "merged": merged,
        # linking needs sight of the owner's agenda, and the right to publish a private one
        # there (link_activity refuses otherwise)
        "link_targets": [a for a in mine if a.pk != activity.agenda_id and a.pk not in linked_ids]
        if permissions.can_view_agenda(user, activity.agenda)
        and linkable(activity, {a.pk for a in mine})
        else [],
        "duplicates": [
            DuplicatePair(
                activity=activity,
                candidate=candidate,
                merge_into_other=permissions.can_merge_activities(
                    user, activity, candidate.activity
                ),
                merge_other_into=permissions.can_merge_activities(
                    user, candidate.activity, activity
                ),
            )
            for candidate in duplicates_of(user, [activity]).get(activity.pk, [])
        ],
    }


# Duplicates across regions ---------------------------------------------------------------------

# Words that say little about which activity is meant; they do not count as the "first
# significant word" that groups candidate titles.
STOPWORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "eines",
        "und",
        "oder",
        "fuer",
        "fur",
        "im",
        "in",
        "am",
        "an",
        "auf",
        "aus",
        "bei",
        "mit",
        "von",
        "vom",
        "zum",
        "zur",
        "zu",
        "nach",
        "ueber",
        "unter",
        "durch",
        "gegen",
        "ohne",
        "the",
        "of",
        "and",
        "for",
        "to",
        "on",
        "a",
        "an",
        "digital",
        "digitale",
        "digitaler",
        "digitales",
        "digitalen",
        "digitalisierung",
        "smart",
        "projekt",
        "initiative",
        "netzwerk",
        "programm",
    ]
)


def normalise_title(title: str) -> str:
    """Folded like every name of the actors part: "Smart-City: Bürger-App!" →
    "smart city buerger app"."""
    return comparable(title)


def normalise_url(url: str | None) -> str:
    """A link without scheme, "www.", default port, fragment and trailing slash, lowercase:
    "https://www.Example.org/Projekt/#x" and "http://example.org/projekt" are the same."""
    url = (url or "").strip().lower()
    if not url:
        return ""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = (parts.hostname or "").removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}" if host else ""


def blocking_keys(normalised_title: str) -> set[str]:
    """The first and the last significant word: titles are only compared when they share one,
    so finding duplicates among thousands of activities stays cheap."""
    words = [w for w in normalised_title.split() if w not in STOPWORDS and len(w) > 2]
    if not words:
        words = normalised_title.split()
    return {words[0], words[-1]} if words else set()


@dataclass
class Candidate:
    activity: Activity  # the possible duplicate (of another agenda, or the same)
    same_url: bool
    similarity: float  # of the normalised titles, 0…1

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


WINDOW = 10  # neighbours compared on each side in a large block (sorted neighbourhood)
MAX_CANDIDATES = 10  # per activity, best first


def _window(block: list[tuple[str, int]], probe: tuple[str, int]) -> list[tuple[str, int]]:
    """The entries of a sorted block near ``probe``: all of a small block, else ``WINDOW`` on
    each side of where the probe sorts in (so a block of thousands costs a few dozen)."""
    if len(block) <= 2 * WINDOW + 1:
        return block
    position = bisect.bisect_left(block, probe)
    return block[max(0, position - WINDOW) : position + WINDOW + 1]


def find_duplicate_pairs(targets: Iterable[Plain], pool: Iterable[Plain]) -> dict[int, Found]:
    """``{target pk: [(other pk, same_url, similarity), …]}`` for plain rows.

    ``targets`` and ``pool`` are ``(pk, title, url)`` tuples; a pair counts when the
    normalised links are equal or the normalised titles reach ``SIMILAR_TITLE_RATIO``.

    Titles are only compared within a block (same first or last significant word). Within a
    large block — a word many titles start with — each title meets only its neighbours in
    alphabetical order of the title and of the reversed title, where near-identical titles
    sort next to each other; so the work grows with the number of activities, not its square.
    """
    by_url: defaultdict[str, list[int]] = defaultdict(list)
    blocks: defaultdict[str, list[int]] = defaultdict(list)
    prepared: dict[int, tuple[str, str]] = {}
    for pk, title, url in pool:
        norm_title, norm_url = normalise_title(title), normalise_url(url)
        prepared[pk] = (norm_title, norm_url)
        if norm_url:
            by_url[norm_url].append(pk)
        for block in blocking_keys(norm_title):
            blocks[block].append(pk)
    forward = {block: sorted((prepared[pk][0], pk) for pk in pks) for block, pks in blocks.items()}
    backward = {
        block: sorted((prepared[pk][0][::-1], pk) for pk in pks) for block, pks in blocks.items()
    }
    found: dict[int, Found] = {}
    for pk, title, url in targets:
        norm_title, norm_url = normalise_title(title), normalise_url(url)
        candidates = set(by_url.get(norm_url, ())) if norm_url else set()
        for block in blocking_keys(norm_title):
            if block in forward:
                candidates.update(p for _t, p in _window(forward[block], (norm_title, pk)))
                candidates.update(p for _t, p in _window(backward[block], (norm_title[::-1], pk)))
        candidates.discard(pk)
        pairs: Found = []
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(norm_title)
        for other in sorted(candidates):
            other_title, other_url = prepared[other]
            same_url = bool(norm_url) and norm_url == other_url
            similarity = names.similarity(
                norm_title, other_title, at_least=SIMILAR_TITLE_RATIO, matcher=matcher
            )
            if same_url or similarity >= SIMILAR_TITLE_RATIO:
                pairs.append((other, same_url, similarity))
        if pairs:
            pairs.sort(key=lambda p: (not p[1], -p[2], p[0]))
            found[pk] = pairs[:MAX_CANDIDATES]
    return found


def duplicates_of(user: Viewer, activities: Sequence[Activity]) -> dict[int, list[Candidate]]:
    """Possible duplicates of ``activities`` among the activities the user may see.

    Two queries whatever the numbers: the candidate pool (pk, title, link only) and the
    activities found, with their agendas.
    """
    targets = [(a.pk, a.title, a.url) for a in activities if a.merged_into_id is None]
    if not targets:
        return {}
    pool = visible_activities(user).values_list("pk", "title", "url")
    pairs = find_duplicate_pairs(targets, pool)
    wanted = {other for found in pairs.values() for other, _same, _sim in found}
    others = Activity.objects.select_related("agenda", "agenda__region").in_bulk(wanted)
    return {
        pk: [
            Candidate(activity=others[other], same_url=same, similarity=similarity)
            for other, same, similarity in found
            if other in others
        ]
        for pk, found in pairs.items()
    }


@dataclass
class DuplicatePair:
    activity: Activity  # the agenda's own activity
    candidate: Candidate
    merge_into_other: bool  # the user may merge ``activity`` into the candidate
    merge_other_into: bool  # the user may merge the candidate into ``activity``


def agenda_duplicates(agenda: Agenda, user: Viewer) -> list[DuplicatePair]:
    """ "Mögliche Doppelungen" of the agenda's own activities, each unordered pair once, with
    the merges the user may do. Three queries (own activities, pool, candidates)."""
    own = list(
        Activity.objects.filter(agenda=agenda, merged_into__isnull=True)
        .select_related("agenda", "agenda__programme")
        .order_by("title", "pk")
    )
    if pagecache.caching():
        # The candidates depend on the agenda's data and on which agendas' activities the user
        # may see (the pool), nothing else: computed once per data version and set of agendas,
        # shared by every viewer who sees the same agendas.
        seen_agendas = (
            Agenda.objects.filter(visible_agenda_filter(user, ""))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        found = pagecache.per_version(
            "actors-duplicates",
            agenda.pk,
            ",".join(map(str, seen_agendas)),
            compute=lambda: duplicates_of(user, own),
        )
    else:
        found = duplicates_of(user, own)
    result = []
    seen: set[frozenset[int]] = set()
    for activity in own:
        for candidate in found.get(activity.pk, []):
            pair = frozenset((activity.pk, candidate.activity.pk))
            if pair in seen:
                continue
            seen.add(pair)
            other = candidate.activity
            result.append(
                DuplicatePair(
                    activity=activity,
                    candidate=candidate,
                    merge_into_other=permissions.can_merge_activities(user, activity, other),
                    merge_other_into=permissions.can_merge_activities(user, other, activity),
                )
            )
    return result
