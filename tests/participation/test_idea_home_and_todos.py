"""The ideas block on the agenda home and the staff's to-do "N Ideen warten auf eine Antwort",
in a fixed number of queries for many agendas."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regioagenda.accounts.models import Membership, Role
from regioagenda.core import permissions
from regioagenda.participation.models import Idea
from regioagenda.participation.queries.ideas import agenda_section, todos
from tests.factories import AgendaFactory
from tests.participation_factories import IdeaFactory, PhaseFactory


def old(idea, days=10):
    Idea.objects.filter(pk=idea.pk).update(created=timezone.now() - datetime.timedelta(days=days))


@pytest.mark.django_db
def test_the_agenda_home_shows_the_current_steps_ideas(ideas_setup, client):
    IdeaFactory(agenda=ideas_setup.agenda, title="Rufbus", support_count=5)
    IdeaFactory(agenda=ideas_setup.agenda, title="Ausgeblendet", hidden=timezone.now())
    IdeaFactory(agenda=ideas_setup.agenda, title="Früher", step="vision")

    section = agenda_section(ideas_setup.agenda, ideas_setup.participant)
    page = client.get(ideas_setup.agenda.get_absolute_url()).content.decode()

    assert section["count"] == 1 and section["collecting"]
    assert [i.title for i in section["top"]] == ["Rufbus"]
    assert "1 Idee in diesem Schritt" in page and "Rufbus" in page
    assert "Ausgeblendet" not in page


@pytest.mark.django_db
def test_waiting_ideas_are_a_todo_for_the_moderation_in_fixed_queries(ideas_setup):
    moderator = ideas_setup.moderator
    agendas = [ideas_setup.agenda]
    for _n in range(4):
        agenda = AgendaFactory()
        PhaseFactory(agenda=agenda)
        Membership.objects.create(user=moderator, agenda=agenda, role=Role.MODERATOR)
        agendas.append(agenda)
    for agenda in agendas[:2]:
        old(IdeaFactory(agenda=agenda))
        old(IdeaFactory(agenda=agenda, status="review"))
        IdeaFactory(agenda=agenda)  # new this week: not yet waiting
        old(IdeaFactory(agenda=agenda, status="accepted"))
    permissions.forget_roles(moderator)

    with CaptureQueriesContext(connection) as few:
        found = todos(moderator, agendas[:2])
    permissions.forget_roles(moderator)
    with CaptureQueriesContext(connection) as many:
        found_all = todos(moderator, agendas)

    assert [t.count for t in found] == [2, 2]
    assert "2 Ideen warten auf eine Antwort" in found[0].title
    assert len(found_all) == 2 and len(few) == len(many)
    assert todos(ideas_setup.participant, agendas) == []
