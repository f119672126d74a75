"""Survey to-dos on "Mein Bereich": a self-assessment left open after its round closed and a
survey past its end are actions; an open survey is an info; only for those who manage surveys."""

import datetime

import pytest
from django.utils import timezone

from regioagenda.core.registry import Todo, todo_providers
from regioagenda.matrix.models import RoundStatus
from regioagenda.participation.models import Survey
from regioagenda.participation.services import surveys as services
from tests.participation_factories import participant
from tests.survey_factories import full_survey

pytestmark = pytest.mark.django_db


def survey_todos(user, agenda):
    return [t for t in todo_providers.collect(user, [agenda]) if "/umfragen/" in t.url]


def test_open_survey_is_an_info_and_past_its_end_an_action(team):
    survey = full_survey(team.agenda)
    [todo] = survey_todos(team.editor, team.agenda)
    assert todo.kind == Todo.INFO and todo.title == f"Umfrage ist offen: „{survey.title}“"
    Survey.objects.filter(pk=survey.pk).update(
        closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    [todo] = survey_todos(team.editor, team.agenda)
    assert todo.kind == Todo.ACTION and "abgelaufen" in todo.title
    assert survey_todos(participant(team.agenda), team.agenda) == []


def test_self_assessment_of_a_closed_round_should_be_closed(team, rating_round):
    survey = services.self_assessment_for_round(
        actor=team.coordinator, assessment_round=rating_round
    )
    services.set_survey_open(actor=team.coordinator, survey=survey, is_open=True)
    rating_round.status = RoundStatus.CLOSED
    rating_round.save()
    [todo] = survey_todos(team.coordinator, team.agenda)
    assert todo.kind == Todo.ACTION
    assert todo.title.startswith("Selbsteinschätzung schließen")
    assert todo.url.endswith(f"/umfragen/{survey.pk}/bearbeiten/")
