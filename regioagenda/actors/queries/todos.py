"""The actors' to-dos on "Mein Bereich" (registered in ``actors.sections``).

For the coordination: email invitations still open or expired, and the gaps of the coverage
grid (sectors × fields without anyone) as one summary per agenda. For members of the expert
forum: the threads they follow with posts by others in the last days (the forum keeps no
read marks; following a thread is the member's own "keep me posted").

At most five queries whatever the number of agendas: invitations, followed threads, and for the
coverage the active fields and the two aggregates the grid uses (kept per data version, keyed
by the agendas).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regioagenda.actors.fields import active_fields
from regioagenda.actors.models import Invitation, OrganisationField, PersonField, Sector, Thread
from regioagenda.actors.queries.coverage import _effective_sector
from regioagenda.community.models import Follow
from regioagenda.core import pagecache, permissions
from regioagenda.core.permissions import Person
from regioagenda.core.permissions.roles import signed_in
from regioagenda.core.registry import Todo
from regioagenda.regions.models import Agenda

FORUM_DAYS = 7
FORUM_THREADS_MAX = 5  # per agenda; the forum shows the rest


def _invitation_todos(agendas: dict[int, Agenda], now: datetime.datetime) -> list[Todo]:
    """Open and expired invitations per agenda (one query)."""
    if not agendas:
        return []
    rows = (
        Invitation.objects.filter(
            agenda_id__in=list(agendas), accepted__isnull=True, revoked__isnull=True
        )
        .values("agenda_id")
        .annotate(
            pending=Count("pk", filter=Q(expires__gt=now)),
            expired=Count("pk", filter=Q(expires__lte=now)),
        )
        .order_by("agenda_id")
    )
    out = []
    for row in rows:
        agenda = agendas[row["agenda_id"]]
        url = reverse("actors:invitations", args=[agenda.slug])
        if row["expired"]:
            out.append(
                Todo(
                    agenda=agenda,
                    title=_("Abgelaufene Einladungen erneut senden oder zurückziehen"),
                    detail=ngettext(
                        "%(n)d Einladung ist abgelaufen, ohne angenommen zu werden.",
                        "%(n)d Einladungen sind abgelaufen, ohne angenommen zu werden.",
                        row["expired"],
                    )
                    % {"n": row["expired"]},
                    url=url,
                    priority=45,
                    count=row["expired"],
                )
            )
        if row["pending"]:
            out.append(
                Todo(
                    agenda=agenda,
                    title=_("Einladungen, die noch nicht angenommen sind"),
                    detail=ngettext(
                        "%(n)d Einladung wartet auf Antwort.",
                        "%(n)d Einladungen warten auf Antwort.",
                        row["pending"],
                    )
                    % {"n": row["pending"]},
                    url=url,
                    kind=Todo.INFO,
                    priority=50,
                    count=row["pending"],
                )
            )
    return out


def _forum_todos(user: Person, agendas: dict[int, Agenda], now: datetime.datetime) -> list[Todo]:
    """Followed threads with readable posts by others in the last ``FORUM_DAYS`` (one query)."""
    person = signed_in(user)
    if person is None or not agendas:
        return []
    since = now - datetime.timedelta(days=FORUM_DAYS)
    by_others = Q(posts__author__isnull=True) | ~Q(posts__author_id=person.pk)
    recent = Q(posts__created__gte=since, posts__hidden__isnull=True) & by_others
    threads = (
        Thread.objects.filter(
            agenda_id__in=list(agendas),
            pk__in=Follow.objects.filter(
                user=person, target_type=ContentType.objects.get_for_model(Thread)
            ).values("target_id"),
        )
        .annotate(new=Count("posts", filter=recent))
        .filter(new__gt=0)
        .order_by("agenda_id", "-last_activity", "-pk")
    )
    out: list[Todo] = []
    shown: dict[int, int] = {}
    for thread in threads:
        if shown.get(thread.agenda_id, 0) >= FORUM_THREADS_MAX:
            continue
        shown[thread.agenda_id] = shown.get(thread.agenda_id, 0) + 1
        agenda = agendas[thread.agenda_id]
        new: int = getattr(thread, "new", 0)
        out.append(
            Todo(
                agenda=agenda,
                title=_("Neue Beiträge im Expertenforum: „%(title)s“") % {"title": thread.title},
                detail=ngettext(
                    "%(n)d neuer Beitrag in den letzten %(days)d Tagen.",
                    "%(n)d neue Beiträge in den letzten %(days)d Tagen.",
                    new,
                )
                % {"n": new, "days": FORUM_DAYS},
                url=reverse("actors:thread", args=[agenda.slug, thread.pk]),
                kind=Todo.INFO,
                priority=40,
                count=new,
            )
        )
    return out


def empty_cells(agendas: Sequence[Agenda]) -> dict[int, tuple[int, int, int]]:
    """``{agenda_id: (empty cells, cells, fields nobody covers)}`` of the coverage grid
    (``coverage.coverage_grid``) for many agendas at once (three queries)."""
    fields = [key for key, _name in active_fields()]
    if not fields or not agendas:
        return {}
    ids = [agenda.pk for agenda in agendas]
    sectors = set(Sector.values)
    keys = set(fields)
    covered: dict[int, set[tuple[str, str]]] = {pk: set() for pk in ids}
    people = (
        PersonField.objects.filter(person__agenda_id__in=ids, person__is_anonymised=False)
        .annotate(eff_sector=_effective_sector("person__"))
        .values_list("person__agenda_id", "eff_sector", "field_key")
        .distinct()
    )
    organisations = (
        OrganisationField.objects.filter(organisation__agenda_id__in=ids)
        .values_list("organisation__agenda_id", "organisation__sector", "field_key")
        .distinct()
    )
    for rows in (people, organisations):
        for agenda_id, sector, key in rows:
            if sector in sectors and key in keys:
                covered[agenda_id].add((sector, key))
    cells = len(sectors) * len(keys)
    out = {}
    for pk, cell_set in covered.items():
        uncovered = len(keys - {key for _sector, key in cell_set})
        out[pk] = (cells - len(cell_set), cells, uncovered)
    return out


def _coverage_todos(agendas: dict[int, Agenda]) -> list[Todo]:
    if not agendas:
        return []
    # The grid's gaps depend on the agendas' data only (who may see them is decided above): kept
    # per data version, keyed by the agendas, so the dashboard needs none of its three queries.
    ids = sorted(agendas)
    cells_of = pagecache.per_version(
        "actors-todo-coverage", *ids, compute=lambda: empty_cells(list(agendas.values()))
    )
    out = []
    for agenda_id, (empty, cells, uncovered) in cells_of.items():
        if not empty:
            continue
        agenda = agendas[agenda_id]
        detail = ngettext(
            "%(n)d von %(cells)d Feldern (Bereich × Handlungsfeld) ohne Akteur.",
            "%(n)d von %(cells)d Feldern (Bereich × Handlungsfeld) ohne Akteure.",
            empty,
        ) % {"n": empty, "cells": cells}
        if uncovered:
            detail += " " + ngettext(
                "%(n)d Handlungsfeld ist noch gar nicht abgedeckt.",
                "%(n)d Handlungsfelder sind noch gar nicht abgedeckt.",
                uncovered,
            ) % {"n": uncovered}
        out.append(
            Todo(
                agenda=agenda,
                title=_("Lücken in der Abdeckung schließen"),
                detail=detail,
                url=reverse("actors:coverage", args=[agenda.slug]),
                kind=Todo.INFO,
                priority=80,
                count=empty,
            )
        )
    return out


def todos(user: Person, agendas: Sequence[Agenda]) -> list[Todo]:
    """The actors' to-dos of ``user`` in ``agendas``."""
    if signed_in(user) is None or not agendas:
        return []
    now = timezone.now()
    coordinated = {
        a.pk: a
        for a in agendas
        if permissions.can_manage_bodies(user, a) and permissions.can_view_actors(user, a)
    }
    forum = {a.pk: a for a in agendas if permissions.can_enter_expert_forum(user, a)}
    return [
        *_invitation_todos(coordinated, now),
        *_forum_todos(user, forum, now),
        *_coverage_todos(coordinated),
    ]
