"""The last coordinator of an agenda cannot be removed, also when two removals run at once:
``remove_member`` locks the agenda row before it counts the coordinators.

Two threads on PostgreSQL would show the race itself; here the rule is tested, and that the
lock is taken before the count (the SQL in order; ``FOR UPDATE`` where the database has it)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regioagenda.accounts.models import Membership, Role
from regioagenda.regions import services
from regioagenda.regions.models import Agenda

pytestmark = pytest.mark.django_db


def test_two_coordinators_one_may_go_the_last_stays(team):
    second = services.add_member(
        actor=team.coordinator, agenda=team.agenda, email=team.outsider.email, role="coordinator"
    )
    services.remove_member(actor=team.programme_admin, membership=second)
    last = Membership.objects.get(agenda=team.agenda, role=Role.COORDINATOR)
    with pytest.raises(ValidationError, match="letzte Koordinatorin"):
        services.remove_member(actor=team.programme_admin, membership=last)
    assert Membership.objects.filter(pk=last.pk).exists()


def test_the_agenda_row_is_locked_before_the_coordinators_are_counted(team):
    second = services.add_member(
        actor=team.coordinator, agenda=team.agenda, email=team.outsider.email, role="coordinator"
    )
    agenda_table = Agenda._meta.db_table
    with CaptureQueriesContext(connection) as captured:
        services.remove_member(actor=team.programme_admin, membership=second)
    sql = [q["sql"] for q in captured.captured_queries]
    count = next(i for i, s in enumerate(sql) if "COUNT(" in s and "membership" in s.lower())
    lock = sql[count - 1]  # right before the count: the agenda row, locked
    assert lock.startswith("SELECT") and f'FROM "{agenda_table}"' in lock
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in lock


def test_removing_someone_else_takes_no_lock(team):
    membership = team.participant.memberships.get()
    with CaptureQueriesContext(connection) as captured:
        services.remove_member(actor=team.coordinator, membership=membership)
    assert not any("COUNT(" in q["sql"] for q in captured.captured_queries)
