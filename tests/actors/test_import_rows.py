"""Importing actors: every row is checked, errors name line and column, nothing is half-imported."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from regioagenda.actors.imports_format import ORGANISATIONS, PEOPLE
from regioagenda.actors.models import ConsentRecord, Organisation, Person
from regioagenda.actors.services import imports as services
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import OrganisationFactory
from tests.actors.test_import_helpers import (
    ORG_HEADER,
    PEOPLE_HEADER,
    csv_bytes,
    org_row,
    person_row,
    preview,
    run_import,
    xlsx_bytes,
)
from tests.factories import RegionFactory


@pytest.fixture
def region(db):
    return RegionFactory(name="Markt Beispielhausen", ags="09188139")


def test_organisations_with_all_columns(actors_setup, region):
    team = actors_setup
    rows = [
        org_row(
            "Hochschule Teamhausen",
            "Wissenschaft & Forschung",
            "09188139",
            "www.hs-teamhausen.de",
            "Hochschule für angewandte Wissenschaften",
            "mobility; Gesundheit, it_infrastructure",
        ),
        org_row("Bauernverband", "agriculture"),
    ]
    outcome = run_import(team, ORGANISATIONS, csv_bytes(rows, ORG_HEADER))

    assert outcome.counts[ORGANISATIONS] == {"created": 2, "merged": 0, "skipped": 0}
    school = Organisation.objects.get(name="Hochschule Teamhausen")
    assert school.agenda == team.agenda
    assert (school.sector, school.region, school.website) == (
        "science",
        region,
        "https://www.hs-teamhausen.de",
    )
    assert sorted(school.field_links.values_list("field_key", flat=True)) == [
        "health",
        "it_infrastructure",
        "mobility",
    ]
    event = AuditEvent.objects.get(action="actors.register_imported")
    assert "Organisationen: 2 neu, 0 zusammengeführt, 0 übersprungen" in event.detail
    assert event.actor == team.coordinator


def test_people_with_organisation_consents_and_region(actors_setup, region):
    team = actors_setup
    OrganisationFactory(agenda=team.agenda, name="Landratsamt Teamhausen", sector="administration")
    rows = [
        person_row(
            "Anna Beispiel",
            organisation="landratsamt teamhausen",
            function="Digitallotsin",
            email="anna@example.org",
            phone="+49 8031 123",
            region="9188139",  # the leading zero a spreadsheet drops
            visibility="öffentlich",
            fields="mobility;health",
            consent_publish_on="12.03.2025",
            consent_publish_source="Anmeldeformular Auftakt",
            consent_pool_on="2025-03-12",
            consent_pool_source="Anmeldeformular Auftakt",
        ),
        person_row("Bernd Bürger", sector="Bürgerschaft"),
    ]
    outcome = run_import(team, PEOPLE, csv_bytes(rows, PEOPLE_HEADER))

    assert outcome.counts[PEOPLE]["created"] == 2
    assert outcome.consents == 2
    anna = Person.objects.get(name="Anna Beispiel")
    assert anna.organisation.name == "Landratsamt Teamhausen"
    assert anna.sector == ""  # the organisation's sector counts
    assert (anna.email, anna.phone, anna.region, anna.visibility) == (
        "anna@example.org",
        "+49 8031 123",
        region,
        "public",
    )
    consents = {c.purpose: c for c in ConsentRecord.objects.filter(person=anna)}
    assert set(consents) == {"publish", "pool"}
    assert consents["publish"].given_on == datetime.date(2025, 3, 12)
    assert consents["publish"].source == "Anmeldeformular Auftakt"
    assert consents["publish"].recorded_by == team.coordinator
    bernd = Person.objects.get(name="Bernd Bürger")
    assert (bernd.organisation, bernd.sector, bernd.visibility) == (None, "citizens", "internal")


def test_broken_rows_are_reported_with_line_and_column_and_nothing_is_imported(actors_setup):
    team = actors_setup
    OrganisationFactory(agenda=team.agenda, name="Stadtwerke Teamhausen")
    rows = [
        person_row("Gute Zeile", sector="Bildung", email="gut@example.org"),
        person_row("Clara", sector="Bildung", email="clara@@example"),
        person_row("Dieter", sector="Raumfahrt"),
        person_row("Erika", sector="Bildung", fields="mobility; Quantenphysik"),
        person_row("Fritz", organisation="Stadtwerke Teamhusen"),
        person_row("Gabi", sector="Bildung", region="09999999"),
        person_row("Hans", sector="Bildung", region="Teamhausen"),
        person_row("", sector="Bildung"),
        person_row("Ina"),
        person_row(
            "Jan", sector="Bildung", consent_publish_on="31.02.2025", consent_publish_source="x"
        ),
        person_row("Karl", sector="Bildung", consent_pool_on="01.01.2025"),
        person_row("Lea", sector="Bildung", visibility="geheim"),
    ]
    data = csv_bytes(rows, PEOPLE_HEADER)
    plan = preview(team, PEOPLE, data)

    assert not plan.is_valid
    assert [row.status for row in plan.rows][:1] == ["new"]
    assert plan.errors == [
        "Zeile 3, Spalte „E-Mail“: „clara@@example“ ist keine gültige E-Mail-Adresse. Bitte "
        "prüfen Sie die Schreibweise, z. B. name@example.de.",
        "Zeile 4, Spalte „Bereich“: Den Bereich „Raumfahrt“ gibt es nicht. Erlaubt sind: "
        "administration (Verwaltung & Politik), economy (Wirtschaft), science (Wissenschaft & "
        "Forschung), education (Bildung), civil_society (Zivilgesellschaft & Vereine), "
        "health_social (Gesundheit & Soziales), culture_media (Kultur & Medien), agriculture "
        "(Landwirtschaft), infrastructure (Infrastruktur & Versorger), citizens (Bürgerschaft).",
        "Zeile 5, Spalte „Handlungsfelder“: Unbekanntes Handlungsfeld: Quantenphysik. Erlaubt "
        "sind: work, building, education, services, egovernment, energy, health, retail, "
        "it_infrastructure, culture, agriculture, mobility, security, tourism, environment, "
        "housing.",
        "Zeile 6, Spalte „Organisation“: Die Organisation „Stadtwerke Teamhusen“ gibt es in "
        "dieser Agenda nicht, und sie steht auch nicht im Blatt „Organisationen“ dieser Datei. "
        "Legen Sie sie zuerst an. Meinten Sie „Stadtwerke Teamhausen“?",
        "Zeile 7, Spalte „Region (AGS)“: Eine Region mit dem amtlichen Schlüssel 09999999 gibt "
        "es im Verzeichnis nicht.",
        "Zeile 8, Spalte „Region (AGS)“: „Teamhausen“ ist kein amtlicher Schlüssel (AGS); er "
        "besteht nur aus Ziffern.",
        "Zeile 9, Spalte „Name“: Bitte geben Sie den Namen der Person an.",
        "Zeile 10, Spalte „Bereich“: Bitte wählen Sie einen Bereich, wenn die Person für keine "
        "Organisation spricht.",
        "Zeile 11, Spalte „Einwilligung Veröffentlichung am“: „31.02.2025“ ist kein gültiges "
        "Datum (erwartet: TT.MM.JJJJ oder JJJJ-MM-TT).",
        "Zeile 12, Spalte „Einwilligung Pool Quelle“: Bitte geben Sie die Quelle an: wie die "
        "Einwilligung erteilt wurde, z. B. „Anmeldeformular Auftakt 12.03.“.",
        "Zeile 13, Spalte „Sichtbarkeit“: „geheim“ ist keine Sichtbarkeit; erlaubt sind "
        "„intern“ und „öffentlich“.",
    ]
    with pytest.raises(ValidationError):
        services.stage_import(actor=team.coordinator, agenda=team.agenda, plan=plan)
    assert not Person.objects.exists()


def test_organisation_rows_bad_website_and_missing_sector(actors_setup):
    rows = [
        org_row("Gut", "Bildung"),
        org_row("Ohne Bereich", ""),
        org_row("Schlechte Seite", "Bildung", website="http://"),
        org_row("x" * 301, "Bildung"),
    ]
    plan = preview(actors_setup, ORGANISATIONS, csv_bytes(rows, ORG_HEADER))
    assert plan.errors == [
        "Zeile 3, Spalte „Bereich“: Bitte wählen Sie den Bereich, für den die Organisation steht.",
        "Zeile 4, Spalte „Website“: „http://“ ist keine gültige Webadresse, z. B. "
        "https://www.example.de.",
        "Zeile 5, Spalte „Name“: Der Name darf höchstens 300 Zeichen lang sein (hier: 301).",
    ]


def test_future_consent_and_consent_without_date(actors_setup):
    rows = [
        person_row(
            "A", sector="Bildung", consent_contact_on="31.12.2999", consent_contact_source="F"
        ),
        person_row("B", sector="Bildung", consent_contact_source="Formular"),
    ]
    plan = preview(actors_setup, PEOPLE, csv_bytes(rows, PEOPLE_HEADER))
    assert plan.errors == [
        "Zeile 2, Spalte „Einwilligung Kontakt am“: Das Datum 31.12.2999 liegt in der Zukunft. "
        "Eine Einwilligung kann nur für heute oder früher erfasst werden.",
        "Zeile 3, Spalte „Einwilligung Kontakt am“: Zur Quelle der Einwilligung fehlt das Datum.",
    ]


def test_confirm_refuses_when_a_row_became_invalid(actors_setup):
    """A row can break between preview and confirmation (its organisation was deleted):
    nothing is imported, and the error names the row."""
    team = actors_setup
    organisation = OrganisationFactory(agenda=team.agenda, name="Musikschule")
    rows = [person_row("Anna", sector="Bildung"), person_row("Bea", organisation="Musikschule")]
    plan = preview(team, PEOPLE, csv_bytes(rows, PEOPLE_HEADER))
    pending = services.stage_import(actor=team.coordinator, agenda=team.agenda, plan=plan)
    organisation.delete()

    with pytest.raises(ValidationError) as exc:
        services.confirm_import(
            actor=team.coordinator, agenda=team.agenda, token=pending, decisions={}
        )

    assert exc.value.messages[0].startswith("Zeile 3, Spalte „Organisation“: Die Organisation")
    assert not Person.objects.exists()


def test_people_workbook_brings_its_organisations(actors_setup, region):
    team = actors_setup
    data = xlsx_bytes(
        {
            "Personen": (
                PEOPLE_HEADER,
                [
                    person_row("Anna Beispiel", organisation="Neue Genossenschaft eG"),
                    person_row("Bea Beispiel", organisation="Neue Genossenschaft eG"),
                ],
            ),
            "Organisationen": (ORG_HEADER, [org_row("Neue Genossenschaft eG", "Wirtschaft")]),
        }
    )
    outcome = run_import(team, PEOPLE, data, "akteure.xlsx")

    assert outcome.counts == {
        ORGANISATIONS: {"created": 1, "merged": 0, "skipped": 0},
        PEOPLE: {"created": 2, "merged": 0, "skipped": 0},
    }
    organisation = Organisation.objects.get()
    assert sorted(organisation.people.values_list("name", flat=True)) == [
        "Anna Beispiel",
        "Bea Beispiel",
    ]


def test_errors_in_a_workbook_name_sheet_line_and_column(actors_setup):
    data = xlsx_bytes(
        {
            "Organisationen": (ORG_HEADER, [org_row("Neu", "Unbekannt")]),
            "Personen": (PEOPLE_HEADER, [person_row("Anna", organisation="Neu", email="kaputt")]),
        }
    )
    plan = preview(actors_setup, PEOPLE, data, "a.xlsx")
    assert plan.errors == [
        "Blatt „Organisationen“, Zeile 2, Spalte „Bereich“: Den Bereich „Unbekannt“ gibt es "
        "nicht. Erlaubt sind: administration (Verwaltung & Politik), economy (Wirtschaft), "
        "science (Wissenschaft & Forschung), education (Bildung), civil_society "
        "(Zivilgesellschaft & Vereine), health_social (Gesundheit & Soziales), culture_media "
        "(Kultur & Medien), agriculture (Landwirtschaft), infrastructure (Infrastruktur & "
        "Versorger), citizens (Bürgerschaft).",
        "Blatt „Personen“, Zeile 2, Spalte „E-Mail“: „kaputt“ ist keine gültige E-Mail-Adresse. "
        "Bitte prüfen Sie die Schreibweise, z. B. name@example.de.",
    ]


def test_xlsx_dates_numbers_and_blank_rows(actors_setup, region):
    team = actors_setup
    row = person_row("Anna", sector="Bildung", region=9188139, phone=80311234)
    row[PEOPLE_HEADER.index("Einwilligung Kontakt am")] = datetime.date(2025, 1, 15)
    row[PEOPLE_HEADER.index("Einwilligung Kontakt Quelle")] = "Telefonat"
    data = xlsx_bytes({"Personen": (PEOPLE_HEADER, [[None] * 3, row])})

    plan = preview(team, PEOPLE, data, "a.xlsx")

    assert [r.line for r in plan.rows] == [3]
    run_import(team, PEOPLE, data, "a.xlsx")
    anna = Person.objects.get()
    assert (anna.region, anna.phone) == (region, "80311234")
    assert anna.consents.get().given_on == datetime.date(2025, 1, 15)
