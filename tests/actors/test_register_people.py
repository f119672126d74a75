"""People of the register: create, edit, filters, duplicates and refused input."""

import pytest
from django.urls import reverse

from regioagenda.actors.models import Person, PersonField, Sector, Visibility
from regioagenda.actors.queries.register import normalise_name
from regioagenda.actors.services import register as services
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import ConsentFactory, OrganisationFactory, PersonFactory
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def _url(name, team, *args):
    return reverse(f"actors:{name}", args=[team.agenda.slug, *args])


@pytest.fixture
def org(actors_setup):
    return OrganisationFactory(
        agenda=actors_setup.agenda, name="Klinikum Teamhausen", sector=Sector.HEALTH_SOCIAL
    )


def _data(org=None, **overrides):
    data = {
        "name": "Dr. Anna Berg",
        "organisation": str(org.pk) if org else "",
        "sector": "",
        "function": "Chief Digital Officer",
        "email": "anna.berg@klinikum.example.de",
        "phone": "0911 123456",
        "region": "",
        "visibility": Visibility.INTERNAL,
        "fields": ["health"],
    }
    data.update(overrides)
    return data


def test_create_person_in_organisation(actors_setup, org, login):
    team = actors_setup
    client = login(team.editor)
    response = client.post(_url("person_create", team), _data(org, sector=Sector.ECONOMY))
    person = Person.objects.get(agenda=team.agenda)
    assert response.status_code == 302
    assert response.url == _url("person", team, person.pk)
    assert person.organisation == org
    assert person.sector == ""  # the organisation's sector counts
    assert person.effective_sector == Sector.HEALTH_SOCIAL
    assert list(person.field_links.values_list("field_key", flat=True)) == ["health"]
    event = AuditEvent.objects.get(action="actors.person_created")
    assert "Anna" not in event.detail  # the audit trail keeps no personal data
    page = client.get(_url("person", team, person.pk)).content.decode()
    assert "Dr. Anna Berg" in page and "Klinikum Teamhausen" in page


def test_create_citizen_needs_a_sector(actors_setup, login):
    team = actors_setup
    client = login(team.editor)
    response = client.post(_url("person_create", team), _data(None, sector=""))
    assert response.status_code == 400
    assert (
        "Bitte wählen Sie einen Bereich, wenn die Person für keine Organisation spricht."
        in response.content.decode()
    )
    assert not Person.objects.exists()
    client.post(_url("person_create", team), _data(None, sector=Sector.CITIZENS))
    assert Person.objects.get().effective_sector == Sector.CITIZENS


def test_edit_person(actors_setup, org, login):
    team = actors_setup
    person = PersonFactory(agenda=team.agenda, organisation=org, name="Anna Berg")
    PersonField.objects.create(person=person, field_key="health")
    region = RegionFactory(name="Stadt Berg", ags="09999555")
    client = login(team.coordinator)
    assert client.get(_url("person_edit", team, person.pk)).status_code == 200
    response = client.post(
        _url("person_edit", team, person.pk),
        _data(org, name="Anna Berg-Meier", fields=["mobility", "health"], region="09999555"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Anna Berg-Meier"
    assert person.region == region
    assert sorted(person.field_links.values_list("field_key", flat=True)) == ["health", "mobility"]
    assert AuditEvent.objects.filter(action="actors.person_updated").count() == 1


def test_keeping_own_email_on_edit_is_not_a_duplicate(actors_setup, org):
    team = actors_setup
    person = PersonFactory(agenda=team.agenda, organisation=org, email="a@example.org")
    services.update_person(
        actor=team.editor, person=person, name=person.name, organisation=org, email="A@example.org"
    )
    person.refresh_from_db()
    assert person.email == "A@example.org"


@pytest.mark.parametrize("email", ["anna@", "anna at example.org", "anna@example", "@x.de"])
def test_invalid_email(actors_setup, org, login, email):
    team = actors_setup
    response = login(team.editor).post(_url("person_create", team), _data(org, email=email))
    assert response.status_code == 400
    assert f"„{email}“ ist keine gültige E-Mail-Adresse." in response.content.decode()
    assert not Person.objects.exists()


def test_duplicate_email_names_and_links_the_existing_person(actors_setup, org, login):
    team = actors_setup
    existing = PersonFactory(agenda=team.agenda, name="Anna Berg", email="Anna.Berg@Example.org")
    response = login(team.editor).post(
        _url("person_create", team), _data(org, name="A. Berg", email="anna.berg@example.org")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Die E-Mail-Adresse anna.berg@example.org ist schon bei Anna Berg eingetragen." in html
    assert f'href="{_url("person", team, existing.pk)}"' in html
    assert Person.objects.count() == 1
    assert not AuditEvent.objects.filter(action__startswith="actors.").exists()


def test_same_email_in_another_agenda_is_fine(actors_setup, org):
    team = actors_setup
    PersonFactory(email="anna@example.org")  # another agenda
    services.create_person(
        actor=team.editor,
        agenda=team.agenda,
        name="Anna",
        organisation=org,
        email="anna@example.org",
    )
    assert Person.objects.filter(email="anna@example.org").count() == 2


def test_duplicate_name_in_the_same_organisation(actors_setup, org, login):
    team = actors_setup
    existing = PersonFactory(agenda=team.agenda, organisation=org, name="Jörg Meier", email="")
    client = login(team.editor)
    response = client.post(
        _url("person_create", team), _data(org, name="Prof. Dr. jorg  MEIER", email="")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Jörg Meier ist bei „Klinikum Teamhausen“ schon eingetragen." in html
    assert f'href="{_url("person", team, existing.pk)}"' in html
    assert Person.objects.count() == 1
    # The same name in another organisation, or without one, is someone else.
    other = OrganisationFactory(agenda=team.agenda, name="Stadtwerke")
    assert (
        client.post(
            _url("person_create", team), _data(other, name="Jörg Meier", email="")
        ).status_code
        == 302
    )
    assert (
        client.post(
            _url("person_create", team),
            _data(None, name="Jörg Meier", email="", sector=Sector.CITIZENS),
        ).status_code
        == 302
    )
    assert Person.objects.count() == 3


def test_normalise_name():
    assert normalise_name("Prof. Dr. Jörg  Meier") == normalise_name("jorg meier")
    assert normalise_name("Anna-Lena Berg") == "anna lena berg"
    assert normalise_name("Anna Berg") != normalise_name("Anna Bergmann")


def test_organisation_of_another_agenda_is_refused(actors_setup, login):
    team = actors_setup
    foreign = OrganisationFactory(name="Fremde GmbH")  # another agenda
    response = login(team.editor).post(_url("person_create", team), _data(foreign))
    assert response.status_code == 400
    assert "Diese Organisation gehört nicht zu dieser Agenda." in response.content.decode()
    assert not Person.objects.exists()
    # The service refuses it too, whoever calls it.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        services.create_person(
            actor=team.editor, agenda=team.agenda, name="X", organisation=foreign
        )
    assert "organisation" in info.value.error_dict
    assert not Person.objects.exists()


def test_unknown_field_key_is_refused(actors_setup, org, login):
    team = actors_setup
    response = login(team.editor).post(
        _url("person_create", team), _data(org, fields=["health", "teleportation"])
    )
    assert response.status_code == 400
    assert "Unbekanntes Handlungsfeld: teleportation." in response.content.decode()
    assert not Person.objects.exists()


def test_anonymised_person_cannot_be_edited(actors_setup, org, login):
    team = actors_setup
    person = PersonFactory(agenda=team.agenda, organisation=org)
    services.anonymise_person(actor=team.editor, person=person)
    client = login(team.editor)
    response = client.post(_url("person_edit", team, person.pk), _data(org, name="Zurück"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "" and person.is_anonymised


def test_people_list_filters(actors_setup, org, login):
    team = actors_setup
    uni = OrganisationFactory(agenda=team.agenda, name="Uni", sector=Sector.SCIENCE)
    anna = PersonFactory(agenda=team.agenda, organisation=org, name="Anna Klinik")
    PersonField.objects.create(person=anna, field_key="health")
    bert = PersonFactory(
        agenda=team.agenda, organisation=uni, name="Bert Uni", visibility=Visibility.PUBLIC
    )
    ConsentFactory(person=bert)
    cora = PersonFactory(agenda=team.agenda, name="Cora Bürgerin", sector=Sector.CITIZENS)
    ConsentFactory(person=cora, purpose="contact", withdrawn_on=cora.created.date())
    PersonFactory(agenda=team.agenda, name="", is_anonymised=True, sector=Sector.CITIZENS)
    client = login(team.editor)

    def names(**params):
        response = client.get(_url("people", team), params)
        assert response.status_code == 200
        return [row.person.display_name for row in response.context["rows"]]

    assert names() == ["Anna Klinik", "Bert Uni", "Cora Bürgerin", "Anonymisierte Person"]
    assert names(q="klinik") == ["Anna Klinik"]  # by organisation name
    assert names(sector=Sector.HEALTH_SOCIAL) == ["Anna Klinik"]  # the organisation's sector
    assert names(sector=Sector.CITIZENS) == ["Cora Bürgerin", "Anonymisierte Person"]
    assert names(field="health") == ["Anna Klinik"]
    assert names(organisation=str(uni.pk)) == ["Bert Uni"]
    assert names(visibility=Visibility.PUBLIC) == ["Bert Uni"]
    assert names(consent="publish") == ["Bert Uni"]
    assert names(consent="withdrawn") == ["Cora Bürgerin"]
    assert names(consent="none") == ["Anna Klinik", "Cora Bürgerin"]
    assert names(consent="anonymised") == ["Anonymisierte Person"]
    assert names(organisation="999999") == names()  # not a choice: reported, not applied
    html = client.get(_url("people", team)).content.decode()
    assert anna.email in html
    assert "Anonymisierte Person" in html  # the anonymised row stays listed, without a name


def test_public_without_consent_is_flagged(actors_setup, org, login):
    team = actors_setup
    person = PersonFactory(
        agenda=team.agenda, organisation=org, name="Dora Ohne", visibility=Visibility.PUBLIC
    )
    client = login(team.editor)
    assert "Einwilligung fehlt" in client.get(_url("people", team)).content.decode()
    page = client.get(_url("person", team, person.pk)).content.decode()
    assert "keine gültige Einwilligung zur Veröffentlichung" in page
    ConsentFactory(person=person)
    page = client.get(_url("person", team, person.pk)).content.decode()
    assert "keine gültige Einwilligung zur Veröffentlichung" not in page
    assert "wird öffentlich gezeigt" in page


def test_person_detail_shows_memberships_and_invitations(actors_setup, org, login):
    import datetime

    from regioagenda.actors.models import Invitation
    from tests.actor_factories import BodyFactory, BodyMemberFactory

    team = actors_setup
    person = PersonFactory(agenda=team.agenda, organisation=org)
    body = BodyFactory(agenda=team.agenda, name="Lenkungsgruppe Teamhausen")
    BodyMemberFactory(body=body, person=person, role="chair")
    Invitation.objects.create(
        agenda=team.agenda,
        body=body,
        person=person,
        email=person.email,
        role="participant",
        token_hash="x" * 64,
        expires=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    page = login(team.editor).get(_url("person", team, person.pk)).content.decode()
    assert "Lenkungsgruppe Teamhausen" in page
    assert "Vorsitz" in page
    assert "offen" in page
