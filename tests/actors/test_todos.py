"""The actors' to-dos: invitations, followed forum threads, coverage gaps."""

import datetime

import pytest
from django.utils import timezone

from regioagenda.accounts.models import Role
from regioagenda.actors.models import Invitation, Sector
from regioagenda.actors.queries.coverage import coverage_grid
from regioagenda.actors.queries.todos import empty_cells, todos
from regioagenda.core import permissions
from tests.actor_factories import OrganisationFactory, PersonFactory, PostFactory
from tests.factories import AgendaFactory, MembershipFactory, UserFactory
from tests.matrix_factories import build_framework
from tests.todo_helpers import busy_agenda


def titles(user, agendas):
    return [todo.title for todo in todos(user, agendas)]


def test_invitations_pending_and_expired(team):
    busy_agenda(team.agenda, build_framework())

    found = {t.title: t for t in todos(team.coordinator, [team.agenda])}

    expired = found["Abgelaufene Einladungen erneut senden oder zurückziehen"]
    pending = found["Einladungen, die noch nicht angenommen sind"]
    assert (expired.count, pending.count) == (1, 1)
    assert expired.is_action and not pending.is_action
    assert expired.url == f"/agenden/{team.agenda.slug}/akteure/einladungen/"


def test_accepted_and_revoked_invitations_are_done(team):
    busy_agenda(team.agenda, build_framework())
    Invitation.objects.update(revoked=timezone.now())

    assert not any("Einladungen" in t for t in titles(team.coordinator, [team.agenda]))


@pytest.mark.parametrize("name", ["moderator", "editor", "expert", "participant", "outsider"])
def test_invitations_and_coverage_are_for_the_coordination(team, name):
    busy_agenda(team.agenda, build_framework())
    user = getattr(team, name)

    found = " ".join(titles(user, [team.agenda]))

    assert not permissions.can_manage_bodies(user, team.agenda)
    assert "Einladungen" not in found
    assert "Abdeckung" not in found


def test_followed_thread_with_a_new_post_by_someone_else(team):
    busy_agenda(team.agenda, build_framework(), follower=team.expert)

    [todo] = todos(team.expert, [team.agenda])

    thread = team.agenda.forum_threads.get()
    assert todo.title == f"Neue Beiträge im Expertenforum: „{thread.title}“"
    assert todo.url == f"/agenden/{team.agenda.slug}/akteure/forum/diskussion/{thread.pk}/"
    assert todo.count == 1


def test_own_hidden_and_old_posts_are_not_new(team):
    busy_agenda(team.agenda, build_framework(), follower=team.expert)
    thread = team.agenda.forum_threads.get()
    thread.posts.update(created=timezone.now() - datetime.timedelta(days=8))
    PostFactory(thread=thread, author=team.expert)
    PostFactory(thread=thread, hidden=timezone.now())

    assert todos(team.expert, [team.agenda]) == []


def test_forum_to_dos_need_the_forum(team):
    busy_agenda(team.agenda, build_framework(), follower=team.participant)

    assert todos(team.participant, [team.agenda]) == []


def test_coverage_gaps_agree_with_the_grid(team):
    build_framework()
    PersonFactory(agenda=team.agenda, sector=Sector.ECONOMY).field_links.create(
        field_key="mobility"
    )
    OrganisationFactory(agenda=team.agenda, sector=Sector.SCIENCE).field_links.create(
        field_key="energy"
    )
    grid = coverage_grid(team.agenda)

    empty, cells, uncovered = empty_cells([team.agenda])[team.agenda.pk]

    assert (empty, cells) == (grid["empty_cells"], grid["cell_count"])
    assert uncovered == len(grid["uncovered_fields"])
    [todo] = [t for t in todos(team.coordinator, [team.agenda]) if "Abdeckung" in t.title]
    assert todo.count == empty
    assert todo.url == f"/agenden/{team.agenda.slug}/akteure/abdeckung/"


def test_queries_do_not_grow_with_agendas(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    version = build_framework()
    user = UserFactory()
    agendas = []

    def add():
        agenda = AgendaFactory()
        MembershipFactory(user=user, agenda=agenda, role=Role.COORDINATOR)
        busy_agenda(agenda, version, follower=user)
        agendas.append(agenda)

    def count():
        permissions.forget_roles(user)
        with CaptureQueriesContext(connection) as captured:
            found = todos(user, agendas)
        return len(captured), found

    add()
    one, found_one = count()
    for _ in range(4):
        add()
    five, found_five = count()

    assert one == five
    assert len(found_five) == 5 * len(found_one) == 5 * 4
