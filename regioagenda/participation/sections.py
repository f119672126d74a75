"""What participation adds to earlier pages: blocks on the agenda home, to-dos on "Mein
Bereich", demo loaders. One block per topic; each topic's functions live in its own modules."""

# Phases, process page, news ------------------------------------------------------------------
from functools import partial  # noqa: E402

from django.db.models.signals import post_save  # noqa: E402

from regioagenda.core.registry import AgendaSection, agenda_sections, demo_loaders  # noqa: E402
from regioagenda.regions import process as _process  # noqa: E402


def _process_section(agenda, user):
    from regioagenda.participation.queries.sections import process_section

    return process_section(agenda, user)


def _step_section(agenda, user, *, step):
    from regioagenda.participation.queries.sections import step_section

    return step_section(agenda, user, step)


agenda_sections.register(
    AgendaSection(
        key="participation-process",
        step=_process.FIRST_STEP,
        template="participation/_participation_section.html",
        context=_process_section,
        order=5,
    )
)
for _key in _process.STEP_KEYS:
    agenda_sections.register(
        AgendaSection(
            key=f"participation-step-{_key}",
            step=_key,
            template="participation/_participation_section.html",
            context=partial(_step_section, step=_key),
            order=10,
        )
    )


def _on_step_saved(sender, instance, raw=False, **kwargs):
    from regioagenda.participation.services.phases import on_step_saved

    on_step_saved(sender, instance, raw=raw, **kwargs)


# A step that becomes current tells the agenda's followers (regions must not import us).
post_save.connect(
    _on_step_saved, sender="regions.AgendaStep", dispatch_uid="participation-step-start"
)


@demo_loaders.register(60, "participation.process")
def _demo_process(context):
    from regioagenda.participation.demo.process import load

    load(context)


# Events ---------------------------------------------------------------------------------------


# Ideas and comments ---------------------------------------------------------------------------


# Prioritisation and consultation --------------------------------------------------------------


# Surveys --------------------------------------------------------------------------------------


# Moderation -----------------------------------------------------------------------------------
