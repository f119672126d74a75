"""The bodies pages: public view names only public people, staff see everyone with role and
period, former members are listed apart, and the list keeps a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioagenda.actors.models import BodyKind, BodyRole, ConsentPurpose, Visibility
from tests.actor_factories import (
    BodyFactory,
    BodyMemberFactory,
    ConsentFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _public_person(agenda, name, **extra):
    person = PersonFactory(agenda=agenda, name=name, visibility=Visibility.PUBLIC, **extra)
    ConsentFactory(person=person, purpose=ConsentPurpose.PUBLISH)
    return person


@pytest.fixture
def steering(actors_setup):
    team = actors_setup
    agenda = team.agenda
    body = BodyFactory(
        agenda=agenda,
        kind=BodyKind.STEERING,
        name="Lenkungsgruppe Teamhausen",
        description="Steuert den Prozess.",
    )
    shown = _public_person(agenda, "Petra Öffentlich", function="Landrätin")
    internal = PersonFactory(agenda=agenda, name="Ingo Intern")  # visibility internal
    no_consent = PersonFactory(agenda=agenda, name="Nora Ohne-Einwilligung", visibility="public")
    withdrawn = _public_person(agenda, "Wilma Widerrufen")
    withdrawn.consents.update(withdrawn_on=TODAY)
    anonymised = _public_person(agenda, "Anna Anonym", is_anonymised=True)
    former = _public_person(agenda, "Fritz Früher")
    BodyMemberFactory(body=body, person=shown, role=BodyRole.CHAIR, start=TODAY)
    for person in (internal, no_consent, withdrawn, anonymised):
        BodyMemberFactory(body=body, person=person)
    BodyMemberFactory(
        body=body,
        person=former,
        start=TODAY - datetime.timedelta(days=400),
        end=TODAY - datetime.timedelta(days=30),
    )
    return body


def test_public_list_names_only_public_people(steering, client):
    response = client.get(reverse("actors:bodies", args=["teamhausen"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lenkungsgruppe Teamhausen" in html
    assert "Petra Öffentlich" in html
    for hidden in ("Ingo Intern", "Nora Ohne-Einwilligung", "Wilma Widerrufen", "Anna Anonym"):
        assert hidden not in html
    assert "4 weitere Personen" in html
    assert "Fritz Früher" not in html  # former members are not current members


def test_public_body_page(steering, client):
    response = client.get(reverse("actors:body", args=["teamhausen", steering.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Petra Öffentlich" in html and "Landrätin" in html
    assert "Ingo Intern" not in html and "Anna Anonym" not in html
    assert "4 weitere Personen" in html
    assert "Ehemalige Mitglieder" in html and "Fritz Früher" in html
    assert "Mitglied aufnehmen" not in html and "Per E-Mail einladen" not in html


def test_coordinator_sees_all_with_role_and_period(steering, login, actors_setup):
    client = login(actors_setup.coordinator)
    response = client.get(reverse("actors:body", args=["teamhausen", steering.pk]))
    html = response.content.decode()
    for name in ("Petra Öffentlich", "Ingo Intern", "Nora Ohne-Einwilligung", "Wilma Widerrufen"):
        assert name in html
    assert "Anonymisierte Person" in html and "Anna Anonym" not in html
    assert "Vorsitz" in html
    assert f"seit {TODAY:%d.%m.%Y}" in html
    assert "Ehemalige Mitglieder" in html and "Fritz Früher" in html
    assert "Mitglied aufnehmen" in html and "Per E-Mail einladen" in html
    # The former member is listed apart, not in the table of current members.
    current_table = html.split('id="ehemalige"')[0]
    assert "Fritz Früher" not in current_table


def test_editor_sees_members_but_cannot_manage(steering, login, actors_setup):
    client = login(actors_setup.editor)
    html = client.get(reverse("actors:body", args=["teamhausen", steering.pk])).content.decode()
    assert "Ingo Intern" in html
    assert "Mitglied aufnehmen" not in html


def test_working_group_shows_its_field(actors_setup, client):
    BodyFactory(
        agenda=actors_setup.agenda,
        kind=BodyKind.WORKING_GROUP,
        field_key="mobility",
        name="AG Mobilität",
    )
    html = client.get(reverse("actors:bodies", args=["teamhausen"])).content.decode()
    assert "AG Mobilität" in html and "Arbeitsgruppe" in html and "Mobilität" in html


def test_private_agenda_bodies_are_refused_to_outsiders(actors_setup, login):
    agenda = actors_setup.agenda
    agenda.is_public = False
    agenda.save()
    body = BodyFactory(agenda=agenda, name="Geheime Runde")
    client = login(actors_setup.outsider)
    for url in (
        reverse("actors:bodies", args=[agenda.slug]),
        reverse("actors:body", args=[agenda.slug, body.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "Geheime Runde" not in response.content.decode()


def _fill(agenda, members, bodies=None):
    """Add ``members`` current members (half of them public) and one former member to each of
    ``bodies`` (three new bodies when None); returns the bodies."""
    organisation = OrganisationFactory(agenda=agenda)
    if bodies is None:
        bodies = [
            BodyFactory(agenda=agenda, kind=kind)
            for kind in (BodyKind.STEERING, BodyKind.EXPERT_FORUM, BodyKind.SPONSORS)
        ]
    for body in bodies:
        for i in range(members):
            person = (
                _public_person(agenda, f"Öffentlich {body.pk} {i}", organisation=organisation)
                if i % 2
                else PersonFactory(agenda=agenda, organisation=organisation)
            )
            BodyMemberFactory(body=body, person=person, start=TODAY)
        BodyMemberFactory(
            body=body,
            person=PersonFactory(agenda=agenda),
            start=TODAY - datetime.timedelta(days=10),
            end=TODAY - datetime.timedelta(days=1),
        )
    return bodies


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_query_count_is_fixed(actors_setup, client, login, who):
    agenda = actors_setup.agenda
    if who == "coordinator":
        client = login(actors_setup.coordinator)
    bodies = _fill(agenda, 2)
    urls = [
        reverse("actors:bodies", args=[agenda.slug]),
        reverse("actors:body", args=[agenda.slug, bodies[0].pk]),
    ]
    small = [_count(client, url) for url in urls]
    _fill(agenda, 20, bodies)  # more members in the same bodies
    _fill(agenda, 5)  # and more bodies
    large = [_count(client, url) for url in urls]
    assert small == large


def test_bodies_are_listed_steering_group_first(actors_setup, client):
    from regioagenda.actors.models import BodyKind
    from regioagenda.actors.queries.bodies import bodies_overview
    from tests.actor_factories import BodyFactory

    agenda = actors_setup.agenda
    BodyFactory(
        agenda=agenda, kind=BodyKind.WORKING_GROUP, name="AG Mobilität", field_key="mobility"
    )
    BodyFactory(agenda=agenda, kind=BodyKind.SPONSORS, name="Projektträger")
    BodyFactory(agenda=agenda, kind=BodyKind.EXPERT_FORUM, name="Expertenforum")
    BodyFactory(agenda=agenda, kind=BodyKind.STEERING, name="Lenkungsgruppe")
    kinds = [body.kind for body in bodies_overview(agenda, internal=True)]
    assert kinds == ["steering", "expert_forum", "working_group", "sponsors"]
