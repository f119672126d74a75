"""What participation adds to earlier pages: blocks on the agenda home, to-dos on "Mein
Bereich", demo loaders. One block per topic; each topic's functions live in its own modules."""

# Phases, process page, news ------------------------------------------------------------------


# Events ---------------------------------------------------------------------------------------

# Ideas and comments ---------------------------------------------------------------------------
from regioagenda.core.registry import (  # noqa: E402
    AgendaSection,
    agenda_sections,
    demo_loaders,
    todo_providers,
)
from regioagenda.regions import process  # noqa: E402


def _ideas_section(agenda, user):
    from regioagenda.participation.queries.ideas import agenda_section

    return agenda_section(agenda, user)


def _ideas_section_step(step):
    """One ideas block per step that can collect ideas; it shows only under the current one."""

    def context(agenda, user):
        return _ideas_section(agenda, user) if agenda.current_step == step else None

    return context


for _step in process.STEP_KEYS:
    agenda_sections.register(
        AgendaSection(
            key=f"participation_ideas_{_step}",
            step=_step,
            template="participation/_ideas_section.html",
            context=_ideas_section_step(_step),
            order=40,
        )
    )


def _idea_todos(user, agendas):
    from regioagenda.participation.queries.ideas import todos

    return todos(user, agendas)


todo_providers.register("participation_ideas", _idea_todos)


@demo_loaders.register(62, "participation_ideas")
def _demo_ideas(context):
    from regioagenda.participation.demo.ideas import load

    return load(context)


# Prioritisation and consultation --------------------------------------------------------------


# Surveys --------------------------------------------------------------------------------------


# Moderation -----------------------------------------------------------------------------------
