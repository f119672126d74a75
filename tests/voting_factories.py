"""Helpers for the tests of dot voting and consultation: an agenda whose step is open for
points, voters with sectors, drafts from text."""

import datetime

from django.utils import timezone

from regioagenda.participation.models import Ballot, BallotPoint, Participant
from regioagenda.regions.models import AgendaStep, StepState
from tests.participation_factories import PhaseFactory, participant


def open_vote(agenda, step="projects", points=10, ends_on=None):
    """Make ``step`` of ``agenda`` the current one with a prioritisation of ``points`` points."""
    AgendaStep.objects.filter(agenda=agenda).exclude(key=step).update(state=StepState.DONE)
    AgendaStep.objects.update_or_create(
        agenda=agenda, key=step, defaults={"state": StepState.CURRENT}
    )
    phase = PhaseFactory(agenda=agenda, step=step)
    phase.modules = ["ideas", "prioritisation"]
    phase.vote_points = points
    phase.ends_on = ends_on or timezone.localdate() + datetime.timedelta(days=14)
    phase.starts_on = None
    phase.save()
    return phase


def end_vote(agenda, step="projects"):
    AgendaStep.objects.filter(agenda=agenda, key=step).update(state=StepState.DONE)


def voter(agenda, sector=""):
    user = participant(agenda)
    Participant.objects.create(agenda=agenda, user=user, sector=sector)
    return user


def give(agenda, user, allocation, step="projects"):
    """Store a ballot directly (for results tests; the service is tested on its own)."""
    ballot = Ballot.objects.create(
        agenda=agenda, step=step, user=user, points_used=sum(allocation.values())
    )
    BallotPoint.objects.bulk_create(
        BallotPoint(ballot=ballot, idea=idea, points=points) for idea, points in allocation.items()
    )
    return ballot
