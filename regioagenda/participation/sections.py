"""What participation adds to earlier pages: blocks on the agenda home, to-dos on "Mein
Bereich", demo loaders. One block per topic; each topic's functions live in its own modules."""

from functools import partial

from django.db.models.signals import post_save

from regioagenda.core.registry import AgendaSection, agenda_sections, demo_loaders, todo_providers
from regioagenda.core.registry import demo_loaders as _demo_loaders
from regioagenda.core.registry import todo_providers as _todo_providers
from regioagenda.regions import process
from regioagenda.regions import process as _process

# Phases, process page, news ------------------------------------------------------------------


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


def _ideas_section_step(step):
    """One ideas block per step: the step's ideas, and under the current step the invitation
    to submit while ideas are collected."""

    def context(agenda, user):
        from regioagenda.participation.queries.ideas import agenda_section

        return agenda_section(agenda, user, step)

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
from regioagenda.participation import surveys_registry  # noqa: E402,F401 (home, matrix, demo)

# Moderation -----------------------------------------------------------------------------------


def _moderation_targets():
    from regioagenda.participation.services.moderation import register_targets

    register_targets()


def _moderation_todos(user, agendas):
    """ "N Meldungen warten auf Moderation" for who moderates (one query for all agendas)."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    from regioagenda.core import permissions
    from regioagenda.core.registry import Todo
    from regioagenda.participation.queries.moderation import waiting

    mine = [agenda for agenda in agendas if permissions.can_moderate_reports(user, agenda)]
    if not mine:
        return []
    counts = waiting([agenda.pk for agenda in mine])
    return [
        Todo(
            agenda=agenda,
            title=ngettext(
                "%(n)d Meldung wartet auf Moderation",
                "%(n)d Meldungen warten auf Moderation",
                counts[agenda.pk],
            )
            % {"n": counts[agenda.pk]},
            detail="",
            url=reverse("participation:moderation", args=[agenda.slug]),
            kind=Todo.ACTION,
            priority=20,
            count=counts[agenda.pk],
        )
        for agenda in mine
        if counts.get(agenda.pk)
    ]


def _newsletter_todos(user, agendas):
    """ "Newsletter senden" for the coordination, with the confirmed subscribers (one query)."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils.translation import gettext, ngettext

    from regioagenda.community.models import NewsletterSubscription
    from regioagenda.core import permissions
    from regioagenda.core.registry import Todo

    mine = [
        agenda
        for agenda in agendas
        if agenda.is_public and permissions.can_send_newsletter(user, agenda)
    ]
    if not mine:
        return []
    counts = dict(
        NewsletterSubscription.objects.filter(
            agenda__in=mine, confirmed_at__isnull=False, unsubscribed_at__isnull=True
        )
        .values_list("agenda_id")
        .annotate(n=Count("pk"))
    )
    return [
        Todo(
            agenda=agenda,
            title=gettext("Newsletter senden"),
            detail=ngettext(
                "%(n)d bestätigtes Abonnement.", "%(n)d bestätigte Abonnements.", counts[agenda.pk]
            )
            % {"n": counts[agenda.pk]},
            url=reverse("community:newsletter_send", args=[agenda.slug]),
            kind=Todo.INFO,
            priority=80,
            count=counts[agenda.pk],
        )
        for agenda in mine
        if counts.get(agenda.pk)
    ]


_moderation_targets()
_todo_providers.register("participation-newsletter", _newsletter_todos)


@_demo_loaders.register(68, "participation-moderation")
def _moderation_demo(context):
    from regioagenda.participation.demo.moderation import load

    load(context)


_todo_providers.register("participation-moderation", _moderation_todos)
