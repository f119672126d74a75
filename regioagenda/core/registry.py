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
