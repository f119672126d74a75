"""The matrix's block on the agenda home, under the step "Bestandsaufnahme & IST-Analyse"."""

from regioagenda.core.registry import AgendaSection, agenda_sections


def _context(agenda, user):
    from regioagenda.matrix.queries.overview import agenda_section

    return agenda_section(agenda, user)


agenda_sections.register(
    AgendaSection(
        key="matrix",
        step="assessment",
        template="matrix/_agenda_section.html",
        context=_context,
        order=20,
    )
)
