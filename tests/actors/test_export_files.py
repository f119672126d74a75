"""Exporting actors as CSV/XLSX, the import template, and the round trip into another agenda."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from regioagenda.actors.imports_format import ORGANISATIONS, PEOPLE, headers
from regioagenda.actors.models import ConsentRecord, Organisation, Person
from regioagenda.actors.services import imports as services
from regioagenda.actors.services import register as register_services
from regioagenda.core import permissions
from regioagenda.regions import services as region_services
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import ConsentFactory, OrganisationFactory, PersonFactory
from tests.actors.test_import_helpers import ORG_HEADER, PEOPLE_HEADER, run_import
from tests.factories import MembershipFactory, RegionFactory


def export_url(agenda, **params):
    return reverse("actors:export", args=[agenda.slug]), params


def download(client, agenda, what, fmt):
    response = client.get(
        reverse("actors:export", args=[agenda.slug]), {"what": what, "format": fmt}
    )
    assert response.status_code == 200, response.content[:500]
    assert "attachment" in response["Content-Disposition"]
    return response


def csv_lines(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return text[1:].split("\r\n")


@pytest.fixture
def register(actors_setup):
    """An organisation with region and fields, a person with consents, an anonymised person."""
    team = actors_setup
    region = RegionFactory(name="Markt Beispielhausen", ags="09188139")
    school = OrganisationFactory(
        agenda=team.agenda,
        name="Hochschule Teamhausen",
        sector="science",
        region=region,
        website="https://hs.example",
        description="Forschung und Lehre",
    )
    school.field_links.create(field_key="mobility")
    school.field_links.create(field_key="health")
    anna = PersonFactory(
        agenda=team.agenda,
        organisation=school,
        name="Anna Beispiel",
        function="Professorin",
        email="anna@hs.example",
        phone="+49 8031 1",
        region=region,
        visibility="public",
    )
    anna.field_links.create(field_key="mobility")
    ConsentFactory(
        person=anna, purpose="publish", given_on=datetime.date(2025, 3, 12), source="Formular"
    )
    ConsentFactory(
        person=anna,
        purpose="pool",
        given_on=datetime.date(2024, 1, 1),
        source="alt",
        withdrawn_on=datetime.date(2024, 6, 1),
    )
    bernd = PersonFactory(
        agenda=team.agenda, name="Bernd Bürger", sector="citizens", email="b@x.de"
    )
    register_services.anonymise_person(actor=team.coordinator, person=bernd)
    return team


def test_csv_export_of_people(login, register):
    team = register
    response = download(login(team.editor), team.agenda, PEOPLE, "csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = csv_lines(response)
    assert lines[0] == ";".join(PEOPLE_HEADER)
    assert lines[1] == (
        "Anna Beispiel;Hochschule Teamhausen;;Professorin;anna@hs.example;'+49 8031 1;09188139;"
        "öffentlich;mobility;;;12.03.2025;Formular;;"
    )
    assert lines[2] == "Anonymisierte Person" + ";" * (len(PEOPLE_HEADER) - 1)
    assert "Bernd" not in response.content.decode()
    event = AuditEvent.objects.get(action="actors.register_exported")
    assert event.detail == "Personen exportiert (CSV): 2 Zeilen."
    assert event.actor == team.editor


def test_csv_export_of_organisations(login, register):
    team = register
    lines = csv_lines(download(login(team.coordinator), team.agenda, ORGANISATIONS, "csv"))
    assert lines[0] == ";".join(ORG_HEADER)
    assert lines[1] == (
        "Hochschule Teamhausen;Wissenschaft & Forschung;09188139;https://hs.example;"
        'Forschung und Lehre;"health; mobility"'
    )


def test_xlsx_export_of_people_has_bold_header_dates_and_the_organisations(login, register):
    team = register
    response = download(login(team.coordinator), team.agenda, PEOPLE, "xlsx")
    assert response["Content-Type"] == services.CONTENT_TYPES["xlsx"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Personen", "Organisationen"]
    sheet = workbook["Personen"]
    assert [cell.value for cell in sheet[1]] == PEOPLE_HEADER
    assert all(cell.font.bold for cell in sheet[1])
    anna = [cell.value for cell in sheet[2]]
    assert anna[:3] == ["Anna Beispiel", "Hochschule Teamhausen", None]
    assert anna[6] == "09188139"  # text: the leading zero stays
    assert anna[PEOPLE_HEADER.index("Einwilligung Veröffentlichung am")] == datetime.datetime(
        2025, 3, 12
    )
    assert [cell.value for cell in workbook["Organisationen"][1]] == ORG_HEADER
    assert workbook["Organisationen"].max_row == 2


def test_formula_injection_is_defused_in_csv_and_xlsx(login, actors_setup):
    team = actors_setup
    OrganisationFactory(
        agenda=team.agenda,
        name='=HYPERLINK("http://evil.example","Klick")',
        sector="economy",
        description="@SUM(1+1)",
    )
    PersonFactory(agenda=team.agenda, name="+Plus", function="-2+3", sector="citizens", email="")
    client = login(team.coordinator)

    lines = csv_lines(download(client, team.agenda, ORGANISATIONS, "csv"))
    assert lines[1].startswith('"\'=HYPERLINK(""http://evil.example"",""Klick"")";')
    assert ";'@SUM(1+1);" in lines[1]
    workbook = openpyxl.load_workbook(
        io.BytesIO(download(client, team.agenda, PEOPLE, "xlsx").content)
    )
    people, organisations = workbook["Personen"], workbook["Organisationen"]
    assert people["A2"].value == "'+Plus"
    assert people["D2"].value == "'-2+3"
    assert organisations["A2"].value.startswith("'=HYPERLINK")
    assert all(cell.data_type != "f" for row in organisations.iter_rows() for cell in row)
    assert all(cell.data_type != "f" for row in people.iter_rows() for cell in row)


def test_export_page_and_bad_parameters(login, actors_setup):
    team = actors_setup
    client = login(team.editor)
    page = client.get(reverse("actors:export", args=[team.agenda.slug]))
    assert page.status_code == 200
    assert "personenbezogene Daten" in page.content.decode()
    bad = client.get(
        reverse("actors:export", args=[team.agenda.slug]), {"what": "activities", "format": "pdf"}
    )
    assert bad.status_code == 400
    content = bad.content.decode()
    assert "Exportieren lassen sich nur Organisationen oder Personen." in content
    assert "Das Format gibt es nicht" in content
    assert not AuditEvent.objects.filter(action="actors.register_exported").exists()


@pytest.mark.parametrize("role", ["participant", "expert", "outsider"])
def test_who_cannot_view_the_register_cannot_export(login, register, role):
    team = register
    client = login(getattr(team, role))
    response = client.get(
        reverse("actors:export", args=[team.agenda.slug]), {"what": "people", "format": "csv"}
    )
    assert response.status_code == 403
    assert "Anna" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="actors.register_exported").exists()


def test_export_queries_do_not_grow_with_the_rows(login, actors_setup):
    team = actors_setup
    client = login(team.coordinator)

    def add(count, start):
        for n in range(start, start + count):
            organisation = OrganisationFactory(agenda=team.agenda, name=f"Organisation {n}")
            organisation.field_links.create(field_key="health")
            person = PersonFactory(
                agenda=team.agenda, organisation=organisation, name=f"Person {n}"
            )
            person.field_links.create(field_key="energy")
            ConsentFactory(person=person, purpose="contact")

    def count():
        with CaptureQueriesContext(connection) as queries:
            download(client, team.agenda, PEOPLE, "xlsx")
        return len(queries)

    add(2, 0)
    small = count()
    add(30, 2)
    assert count() == small


# The template ------------------------------------------------------------------------------------


@pytest.mark.parametrize("what", [ORGANISATIONS, PEOPLE])
def test_template_columns_are_the_import_columns(login, actors_setup, what):
    team = actors_setup
    client = login(team.editor)
    template_url = reverse("actors:import_template", args=[team.agenda.slug])

    csv_response = client.get(template_url, {"what": what, "format": "csv"})
    assert csv_response.status_code == 200
    assert csv_response.content.decode("utf-8") == "\ufeff" + ";".join(headers(what)) + "\r\n"

    xlsx = client.get(template_url, {"what": what, "format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    sheet = workbook["Organisationen" if what == ORGANISATIONS else "Personen"]
    assert [cell.value for cell in sheet[1]] == headers(what)
    assert sheet.max_row == 1
    assert workbook.sheetnames[-1] == "Erläuterung"
    notes = list(workbook["Erläuterung"].iter_rows(values_only=True))
    explained = [row[0] for row in notes]
    assert set(headers(what)) <= set(explained)
    assert "civil_society" in explained and "health" in explained
    assert ("mobility", "Mobilität") in [row[:2] for row in notes]
    assert ("economy", "Wirtschaft") in [row[:2] for row in notes]

    # Filled in, the template imports as it is (the notes sheet is not read).
    row = (
        ["Verein Digital", "Zivilgesellschaft & Vereine"]
        if what == ORGANISATIONS
        else ["Eva", "", "Bildung"]
    )
    sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    outcome = run_import(team, what, out.getvalue(), "vorlage.xlsx")
    assert outcome.counts[what]["created"] == 1


def test_template_with_bad_parameters(login, actors_setup):
    team = actors_setup
    response = login(team.editor).get(
        reverse("actors:import_template", args=[team.agenda.slug]), {"what": "people"}
    )
    assert response.status_code == 400
    assert "Bitte wählen Sie ein Format." in response.content.decode()


# Round trip --------------------------------------------------------------------------------------


@pytest.fixture
def other_agenda(actors_setup):
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


def _snapshot(agenda):
    organisations = sorted(
        (
            o.name,
            o.sector,
            o.region_id,
            o.website,
            o.description,
            tuple(sorted(o.field_links.values_list("field_key", flat=True))),
        )
        for o in Organisation.objects.filter(agenda=agenda)
    )
    people = sorted(
        (
            p.name,
            p.organisation.name if p.organisation_id else "",
            p.sector,
            p.function,
            p.email,
            p.phone,
            p.region_id,
            p.visibility,
            tuple(sorted(p.field_links.values_list("field_key", flat=True))),
            tuple(
                sorted(
                    ConsentRecord.objects.filter(person=p, withdrawn_on=None).values_list(
                        "purpose", "given_on", "source"
                    )
                )
            ),
        )
        for p in Person.objects.filter(agenda=agenda, is_anonymised=False)
    )
    return organisations, people


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "csv-en"])
def test_round_trip_into_another_agenda(login, register, other_agenda, fmt):
    """What the export writes imports again: the workbook, the CSV for German Excel and the
    English CSV of /en/ (commas, ISO dates, English headers and labels)."""
    team = register
    OrganisationFactory(agenda=team.agenda, name="Verein ohne Leute", sector="civil_society")
    PersonFactory(
        agenda=team.agenda, name="Carla Citizen", sector="citizens", email="", phone="0171 2"
    )
    client = login(team.coordinator)
    with translation.override("en" if fmt == "csv-en" else "de"):
        fmt = fmt.removesuffix("-en")
        organisations = download(client, team.agenda, ORGANISATIONS, fmt).content
        people = download(client, team.agenda, PEOPLE, fmt).content

    if fmt == "csv":
        first = run_import(team, ORGANISATIONS, organisations, f"o.{fmt}", agenda=other_agenda)
        assert first.counts[ORGANISATIONS]["created"] == 2
    outcome = run_import(team, PEOPLE, people, f"p.{fmt}", agenda=other_agenda)

    assert outcome.counts[PEOPLE] == {"created": 2, "merged": 0, "skipped": 1}  # anonymised
    assert _snapshot(other_agenda) == _snapshot(team.agenda)
    assert Person.objects.filter(agenda=other_agenda).count() == 2
    # Importing the same export again finds only duplicates and changes nothing.
    before = _snapshot(other_agenda)
    again = run_import(team, PEOPLE, people, f"p.{fmt}", agenda=other_agenda)
    assert again.counts[PEOPLE]["created"] == 0
    assert _snapshot(other_agenda) == before


def test_english_csv_export_uses_commas_iso_dates_and_english_names(login, register):
    team = register
    with translation.override("en"):
        response = download(login(team.editor), team.agenda, PEOPLE, "csv")
    lines = csv_lines(response)

    assert lines[0].startswith("Name,Organisation,Sector,Function,Email,Phone,Region (AGS),")
    assert lines[1] == (
        "Anna Beispiel,Hochschule Teamhausen,,Professorin,anna@hs.example,'+49 8031 1,09188139,"
        "public,mobility,,,2025-03-12,Formular,,"
    )
