"""What participation adds to earlier pages: blocks on the agenda home, to-dos on "Mein
Bereich", demo loaders. One block per topic; each topic's functions live in its own modules."""

# Phases, process page, news ------------------------------------------------------------------

# Events ---------------------------------------------------------------------------------------
from regioagenda.core.registry import (  # noqa: E402
    AgendaSection,
    agenda_sections,
    demo_loaders,
    todo_providers,
)
from regioagenda.regions import process as _process  # noqa: E402


def _events_section_for(step):
    """ "Nächste Termine" under the agenda's current step only (one block per step is
    registered; the others answer None without a query)."""

    def context(agenda, user):
        if agenda.current_step != step:
            return None
        from regioagenda.participation.queries.events import agenda_section

        return agenda_section(agenda, user)

    return context


for _step in _process.STEP_KEYS:
    agenda_sections.register(
        AgendaSection(
            key=f"participation-events-{_step}",
            step=_step,
            template="participation/_events_agenda_section.html",
            context=_events_section_for(_step),
            order=20,
        )
    )


def _event_todos(user, agendas):
    from regioagenda.participation.queries.events import todos

    return todos(user, agendas)


todo_providers.register("participation-events", _event_todos)


@demo_loaders.register(61, "participation-events")
def _load_event_demo(context):
    from regioagenda.participation.demo.events import load

    return load(context)


# Ideas and comments ---------------------------------------------------------------------------


# Prioritisation and consultation --------------------------------------------------------------


# Surveys --------------------------------------------------------------------------------------


# Moderation -----------------------------------------------------------------------------------
