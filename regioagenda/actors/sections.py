"""The actors' block on the agenda home, under the step of the actors' analysis, and their
to-dos on "Mein Bereich"."""

from regioagenda.core.registry import AgendaSection, agenda_sections, todo_providers


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


def _todos(user, agendas):
    from regioagenda.actors.queries.todos import todos

    return todos(user, agendas)


todo_providers.register("actors", _todos)


def _community_targets():
    from regioagenda.actors.services.forum import register_targets

    register_targets()


_community_targets()
