"""Shell pages cost a fixed number of queries, however many agendas, members or regions exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regioagenda.accounts.models import Role
from tests.factories import AgendaFactory, MembershipFactory, RegionFactory


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_landing_does_not_grow_with_agendas(client):
    AgendaFactory.create_batch(2)
    few = count_queries(client, "/")
    AgendaFactory.create_batch(15)
    assert count_queries(client, "/") == few


@pytest.mark.django_db
def test_agenda_home_does_not_grow_with_members(client, no_staff_mfa):
    coordinator = MembershipFactory(role=Role.COORDINATOR)
    agenda = coordinator.agenda
    client.force_login(coordinator.user)
    url = agenda.get_absolute_url()
    few = count_queries(client, url)
    for role in Role.values * 5:
        MembershipFactory(agenda=agenda, role=role)
    assert count_queries(client, url) == few


@pytest.mark.django_db
def test_dashboard_does_not_grow_with_memberships(client):
    # The same role before and after: a role asks its parts for to-dos (the expert the forum).
    membership = MembershipFactory(role=Role.EXPERT)
    client.force_login(membership.user)
    few = count_queries(client, "/mein-bereich/")
    for _ in range(10):
        MembershipFactory(user=membership.user, role=Role.EXPERT)
    assert count_queries(client, "/mein-bereich/") == few


@pytest.mark.django_db
def test_region_search_does_not_grow_with_hits(client):
    # Each hit shows its parent: a query per row would show here.
    parents = RegionFactory.create_batch(2)
    for parent in parents:
        RegionFactory(name="Gemeinde Suchbar", parent=parent)
    few = count_queries(client, "/regionen/?q=Suchbar")
    for _ in range(15):
        RegionFactory(name="Gemeinde Suchbar", parent=RegionFactory())
    assert count_queries(client, "/regionen/?q=Suchbar") == few
