"""Every view that follows a ``next`` parameter refuses foreign targets (core.http.safe_next):
merging activities, linking an activity, opening the public survey."""

import pytest
from django.urls import reverse

from regioagenda.actors.models import ActivityLink
from regioagenda.matrix.models import AssessmentRound, RoundStatus
from tests.actor_factories import ActivityFactory
from tests.factories import AgendaFactory
from tests.matrix_factories import build_framework

pytestmark = pytest.mark.django_db

EVIL = ["/\\evil.example", "//evil.invalid/", "https://evil.invalid/", "javascript:alert(1)"]


@pytest.fixture
def twins(actors_setup):
    team = actors_setup
    neighbour = AgendaFactory(title="Nachbarkreis", programme=team.programme, is_public=True)
    original = ActivityFactory(agenda=neighbour, title="Gründerzentrum Oberland")
    duplicate = ActivityFactory(agenda=team.agenda, title="Gruenderzentrum Oberland")
    return team, original, duplicate


@pytest.mark.parametrize("target", EVIL)
def test_merge_refusal_returns_to_the_activity_not_to_next(twins, login, target):
    team, _original, duplicate = twins
    response = login(team.editor).post(
        reverse("actors:activity_merge", args=[team.agenda.slug, duplicate.pk]),
        {"original": duplicate.pk, "next": target},  # refused: merge with itself
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("actors:activity", args=[team.agenda.slug, duplicate.pk])


def test_merge_refusal_follows_a_path_of_this_site(twins, login):
    team, _original, duplicate = twins
    back = reverse("actors:activities", args=[team.agenda.slug]) + "?seite=2"
    response = login(team.editor).post(
        reverse("actors:activity_merge", args=[team.agenda.slug, duplicate.pk]),
        {"original": duplicate.pk, "next": back},
    )
    assert response["Location"] == back


@pytest.mark.parametrize("target", EVIL)
def test_link_returns_to_the_landscape_not_to_next(twins, login, target):
    team, original, _duplicate = twins
    response = login(team.editor).post(
        reverse("actors_site:activity_link", args=[original.pk]),
        {"agenda": team.agenda.pk, "next": target},
    )
    assert response["Location"] == reverse("actors_site:activities")
    assert ActivityLink.objects.filter(agenda=team.agenda, activity=original).exists()


def test_link_follows_a_path_of_this_site(twins, login):
    team, original, _duplicate = twins
    back = "/de/aktivitaeten/?seite=2"
    response = login(team.editor).post(
        reverse("actors_site:activity_link", args=[original.pk]),
        {"agenda": team.agenda.pk, "next": back},
    )
    assert response["Location"] == back


@pytest.fixture
def survey_round(team, no_staff_mfa):
    return AssessmentRound.objects.create(
        agenda=team.agenda,
        version=build_framework(),
        title="Erstbewertung",
        status=RoundStatus.OPEN,
        survey_open=True,
    )


def _toggle(assessment_round):
    return reverse("matrix:survey_toggle", args=[assessment_round.agenda.slug, assessment_round.pk])


@pytest.mark.parametrize("target", EVIL)
def test_survey_toggle_returns_to_the_agenda_not_to_next(team, survey_round, login, target):
    response = login(team.coordinator).post(_toggle(survey_round), {"open": "0", "next": target})
    assert response.status_code == 302
    assert response["Location"] == team.agenda.get_absolute_url()
    survey_round.refresh_from_db()
    assert not survey_round.survey_open


def test_survey_toggle_follows_a_path_of_this_site(team, survey_round, login):
    back = reverse("matrix:round_detail", args=[team.agenda.slug, survey_round.pk])
    response = login(team.coordinator).post(_toggle(survey_round), {"open": "1", "next": back})
    assert response["Location"] == back
