"""Where the participation statistics get their numbers: a registry of contribution sources.

Each source is one kind of contribution (ideas, comments, supports, registrations, …) and gives a
queryset of its rows in one agenda, each row with ``user_id``, ``created`` (a datetime) and
``step`` (a process step key) — through ``.annotate``/``.values`` when the model names them
otherwise. The statistics aggregate every source in two queries, never per row, so a new
source adds two queries however many rows it has.

Ideas, comments, supports and event registrations are registered here; surveys, dot votes and
consultation comments register their own source in their ``sections.py`` with
``contribution_sources.register(ContributionSource(...))``, so this module imports none of them.

**Privacy.** Statistics show counts only, and no figure that fewer than ``MIN_PEOPLE`` people
stand behind: ``protect`` is the one place of that rule, used by every table and chart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

MIN_PEOPLE = 5


@dataclass(frozen=True)
class Figure:
    """A count and how many different people stand behind it; shown only from ``MIN_PEOPLE``."""

    value: int
    people: int

    @property
    def shown(self) -> bool:
        return self.value == 0 or self.people >= MIN_PEOPLE

    @property
    def display(self) -> str:
        return protect(self.value, self.people)

    @property
    def chart_value(self) -> int | None:
        return self.value if self.shown else None


def protect(value: int, people: int) -> str:
    """The one rule: a figure with fewer than ``MIN_PEOPLE`` people behind it reads "< 5"."""
    if value == 0:
        return "0"
    if people < MIN_PEOPLE:
        return f"< {MIN_PEOPLE}"
    from regioagenda.core.numbers import format_number

    return format_number(value)


@dataclass(frozen=True)
class ContributionSource:
    """One kind of contribution. ``rows(agenda)`` returns a queryset of the agenda's
    contributions; ``user``, ``created`` and ``step`` are the lookups (on that queryset) of who
    contributed, when (a datetime) and in which process step. ``module`` is a ``Module`` value."""

    key: str
    label: StrOrPromise
    module: str
    rows: Callable[[Any], QuerySet[Any]]
    order: int = 100
    user: str = "user_id"
    created: str = "created"
    step: str = "step"


class ContributionSources:
    def __init__(self) -> None:
        self._sources: dict[str, ContributionSource] = {}

    def register(self, source: ContributionSource) -> ContributionSource:
        if source.key in self._sources:
            raise ValueError(f"Contribution source {source.key!r} is registered twice.")
        self._sources[source.key] = source
        return source

    def unregister(self, key: str) -> None:
        self._sources.pop(key, None)

    def all(self) -> list[ContributionSource]:
        return sorted(self._sources.values(), key=lambda s: (s.order, s.key))


contribution_sources = ContributionSources()


# The sources of the skeleton's models ------------------------------------------------------------


def _ideas(agenda: Any) -> QuerySet[Any]:
    from regioagenda.participation.models import Idea

    # Ideas captured at a workshop without an author count at the event's attendance instead.
    return Idea.objects.filter(agenda=agenda, hidden__isnull=True, author__isnull=False)


def _comments(agenda: Any) -> QuerySet[Any]:
    from django.contrib.contenttypes.models import ContentType

    from regioagenda.participation.models import Comment, Idea

    # Comments on ideas; comments on paragraphs or events are their parts' own sources.
    return Comment.objects.filter(
        agenda=agenda,
        hidden__isnull=True,
        author__isnull=False,
        is_official=False,
        target_type=ContentType.objects.get_for_model(Idea),
    ).annotate(idea_step=Subquery(Idea.objects.filter(pk=OuterRef("target_id")).values("step")[:1]))


def _supports(agenda: Any) -> QuerySet[Any]:
    from regioagenda.participation.models import Support

    return Support.objects.filter(idea__agenda=agenda, idea__hidden__isnull=True)


def _registrations(agenda: Any) -> QuerySet[Any]:
    from regioagenda.participation.models import Registration, RegistrationStatus

    return Registration.objects.filter(event__agenda=agenda, status=RegistrationStatus.CONFIRMED)


def _attendance(agenda: Any) -> QuerySet[Any]:
    from regioagenda.participation.models import Registration

    return Registration.objects.filter(event__agenda=agenda, attended=True)


for _source in (
    ContributionSource("ideas", _("Ideen"), "ideas", _ideas, order=10, user="author_id"),
    ContributionSource(
        "comments",
        _("Kommentare zu Ideen"),
        "ideas",
        _comments,
        order=20,
        user="author_id",
        step="idea_step",
    ),
    ContributionSource(
        "supports", _("Unterstützungen"), "ideas", _supports, order=30, step="idea__step"
    ),
    ContributionSource(
        "registrations",
        _("Anmeldungen zu Veranstaltungen"),
        "events",
        _registrations,
        order=40,
        step="event__step",
    ),
    ContributionSource(
        "attendance",
        _("Teilnahmen an Veranstaltungen"),
        "events",
        _attendance,
        order=50,
        created="event__starts_at",
        step="event__step",
    ),
):
    contribution_sources.register(_source)


# The sources of the later topics: surveys, dot votes, consultation comments --------------------


def _survey_responses(agenda: Any) -> QuerySet[Any]:
    from regioagenda.participation.models import Response

    # ``respondent`` is the one key per person of a survey (account or browser), so anonymous
    # answers count as people too; someone answering with an account and also writing ideas
    # counts once per kind of contribution there.
    return Response.objects.filter(survey__agenda=agenda)


def _ballots(agenda: Any) -> QuerySet[Any]:
    from regioagenda.participation.models import Ballot

    return Ballot.objects.filter(agenda=agenda, points_used__gt=0)


def _consultation_comments(agenda: Any) -> QuerySet[Any]:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Value

    from regioagenda.participation.models import Comment, DraftParagraph

    return Comment.objects.filter(
        agenda=agenda,
        hidden__isnull=True,
        author__isnull=False,
        is_official=False,
        target_type=ContentType.objects.get_for_model(DraftParagraph),
    ).annotate(consultation_step=Value("consultation", output_field=CharField()))


for _source in (
    ContributionSource(
        "survey_responses",
        _("Antworten auf Umfragen"),
        "survey",
        _survey_responses,
        order=60,
        user="respondent",
        step="survey__step",
    ),
    ContributionSource(
        "ballots", _("Stimmzettel der Priorisierung"), "prioritisation", _ballots, order=70
    ),
    ContributionSource(
        "consultation_comments",
        _("Stellungnahmen zum Entwurf"),
        "consultation",
        _consultation_comments,
        order=80,
        user="author_id",
        step="consultation_step",
    ),
):
    contribution_sources.register(_source)
