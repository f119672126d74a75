"""The matrix's block on the agenda home, under the step "Bestandsaufnahme & IST-Analyse", and
its to-dos on "Mein Bereich"."""

from regioagenda.core.registry import AgendaSection, agenda_sections, todo_providers


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


def _todos(user, agendas):
    from regioagenda.matrix.queries.todos import todos

    return todos(user, agendas)


todo_providers.register("matrix", _todos)
