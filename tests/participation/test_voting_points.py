"""Giving points: limits, bad input, the step's window, who may vote — nothing stored when refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from regioagenda.accounts.models import AgendaBlock
from regioagenda.core import permissions
from regioagenda.participation.models import Ballot, BallotPoint, IdeaStatus
from regioagenda.participation.services.voting import cast_ballot
from tests.factories import AgendaFactory
from tests.participation_factories import IdeaFactory, participant
from tests.voting_factories import end_vote, open_vote


@pytest.fixture
def vote(team):
    open_vote(team.agenda, points=10)
    ideas = [IdeaFactory(agenda=team.agenda, step="projects") for _ in range(3)]
    return team.agenda, ideas, participant(team.agenda)


def url(agenda, step="projects"):
    return reverse("participation:voting", args=[agenda.slug, step])


def test_points_are_stored_and_replaced(vote):
    agenda, (a, b, c), user = vote
    cast_ballot(actor=user, agenda=agenda, step="projects", allocation={a.pk: 6, b.pk: 4})
    ballot = cast_ballot(
        actor=user, agenda=agenda, step="projects", allocation={b.pk: 1, c.pk: 3, a.pk: 0}
    )

    assert ballot.points_used == 4
    assert dict(BallotPoint.objects.values_list("idea_id", "points")) == {b.pk: 1, c.pk: 3}
    assert Ballot.objects.get().points_used == 4


def test_more_points_than_allowed_store_nothing(vote):
    agenda, (a, b, _c), user = vote
    cast_ballot(actor=user, agenda=agenda, step="projects", allocation={a.pk: 2})

    with pytest.raises(ValidationError, match="11 Punkte verteilt, zur Verfügung stehen 10"):
        cast_ballot(actor=user, agenda=agenda, step="projects", allocation={a.pk: 5, b.pk: 6})

    assert dict(BallotPoint.objects.values_list("idea_id", "points")) == {a.pk: 2}
    assert Ballot.objects.get().points_used == 2


@pytest.mark.parametrize("points", [-1, 1.5, True])
def test_points_must_be_whole_numbers_from_zero(vote, points):
    agenda, (a, _b, _c), user = vote
    with pytest.raises(ValidationError):
        cast_ballot(actor=user, agenda=agenda, step="projects", allocation={a.pk: points})
    assert not BallotPoint.objects.exists()


def test_ideas_of_another_step_agenda_or_status_are_refused(vote):
    agenda, (a, _b, _c), user = vote
    other_step = IdeaFactory(agenda=agenda, step="vision")
    foreign = IdeaFactory(agenda=AgendaFactory(is_public=True), step="projects")
    rejected = IdeaFactory(agenda=agenda, step="projects", status=IdeaStatus.REJECTED)
    hidden = IdeaFactory(agenda=agenda, step="projects", hidden=timezone.now())
    for idea in (other_step, foreign, rejected, hidden):
        with pytest.raises(ValidationError, match="nicht \\(mehr\\) zur Wahl"):
            cast_ballot(
                actor=user, agenda=agenda, step="projects", allocation={a.pk: 1, idea.pk: 1}
            )
    assert not BallotPoint.objects.exists()
    assert not Ballot.objects.exists()


def test_no_points_after_the_step_ended(vote):
    agenda, (a, _b, _c), user = vote
    end_vote(agenda)
    with pytest.raises(ValidationError, match="beendet"):
        cast_ballot(actor=user, agenda=agenda, step="projects", allocation={a.pk: 1})
    assert not Ballot.objects.exists()


def test_no_points_after_the_phases_planned_end(vote):
    agenda, (a, _b, _c), user = vote
    open_vote(agenda, ends_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="beendet"):
        cast_ballot(actor=user, agenda=agenda, step="projects", allocation={a.pk: 1})


def test_no_points_in_a_step_without_prioritisation(vote):
    agenda, _ideas, user = vote
    IdeaFactory(agenda=agenda, step="vision")
    with pytest.raises(ValidationError, match="keine Priorisierung"):
        cast_ballot(actor=user, agenda=agenda, step="vision", allocation={})


def test_a_blocked_person_is_refused(vote):
    agenda, (a, _b, _c), user = vote
    AgendaBlock.objects.create(user=user, agenda=agenda, reason="Beleidigungen")
    permissions.forget_blocks(user)
    with pytest.raises(PermissionDenied, match="gesperrt"):
        cast_ballot(actor=user, agenda=agenda, step="projects", allocation={a.pk: 1})
    assert not Ballot.objects.exists()


def test_the_page_saves_points_and_says_how_many_are_left(vote, client):
    agenda, (a, b, _c), user = vote
    client.force_login(user)
    response = client.post(url(agenda), {f"idea_{a.pk}": "3", f"idea_{b.pk}": "2"}, follow=True)

    assert response.status_code == 200
    assert "5 vergeben, 5 übrig" in response.content.decode()
    assert "noch 5 Punkte" in response.content.decode()
    assert Ballot.objects.get(user=user).points_used == 5


@pytest.mark.parametrize(
    "value, message",
    [
        ("²", "keine ganze Zahl"),
        ("-2", "keine ganze Zahl"),
        ("1e3", "keine ganze Zahl"),
        ("11", "zur Verfügung stehen 10"),
        ("9" * 400, "So viele Punkte"),
    ],
)
def test_the_page_refuses_bad_numbers_with_a_sentence(vote, client, value, message):
    agenda, (a, _b, _c), user = vote
    client.force_login(user)
    response = client.post(url(agenda), {f"idea_{a.pk}": value})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BallotPoint.objects.exists()


def test_the_page_refuses_a_foreign_idea_id(vote, client):
    agenda, (a, _b, _c), user = vote
    foreign = IdeaFactory(agenda=AgendaFactory(is_public=True), step="projects")
    client.force_login(user)
    response = client.post(url(agenda), {f"idea_{a.pk}": "1", f"idea_{foreign.pk}": "1"})

    assert response.status_code == 400
    assert not BallotPoint.objects.exists()


def test_the_honeypot_refuses_bots(vote, client):
    agenda, (a, _b, _c), user = vote
    client.force_login(user)
    response = client.post(url(agenda), {f"idea_{a.pk}": "1", "homepage": "http://spam"})
    assert response.status_code == 400
    assert "automatisch ausgefüllt" in response.content.decode()
    assert not BallotPoint.objects.exists()


def test_anonymous_visitors_see_the_ideas_but_cannot_vote(vote, client):
    agenda, (a, _b, _c), _user = vote
    response = client.get(url(agenda))
    assert response.status_code == 200
    assert a.title in response.content.decode()
    assert "Bitte melden Sie sich an" in response.content.decode()
    assert client.post(url(agenda), {f"idea_{a.pk}": "1"}).status_code == 403
    assert not Ballot.objects.exists()


def test_a_step_without_prioritisation_is_not_found(vote, client):
    agenda, _ideas, _user = vote
    assert client.get(url(agenda, "vision")).status_code == 404
    assert client.get(url(agenda, "nonsense")).status_code == 404
