"""Importing actors: files that cannot be read get one clear message, and nothing is written."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from regioagenda.actors.imports_format import MAX_ROWS, MAX_UPLOAD_BYTES, ORGANISATIONS, PEOPLE
from regioagenda.actors.models import Organisation, Person
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

GOOD = [org_row("Stadtwerke Teamhausen GmbH", "Infrastruktur & Versorger")]


def refused(team, data, filename="import.csv", what=ORGANISATIONS):
    with pytest.raises(ValidationError) as exc:
        preview(team, what, data, filename)
    assert not Organisation.objects.exists()
    assert not Person.objects.exists()
    return exc.value.messages


def test_csv_with_semicolons_and_bom_is_read(actors_setup):
    team = actors_setup
    outcome = run_import(team, ORGANISATIONS, csv_bytes(GOOD, ORG_HEADER, bom=True))
    assert outcome.counts[ORGANISATIONS]["created"] == 1
    assert Organisation.objects.get().sector == "infrastructure"


def test_csv_with_commas_without_bom_is_read(actors_setup):
    team = actors_setup
    data = csv_bytes(GOOD, ORG_HEADER, delimiter=",", bom=False)
    assert run_import(team, ORGANISATIONS, data).counts[ORGANISATIONS]["created"] == 1


def test_english_column_names_are_understood(actors_setup):
    team = actors_setup
    data = csv_bytes([["Hochschule Teamhausen", "science"]], ["name", "sector"])
    run_import(team, ORGANISATIONS, data)
    assert Organisation.objects.get().sector == "science"


def test_missing_and_unknown_columns_are_named_with_the_expected_ones(actors_setup):
    team = actors_setup
    data = csv_bytes([["Anna", "x"]], ["Vorname", "Lieblingsfarbe", "E-Mail"])
    (message,) = refused(team, data, what=PEOPLE)
    assert message.startswith("Die Spalten passen nicht zur Vorlage für Personen.")
    assert "Es fehlen: Name." in message
    assert "Unbekannt: Vorname, Lieblingsfarbe." in message
    assert "Erwartet werden (in der ersten Zeile): " + ", ".join(PEOPLE_HEADER) in message
    assert "Pflicht sind: Name." in message


def test_organisations_need_name_and_sector_columns(actors_setup):
    (message,) = refused(actors_setup, csv_bytes([["X"]], ["Name"]))
    assert "Es fehlen: Bereich." in message


def test_a_column_twice_is_refused(actors_setup):
    (message,) = refused(
        actors_setup, csv_bytes([["X", "Bildung", "Y"]], ["Name", "Bereich", "name"])
    )
    assert "Doppelt: name." in message


def test_people_file_uploaded_as_organisations_names_the_columns(actors_setup):
    data = csv_bytes([person_row("Anna Beispiel", sector="Bildung")], PEOPLE_HEADER)
    (message,) = refused(actors_setup, data, what=ORGANISATIONS)
    assert "Vorlage für Organisationen" in message
    assert "Unbekannt: Organisation, Funktion, E-Mail" in message


@pytest.mark.parametrize(
    "data", [b"", b"\xef\xbb\xbf", b" \r\n\r\n"], ids=["empty", "bom", "blank"]
)
def test_empty_file(actors_setup, data):
    assert refused(actors_setup, data) == ["Die Datei ist leer."]


def test_header_only(actors_setup):
    (message,) = refused(actors_setup, csv_bytes([], ORG_HEADER))
    assert message.startswith("Die Datei enthält nur die Kopfzeile")


def test_binary_file_named_csv(actors_setup):
    (message,) = refused(actors_setup, bytes(range(256)) * 8, "akteure.csv")
    assert message.startswith("„akteure.csv“ ist keine CSV-Textdatei")


def test_workbook_named_csv(actors_setup):
    data = xlsx_bytes({"Organisationen": (ORG_HEADER, GOOD)})
    (message,) = refused(actors_setup, data, "akteure.csv")
    assert "keine CSV-Textdatei" in message


def test_csv_not_in_utf8(actors_setup):
    data = "Name;Bereich\nBäckerei Müller;Wirtschaft\n".encode("cp1252")
    (message,) = refused(actors_setup, data)
    assert "ist nicht UTF-8-kodiert" in message


def test_fake_xlsx(actors_setup):
    (message,) = refused(actors_setup, csv_bytes(GOOD, ORG_HEADER), "akteure.xlsx")
    assert message.startswith("„akteure.xlsx“ ist keine gültige Excel-Arbeitsmappe (.xlsx).")


def test_zip_that_is_not_a_workbook(actors_setup):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "kein Excel")
    (message,) = refused(actors_setup, buffer.getvalue(), "akteure.xlsx")
    assert "ist keine gültige Excel-Arbeitsmappe" in message


def test_broken_workbook(actors_setup):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<kaputt")
    (message,) = refused(actors_setup, buffer.getvalue(), "akteure.xlsx")
    assert "ist keine gültige Excel-Arbeitsmappe" in message


def test_old_xls_is_refused(actors_setup):
    (message,) = refused(actors_setup, b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "akteure.xls")
    assert message.startswith("Das alte Excel-Format .xls wird nicht unterstützt.")


@pytest.mark.parametrize("name", ["akteure.pdf", "akteure", "akteure.txt"])
def test_other_types_are_refused(actors_setup, name):
    (message,) = refused(actors_setup, csv_bytes(GOOD, ORG_HEADER), name)
    assert "erlaubt sind .csv und .xlsx" in message


def test_file_over_the_size_limit(actors_setup):
    data = csv_bytes(GOOD, ORG_HEADER) + b"#" * MAX_UPLOAD_BYTES
    assert refused(actors_setup, data) == ["Die Datei ist zu groß: erlaubt sind höchstens 2 MB."]


def test_too_many_rows(actors_setup):
    rows = [org_row(f"Firma {n}") for n in range(MAX_ROWS + 1)]
    (message,) = refused(actors_setup, csv_bytes(rows, ORG_HEADER))
    assert message == f"Die Datei hat mehr als {MAX_ROWS} Zeilen; bitte teilen Sie sie auf."


def test_workbook_sheet_by_name_and_first_sheet_otherwise(actors_setup):
    team = actors_setup
    named = xlsx_bytes({"Notizen": (["egal"], [["x"]]), "Organisationen": (ORG_HEADER, GOOD)})
    assert run_import(team, ORGANISATIONS, named, "a.xlsx").counts[ORGANISATIONS]["created"] == 1
    first = xlsx_bytes({"Tabelle1": (["Name", "Bereich"], [["Volkshochschule", "Bildung"]])})
    run_import(team, ORGANISATIONS, first, "b.xlsx")
    assert Organisation.objects.filter(name="Volkshochschule", sector="education").exists()


def test_workbook_wrong_columns_name_the_sheet(actors_setup):
    data = xlsx_bytes({"Personen": (["Vorname"], [["Anna"]])})
    (message,) = refused(actors_setup, data, "a.xlsx", what=PEOPLE)
    assert message.startswith(
        "Die Spalten im Blatt „Personen“ passen nicht zur Vorlage für Personen."
    )


def test_unquoted_separator_in_a_cell_is_reported(actors_setup):
    data = "Name;Bereich\nMüller; Söhne;Wirtschaft\n".encode()
    plan = preview(actors_setup, ORGANISATIONS, data)
    assert plan.errors[0].startswith("Zeile 2: Die Zeile hat Einträge in Spalten ohne Überschrift.")
