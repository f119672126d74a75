"""The coverage grid: who covers which field from which sector, the gaps in words (fields
nobody covers first), an accessible table, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from regioagenda.actors.models import OrganisationField, PersonField, Sector
from regioagenda.actors.queries.coverage import coverage_grid
from tests.actor_factories import OrganisationFactory, PersonFactory
from tests.factories import AgendaFactory

pytestmark = pytest.mark.django_db


def _person(agenda, fields, **extra):
    person = PersonFactory(agenda=agenda, **extra)
    PersonField.objects.bulk_create(PersonField(person=person, field_key=key) for key in fields)
    return person


def _organisation(agenda, sector, fields, **extra):
    organisation = OrganisationFactory(agenda=agenda, sector=sector, **extra)
    OrganisationField.objects.bulk_create(
        OrganisationField(organisation=organisation, field_key=key) for key in fields
    )
    return organisation


@pytest.fixture
def actors(actors_setup):
    agenda = actors_setup.agenda
    uni = _organisation(agenda, Sector.SCIENCE, ["health"], name="Hochschule Teamhausen")
    # Counts for the organisation's sector, not the own one.
    _person(agenda, ["health"], organisation=uni, sector=Sector.ECONOMY)
    _person(agenda, ["health", "mobility"], sector=Sector.EDUCATION)
    _person(agenda, ["health"], sector=Sector.EDUCATION, is_anonymised=True)
    _person(agenda, ["mobility"])  # no organisation, no sector: not in the grid
    _person(AgendaFactory(programme=actors_setup.programme), ["energy"], sector=Sector.SCIENCE)
    _organisation(AgendaFactory(), Sector.ECONOMY, ["energy"])
    return actors_setup


def _cell(grid, sector, field):
    row = next(r for r in grid["rows"] if r["key"] == sector)
    return next(c for c in row["cells"] if c["field_key"] == field)


def test_counts(actors):
    grid = coverage_grid(actors.agenda)
    assert len(grid["rows"]) == 10 and len(grid["fields"]) == 16
    assert all(len(row["cells"]) == 16 for row in grid["rows"])
    science_health = _cell(grid, Sector.SCIENCE, "health")
    assert (science_health["people"], science_health["organisations"]) == (1, 1)
    education_health = _cell(grid, Sector.EDUCATION, "health")
    assert (education_health["people"], education_health["organisations"]) == (1, 0)
    assert _cell(grid, Sector.EDUCATION, "mobility")["people"] == 1
    assert _cell(grid, Sector.ECONOMY, "health")["empty"]
    assert _cell(grid, Sector.SCIENCE, "energy")["empty"]  # other agendas do not count
    assert grid["without_sector"] == 1
    assert grid["empty_cells"] == 160 - 3


def test_gaps_list_uncovered_fields_first(actors):
    gaps = coverage_grid(actors.agenda)["gaps"]
    uncovered = [gap["field_key"] for gap in gaps if gap["uncovered"]]
    assert len(uncovered) == 14 and "health" not in uncovered and "mobility" not in uncovered
    assert [gap["uncovered"] for gap in gaps] == [True] * 14 + [False] * 2
    health = next(gap for gap in gaps if gap["field_key"] == "health")
    sentences = [cell["sentence"] for cell in health["cells"]]
    assert "Niemand aus Wirtschaft für Gesundheit" in sentences
    assert "Niemand aus Wissenschaft & Forschung für Gesundheit" not in sentences
    assert len(sentences) == 8


def test_page_is_an_accessible_table(actors, login):
    client = login(actors.coordinator)
    response = client.get(reverse("actors:coverage", args=["teamhausen"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html
    assert html.count('scope="col"') >= 17 and html.count('scope="row"') >= 10
    # Empty cells: a symbol and a text for screen readers, not only a colour.
    assert "∅" in html
    assert "Niemand aus Wissenschaft &amp; Forschung für Mobilität" in html
    assert "1&nbsp;P · 1&nbsp;O" in html
    assert "Niemand aus irgendeinem Bereich für Energie" in html
    assert "1 Person ohne Organisation und ohne Bereich wird nicht gezählt" in html
    # Links to the people list, filtered by sector and field, once that list exists.
    try:
        people_url = reverse("actors:people", args=["teamhausen"])
    except NoReverseMatch:
        return
    assert f"{people_url}?sector=science&amp;field=health" in html


@pytest.mark.parametrize("role", ["participant", "expert", "outsider"])
def test_only_staff_see_the_grid(actors, login, role):
    response = login(getattr(actors, role)).get(reverse("actors:coverage", args=["teamhausen"]))
    assert response.status_code == 403


def test_anonymous_is_refused(actors, client):
    assert client.get(reverse("actors:coverage", args=["teamhausen"])).status_code == 403


def test_editor_sees_the_grid_without_invite_buttons(actors, login):
    response = login(actors.editor).get(
        reverse("actors:coverage", args=["teamhausen"]) + "?field=health"
    )
    assert response.status_code == 200
    assert not response.context["can_invite"]


def test_unknown_field_in_the_address(actors, login):
    client = login(actors.coordinator)
    url = reverse("actors:coverage", args=["teamhausen"])
    response = client.get(url + "?field=space")
    assert response.status_code == 400
    assert "kein Handlungsfeld" in response.content.decode()
    response = client.get(url + "?field=health&sector=aliens")
    assert response.status_code == 400
    assert "kein Bereich" in response.content.decode()


def _fill(agenda, count):
    sectors = Sector.values
    fields = ["health", "mobility", "energy", "education"]
    organisations = [
        _organisation(agenda, sectors[i % 10], fields[: 1 + i % 4]) for i in range(count // 5)
    ]
    for i in range(count):
        _person(
            agenda,
            fields[i % 4 :],
            organisation=organisations[i % len(organisations)] if i % 2 else None,
            sector=sectors[(i * 3) % 10],
            is_anonymised=i % 7 == 0,
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_is_fixed(actors_setup, login):
    client = login(actors_setup.coordinator)
    url = reverse("actors:coverage", args=["teamhausen"])
    _fill(actors_setup.agenda, 5)
    small = _count(client, url)
    _fill(actors_setup.agenda, 55)
    assert _count(client, url) == small
