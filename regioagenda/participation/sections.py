"""What participation adds to earlier pages: blocks on the agenda home, to-dos on "Mein
Bereich", demo loaders. One block per topic; each topic's functions live in its own modules."""

# Phases, process page, news ------------------------------------------------------------------


# Events ---------------------------------------------------------------------------------------


# Ideas and comments ---------------------------------------------------------------------------

# Prioritisation and consultation --------------------------------------------------------------
from regioagenda.core.registry import AgendaSection, agenda_sections, demo_loaders  # noqa: E402
from regioagenda.regions import process  # noqa: E402


def _voting_section(step):
    def context(agenda, user):
        from regioagenda.participation.queries.voting import agenda_section

        return agenda_section(agenda, user, step)

    return context


# A dot vote can be enabled in any step with ideas; the block shows only where a phase has it.
for _step in process.STEP_KEYS:
    if _step not in ("kickoff", "assessment"):
        agenda_sections.register(
            AgendaSection(
                key=f"participation_voting_{_step}",
                step=_step,
                template="participation/voting_section.html",
                context=_voting_section(_step),
                order=60,
            )
        )


def _consultation_summary(agenda, user):
    from regioagenda.participation.queries.consultation import agenda_section

    return agenda_section(agenda, user)


agenda_sections.register(
    AgendaSection(
        key="participation_consultation_summary",
        step="adoption",
        template="participation/consultation_section.html",
        context=_consultation_summary,
        order=40,
    )
)


@demo_loaders.register(64, "participation.voting")
def _demo_voting(context):
    from regioagenda.participation.demo.voting import load

    load(context)


@demo_loaders.register(65, "participation.consultation")
def _demo_consultation(context):
    from regioagenda.participation.demo.consultation import load

    load(context)


# Surveys --------------------------------------------------------------------------------------


# Moderation -----------------------------------------------------------------------------------
