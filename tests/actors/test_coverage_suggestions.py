"""Suggestions for a gap: people of other agendas of the programme who consented to the pool,
nearest region first, never with their address; "Einladen" invites them without showing it."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioagenda.accounts.models import Role
from regioagenda.actors.models import ConsentPurpose, Invitation, PersonField, Sector
from regioagenda.actors.queries.coverage import suggestions
from regioagenda.actors.queries.register import pool_people
from regioagenda.actors.services import invitations as services
from regioagenda.regions.models import RegionKind, RegionLevel
from tests.actor_factories import ConsentFactory, OrganisationFactory, PersonFactory
from tests.factories import AgendaFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _region(name, level, kind, parent=None, bezirk=None):
    return RegionFactory(name=name, level=level, kind=kind, ags="", parent=parent, bezirk=bezirk)


def _pool(agenda, name, fields=("health",), *, consent=True, **extra):
    extra.setdefault("email", f"{name.split()[0].lower()}@pool.example.org")
    person = PersonFactory(agenda=agenda, name=name, **extra)
    PersonField.objects.bulk_create(PersonField(person=person, field_key=key) for key in fields)
    if consent:
        ConsentFactory(person=person, purpose=ConsentPurpose.POOL)
    return person


@pytest.fixture
def pool(actors_setup):
    """Regions: Bezirk Oberland with the Kreise Teamhausen (the agenda's) and Nachbarkreis,
    a Gemeinde in each; Kreis Fernkreis in Bezirk Unterland. Pool people all over them."""
    team = actors_setup
    oberland = _region("Oberland", RegionLevel.BEZIRK, RegionKind.BEZIRK)
    unterland = _region("Unterland", RegionLevel.BEZIRK, RegionKind.BEZIRK)
    home = team.agenda.region
    home.parent = home.bezirk = oberland
    home.save()
    dorf = _region("Dorf", RegionLevel.GEMEINDE, RegionKind.GEMEINDE, home, oberland)
    nachbar = _region("Nachbarkreis", RegionLevel.KREIS, RegionKind.LANDKREIS, oberland, oberland)
    nachbardorf = _region("Nachbardorf", RegionLevel.GEMEINDE, RegionKind.MARKT, nachbar, oberland)
    fern = _region("Fernkreis", RegionLevel.KREIS, RegionKind.LANDKREIS, unterland, unterland)

    near_agenda = AgendaFactory(programme=team.programme, region=nachbar)
    far_agenda = AgendaFactory(programme=team.programme, region=fern)
    other_programme_agenda = AgendaFactory(programme=team.other_programme, region=home)
    clinic = OrganisationFactory(agenda=near_agenda, sector=Sector.HEALTH_SOCIAL, region=dorf)

    people = {
        "far": _pool(far_agenda, "Fanny Fern", sector=Sector.SCIENCE),
        "bezirk": _pool(near_agenda, "Bernd Bezirk", region=nachbardorf, sector=Sector.ECONOMY),
        "bezirk_science": _pool(near_agenda, "Zora Bezirk", sector=Sector.SCIENCE),  # agenda region
        "kreis": _pool(near_agenda, "Klara Klinik", organisation=clinic, function="Chefärztin"),
        "same": _pool(far_agenda, "Sam Selbe", ["health", "mobility"], region=home),
    }
    # Not suggested:
    _pool(near_agenda, "Ohne Einwilligung", consent=False, region=home)
    withdrawn = _pool(near_agenda, "Wilma Widerruf", region=home)
    withdrawn.consents.update(withdrawn_on=datetime.date.today())
    _pool(near_agenda, "Anna Anonym", region=home, is_anonymised=True)
    _pool(team.agenda, "Eigene Person", region=home)
    _pool(other_programme_agenda, "Otto Anderes-Programm", region=home)
    _pool(near_agenda, "Moritz Mobil", ["mobility"], region=home)
    _pool(near_agenda, "Nina Nomail", region=home, email="")
    already = _pool(near_agenda, "Doris Doppelt", region=home, email="doris@example.org")
    PersonFactory(agenda=team.agenda, email="DORIS@example.org")  # already in this register
    team.pool = people
    team.already = already
    return team


def test_pool_people_ranked_by_region(pool):
    result = suggestions(pool.agenda, "health")
    assert [p["name"] for p in result] == [
        "Sam Selbe",
        "Klara Klinik",
        "Bernd Bezirk",
        "Zora Bezirk",
        "Fanny Fern",
    ]
    assert [p["proximity"] for p in result] == [0, 1, 2, 2, 3]
    klara = result[1]
    assert klara["organisation"] == "Organisation " + klara["organisation"].split()[-1]
    assert klara["function"] == "Chefärztin" and klara["region"] == "Dorf"
    assert result[0]["fields"] == ["Gesundheit", "Mobilität"]
    assert "email" not in klara and all("@" not in str(value) for value in klara.values())


def test_matching_sector_first_within_the_same_distance(pool):
    result = suggestions(pool.agenda, "health", Sector.SCIENCE)
    assert [p["name"] for p in result][2:4] == ["Zora Bezirk", "Bernd Bezirk"]
    assert result[2]["sector_match"] and not result[3]["sector_match"]


def test_no_programme_no_pool(pool):
    agenda = pool.agenda
    agenda.programme = None
    agenda.save()
    assert pool_people(agenda).count() == 0


def test_page_shows_suggestions_without_addresses(pool, login):
    client = login(pool.coordinator)
    url = reverse("actors:coverage", args=["teamhausen"]) + "?field=health&sector=science"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Sam Selbe", "Klara Klinik", "Chefärztin", "Fanny Fern"):
        assert name in html
    assert "pool.example.org" not in html
    for name in (
        "Ohne Einwilligung",
        "Wilma Widerruf",
        "Anna Anonym",
        "Otto Anderes",
        "Nina Nomail",
        "Doris",
    ):
        assert name not in html
    assert html.count('name="person"') == 5  # one "Einladen" button per suggestion


def test_invite_a_suggestion(pool, login, django_capture_on_commit_callbacks):
    sam = pool.pool["same"]
    client = login(pool.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("actors:coverage_invite", args=["teamhausen"]),
            {"person": sam.pk, "field": "health", "sector": "science"},
            follow=True,
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Die Einladung ist verschickt" in html
    assert "sam@pool.example.org" not in html
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.person, invitation.body, invitation.role) == (
        "sam@pool.example.org",
        None,
        None,
        Role.EXPERT,
    )
    assert mail.outbox[0].to == ["sam@pool.example.org"]
    assert "Expertenpool" in mail.outbox[0].body
    # The suggestion now says "eingeladen" instead of offering a second invitation.
    assert re.search(r"Sam Selbe.*?eingeladen", html, re.S)
    # The list of invitations names the person but not the address.
    listing = client.get(reverse("actors:invitations", args=["teamhausen"])).content.decode()
    assert "Sam Selbe" in listing and "sam@pool.example.org" not in listing
    # A second click sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("actors:coverage_invite", args=["teamhausen"]),
            {"person": sam.pk, "field": "health"},
        )
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_accepting_a_pool_invitation_creates_a_person_here(
    pool, login, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    sam = pool.pool["same"]
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_from_pool(
            actor=pool.coordinator, agenda=pool.agenda, person_id=sam.pk, field_key="health"
        )
    token = re.search(r"/einladung/([A-Za-z0-9_-]+)/", mail.outbox[0].body).group(1)
    user = UserFactory(email="sam@pool.example.org", name="Sam Selbe")
    services.accept(actor=user, token=token)
    here = pool.agenda.people.get(user=user)
    assert here.pk != sam.pk and here.visibility == "internal"
    # The field the suggestion was made for becomes the new person's expertise here.
    assert list(here.field_links.values_list("field_key", flat=True)) == ["health"]
    sam.refresh_from_db()
    assert sam.user is None  # the person of the other agenda stays theirs


@pytest.mark.parametrize("who", ["not_in_pool", "other_programme", "garbage", "own", "already"])
def test_invite_refuses_people_outside_the_pool(pool, login, who):
    from regioagenda.actors.models import Person

    person_id = {
        "not_in_pool": lambda: Person.objects.get(name="Wilma Widerruf").pk,
        "other_programme": lambda: Person.objects.get(name="Otto Anderes-Programm").pk,
        "garbage": lambda: "abc",
        "own": lambda: Person.objects.get(name="Eigene Person").pk,
        "already": lambda: pool.already.pk,
    }[who]()
    client = login(pool.coordinator)
    response = client.post(
        reverse("actors:coverage_invite", args=["teamhausen"]),
        {"person": person_id, "field": "health"},
        follow=True,
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    assert not mail.outbox
    assert "kern-alert--danger" in response.content.decode()


@pytest.mark.parametrize("role", ["moderator", "editor", "participant", "outsider"])
def test_only_the_coordination_invites_from_the_pool(pool, login, role):
    client = login(getattr(pool, role))
    response = client.post(
        reverse("actors:coverage_invite", args=["teamhausen"]),
        {"person": pool.pool["same"].pk, "field": "health"},
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def _grow_pool(team, count):
    agenda = AgendaFactory(programme=team.programme)
    for i in range(count):
        organisation = OrganisationFactory(agenda=agenda) if i % 2 else None
        _pool(
            agenda,
            f"Pool{i} Person",
            ["health", "mobility"][: 1 + i % 2],
            organisation=organisation,
            email=f"pool{agenda.pk}-{i}@example.org",
        )


def test_suggestions_query_count_is_fixed(actors_setup, login):
    client = login(actors_setup.coordinator)
    url = reverse("actors:coverage", args=["teamhausen"]) + "?field=health&sector=economy"
    _grow_pool(actors_setup, 5)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow_pool(actors_setup, 60)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(response.context["suggestion"]["people"]) == 12
    assert len(large) == len(small)
    with CaptureQueriesContext(connection) as direct:
        suggestions(actors_setup.agenda, "health", names={"health": "Gesundheit"})
    assert len(direct) == 2
