"""What surveys add to earlier pages: a block on the agenda home under each step that has a
survey, the self-assessment beside the expert values on the matrix page (and its links on the
matrix's pages), and the demo loader."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from regioagenda.core import permissions
from regioagenda.core.registry import (
    AgendaSection,
    FieldPerceptionProvider,
    SelfAssessmentLink,
    agenda_sections,
    demo_loaders,
    field_perceptions,
    todo_providers,
)
from regioagenda.regions import process


def _section_for(step: str):  # type: ignore[no-untyped-def]
    def context(agenda: Any, user: Any) -> dict[str, Any] | None:
        from regioagenda.participation.queries.surveys import agenda_section

        return agenda_section(agenda, user, step)

    return context


for _step in process.STEPS:
    agenda_sections.register(
        AgendaSection(
            key=f"participation-surveys-{_step}",
            step=_step,
            template="participation/_survey_section.html",
            context=_section_for(_step),
            order=60,
        )
    )


def _perceptions(agenda: Any, assessment_round: Any) -> dict[str, Any] | None:
    from regioagenda.participation.queries.surveys import field_perceptions as perceptions

    return perceptions(agenda, assessment_round)


def _answer_link(agenda: Any, user: Any) -> SelfAssessmentLink | None:
    from regioagenda.participation.queries.surveys import open_self_assessment

    survey = open_self_assessment(agenda, user)
    if survey is None:
        return None
    return SelfAssessmentLink(
        label=_("An der öffentlichen Selbsteinschätzung teilnehmen"),
        url=reverse("participation:survey", args=[agenda.slug, survey.pk]),
    )


def _round_links(agenda: Any, assessment_round: Any, user: Any) -> list[SelfAssessmentLink]:
    from regioagenda.participation.queries.surveys import round_survey

    survey = round_survey(assessment_round)
    links = []
    if survey is not None:
        survey.agenda = agenda
        if permissions.can_answer_survey(user, survey):
            links.append(
                SelfAssessmentLink(
                    label=_("Zur öffentlichen Selbsteinschätzung"),
                    url=reverse("participation:survey", args=[agenda.slug, survey.pk]),
                )
            )
        if survey.response_count:
            links.append(
                SelfAssessmentLink(
                    label=_("Ergebnisse der Selbsteinschätzung"),
                    url=reverse("participation:survey_results", args=[agenda.slug, survey.pk]),
                )
            )
    if permissions.can_manage_surveys(user, agenda):
        if survey is not None:
            links.append(
                SelfAssessmentLink(
                    label=_("Selbsteinschätzung öffnen, schließen und bearbeiten"),
                    url=reverse("participation:survey_manage", args=[agenda.slug, survey.pk]),
                )
            )
        else:
            # A POST creates it (the matrix page shows this one as a button).
            links.append(
                SelfAssessmentLink(
                    label=_("Öffentliche Selbsteinschätzung einrichten"),
                    url=reverse(
                        "participation:survey_for_round", args=[agenda.slug, assessment_round.pk]
                    ),
                    post=True,
                )
            )
    return links


field_perceptions.register(
    "participation",
    FieldPerceptionProvider(
        perceptions=_perceptions, answer_link=_answer_link, round_links=_round_links
    ),
)


def _todos(user: Any, agendas: list[Any]) -> list[Any]:
    from regioagenda.participation.queries.surveys import todos

    return todos(user, agendas)


todo_providers.register("participation-surveys", _todos)


@demo_loaders.register(66, "participation-surveys")
def _demo(context: dict[str, Any]) -> None:
    from regioagenda.participation.demo.surveys import load

    load(context)
