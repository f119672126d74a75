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


DRAFT_TEXT = """## 1. Ausgangslage

Der Landkreis Teamhausen hat 120.000 Einwohnerinnen und Einwohner in 31 Gemeinden.

Die Breitbandversorgung ist zwischen den Gemeinden sehr ungleich verteilt.

## 2. Ziele

Bis 2030 sollen alle Haushalte einen Glasfaseranschluss haben können.

Das Landratsamt bietet alle Verwaltungsleistungen auch online an.
"""


def open_draft(team, text=DRAFT_TEXT, **kwargs):
    """A draft of ``team.agenda`` open for comments."""
    from regioagenda.participation.models import DraftStatus
    from regioagenda.participation.services.consultation import create_draft

    draft = create_draft(
        actor=team.coordinator,
        agenda=team.agenda,
        title="Entwurf der Digitalen Agenda",
        text=text,
        **kwargs,
    )
    draft.status = DraftStatus.OPEN
    draft.save()
    return draft


def paragraphs_of(draft, number=None):
    from regioagenda.participation.models import DraftParagraph

    version = number or draft.versions.order_by("-number").first().number
    return list(
        DraftParagraph.objects.filter(draft=draft, section__version__number=version).order_by(
            "section__position", "position"
        )
    )
