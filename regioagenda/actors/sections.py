"""The actors' block on the agenda home, under the step of the actors' analysis."""

from regioagenda.core.registry import AgendaSection, agenda_sections


def _context(agenda, user):
    from regioagenda.actors.queries.overview import agenda_section

    return agenda_section(agenda, user)


agenda_sections.register(
    AgendaSection(
        key="actors",
        step="assessment",
        template="actors/_agenda_section.html",
        context=_context,
        order=30,
    )
)
