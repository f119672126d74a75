"""Every view that follows a ``next`` parameter refuses foreign targets (core.http.safe_next):
merging activities, linking an activity."""

import pytest
from django.urls import reverse

from regioagenda.actors.models import ActivityLink
from tests.actor_factories import ActivityFactory
from tests.factories import AgendaFactory

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
