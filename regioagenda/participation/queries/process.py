"""The public process page: the seven steps with their phases, news, documents and results."""

from __future__ import annotations

from typing import Any

from regioagenda.core import permissions
from regioagenda.core.permissions import Person
from regioagenda.core.registry import agenda_sections
from regioagenda.participation.queries import news as news_queries
from regioagenda.participation.queries.phases import phase_views
from regioagenda.participation.queries.statistics import statistics
from regioagenda.regions.models import Agenda
from regioagenda.sources.models import SourceDocument

PROCESS_NEWS = 5
# The blocks participation itself adds to the agenda home; the process page shows them itself.
OWN_SECTIONS = ("participation-process", "participation-step-")


def public_documents(agenda: Agenda, user: Person) -> list[SourceDocument]:
    """The existing concepts the user may read, as links (one query)."""
    if not permissions.can_view_sources(user, agenda):
        return []
    return list(
        SourceDocument.objects.filter(agenda=agenda)
        .only("pk", "title", "year", "agenda_id")
        .order_by("-year", "title", "pk")
    )


def process_page(agenda: Agenda, user: Person) -> dict[str, Any]:
    steps = phase_views(agenda)
    sections = agenda_sections.render_context(agenda, user)
    for step in steps:
        step.results = [  # type: ignore[attr-defined]
            (section, context)
            for section, context in sections.get(step.key, [])
            if not section.key.startswith(OWN_SECTIONS)
        ]
    news = list(news_queries.visible_news(agenda, user)[:PROCESS_NEWS])
    current = next((step for step in steps if step.is_current), None)
    return {
        "agenda": agenda,
        "steps": steps,
        "current": current,
        "news": news,
        "documents": public_documents(agenda, user),
        "stats": statistics(agenda),
        "can_manage_phases": permissions.can_manage_phases(user, agenda),
        "can_manage_news": permissions.can_manage_news(user, agenda),
        "can_print_posters": permissions.can_print_posters(user, agenda),
    }
