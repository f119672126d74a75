"""The existing concepts' to-dos: waiting passages and failed analyses, for curators only."""

import pytest

from regioagenda.accounts.models import Role
from regioagenda.core import permissions
from regioagenda.sources.models import Passage, PassageState
from regioagenda.sources.todos import todos
from tests.factories import AgendaFactory, MembershipFactory, UserFactory
from tests.matrix_factories import build_framework
from tests.todo_helpers import WAITING_PASSAGES, busy_agenda


def test_waiting_passages_of_an_uploaded_concept(sources_setup):
    team = sources_setup.team
    document = sources_setup.upload("konzept.md", sources_setup.sample)
    suggested = Passage.objects.filter(document=document, state=PassageState.SUGGESTED)
    waiting = suggested.filter(is_boilerplate=False, field__isnull=False).count()
    assert waiting > 0

    [todo] = todos(team.coordinator, [team.agenda])

    assert todo.count == waiting
    assert todo.url.endswith(f"/{document.pk}/")  # one document: straight to it


def test_a_passage_without_a_field_does_not_wait(sources_setup):
    team = sources_setup.team
    document = sources_setup.upload("konzept.md", sources_setup.sample)
    [before] = todos(team.coordinator, [team.agenda])
    first = document.passages.filter(field__isnull=False, is_boilerplate=False).first()
    Passage.objects.filter(pk=first.pk).update(field=None)

    [after] = todos(team.coordinator, [team.agenda])

    assert after.count == before.count - 1


def test_deciding_every_passage_ends_the_to_do(sources_setup):
    team = sources_setup.team
    document = sources_setup.upload("konzept.md", sources_setup.sample)
    document.passages.update(state=PassageState.ACCEPTED)

    assert todos(team.coordinator, [team.agenda]) == []


@pytest.mark.parametrize(
    ("name", "sees"),
    [
        ("coordinator", True),
        ("moderator", True),
        ("editor", True),
        ("expert", False),
        ("participant", False),
        ("outsider", False),
        ("programme_admin", True),
    ],
)
def test_only_who_may_manage_sources_sees_them(team, name, sees):
    busy_agenda(team.agenda, build_framework())
    user = getattr(team, name)

    found = todos(user, [team.agenda])

    assert bool(found) == sees == bool(permissions.can_manage_sources(user, team.agenda))
    if sees:
        assert [t.count for t in found if t.count] == [WAITING_PASSAGES]
        assert any(t.title.startswith("Auswertung fehlgeschlagen") for t in found)


def test_several_documents_link_to_the_list(team):
    version = build_framework()
    busy_agenda(team.agenda, version)
    busy_agenda(team.agenda, version)

    [waiting] = [t for t in todos(team.coordinator, [team.agenda]) if t.count]

    assert waiting.count == 2 * WAITING_PASSAGES
    assert waiting.url == f"/agenden/{team.agenda.slug}/konzepte/"


def test_one_query_whatever_the_number_of_agendas(db, django_assert_num_queries):
    version = build_framework()
    user = UserFactory()
    agendas = []
    for _ in range(5):
        agenda = AgendaFactory()
        MembershipFactory(user=user, agenda=agenda, role=Role.EDITOR)
        busy_agenda(agenda, version)
        agendas.append(agenda)

    with django_assert_num_queries(2):  # the user's roles, the documents
        found = todos(user, agendas)
    assert len(found) == 10
