"""The existing concepts' block on the agenda home, under the step "Bestandsaufnahme & IST-Analyse"."""

from regioagenda.core.registry import AgendaSection, agenda_sections


def _context(agenda, user):
    from regioagenda.sources.queries import agenda_section

    return agenda_section(agenda, user)


agenda_sections.register(
    AgendaSection(
        key="sources",
        step="assessment",
        template="sources/_agenda_section.html",
        context=_context,
        order=10,
    )
)
