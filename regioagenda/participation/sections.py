"""What participation adds to earlier pages: blocks on the agenda home, to-dos on "Mein
Bereich", demo loaders. One block per topic; each topic's functions live in its own modules."""

from regioagenda.core.registry import AgendaSection, agenda_sections, todo_providers

# Phases, process page, news ------------------------------------------------------------------


# Events ---------------------------------------------------------------------------------------


# Ideas and comments ---------------------------------------------------------------------------


# Idea curation: the moderation's tools on the agenda home, duplicates on "Mein Bereich" ---------
def _curation_tools(agenda, user):
    from regioagenda.participation.queries.curation import tools_section

    return tools_section(agenda, user)


def _curation_todos(user, agendas):
    from regioagenda.participation.queries.curation import todos

    return todos(user, agendas)


agenda_sections.register(
    AgendaSection(
        key="participation-curation",
        step="projects",
        template="participation/_curation_tools.html",
        context=_curation_tools,
        order=60,
    )
)
todo_providers.register("participation-curation", _curation_todos)


# Prioritisation and consultation --------------------------------------------------------------


# Surveys --------------------------------------------------------------------------------------


# Moderation -----------------------------------------------------------------------------------
