"""The query twins of the agenda predicates select exactly the agendas the predicates allow."""

import pytest
from django.contrib.auth.models import AnonymousUser

from regioagenda.core import permissions
from regioagenda.regions.models import Agenda
from tests.factories import AgendaFactory


@pytest.fixture
def agendas(team):
    private = AgendaFactory(programme=team.programme, is_public=False, slug="privat")
    elsewhere = AgendaFactory(programme=team.other_programme, is_public=False, slug="anderswo")
    return [team.agenda, private, elsewhere]


@pytest.mark.parametrize(
    ("twin", "predicate"),
    [
        (permissions.viewable_agendas_filter, permissions.can_view_agenda),
        (permissions.content_editable_agendas_filter, permissions.can_edit_content),
    ],
)
def test_filters_agree_with_their_predicates(team, agendas, twin, predicate):
    users = [u for u in vars(team).values() if hasattr(u, "is_authenticated")]
    for user in [*users, AnonymousUser()]:
        selected = set(Agenda.objects.filter(twin(user, "")).filter(pk__in=[a.pk for a in agendas]))
        allowed = {agenda for agenda in agendas if predicate(user, agenda)}
        assert selected == allowed, user


def test_the_open_round_status_is_the_matrix_one():
    from regioagenda.core.permissions.matrix import ROUND_OPEN
    from regioagenda.matrix.models import RoundStatus

    assert ROUND_OPEN == RoundStatus.OPEN


@pytest.mark.parametrize("status", ["draft", "open", "closed"])
def test_rating_invitations_filter_agrees_with_can_rate(team, rating_round, status):
    from regioagenda.matrix.models import RaterInvitation

    rating_round.status = status
    rating_round.save()
    users = [u for u in vars(team).values() if hasattr(u, "is_authenticated")]
    for user in [*users, AnonymousUser()]:
        selected = RaterInvitation.objects.filter(
            permissions.rating_invitations_filter(user), round=rating_round
        ).exists()
        assert selected == bool(permissions.can_rate(user, rating_round)), user
