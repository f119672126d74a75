"""Surveys on the agenda home (under their step) and in the demo agenda."""

import pytest
from django.core.management import call_command

from regioagenda.participation.models import QuestionKind, Response, Survey
from tests.matrix_factories import build_framework
from tests.survey_factories import full_survey

pytestmark = pytest.mark.django_db


def test_agenda_home_shows_running_surveys_under_their_step(client, team):
    build_framework()
    survey = full_survey(team.agenda)
    draft = full_survey(team.agenda, title="Noch nicht offen", is_open=False)
    html = client.get(team.agenda.get_absolute_url()).content.decode()
    assert f'href="/agenden/{team.agenda.slug}/beteiligung/umfragen/{survey.pk}/"' in html
    assert "jetzt teilnehmen" in html and draft.title not in html


def test_demo_has_a_general_survey_and_the_moved_self_assessment():
    call_command("load_demo", verbosity=0)
    general = Survey.objects.get(agenda__slug="beispielland", title="Digitale Angebote im Alltag")
    kinds = set(general.questions.values_list("kind", flat=True))
    assert kinds == set(QuestionKind.values)
    assert general.questions.count() == 8
    assert general.response_count == Response.objects.filter(survey=general).count() == 60
    sectors = set(Response.objects.filter(survey=general).values_list("sector", flat=True))
    assert len(sectors) >= 5
    assert general.is_open and general.is_example
    self_assessment = Survey.objects.get(agenda__slug="beispielland", kind="self_assessment")
    assert self_assessment.assessment_round is not None
    assert self_assessment.response_count == 36
    before = (Survey.objects.count(), Response.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Survey.objects.count(), Response.objects.count()) == before
