"""The demo loader of the process page: all seven phases, five news posts, idempotent."""

import pytest

from regioagenda.participation.demo import process as demo
from regioagenda.participation.models import Module, NewsPost, Phase

pytestmark = pytest.mark.django_db


def test_demo_loader_is_complete_and_idempotent(team):
    context = {"agenda": team.agenda, "users": {"coordinator": team.coordinator}}
    demo.load(context)
    demo.load(context)
    phases = {p.step: p for p in Phase.objects.filter(agenda=team.agenda)}
    assert len(phases) == 7
    assert all(p.plain_summary and p.description and p.starts_on for p in phases.values())
    assert all(p.starts_on and p.ends_on for p in phases.values())
    assert phases["assessment"].modules == [Module.SURVEY]
    assert phases["vision"].modules == [Module.EVENTS, Module.IDEAS, Module.SURVEY]
    assert phases["projects"].modules == [Module.EVENTS, Module.IDEAS, Module.PRIORITISATION]
    assert phases["consultation"].modules == [Module.CONSULTATION, Module.EVENTS, Module.SURVEY]
    # The kickoff had started before the demo: its start is not announced again.
    assert phases["kickoff"].start_announced_at is not None
    assert NewsPost.objects.filter(agenda=team.agenda).count() == 5
    assert not NewsPost.objects.filter(agenda=team.agenda, announced_at__isnull=True).exists()
