"""The import pages: upload, preview, choose, confirm; permissions, tenancy, stale previews,
and a preview whose number of queries does not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioagenda.actors.imports_format import ORGANISATIONS, PEOPLE
from regioagenda.actors.models import Organisation, Person
from regioagenda.actors.services import imports as services
from regioagenda.core import permissions
from regioagenda.core.models import StagedImport
from regioagenda.regions import services as region_services
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import OrganisationFactory, PersonFactory
from tests.actors.test_import_helpers import (
    ORG_HEADER,
    PEOPLE_HEADER,
    csv_bytes,
    org_row,
    person_row,
    upload,
)
from tests.factories import MembershipFactory, RegionFactory


def url(agenda, name="actors:import"):
    return reverse(name, args=[agenda.slug])


def post_file(client, agenda, what, data, name="akteure.csv"):
    return client.post(url(agenda), {"action": "preview", "what": what, "file": upload(name, data)})


def token_of(response):
    return response.context["token"]


def test_page_offers_upload_and_templates(login, actors_setup):
    team = actors_setup
    response = login(team.editor).get(url(team.agenda))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Datei prüfen" in page
    assert (
        reverse("actors:import_template", args=[team.agenda.slug]) + "?what=people&amp;format=xlsx"
        in page
    )


def test_preview_then_confirm(login, actors_setup):
    team = actors_setup
    client = login(team.coordinator)
    rows = [
        org_row("Hochschule Teamhausen", "Wissenschaft & Forschung"),
        org_row("IHK", "Wirtschaft"),
    ]

    response = post_file(client, team.agenda, ORGANISATIONS, csv_bytes(rows, ORG_HEADER))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Die Datei ist in Ordnung – noch ist nichts gespeichert" in page
    assert (
        "Organisationen: 2 neu, 0 als Duplikat erkannt (Entscheidung je Zeile unten), 0 anonymisierte übersprungen."
        in page
    )
    assert 'value="confirm"' in page
    assert not Organisation.objects.exists()

    done = client.post(
        url(team.agenda), {"action": "confirm", "token": token_of(response)}, follow=True
    )

    assert "Organisationen: 2 neu, 0 zusammengeführt, 0 übersprungen" in done.content.decode()
    assert Organisation.objects.count() == 2
    assert AuditEvent.objects.filter(action="actors.register_imported").count() == 1
    # The preview is used up: confirming again imports nothing twice.
    again = client.post(url(team.agenda), {"action": "confirm", "token": token_of(response)})
    assert again.status_code == 400
    assert "Es liegt keine geprüfte Datei vor" in again.content.decode()
    assert Organisation.objects.count() == 2


def test_duplicate_choices_on_the_page(login, actors_setup):
    team = actors_setup
    anna = PersonFactory(
        agenda=team.agenda, name="Anna Müller", sector="education", email="a@x.de", phone=""
    )
    client = login(team.coordinator)
    rows = [
        person_row("Dr. Anna Mueller", sector="Bildung", phone="0800 1"),
        person_row("Neu", sector="Bildung"),
    ]

    response = post_file(client, team.agenda, PEOPLE, csv_bytes(rows, PEOPLE_HEADER))

    page = response.content.decode()
    assert "mögliches Duplikat" in page
    assert "ähnlicher Name, 100 % Übereinstimmung" in page
    assert "Telefon wird ergänzt: 0800 1" in page
    assert 'name="decision-p2" id="decision-p2-skip" value="skip" checked' in page
    assert 'value="create"' in page

    client.post(
        url(team.agenda),
        {"action": "confirm", "token": token_of(response), "decision-p2": "merge"},
    )
    anna.refresh_from_db()
    assert anna.phone == "0800 1"
    assert Person.objects.count() == 2


def test_refused_choice_shows_the_preview_again_and_keeps_it(login, actors_setup):
    team = actors_setup
    PersonFactory(agenda=team.agenda, name="Anna Müller", sector="education", email="a@x.de")
    client = login(team.coordinator)
    rows = [person_row("Annette", sector="Bildung", email="A@X.DE")]
    response = post_file(client, team.agenda, PEOPLE, csv_bytes(rows, PEOPLE_HEADER))
    token = token_of(response)

    refused = client.post(
        url(team.agenda), {"action": "confirm", "token": token, "decision-p2": "create"}
    )

    page = refused.content.decode()
    assert refused.status_code == 400
    assert "„trotzdem neu anlegen“ ist nicht möglich" in page
    assert 'value="confirm"' in page
    assert Person.objects.count() == 1
    ok = client.post(url(team.agenda), {"action": "confirm", "token": token, "decision-p2": "skip"})
    assert ok.status_code == 302


def test_preview_with_errors_offers_no_confirmation(login, actors_setup):
    team = actors_setup
    client = login(team.coordinator)
    rows = [
        person_row("Anna", sector="Bildung"),
        person_row("Bea", sector="Bildung", email="kaputt"),
    ]

    response = post_file(client, team.agenda, PEOPLE, csv_bytes(rows, PEOPLE_HEADER))

    page = response.content.decode()
    assert "1 Fehler – es wird nichts importiert" in page
    assert "Zeile 3, Spalte „E-Mail“: „kaputt“ ist keine gültige E-Mail-Adresse" in page
    assert 'value="confirm"' not in page
    assert client.post(url(team.agenda), {"action": "confirm"}).status_code == 400
    assert not Person.objects.exists()


def test_bad_file_is_reported_at_the_upload_field(login, actors_setup):
    team = actors_setup
    client = login(team.coordinator)
    response = post_file(client, team.agenda, ORGANISATIONS, b"\xd0\xcf\x11\xe0", "alt.xls")
    assert response.status_code == 400
    assert "Das alte Excel-Format .xls wird nicht unterstützt." in response.content.decode()
    missing = client.post(url(team.agenda), {"action": "preview", "what": "people"})
    assert "Bitte wählen Sie eine Datei aus." in missing.content.decode()
    wrong_what = post_file(client, team.agenda, "activities", b"x")
    assert wrong_what.status_code == 400


def test_cancel_forgets_the_preview(login, actors_setup):
    team = actors_setup
    client = login(team.coordinator)
    response = post_file(client, team.agenda, ORGANISATIONS, csv_bytes([org_row("A")], ORG_HEADER))
    client.post(url(team.agenda), {"action": "cancel"})
    after = client.post(url(team.agenda), {"action": "confirm", "token": token_of(response)})
    assert "Es liegt keine geprüfte Datei vor" in after.content.decode()
    assert not Organisation.objects.exists()


def test_an_older_preview_cannot_be_confirmed(login, actors_setup):
    team = actors_setup
    client = login(team.coordinator)
    first = post_file(client, team.agenda, ORGANISATIONS, csv_bytes([org_row("Erste")], ORG_HEADER))
    post_file(client, team.agenda, ORGANISATIONS, csv_bytes([org_row("Zweite")], ORG_HEADER))

    stale = client.post(url(team.agenda), {"action": "confirm", "token": token_of(first)})

    page = stale.content.decode()
    assert stale.status_code == 400
    assert "Diese Vorschau ist nicht mehr aktuell" in page
    assert "Zweite" in page  # the current preview is shown instead
    assert not Organisation.objects.exists()


def test_expired_preview(login, actors_setup):
    team = actors_setup
    client = login(team.coordinator)
    response = post_file(client, team.agenda, ORGANISATIONS, csv_bytes([org_row("A")], ORG_HEADER))
    StagedImport.objects.update(
        created=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=3)
    )

    expired = client.post(url(team.agenda), {"action": "confirm", "token": token_of(response)})

    assert "Die Vorschau ist abgelaufen (älter als 2 Stunden)" in expired.content.decode()
    assert not Organisation.objects.exists()


def test_register_changed_since_the_preview(login, actors_setup):
    team = actors_setup
    client = login(team.coordinator)
    rows = [person_row("Anna Beispiel", sector="Bildung", email="anna@example.org")]
    response = post_file(client, team.agenda, PEOPLE, csv_bytes(rows, PEOPLE_HEADER))
    PersonFactory(agenda=team.agenda, name="Anna B.", email="ANNA@example.org")

    changed = client.post(url(team.agenda), {"action": "confirm", "token": token_of(response)})

    page = changed.content.decode()
    assert changed.status_code == 409
    assert "Seit der Vorschau hat sich das Verzeichnis geändert" in page
    assert "gleiche E-Mail-Adresse" in page
    assert Person.objects.count() == 1
    # The new preview can be confirmed as shown: the default skips the duplicate.
    client.post(url(team.agenda), {"action": "confirm", "token": changed.context["token"]})
    assert Person.objects.count() == 1


# Permissions and tenancy ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["participant", "expert", "outsider"])
def test_who_cannot_manage_actors_gets_403(login, actors_setup, role):
    team = actors_setup
    client = login(getattr(team, role))
    data = csv_bytes([org_row("A")], ORG_HEADER)
    assert client.get(url(team.agenda)).status_code == 403
    assert post_file(client, team.agenda, ORGANISATIONS, data).status_code == 403
    template = client.get(
        url(team.agenda, "actors:import_template"), {"what": "people", "format": "csv"}
    )
    assert template.status_code == 403
    assert not Organisation.objects.exists()


def test_anonymous_is_sent_to_the_login(client, actors_setup):
    response = client.get(url(actors_setup.agenda))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_participant_cannot_confirm_a_stolen_preview(actors_setup):
    team = actors_setup
    plan = services.preview_import(
        actor=team.coordinator,
        agenda=team.agenda,
        what=ORGANISATIONS,
        file=csv_bytes([org_row("A")], ORG_HEADER),
        filename="a.csv",
    )
    pending = services.stage_import(actor=team.coordinator, agenda=team.agenda, plan=plan)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.confirm_import(
            actor=team.participant, agenda=team.agenda, token=pending, decisions={}
        )
    assert not Organisation.objects.exists()


@pytest.fixture
def other_agenda(actors_setup):
    """A second agenda where the team's coordinator coordinates too."""
    team = actors_setup
    agenda = region_services.create_agenda(
        actor=team.programme_admin,
        programme=team.programme,
        region=RegionFactory(name="Landkreis Anderswo"),
        title="Digitale Agenda Anderswo",
        slug="anderswo",
        horizon_year=datetime.date.today().year + 4,
        is_public=True,
    )
    MembershipFactory(user=team.coordinator, agenda=agenda, role="coordinator")
    permissions.forget_roles(team.coordinator)
    return agenda


def test_preview_of_one_agenda_cannot_be_confirmed_in_another(login, actors_setup, other_agenda):
    team = actors_setup
    client = login(team.coordinator)
    response = post_file(client, team.agenda, ORGANISATIONS, csv_bytes([org_row("A")], ORG_HEADER))

    foreign = client.post(url(other_agenda), {"action": "confirm", "token": token_of(response)})

    assert foreign.status_code == 400
    assert "Diese Vorschau gehört zu einer anderen Agenda" in foreign.content.decode()
    assert not Organisation.objects.exists()
    # Nor by handing the staged record of one agenda to the service of the other.
    pending = token_of(response)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.confirm_import(
            actor=team.coordinator, agenda=other_agenda, token=pending, decisions={}
        )
    assert exc.value.messages == [
        "Diese Vorschau gehört zu einer anderen Agenda; hier wurde nichts importiert."
    ]
    assert not Organisation.objects.exists()


def test_another_users_preview_is_refused(actors_setup):
    from django.core.exceptions import ValidationError

    team = actors_setup
    plan = services.preview_import(
        actor=team.coordinator,
        agenda=team.agenda,
        what=ORGANISATIONS,
        file=csv_bytes([org_row("A")], ORG_HEADER),
        filename="a.csv",
    )
    pending = services.stage_import(actor=team.coordinator, agenda=team.agenda, plan=plan)
    with pytest.raises(ValidationError, match="andere Person"):
        services.confirm_import(actor=team.editor, agenda=team.agenda, token=pending, decisions={})


def test_people_of_another_agenda_are_no_duplicates_and_their_organisations_unknown(
    actors_setup, other_agenda
):
    team = actors_setup
    elsewhere = OrganisationFactory(agenda=other_agenda, name="Fremde GmbH")
    PersonFactory(agenda=other_agenda, organisation=elsewhere, name="Anna", email="anna@x.de")
    rows = [
        person_row("Anna", sector="Bildung", email="anna@x.de"),
        person_row("Bert", organisation="Fremde GmbH"),
    ]
    plan = services.preview_import(
        actor=team.coordinator,
        agenda=team.agenda,
        what=PEOPLE,
        file=csv_bytes(rows, PEOPLE_HEADER),
        filename="a.csv",
    )
    assert plan.rows[0].status == "new"
    assert plan.rows[1].errors[0][0] == "organisation"


# Queries -----------------------------------------------------------------------------------------


def _preview_queries(client, agenda, rows):
    data = csv_bytes(rows, PEOPLE_HEADER)
    with CaptureQueriesContext(connection) as queries:
        response = post_file(client, agenda, PEOPLE, data)
    assert response.status_code == 200
    return len(queries)


def test_preview_queries_do_not_grow_with_the_rows(login, actors_setup):
    """Proven: the whole preview request (session, roles, checks, duplicates against the
    register, rendering) takes the same number of queries for 2 and for 60 rows, with the
    register holding 2 or 40 people with fields and consents."""
    team = actors_setup
    RegionFactory(name="Gemeinde A", ags="09188111")
    client = login(team.coordinator)
    organisations = [
        OrganisationFactory(agenda=team.agenda, name=f"Organisation {n}") for n in range(3)
    ]

    def register(count):
        for n in range(count):
            person = PersonFactory(
                agenda=team.agenda, name=f"Registerperson {n}", organisation=organisations[n % 3]
            )
            person.field_links.create(field_key="health")
            person.consents.create(
                purpose="publish", given_on=datetime.date(2025, 1, 1), source="x"
            )

    def rows(count):
        return [
            person_row(
                f"Importperson {n}",
                organisation=f"Organisation {n % 3}",
                email=f"p{n}@example.org" if n % 2 else f"registerperson{n}@x.de",
                region="09188111",
                fields="mobility; Gesundheit",
                consent_publish_on="01.01.2025",
                consent_publish_source="Formular",
            )
            for n in range(count)
        ] + [
            person_row(f"Registerperson {n}", organisation="Organisation 0")
            for n in range(count // 2)
        ]

    register(2)
    small = _preview_queries(client, team.agenda, rows(2))
    register_more = 40
    for n in range(2, register_more):
        person = PersonFactory(
            agenda=team.agenda, name=f"Weitere Person {n}", organisation=organisations[0]
        )
        person.field_links.create(field_key="energy")
    large = _preview_queries(client, team.agenda, rows(40))
    assert small == large


def test_service_preview_uses_a_fixed_number_of_queries(django_assert_num_queries, actors_setup):
    """The check itself: fields, regions, organisations (+ their fields), people (+ fields,
    + active consents) — seven queries for any number of rows."""
    team = actors_setup
    RegionFactory(name="Gemeinde A", ags="09188111")
    organisation = OrganisationFactory(agenda=team.agenda, name="Verein")
    for n in range(5):
        PersonFactory(agenda=team.agenda, name=f"P {n}", organisation=organisation)
    rows = [
        person_row(f"Person {n}", organisation="Verein", region="09188111", fields="health")
        for n in range(50)
    ]
    data = csv_bytes(rows, PEOPLE_HEADER)
    # Roles of the coordinator are cached by the first call.
    services.preview_import(
        actor=team.coordinator, agenda=team.agenda, what=PEOPLE, file=data, filename="a.csv"
    )
    with django_assert_num_queries(7):
        services.preview_import(
            actor=team.coordinator, agenda=team.agenda, what=PEOPLE, file=data, filename="a.csv"
        )


def test_switching_the_page_language_does_not_invalidate_the_preview(actors_setup):
    from django.utils import translation

    team = actors_setup
    PersonFactory(agenda=team.agenda, name="Anna Müller", sector="education", email="", phone="")
    rows = [person_row("Anna Mueller", sector="Bildung", phone="1", visibility="öffentlich")]
    data = csv_bytes(rows, PEOPLE_HEADER)
    plan = services.preview_import(
        actor=team.coordinator, agenda=team.agenda, what=PEOPLE, file=data, filename="a.csv"
    )
    pending = services.stage_import(actor=team.coordinator, agenda=team.agenda, plan=plan)
    with translation.override("en"):
        outcome = services.confirm_import(
            actor=team.coordinator, agenda=team.agenda, token=pending, decisions={"p2": "merge"}
        )
    assert outcome.counts[PEOPLE]["merged"] == 1
