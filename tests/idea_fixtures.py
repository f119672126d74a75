"""Fixtures for the tests of ideas, supports and comments: the team agenda collecting ideas in
its current step, with the 16 matrix fields, municipalities of its area and people who may
contribute."""

from types import SimpleNamespace

import pytest

from regioagenda.core import permissions
from regioagenda.regions.models import Region, RegionKind, RegionLevel
from tests.participation_factories import PhaseFactory, participant, verified


def gemeinde(kreis, number, name):
    return Region.objects.create(
        name=name,
        level=RegionLevel.GEMEINDE,
        kind=RegionKind.GEMEINDE,
        ags=f"{kreis.ags}{number:03d}",
        parent=kreis,
    )


@pytest.fixture
def ideas_setup(team):
    from tests.matrix_factories import build_framework

    build_framework()
    agenda = team.agenda
    agenda.current_step = "projects"
    agenda.save()
    phase = PhaseFactory(agenda=agenda, step="projects", modules=["ideas", "events"])
    kreis = agenda.region
    places = [gemeinde(kreis, i, name) for i, name in enumerate(["Adorf", "Bestadt", "Cmarkt"], 1)]
    for name in ("coordinator", "moderator", "editor", "expert", "participant", "outsider"):
        verified(getattr(team, name))
    for user in vars(team).values():
        if hasattr(user, "is_authenticated"):
            permissions.forget_roles(user)
    return SimpleNamespace(
        team=team,
        agenda=agenda,
        phase=phase,
        places=places,
        participant=team.participant,
        moderator=team.moderator,
        others=[participant(agenda) for _ in range(3)],
    )
