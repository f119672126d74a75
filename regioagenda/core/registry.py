"""Registries through which later parts of the platform contribute to earlier parts' pages.

The data flows one way (regions → … → programme). When an earlier page must show something
owned by a later app — the agenda home shows the matrix, the projects, the monitoring — the
later app registers a section here in its ``AppConfig.ready`` and the earlier page renders
whatever is registered, without importing the later app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AgendaSection:
    """A block on the agenda home, shown under one process step.

    ``context(agenda, user)`` returns the template context, or None to leave the block out
    (e.g. nothing to show yet, or the user may not see it).
    """

    key: str
    step: str
    template: str
    context: Callable
    order: int = 100


class SectionRegistry:
    def __init__(self):
        self._sections = {}

    def register(self, section):
        if section.key in self._sections:
            raise ValueError(f"Section {section.key!r} is registered twice.")
        self._sections[section.key] = section
        return section

    def for_step(self, step):
        return sorted((s for s in self._sections.values() if s.step == step), key=lambda s: s.order)

    def render_context(
        self, agenda: object, user: object
    ) -> dict[str, list[tuple[AgendaSection, Any]]]:
        """Map each step key to a list of (section, context) for the sections that have content."""
        out: dict[str, list[tuple[AgendaSection, Any]]] = {}
        for section in sorted(self._sections.values(), key=lambda s: s.order):
            context = section.context(agenda, user)
            if context is not None:
                out.setdefault(section.step, []).append((section, context))
        return out


agenda_sections = SectionRegistry()


class DemoRegistry:
    """Demo data loaders of each app, run by ``manage.py load_demo`` in the order of the data flow.

    A loader is ``loader(context)`` where ``context`` is a dict shared by all loaders (the demo
    agenda, users by role, …); each loader must be idempotent.
    """

    def __init__(self):
        self._loaders = []

    def register(self, order, name):
        def decorator(func):
            self._loaders.append((order, name, func))
            return func

        return decorator

    def loaders(self):
        return [(name, func) for _order, name, func in sorted(self._loaders, key=lambda x: x[0])]


demo_loaders = DemoRegistry()


@dataclass(frozen=True)
class FieldEvidence:
    """Evidence about one matrix field, shown to raters beside the rating form.

    ``context(agenda, field_key, user)`` returns the template context, or None when the provider
    has nothing for this field (or the user may not see it). The existing concepts register
    their curated summary here, so the matrix shows it without importing the sources app.
    """

    key: str
    template: str
    context: Callable
    order: int = 100


class FieldEvidenceRegistry:
    def __init__(self):
        self._providers = {}

    def register(self, provider):
        if provider.key in self._providers:
            raise ValueError(f"Evidence provider {provider.key!r} is registered twice.")
        self._providers[provider.key] = provider
        return provider

    def for_field(self, agenda, field_key, user):
        """``[(provider, context), …]`` of the providers that have something for the field."""
        out = []
        for provider in sorted(self._providers.values(), key=lambda p: p.order):
            context = provider.context(agenda, field_key, user)
            if context is not None:
                out.append((provider, context))
        return out


field_evidence = FieldEvidenceRegistry()


@dataclass(frozen=True)
class Todo:
    """One thing a person should do (or know) in an agenda, shown on "Mein Bereich".

    ``title`` says what (German, translated), ``detail`` how much or why ("12 Textstellen
    warten"), ``url`` where it is done — a provider returns a to-do only when the user may open
    that page. ``kind`` is ``"action"`` (something to do) or ``"info"`` (a state worth knowing);
    within a kind a lower ``priority`` comes first. ``agenda`` is the agenda it belongs to.
    """

    agenda: Any
    title: str
    url: str
    detail: str = ""
    kind: str = "action"
    priority: int = 50
    count: int | None = None

    ACTION = "action"
    INFO = "info"

    @property
    def is_action(self) -> bool:
        return self.kind == self.ACTION

    def sort_key(self) -> tuple[int, int, str]:
        return (0 if self.is_action else 1, self.priority, self.title)


TodoProvider = Callable[[Any, list[Any]], list[Todo]]


class TodoRegistry:
    """The to-do providers of the apps: ``provider(user, agendas) -> [Todo, …]``.

    An app registers its provider in its ``AppConfig.ready``; the dashboard asks every provider
    once with all the user's agendas, so a provider must answer in a fixed number of queries
    however many agendas it is given, and return to-dos of those agendas only.
    """

    def __init__(self) -> None:
        self._providers: dict[str, TodoProvider] = {}

    def register(self, key: str, provider: TodoProvider) -> TodoProvider:
        if key in self._providers:
            raise ValueError(f"To-do provider {key!r} is registered twice.")
        self._providers[key] = provider
        return provider

    def collect(self, user: Any, agendas: list[Any]) -> list[Todo]:
        """Every provider's to-dos for ``agendas``, most urgent first (actions before infos)."""
        if not agendas:
            return []
        allowed = {agenda.pk for agenda in agendas}
        todos = [
            todo
            for key in sorted(self._providers)
            for todo in self._providers[key](user, agendas)
            if todo.agenda.pk in allowed
        ]
        return sorted(todos, key=Todo.sort_key)


todo_providers = TodoRegistry()


@dataclass(frozen=True)
class RaterCandidate:
    """Someone a later part knows by name and email who could be invited to rate the matrix."""

    name: str
    email: str
    sector: str = ""  # a label, e.g. "Wirtschaft"; empty when unknown


class RaterCandidateRegistry:
    """Who else the matrix's invite form offers besides the agenda's members, and how a person
    who is not a member yet is invited into the agenda.

    ``actors`` registers its register's people (``candidates(agenda)`` → ``[RaterCandidate]``)
    and its email invitation into the agenda (``inviter(actor=, agenda=, email=, base_url=)`` →
    True when an invitation went out), so the matrix offers them without importing ``actors``.
    Without an inviter a person who is not a member waits until they join by other means.
    """

    def __init__(self) -> None:
        self._providers: dict[str, Callable[[Any], list[RaterCandidate]]] = {}
        self._inviter: Callable[..., bool] | None = None

    def register(self, key: str, provider: Callable[[Any], list[RaterCandidate]]) -> None:
        if key in self._providers:
            raise ValueError(f"Rater candidate provider {key!r} is registered twice.")
        self._providers[key] = provider

    def set_inviter(self, inviter: Callable[..., bool]) -> None:
        self._inviter = inviter

    def for_agenda(self, agenda: Any) -> list[RaterCandidate]:
        """Every provider's candidates, once per email address (case-insensitive), by name."""
        seen: dict[str, RaterCandidate] = {}
        for key in sorted(self._providers):
            for candidate in self._providers[key](agenda):
                seen.setdefault(candidate.email.strip().lower(), candidate)
        return sorted(seen.values(), key=lambda c: (c.name.lower(), c.email.lower()))

    def invite_member(self, *, actor: Any, agenda: Any, email: str, base_url: str = "") -> bool:
        if self._inviter is None:
            return False
        return self._inviter(actor=actor, agenda=agenda, email=email, base_url=base_url)


rater_candidates = RaterCandidateRegistry()


@dataclass(frozen=True)
class SelfAssessmentLink:
    """A link the matrix shows about its public self-assessment (to answer it, or to manage
    it for a round)."""

    label: str
    url: str
    post: bool = False  # an action (a button posting to ``url``), not a page


@dataclass(frozen=True)
class FieldPerceptionProvider:
    """How a later part tells the matrix what the public thinks of its fields.

    ``perceptions(agenda, round)`` → ``{"responses": n, "fields": {field_key: {"answers": n,
    "perceived_n": n, "perceived": mean or None, "importance": mean or None}}}`` or None;
    ``answer_link(agenda, user)`` → the running self-assessment the viewer may answer, or None;
    ``round_links(agenda, round, user)`` → links about the round's self-assessment (e.g. to open
    or manage it) for the viewer.
    """

    perceptions: Callable[[Any, Any], dict[str, Any] | None]
    answer_link: Callable[[Any, Any], SelfAssessmentLink | None]
    round_links: Callable[[Any, Any, Any], list[SelfAssessmentLink]]


class FieldPerceptionRegistry:
    """The public self-assessment beside the expert values on the matrix page: participation
    (the survey engine) registers a provider; the matrix renders whatever is registered, so the
    data flows one way (the matrix never imports participation)."""

    def __init__(self) -> None:
        self._providers: dict[str, FieldPerceptionProvider] = {}

    def register(self, key: str, provider: FieldPerceptionProvider) -> None:
        if key in self._providers:
            raise ValueError(f"Field perception provider {key!r} is registered twice.")
        self._providers[key] = provider

    def unregister(self, key: str) -> None:
        self._providers.pop(key, None)

    def perceptions(self, agenda: Any, assessment_round: Any) -> dict[str, Any] | None:
        """The first provider's answer that has one (there is one survey engine)."""
        for key in sorted(self._providers):
            found = self._providers[key].perceptions(agenda, assessment_round)
            if found is not None:
                return found
        return None

    def answer_link(self, agenda: Any, user: Any) -> SelfAssessmentLink | None:
        for key in sorted(self._providers):
            link = self._providers[key].answer_link(agenda, user)
            if link is not None:
                return link
        return None

    def round_links(
        self, agenda: Any, assessment_round: Any, user: Any
    ) -> list[SelfAssessmentLink]:
        return [
            link
            for key in sorted(self._providers)
            for link in self._providers[key].round_links(agenda, assessment_round, user)
        ]


field_perceptions = FieldPerceptionRegistry()
