"""Tenancy: rows of another agenda are never reached through this agenda's addresses."""

import datetime

import pytest
from django.urls import reverse

from regioagenda.actors.models import ConsentRecord, Organisation, Person
from regioagenda.regions import services as region_services
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import ConsentFactory, OrganisationFactory, PersonFactory
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(actors_setup):
    """Agenda B (private, same programme) with an organisation, a person and a consent."""
    team = actors_setup
    agenda_b = region_services.create_agenda(
        actor=team.programme_admin,
        programme=team.programme,
        region=RegionFactory(name="Landkreis Anderswo"),
        title="Digitale Agenda Anderswo",
        slug="anderswo",
        horizon_year=2030,
        is_public=False,
    )
    organisation = OrganisationFactory(agenda=agenda_b, name="Anderswo AG")
    person = PersonFactory(agenda=agenda_b, organisation=organisation, name="Bernd Anderswo")
    consent = ConsentFactory(person=person, given_on=datetime.date(2025, 1, 1))
    return agenda_b, organisation, person, consent


def test_pk_of_b_through_a_is_404(actors_setup, other, login):
    team = actors_setup
    _agenda_b, organisation, person, consent = other
    slug = team.agenda.slug
    client = login(team.coordinator)
    for name, pk in (
        ("organisation", organisation.pk),
        ("organisation_edit", organisation.pk),
        ("organisation_delete", organisation.pk),
        ("person", person.pk),
        ("person_edit", person.pk),
        ("person_anonymise", person.pk),
    ):
        response = client.get(reverse(f"actors:{name}", args=[slug, pk]))
        assert response.status_code == 404, name
    for name, data in (
        ("organisation_edit", {"name": "Übernommen", "sector": "economy"}),
        ("organisation_delete", {}),
        ("person_edit", {"name": "Übernommen", "sector": "economy", "visibility": "public"}),
        ("person_anonymise", {"confirm": "on"}),
        (
            "consent_create",
            {
                "consent-purpose": "publish",
                "consent-given_on": "2025-01-01",
                "consent-source": "x",
            },
        ),
    ):
        pk = organisation.pk if name.startswith("organisation") else person.pk
        response = client.post(reverse(f"actors:{name}", args=[slug, pk]), data)
        assert response.status_code == 404, name
    response = client.post(
        reverse("actors:consent_withdraw", args=[slug, person.pk, consent.pk]), {"on": "2025-02-01"}
    )
    assert response.status_code == 404
    organisation.refresh_from_db()
    person.refresh_from_db()
    consent.refresh_from_db()
    assert organisation.name == "Anderswo AG"
    assert person.name == "Bernd Anderswo" and not person.is_anonymised
    assert consent.withdrawn_on is None
    assert ConsentRecord.objects.count() == 1
    assert Organisation.objects.count() == 1 and Person.objects.count() == 1
    assert not AuditEvent.objects.filter(action__startswith="actors.").exists()


def test_consent_of_another_person_in_the_url_is_404(actors_setup, other, login):
    team = actors_setup
    _agenda_b, _organisation, _person, consent_b = other
    mine = PersonFactory(agenda=team.agenda)
    response = login(team.editor).post(
        reverse("actors:consent_withdraw", args=[team.agenda.slug, mine.pk, consent_b.pk]),
        {"on": "2025-02-01"},
    )
    assert response.status_code == 404
    consent_b.refresh_from_db()
    assert consent_b.withdrawn_on is None


def test_staff_of_a_cannot_open_b(actors_setup, other, login):
    team = actors_setup
    agenda_b, organisation, person, _consent = other
    client = login(team.editor)
    for url in (
        reverse("actors:public", args=[agenda_b.slug]),
        reverse("actors:organisations", args=[agenda_b.slug]),
        reverse("actors:organisation", args=[agenda_b.slug, organisation.pk]),
        reverse("actors:people", args=[agenda_b.slug]),
        reverse("actors:person", args=[agenda_b.slug, person.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Bernd Anderswo" not in response.content.decode()


def test_lists_of_a_do_not_show_b(actors_setup, other, login):
    team = actors_setup
    client = login(team.editor)
    for name in ("organisations", "people", "public"):
        html = client.get(reverse(f"actors:{name}", args=[team.agenda.slug])).content.decode()
        assert "Anderswo AG" not in html and "Bernd Anderswo" not in html
    # Nor does the organisation filter offer B's organisation.
    response = client.get(reverse("actors:person_create", args=[team.agenda.slug]))
    assert "Anderswo AG" not in response.content.decode()
