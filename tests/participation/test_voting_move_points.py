"""The merge of duplicates moves points without counting anything twice."""

import pytest
from django.core.exceptions import ValidationError

from regioagenda.participation.models import Ballot, BallotPoint
from regioagenda.participation.services.voting import move_points
from tests.factories import AgendaFactory
from tests.participation_factories import IdeaFactory
from tests.voting_factories import give, open_vote, voter


def test_points_move_and_a_person_with_both_keeps_the_sum(team):
    agenda = team.agenda
    open_vote(agenda)
    source, target, other = (IdeaFactory(agenda=agenda) for _ in range(3))
    both = give(agenda, voter(agenda), {source: 3, target: 2, other: 1})
    only_source = give(agenda, voter(agenda), {source: 4})
    only_target = give(agenda, voter(agenda), {target: 5})

    assert move_points(source, target) == 7

    assert not BallotPoint.objects.filter(idea=source).exists()
    points = {(p.ballot_id, p.idea_id): p.points for p in BallotPoint.objects.filter(idea=target)}
    assert points == {
        (both.pk, target.pk): 5,
        (only_source.pk, target.pk): 4,
        (only_target.pk, target.pk): 5,
    }
    assert BallotPoint.objects.get(idea=other).points == 1
    assert dict(Ballot.objects.values_list("pk", "points_used")) == {
        both.pk: 6,
        only_source.pk: 4,
        only_target.pk: 5,
    }
    for ballot in Ballot.objects.all():
        assert ballot.points_used == sum(ballot.points.values_list("points", flat=True))


def test_moving_onto_itself_or_across_agendas(team):
    open_vote(team.agenda)
    idea = IdeaFactory(agenda=team.agenda)
    give(team.agenda, voter(team.agenda), {idea: 2})
    assert move_points(idea, idea) == 0
    with pytest.raises(ValidationError):
        move_points(idea, IdeaFactory(agenda=AgendaFactory()))
    assert BallotPoint.objects.get().points == 2
