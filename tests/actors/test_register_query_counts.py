"""The organisation list, the people list and the public page need a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioagenda.actors.models import OrganisationField, PersonField, Sector, Visibility
from regioagenda.core import permissions
from tests.actor_factories import ConsentFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

SECTORS = list(Sector.values)


def _populate(agenda, count, start):
    """``count`` organisations, each with a person (public and consented every second one)."""
    for n in range(start, start + count):
        organisation = OrganisationFactory(
            agenda=agenda, name=f"Organisation {n:03d}", sector=SECTORS[n % len(SECTORS)]
        )
        OrganisationField.objects.create(organisation=organisation, field_key="mobility")
        OrganisationField.objects.create(organisation=organisation, field_key="health")
        person = PersonFactory(
            agenda=agenda,
            organisation=organisation,
            name=f"Person {n:03d}",
            visibility=Visibility.PUBLIC if n % 2 else Visibility.INTERNAL,
        )
        PersonField.objects.create(person=person, field_key="energy")
        ConsentFactory(person=person)
        ConsentFactory(person=person, purpose="contact")


def _count(client, url, user):
    permissions.forget_roles(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("name", ["organisations", "people", "public"])
def test_fixed_queries_for_3_and_40_rows(actors_setup, login, name):
    team = actors_setup
    client = login(team.editor)
    url = reverse(f"actors:{name}", args=[team.agenda.slug])
    _populate(team.agenda, 3, 0)
    small, response = _count(client, url, team.editor)
    assert "Organisation 002" in response.content.decode()
    _populate(team.agenda, 37, 3)
    large, response = _count(client, url, team.editor)
    html = response.content.decode()
    assert "Organisation 039" in html
    if name == "people":
        assert "Person 039" in html
    elif name == "public":
        assert "Person 039" in html and "Person 038" not in html  # 38 is internal
    assert small == large, (name, small, large)
    assert large <= 16, large  # and not many either


def test_people_list_rows_carry_prefetched_fields_and_consents(actors_setup, login):
    """If the prefetch of fields or consents were dropped, each row would query again; this
    proves the rows use what the list query loaded."""
    team = actors_setup
    _populate(team.agenda, 5, 0)
    client = login(team.editor)
    response = client.get(reverse("actors:people", args=[team.agenda.slug]))
    rows = response.context["rows"]
    with CaptureQueriesContext(connection) as queries:
        for row in rows:
            list(row.person.field_links.all())
            list(row.person.consents.all())
            _ = row.person.organisation.name
    assert len(queries) == 0
    assert [key for key, _name in rows[0].fields] == ["energy"]
