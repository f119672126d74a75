"""Parallel requests of one person never together exceed the step's points (PostgreSQL)."""

import pytest
from django.db import connection
from django.urls import reverse

from regioagenda.accounts.models import Membership, Role
from regioagenda.participation.models import Ballot, BallotPoint
from tests.factories import AgendaFactory
from tests.parallel import post_in_parallel
from tests.participation_factories import IdeaFactory, participant
from tests.voting_factories import open_vote


@pytest.mark.django_db(transaction=True)
def test_parallel_ballots_of_one_person_stay_within_the_points():
    if connection.vendor != "postgresql":
        pytest.skip("parallel writes need PostgreSQL; SQLite serialises every write")
    agenda = AgendaFactory(is_public=True)
    open_vote(agenda, points=10)
    ideas = [IdeaFactory(agenda=agenda, step="projects") for _ in range(8)]
    user = participant(agenda)
    assert Membership.objects.filter(user=user, role=Role.PARTICIPANT).exists()
    url = reverse("participation:voting", args=[agenda.slug, "projects"])

    # Each request alone is within the limit; eight different ones, all at once.
    statuses = []
    for round_ in range(3):
        for idea in ideas:
            data = {f"idea_{idea.pk}": "7", f"idea_{ideas[(ideas.index(idea) + 1) % 8].pk}": "3"}
            statuses += post_in_parallel(user, url, data, times=2)
        assert set(statuses) == {302}
        ballot = Ballot.objects.get(user=user)
        rows = list(BallotPoint.objects.filter(ballot=ballot).values_list("points", flat=True))
        assert sum(rows) == ballot.points_used == 10, round_
        assert Ballot.objects.filter(user=user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_first_ballots_create_one_row():
    if connection.vendor != "postgresql":
        pytest.skip("parallel writes need PostgreSQL; SQLite serialises every write")
    agenda = AgendaFactory(is_public=True)
    open_vote(agenda, points=10)
    ideas = [IdeaFactory(agenda=agenda, step="projects") for _ in range(2)]
    user = participant(agenda)
    url = reverse("participation:voting", args=[agenda.slug, "projects"])

    statuses = post_in_parallel(user, url, {f"idea_{ideas[0].pk}": "6", f"idea_{ideas[1].pk}": "4"})

    assert set(statuses) == {302}
    ballot = Ballot.objects.get(user=user)
    assert ballot.points_used == 10
    assert sorted(BallotPoint.objects.values_list("points", flat=True)) == [4, 6]
