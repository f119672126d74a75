"""Organisations of the register: list, filters, create, edit, delete, and refused input."""

import pytest
from django.urls import reverse

from regioagenda.actors.models import Organisation, OrganisationField, Person, Sector
from regioagenda.actors.services import register as services
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import ActivityFactory, OrganisationFactory, PersonFactory
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def _url(name, team, *args):
    return reverse(f"actors:{name}", args=[team.agenda.slug, *args])


def _post_data(**overrides):
    data = {
        "name": "Stadtwerke Teamhausen",
        "sector": Sector.INFRASTRUCTURE,
        "region": "",
        "website": "https://stadtwerke.example.de",
        "description": "Strom, Wasser, Glasfaser.",
        "fields": ["energy", "it_infrastructure"],
    }
    data.update(overrides)
    return data


def test_create_organisation_with_fields_and_region(actors_setup, login):
    team = actors_setup
    region = RegionFactory(name="Markt Teamhausen", ags="09999123")
    client = login(team.editor)
    response = client.post(_url("organisation_create", team), _post_data(region="09999123"))
    organisation = Organisation.objects.get(agenda=team.agenda, name="Stadtwerke Teamhausen")
    assert response.status_code == 302
    assert response.url == _url("organisation", team, organisation.pk)
    assert organisation.region == region
    assert organisation.sector == Sector.INFRASTRUCTURE
    assert sorted(organisation.field_links.values_list("field_key", flat=True)) == [
        "energy",
        "it_infrastructure",
    ]
    event = AuditEvent.objects.get(action="actors.organisation_created")
    assert event.agenda == team.agenda and event.actor == team.editor

    page = client.get(_url("organisation", team, organisation.pk)).content.decode()
    assert "Stadtwerke Teamhausen" in page
    assert "Markt Teamhausen" in page
    assert "https://stadtwerke.example.de" in page


def test_region_by_name_and_unknown_region(actors_setup, login):
    team = actors_setup
    RegionFactory(name="Markt Irgendwo", ags="09999001")
    client = login(team.editor)
    client.post(_url("organisation_create", team), _post_data(region="markt irgendwo"))
    assert Organisation.objects.get(name="Stadtwerke Teamhausen").region.ags == "09999001"

    response = client.post(
        _url("organisation_create", team), _post_data(name="Neu", region="Nirgendwo")
    )
    assert response.status_code == 400
    assert "Es gibt keine Region namens „Nirgendwo“" in response.content.decode()
    assert not Organisation.objects.filter(name="Neu").exists()


def test_edit_organisation_replaces_fields(actors_setup, login):
    team = actors_setup
    region = RegionFactory(name="Gemeinde Alt", ags="09999777")
    organisation = OrganisationFactory(agenda=team.agenda, name="Alt", region=region)
    OrganisationField.objects.create(organisation=organisation, field_key="health")
    client = login(team.coordinator)
    page = client.get(_url("organisation_edit", team, organisation.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="health" checked' in html
    assert 'value="mobility" checked' not in html
    assert 'value="09999777"' in html  # the region shows as its key
    response = client.post(
        _url("organisation_edit", team, organisation.pk),
        _post_data(name="Neu", fields=["mobility"]),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Neu"
    assert list(organisation.field_links.values_list("field_key", flat=True)) == ["mobility"]
    assert AuditEvent.objects.filter(action="actors.organisation_updated").count() == 1


def test_delete_organisation_keeps_people_with_its_sector(actors_setup, login):
    team = actors_setup
    organisation = OrganisationFactory(agenda=team.agenda, sector=Sector.SCIENCE)
    person = PersonFactory(agenda=team.agenda, organisation=organisation)
    activity = ActivityFactory(agenda=team.agenda, responsible=organisation)
    client = login(team.editor)
    confirm = client.get(_url("organisation_delete", team, organisation.pk))
    assert confirm.status_code == 200
    assert "1 Person bleibt im Verzeichnis" in confirm.content.decode()
    response = client.post(_url("organisation_delete", team, organisation.pk))
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    person.refresh_from_db()
    activity.refresh_from_db()
    assert person.organisation is None and person.sector == Sector.SCIENCE
    assert activity.responsible is None
    assert AuditEvent.objects.filter(action="actors.organisation_deleted").exists()


def test_duplicate_name_is_refused_case_insensitively(actors_setup, login):
    team = actors_setup
    OrganisationFactory(agenda=team.agenda, name="Hochschule Teamhausen")
    client = login(team.editor)
    response = client.post(
        _url("organisation_create", team), _post_data(name="hochschule  teamhausen")
    )
    assert response.status_code == 400
    assert (
        "Die Organisation „Hochschule Teamhausen“ gibt es in dieser Agenda schon."
        in response.content.decode()
    )
    assert Organisation.objects.filter(agenda=team.agenda).count() == 1
    assert not AuditEvent.objects.filter(action__startswith="actors.").exists()


def test_same_name_in_another_agenda_is_fine(actors_setup):
    team = actors_setup
    OrganisationFactory(name="Hochschule Teamhausen")  # another agenda
    services.create_organisation(
        actor=team.editor, agenda=team.agenda, name="Hochschule Teamhausen", sector=Sector.SCIENCE
    )
    assert Organisation.objects.filter(name="Hochschule Teamhausen").count() == 2


def test_unknown_field_key_is_refused_by_name(actors_setup, login):
    team = actors_setup
    client = login(team.editor)
    response = client.post(
        _url("organisation_create", team), _post_data(fields=["mobility", "quantum"])
    )
    assert response.status_code == 400
    assert "Unbekanntes Handlungsfeld: quantum." in response.content.decode()
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "  "}, "Bitte geben Sie den Namen der Organisation an."),
        ({"website": "stadtwerke"}, "„stadtwerke“ ist keine gültige Webadresse"),
        ({"website": "javascript:alert(1)"}, "„javascript:alert(1)“ ist keine gültige Webadresse"),
        ({"sector": "space"}, "Bitte wählen Sie einen der angebotenen Bereiche."),
    ],
)
def test_bad_input_changes_nothing(actors_setup, login, overrides, message):
    team = actors_setup
    client = login(team.editor)
    response = client.post(_url("organisation_create", team), _post_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Organisation.objects.exists()


def test_service_refuses_without_permission(actors_setup):
    from django.core.exceptions import PermissionDenied

    team = actors_setup
    with pytest.raises(PermissionDenied):
        services.create_organisation(
            actor=team.participant, agenda=team.agenda, name="X", sector=Sector.ECONOMY
        )
    assert not Organisation.objects.exists()


def test_list_filters_and_counts(actors_setup, login):
    team = actors_setup
    region = RegionFactory(name="Stadt Filterhausen")
    science = OrganisationFactory(agenda=team.agenda, name="Uni Teamhausen", sector=Sector.SCIENCE)
    OrganisationField.objects.create(organisation=science, field_key="health")
    economy = OrganisationFactory(
        agenda=team.agenda, name="IHK Teamhausen", sector=Sector.ECONOMY, region=region
    )
    PersonFactory.create_batch(2, agenda=team.agenda, organisation=science)
    PersonFactory(agenda=team.agenda, organisation=science, is_anonymised=True, name="")
    client = login(team.moderator)

    page = client.get(_url("organisations", team)).content.decode()
    assert "Uni Teamhausen" in page and "IHK Teamhausen" in page
    assert "2 Organisationen" in page

    def names(**params):
        response = client.get(_url("organisations", team), params)
        assert response.status_code == 200
        return [o.name for o in response.context["organisations"]]

    assert names(q="uni") == ["Uni Teamhausen"]
    assert names(sector=Sector.ECONOMY) == ["IHK Teamhausen"]
    assert names(field="health") == ["Uni Teamhausen"]
    assert names(region=str(region.pk)) == ["IHK Teamhausen"]
    rows = {o.name: o for o in client.get(_url("organisations", team)).context["organisations"]}
    assert rows["Uni Teamhausen"].people_count == 2  # the anonymised person does not count
    assert rows["IHK Teamhausen"].people_count == 0
    assert rows["IHK Teamhausen"].pk == economy.pk

    # A filter value that does not exist is reported, not applied, never a 500.
    response = client.get(_url("organisations", team), {"sector": "space"})
    assert response.status_code == 200
    assert len(response.context["organisations"]) == 2


def test_list_partial_for_htmx(actors_setup, login):
    team = actors_setup
    OrganisationFactory(agenda=team.agenda, name="Uni Teamhausen")
    client = login(team.editor)
    response = client.get(_url("organisations", team), {"q": "uni"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Uni Teamhausen" in body
    assert "<html" not in body


def test_detail_lists_people_and_activities(actors_setup, login):
    team = actors_setup
    organisation = OrganisationFactory(agenda=team.agenda, name="Landratsamt")
    PersonFactory(agenda=team.agenda, organisation=organisation, name="Erika Amt")
    PersonFactory(agenda=team.agenda, organisation=organisation, name="", is_anonymised=True)
    ActivityFactory(agenda=team.agenda, title="Smarte Ampeln", responsible=organisation)
    joined = ActivityFactory(agenda=team.agenda, title="Breitbandnetzwerk")
    joined.organisations.add(organisation)
    merged = ActivityFactory(agenda=team.agenda, title="Doppelte Ampeln", merged_into=joined)
    merged.organisations.add(organisation)
    page = login(team.editor).get(_url("organisation", team, organisation.pk)).content.decode()
    assert "Erika Amt" in page
    assert "Anonymisierte Person" in page
    assert "Smarte Ampeln" in page and "Breitbandnetzwerk" in page
    assert "Doppelte Ampeln" not in page
    assert Person.objects.filter(organisation=organisation).count() == 2
