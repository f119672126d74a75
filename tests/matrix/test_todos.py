"""The matrix's to-dos: raters, coordination, consensus; bounded queries."""

import datetime

import pytest

from regioagenda.accounts.models import Role
from regioagenda.core import permissions
from regioagenda.core.registry import Todo
from regioagenda.matrix.models import AssessmentRound
from regioagenda.matrix.queries.todos import todos
from regioagenda.matrix.services import rounds
from tests.factories import AgendaFactory, MembershipFactory, UserFactory
from tests.matrix_factories import build_framework
from tests.todo_helpers import busy_agenda

PEOPLE = ["coordinator", "moderator", "editor", "expert", "participant", "outsider", "superuser"]


def titles(user, agendas):
    return [todo.title for todo in todos(user, agendas)]


@pytest.mark.parametrize("status", ["draft", "open", "closed"])
def test_rating_to_dos_agree_with_can_rate(team, rating_round, status):
    rating_round.status = status
    rating_round.save()

    for name in PEOPLE:
        user = getattr(team, name)
        permissions.forget_roles(user)
        rates = any(t.title.startswith("Bewerten") for t in todos(user, [team.agenda]))
        assert rates == bool(permissions.can_rate(user, rating_round)), name


def test_rating_to_do_counts_the_fields_still_to_rate(team, rating_round):
    field = next(iter(rating_round.fields_by_key.values()))
    rounds.save_rating(actor=team.expert, assessment_round=rating_round, field=field, skipped=True)
    rating_round.closes_on = datetime.date(2030, 3, 31)
    rating_round.save()

    [todo] = todos(team.expert, [team.agenda])

    assert todo.count == 15
    assert todo.detail.startswith("1 von 16 Handlungsfeldern bewertet.")
    assert "31.03.2030" in todo.detail
    assert todo.priority < 20  # the most urgent thing on the page


def test_a_subset_round_counts_its_own_fields(team, rating_round):
    second = rounds.start_follow_up_round(
        actor=team.coordinator,
        assessment_round=rating_round,
        fields=list(rating_round.fields_by_key.values())[:3],
    )

    details = {t.title: t.detail for t in todos(team.expert, [team.agenda])}

    assert details[f"Bewerten: „{second.title}“"].startswith("0 von 3 ")


def test_an_open_round_where_everyone_finished_asks_to_be_closed(team, rating_round):
    rating_round.invitations.update(submitted=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))

    [todo] = [t for t in todos(team.coordinator, [team.agenda]) if "Bewertungsrunde" in t.title]

    assert todo.title == "Bewertungsrunde abschließen: „Erstbewertung 2025“"
    assert todo.kind == Todo.ACTION


def test_an_overdue_round_asks_to_be_closed(team, rating_round):
    rating_round.closes_on = datetime.date(2020, 1, 1)
    rating_round.save()

    found = titles(team.coordinator, [team.agenda])

    assert "Bewertungsrunde abschließen: „Erstbewertung 2025“" in found


def test_a_complete_consensus_leaves_no_to_do(team, assessed):
    assert not any("Konsens" in t for t in titles(team.coordinator, [team.agenda]))


def test_the_programme_office_sees_the_coordination_to_dos(team, rating_round):
    found = titles(team.programme_admin, [team.agenda])

    assert "Bewertungsrunde läuft: „Erstbewertung 2025“" in found


def test_anonymous_and_no_agendas_give_nothing(team, rating_round):
    from django.contrib.auth.models import AnonymousUser

    assert todos(AnonymousUser(), [team.agenda]) == []
    assert todos(team.expert, []) == []


def test_queries_do_not_grow_with_agendas(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    version = build_framework()
    user = UserFactory()
    agendas = []

    def add():
        agenda = AgendaFactory(is_public=True)
        MembershipFactory(user=user, agenda=agenda, role=Role.COORDINATOR)
        busy_agenda(agenda, version, raters=[user])
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
    assert len(found_five) == 5 * len(found_one)
    assert AssessmentRound.objects.count() == 15
