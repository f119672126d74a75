"""The network page: privacy of people, filters, isolated groups, determinism, queries."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioagenda.actors.models import ActivityField, ActivityLink, OrganisationField, PersonField
from tests.actor_factories import (
    ActivityFactory,
    BodyFactory,
    BodyMemberFactory,
    ConsentFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.factories import AgendaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(actors_setup):
    """An organisation with a published person, a person without consent, an internal one
    with consent, a withdrawn consent, and an anonymised person, all in one steering group."""
    team = actors_setup
    org = OrganisationFactory(agenda=team.agenda, name="Hochschule Teamhausen", sector="science")
    steering = BodyFactory(agenda=team.agenda, name="Lenkungsgruppe")
    public = PersonFactory(
        agenda=team.agenda, name="Petra Öffentlich", organisation=org, visibility="public"
    )
    ConsentFactory(person=public)
    no_consent = PersonFactory(
        agenda=team.agenda, name="Nora Ohnezustimmung", organisation=org, visibility="public"
    )
    internal = PersonFactory(
        agenda=team.agenda, name="Ingo Intern", organisation=org, visibility="internal"
    )
    ConsentFactory(person=internal)
    withdrawn = PersonFactory(agenda=team.agenda, name="Wanda Widerruf", visibility="public")
    ConsentFactory(person=withdrawn, withdrawn_on=datetime.date.today())
    anonymised = PersonFactory(
        agenda=team.agenda, name="Alte Angabe", visibility="public", is_anonymised=True
    )
    ConsentFactory(person=anonymised)
    for person in (public, no_consent, internal, withdrawn, anonymised):
        BodyMemberFactory(body=steering, person=person)
    return team


HIDDEN = ("Nora Ohnezustimmung", "Ingo Intern", "Wanda Widerruf", "Alte Angabe")


def _page(client, agenda, **params):
    response = client.get(reverse("actors:network", args=[agenda.slug]), params)
    assert response.status_code == 200
    return response


def test_public_sees_only_published_people(people, client, login):
    team = people
    for viewer in (client, login(team.participant)):
        response = _page(viewer, team.agenda)
        text = response.content.decode()
        svg = response.context["svg"]
        assert "Petra Öffentlich" in svg and "Petra Öffentlich" in text
        for name in HIDDEN:
            assert name not in text, name
        assert "Anonymisierte Person" not in text
        # the anonymised person is not one of them: the public register's count
        assert "3 weitere Personen sind nicht dargestellt" in text
        labels = [row.node.label for row in response.context["node_page"]]
        assert sorted(
            label for label in labels if label not in {"Hochschule Teamhausen", "Lenkungsgruppe"}
        ) == ["Petra Öffentlich"]


def test_editor_sees_everyone_and_anonymised_as_such(people, login):
    team = people
    response = _page(login(team.editor), team.agenda)
    text = response.content.decode()
    for name in ("Petra Öffentlich", "Nora Ohnezustimmung", "Ingo Intern", "Wanda Widerruf"):
        assert name in response.context["svg"] and name in text
    assert "Alte Angabe" not in text
    assert "Anonymisierte Person" in text
    assert response.context["hidden_people"] == 0


def test_hidden_people_take_their_edges_with_them(people, client):
    team = people
    response = _page(client, team.agenda)
    # Petra: organisation and steering group; nobody else is connected to the body
    assert response.context["edge_count"] == 2
    edges = [
        (e["first"].node.label, e["label"], e["second"].node.label)
        for e in response.context["edge_page"]
    ]
    assert sorted(edges) == [
        ("Petra Öffentlich", "Mitglied in", "Lenkungsgruppe"),
        ("Petra Öffentlich", "arbeitet bei", "Hochschule Teamhausen"),
    ]


def test_activities_own_and_linked_with_partner_organisations(actors_setup, client):
    team = actors_setup
    stadtwerke = OrganisationFactory(agenda=team.agenda, name="Stadtwerke", sector="infrastructure")
    own = ActivityFactory(agenda=team.agenda, title="Smart Meter", responsible=stadtwerke)
    own.bodies.add(BodyFactory(agenda=team.agenda, name="AG Energie"))
    neighbour = AgendaFactory(title="Nachbarkreis", is_public=True)
    partner = OrganisationFactory(agenda=neighbour, name="Energieagentur Nachbar")
    linked = ActivityFactory(agenda=neighbour, title="Energienetzwerk", responsible=partner)
    ActivityLink.objects.create(agenda=team.agenda, activity=linked)
    hidden = AgendaFactory(is_public=False)
    secret_partner = OrganisationFactory(agenda=hidden, name="Geheime Partner GmbH")
    secret = ActivityFactory(agenda=hidden, title="Geheimprojekt", responsible=secret_partner)
    # published by its own agenda's staff (``link_activity`` sets the flag)
    ActivityLink.objects.create(agenda=team.agenda, activity=secret, published=True)
    unpublished = ActivityFactory(agenda=hidden, title="Unveröffentlichtes Projekt")
    ActivityLink.objects.create(agenda=team.agenda, activity=unpublished)
    response = _page(client, team.agenda)
    labels = {row.node.label: row for row in response.context["node_page"]}
    assert {"Smart Meter", "Energienetzwerk", "AG Energie", "Stadtwerke"} <= set(labels)
    assert labels["Energieagentur Nachbar"].type_label == "Organisation einer anderen Agenda"
    assert labels["Energieagentur Nachbar"].degree == 1  # responsible for the linked activity
    assert "Geheime Partner GmbH" not in response.content.decode()
    assert "Geheimprojekt" in labels  # the agenda linked it, so it is part of its landscape
    # a link its own (private) agenda did not publish is not shown to who cannot see that agenda
    assert "Unveröffentlichtes Projekt" not in labels


def test_filters_by_field_and_by_sector(actors_setup, client):
    team = actors_setup
    clinic = OrganisationFactory(agenda=team.agenda, name="Klinikum", sector="health_social")
    OrganisationField.objects.create(organisation=clinic, field_key="health")
    school = OrganisationFactory(agenda=team.agenda, name="Berufsschule", sector="education")
    lab = OrganisationFactory(agenda=team.agenda, name="Forschungslabor", sector="science")
    tele = ActivityFactory(agenda=team.agenda, title="Telemedizin", responsible=clinic)
    tele.organisations.add(lab)
    course = ActivityFactory(agenda=team.agenda, title="Programmierkurs", responsible=school)
    ActivityField.objects.create(activity=course, field_key="education")
    expert = PersonFactory(
        agenda=team.agenda, name="Erika Expertin", organisation=school, visibility="public"
    )
    ConsentFactory(person=expert)
    PersonField.objects.create(person=expert, field_key="health")

    def labels(**params):
        return sorted(
            row.node.label for row in _page(client, team.agenda, **params).context["node_page"]
        )

    assert labels(field="health") == ["Berufsschule", "Erika Expertin", "Klinikum", "Telemedizin"]
    assert labels(sector="science") == ["Forschungslabor", "Telemedizin"]
    assert labels(field="education", sector="education") == ["Berufsschule", "Programmierkurs"]
    response = _page(client, team.agenda, field="quatsch")
    assert "field" in response.context["form"].errors
    assert len(response.context["node_page"].object_list) == 6  # unfiltered


def test_isolated_groups_and_nodes_are_listed(actors_setup, client):
    team = actors_setup
    a = OrganisationFactory(agenda=team.agenda, name="Verbund A")
    b = OrganisationFactory(agenda=team.agenda, name="Verbund B")
    c = OrganisationFactory(agenda=team.agenda, name="Verbund C")
    big = ActivityFactory(agenda=team.agenda, title="Großes Vorhaben", responsible=a)
    big.organisations.add(b, c)
    island = OrganisationFactory(agenda=team.agenda, name="Inselverein")
    ActivityFactory(agenda=team.agenda, title="Inselfest", responsible=island)
    OrganisationFactory(agenda=team.agenda, name="Einzelgänger")
    response = _page(client, team.agenda)
    groups = response.context["isolated_groups"]
    assert [sorted(r.node.label for r in g["members"]) for g in groups] == [
        ["Inselfest", "Inselverein"]
    ]
    assert [r.node.label for r in response.context["isolated_nodes"]] == ["Einzelgänger"]
    assert response.context["largest_size"] == 4
    text = response.content.decode()
    assert "Isolierte Gruppe 2" in text and "Ohne Verbindung" in text


def test_two_renders_are_byte_identical(people, client):
    team = people
    first = _page(client, team.agenda).context["svg"]
    cache.clear()
    second = _page(client, team.agenda).context["svg"]
    assert first == second
    assert first.startswith("<svg") and 'role="img"' in first


def test_private_agenda_network_is_refused(actors_setup, login):
    team = actors_setup
    hidden = AgendaFactory(is_public=False)
    OrganisationFactory(agenda=hidden, name="Geheim e.V.")
    response = login(team.outsider).get(reverse("actors:network", args=[hidden.slug]))
    assert response.status_code == 403
    assert "Geheim e.V." not in response.content.decode()


def _fill(agenda, count, offset):
    """``count`` organisations, each with two people (one published), an activity with a
    field, partners and a body; memberships in a shared steering group."""
    steering = BodyFactory(agenda=agenda, name=f"Gremium {offset}")
    previous = None
    for number in range(count):
        org = OrganisationFactory(agenda=agenda, name=f"Org {offset + number}", sector="economy")
        OrganisationField.objects.create(organisation=org, field_key="work")
        shown = PersonFactory(agenda=agenda, organisation=org, visibility="public")
        ConsentFactory(person=shown)
        PersonField.objects.create(person=shown, field_key="work")
        hidden = PersonFactory(agenda=agenda, organisation=org)
        BodyMemberFactory(body=steering, person=shown)
        BodyMemberFactory(body=steering, person=hidden)
        activity = ActivityFactory(
            agenda=agenda, title=f"Vorhaben {offset + number}", responsible=org
        )
        ActivityField.objects.create(activity=activity, field_key="work")
        activity.bodies.add(steering)
        if previous is not None:
            activity.organisations.add(previous)
        previous = org


@pytest.mark.parametrize("viewer", ["anonymous", "editor"])
def test_fixed_number_of_queries_for_5_and_80_actors(actors_setup, client, login, viewer):
    team = actors_setup
    browser = client if viewer == "anonymous" else login(team.editor)
    url = reverse("actors:network", args=[team.agenda.slug])

    def count():
        cache.clear()  # measure the full build, not a cached drawing
        with CaptureQueriesContext(connection) as run:
            assert browser.get(url).status_code == 200
        return len(run)

    _fill(team.agenda, 2, 0)  # 2 organisations + 4 people ≈ 5 actors
    browser.get(url)
    small = count()
    _fill(team.agenda, 27, 100)  # 80+ actors in all
    large = count()
    assert small == large


def test_network_and_public_register_count_the_same_unshown_people(people, client):
    team = people
    network = _page(client, team.agenda)
    register = client.get(reverse("actors:public", args=[team.agenda.slug]))

    assert network.context["hidden_people"] == register.context["other_people"] == 3
    assert "3 weitere Personen wirken intern mit." in register.content.decode()


def test_graph_is_shared_per_visibility_class_and_never_leaks(actors_setup, page_cache_on):
    """With the page cache on, the graph and its tables are rendered once per data version and
    viewer class (internal register or not, which linked agendas they may see): a second viewer
    of the same class gets them without the graph's queries, a viewer who may see a private
    linked agenda gets its own, and it never reaches the others."""
    from django.test import Client

    from tests.conftest import get_counting_queries
    from tests.factories import MembershipFactory, UserFactory

    team = actors_setup
    OrganisationFactory(agenda=team.agenda, name="Stadtwerke")
    hidden = AgendaFactory(is_public=False)
    partner = OrganisationFactory(agenda=hidden, name="Geheime Partner GmbH")
    secret = ActivityFactory(agenda=hidden, title="Unveröffentlichtes Projekt", responsible=partner)
    ActivityLink.objects.create(agenda=team.agenda, activity=secret)
    insider = UserFactory(name="Ina Insider")
    MembershipFactory(user=insider, agenda=team.agenda, role="editor")
    MembershipFactory(user=insider, agenda=hidden)
    url = reverse("actors:network", args=[team.agenda.slug])

    def visit(user):
        return get_counting_queries(user, url)

    first, first_queries = visit(team.editor)
    assert "Stadtwerke" in first and "Unveröffentlichtes Projekt" not in first
    # the insider may see the private agenda: another class, its own graph
    inside, _queries = visit(insider)
    assert "Unveröffentlichtes Projekt" in inside and "Geheime Partner GmbH" in inside
    # the coordinator is in the editor's class: the shared graph, without its queries
    again, again_queries = visit(team.coordinator)
    assert "Stadtwerke" in again and "Unveröffentlichtes Projekt" not in again
    assert "Geheime Partner GmbH" not in again
    assert again_queries < first_queries
    anonymous = Client().get(url).content.decode()  # not internal: another class
    assert "Unveröffentlichtes Projekt" not in anonymous
