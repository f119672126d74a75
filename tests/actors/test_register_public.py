"""The public list of actors: organisations by sector, and only people who may be shown."""

import datetime

import pytest
from django.urls import reverse

from regioagenda.actors.models import BodyMember, OrganisationField, Person, PersonField, Sector
from regioagenda.actors.models import Visibility as V
from regioagenda.actors.queries.register import (
    is_publicly_visible,
    publicly_visible_people,
    visible_people_filter,
)
from regioagenda.actors.services import register as services
from regioagenda.regions import services as region_services
from tests.actor_factories import (
    BodyFactory,
    BodyMemberFactory,
    ConsentFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(actors_setup):
    """One person for every case of the rule, and two organisations."""
    agenda = actors_setup.agenda
    uni = OrganisationFactory(
        agenda=agenda,
        name="Hochschule Teamhausen",
        sector=Sector.SCIENCE,
        website="https://hs.example.de",
    )
    OrganisationField.objects.create(organisation=uni, field_key="education")
    OrganisationFactory(agenda=agenda, name="Kreisbauernverband", sector=Sector.AGRICULTURE)
    shown = PersonFactory(
        agenda=agenda,
        organisation=uni,
        name="Sichtbar Sonja",
        function="Professorin",
        email="sonja@example.org",
        visibility=V.PUBLIC,
    )
    PersonField.objects.create(person=shown, field_key="health")
    ConsentFactory(person=shown)
    internal = PersonFactory(agenda=agenda, name="Intern Ingo", visibility=V.INTERNAL)
    ConsentFactory(person=internal)
    no_consent = PersonFactory(agenda=agenda, name="Ohne Olga", visibility=V.PUBLIC)
    ConsentFactory(person=no_consent, purpose="contact")  # another purpose does not count
    withdrawn = PersonFactory(agenda=agenda, name="Widerruf Walter", visibility=V.PUBLIC)
    ConsentFactory(
        person=withdrawn, given_on=datetime.date(2025, 1, 1), withdrawn_on=datetime.date(2025, 2, 1)
    )
    gone = PersonFactory(agenda=agenda, name="", visibility=V.PUBLIC, is_anonymised=True)
    ConsentFactory(person=gone)
    return {
        "shown": shown,
        "internal": internal,
        "no_consent": no_consent,
        "withdrawn": withdrawn,
        "gone": gone,
    }


def test_public_page_shows_only_consented_public_people(actors_setup, register, client):
    team = actors_setup
    response = client.get(reverse("actors:public", args=[team.agenda.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sichtbar Sonja" in html and "Professorin" in html
    assert "Gesundheit" in html  # her field
    for name in ("Intern Ingo", "Ohne Olga", "Widerruf Walter", "Anonymisierte Person"):
        assert name not in html
    assert "sonja@example.org" not in html  # contact data never
    assert "3 weitere Personen wirken intern mit." in html  # not the anonymised one
    # Organisations grouped by sector, with field and website.
    assert html.index("Wissenschaft &amp; Forschung") < html.index("Hochschule Teamhausen")
    assert "Landwirtschaft" in html and "Kreisbauernverband" in html
    assert 'href="https://hs.example.de"' in html
    assert [g.label for g in response.context["sector_groups"]] == [
        "Wissenschaft & Forschung",
        "Landwirtschaft",
    ]


def test_one_rule_in_python_and_sql(actors_setup, register):
    people = Person.objects.filter(agenda=actors_setup.agenda)
    assert list(publicly_visible_people(people)) == [register["shown"]]
    for person in people.prefetch_related("consents"):
        assert is_publicly_visible(person, list(person.consents.all())) == (
            person == register["shown"]
        )
        assert is_publicly_visible(person) == (person == register["shown"])


def test_two_active_consents_do_not_duplicate_rows(actors_setup, register):
    # Only possible through old data: the service refuses a second active one.
    ConsentFactory(person=register["shown"], source="zweite")
    assert publicly_visible_people(Person.objects.all()).count() == 1


def test_filter_through_a_relation_keeps_anonymised_members(actors_setup, register):
    team = actors_setup
    body = BodyFactory(agenda=team.agenda, name="Lenkungsgruppe")
    for person in register.values():
        BodyMemberFactory(body=body, person=person)
    services.anonymise_person(actor=team.editor, person=register["shown"])
    members = BodyMember.objects.filter(body=body).select_related("person")
    # Every membership is still there; the anonymised ones have no name.
    assert members.count() == 5
    anonymised = [m.person for m in members if m.person.is_anonymised]
    assert len(anonymised) == 2 and all(p.name == "" for p in anonymised)
    assert {str(p.display_name) for p in anonymised} == {"Anonymisierte Person"}
    # And nobody of them is public any more (Sonja was the only one).
    assert not members.filter(visible_people_filter("person__")).exists()


def test_withdrawal_removes_from_public_page(actors_setup, register, client):
    team = actors_setup
    consent = register["shown"].consents.get()
    services.withdraw_consent(actor=team.editor, consent=consent)
    html = client.get(reverse("actors:public", args=[team.agenda.slug])).content.decode()
    assert "Sichtbar Sonja" not in html
    assert "4 weitere Personen wirken intern mit." in html


def test_anonymise_then_public_page(actors_setup, register, client):
    team = actors_setup
    services.anonymise_person(actor=team.editor, person=register["shown"])
    html = client.get(reverse("actors:public", args=[team.agenda.slug])).content.decode()
    assert "Sichtbar Sonja" not in html and "Professorin" not in html
    assert "Anonymisierte Person" not in html
    assert "3 weitere Personen wirken intern mit." in html


def test_private_agenda_public_list_is_for_members_only(actors_setup, login, client):
    team = actors_setup
    private = region_services.create_agenda(
        actor=team.programme_admin,
        programme=team.programme,
        region=RegionFactory(name="Landkreis Geheim"),
        title="Digitale Agenda Geheim",
        slug="geheim",
        horizon_year=2030,
        is_public=False,
    )
    url = reverse("actors:public", args=[private.slug])
    assert client.get(url).status_code == 403
    assert login(team.outsider).get(url).status_code == 403
    assert login(team.programme_admin).get(url).status_code == 200
