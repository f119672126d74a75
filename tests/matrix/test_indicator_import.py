"""Importing indicator values from CSV and XLSX: every bad file gets its message, nothing half-done."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regioagenda.core.models import StagedImport
from regioagenda.matrix.framework import DEFAULT_SLUG
from regioagenda.matrix.models import Indicator, IndicatorValue
from regioagenda.matrix.services import indicator_import
from regioagenda.matrix.services import indicators as services
from tests.matrix_factories import build_framework

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

HEADER = ["Indikator", "Wert", "Einheit", "Stichtag", "Quelle", "Anmerkung"]


@pytest.fixture
def framework(db):
    return build_framework(slug=DEFAULT_SLUG)


def csv_file(rows, header=HEADER, delimiter=";", bom=False):
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def run(team, data, filename="werte.csv", dry_run=False, actor=None):
    return services.import_values(
        actor=actor or team.coordinator,
        agenda=team.agenda,
        file=data,
        filename=filename,
        dry_run=dry_run,
    )


def errors_of(team, data, filename="werte.csv"):
    with pytest.raises(ValidationError) as exc:
        run(team, data, filename)
    assert not IndicatorValue.objects.exists()
    return exc.value.messages


GOOD = [
    ["work_share", "12,5", "%", "31.12.2024", "Breitbandatlas", "Mitte 2024"],
    ["work_cost", "80", "EUR je EW", "2024-12-31", "Haushalt", ""],
    ["housing_share", "99.5", "%", "30.06.2024", "Statistik kommunal", ""],
]


# Good files -----------------------------------------------------------------------------------


def test_csv_with_semicolons_bom_and_decimal_comma(team, framework):
    result = run(team, csv_file(GOOD, bom=True))

    assert (result.created, result.updated, result.written) == (3, 0, True)
    stored = {v.indicator.key: v for v in IndicatorValue.objects.select_related("indicator")}
    assert stored["work_share"].value == Decimal("12.5")
    assert stored["work_share"].date == datetime.date(2024, 12, 31)
    assert stored["work_share"].note == "Mitte 2024"
    assert stored["work_cost"].date == datetime.date(2024, 12, 31)
    assert stored["housing_share"].value == Decimal("99.5")
    assert all(v.region == team.agenda.region for v in stored.values())
    assert all(v.entered_by == team.coordinator for v in stored.values())
    assert IndicatorValue.history.count() == 3


def test_csv_with_commas_and_quoted_decimal_comma(team, framework):
    data = b'Indikator,Wert,Einheit,Stichtag,Quelle\nwork_share,"12,5",%,2024-12-31,Atlas\n'
    run(team, data)
    assert IndicatorValue.objects.get().value == Decimal("12.5")


def test_unquoted_decimal_comma_in_a_comma_file_gets_a_hint(team, framework):
    data = b"Indikator,Wert,Einheit,Stichtag,Quelle,Anmerkung\nwork_share,12,5,%,2024-12-31,A,\n"
    messages = errors_of(team, data)
    assert any(m.startswith("Zeile 2: ") and "Dezimalkomma" in m for m in messages)


def test_dry_run_previews_and_writes_nothing(team, framework):
    result = run(team, csv_file(GOOD), dry_run=True)

    assert result.is_valid and not result.written
    assert [row.action for row in result.rows] == ["create", "create", "create"]
    assert [row.line for row in result.rows] == [2, 3, 4]
    assert not IndicatorValue.objects.exists()


def test_importing_again_updates_and_counts_unchanged(team, framework):
    run(team, csv_file(GOOD))
    changed = [GOOD[0], ["work_cost", "70", "EUR je EW", "2024-12-31", "Haushalt", ""], GOOD[2]]

    preview = run(team, csv_file(changed), dry_run=True)
    result = run(team, csv_file(changed))

    assert [row.action for row in preview.rows] == ["unchanged", "update", "unchanged"]
    assert preview.rows[1].previous == Decimal("80")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert IndicatorValue.objects.count() == 3
    assert IndicatorValue.objects.get(indicator__key="work_cost").value == Decimal("70")


def test_template_rows_left_empty_are_skipped(team, framework):
    rows = [*GOOD, ["work_cost", "", "EUR je EW", "", "Haushalt", ""], ["", "", "", "", "", ""]]
    result = run(team, csv_file(rows))
    assert (result.created, result.skipped) == (3, 1)


def test_yes_no_accepts_ja_and_nein(team, framework):
    Indicator.objects.filter(key="egovernment_share").update(unit="ja/nein", max_value=1)
    rows = [["egovernment_share", "ja", "ja/nein", "31.12.2024", "BayernPortal", ""]]
    run(team, csv_file(rows))
    assert IndicatorValue.objects.get().value == 1


# Bad rows: each gets its line, and nothing is written -----------------------------------------


def test_three_good_rows_and_one_bad_row_import_nothing(team, framework):
    bad = ["work_share", "12,5", "km", "31.12.2024", "Breitbandatlas", ""]
    rows = [GOOD[0], GOOD[1], bad, GOOD[2]]

    messages = errors_of(team, csv_file(rows))

    assert messages == ["Zeile 4: Einheit „km“ passt nicht zu „Anteil Arbeiten“ (erwartet: %)."]


def test_a_bad_row_does_not_touch_existing_values(team, framework):
    run(team, csv_file([GOOD[0]]))
    rows = [
        ["work_share", "50", "%", "31.12.2024", "Neu", ""],
        ["work_share", "x", "%", "", "", ""],
    ]

    with pytest.raises(ValidationError):
        run(team, csv_file(rows))

    stored = IndicatorValue.objects.get()
    assert (stored.value, stored.source) == (Decimal("12.5"), "Breitbandatlas")


def test_all_bad_rows_are_reported_with_their_lines(team, framework):
    rows = [
        ["work_share", "140", "%", "31.12.2024", "Atlas", ""],
        ["gibtsnicht", "1", "%", "31.12.2024", "Atlas", ""],
        ["work_share", "zwölf", "%", "30.12.2024", "Atlas", ""],
        ["work_cost", "5", "EUR je EW", "31.02.2024", "Atlas", ""],
        ["work_cost", "5", "EUR je EW", "2024-12-31", "", ""],
        GOOD[0],
    ]

    messages = errors_of(team, csv_file(rows))

    assert len(messages) == 5
    assert messages[1].startswith("Zeile 3: Den Indikator „gibtsnicht“ gibt es in „Test-Matrix v")
    assert messages[:1] + messages[2:] == [
        "Zeile 2: Der Wert 140 liegt außerhalb von 0–100 %.",
        "Zeile 4: „zwölf“ ist keine Zahl (Beispiel: 12,5).",
        "Zeile 5: „31.02.2024“ ist kein gültiges Datum (erwartet: TT.MM.JJJJ oder JJJJ-MM-TT).",
        "Zeile 6: Bitte nennen Sie die Quelle des Werts (für diesen Indikator typisch: "
        "Selbstauskunft mit Beleg).",
    ]


def test_wrong_unit_names_the_expected_unit(team, framework):
    rows = [["work_cost", "5", "EUR", "31.12.2024", "Haushalt", ""]]
    assert errors_of(team, csv_file(rows)) == [
        "Zeile 2: Einheit „EUR“ passt nicht zu „Kosten Arbeiten“ (erwartet: EUR je EW)."
    ]


def test_missing_unit_is_an_error(team, framework):
    rows = [["work_cost", "5", "", "31.12.2024", "Haushalt", ""]]
    assert errors_of(team, csv_file(rows)) == [
        "Zeile 2: Die Einheit fehlt (erwartet für „Kosten Arbeiten“: EUR je EW)."
    ]


def test_value_without_date_is_an_error(team, framework):
    rows = [["work_cost", "5", "EUR je EW", "", "Haushalt", ""]]
    assert errors_of(team, csv_file(rows)) == ["Zeile 2: Der Stichtag fehlt."]


def test_future_date_in_a_row(team, framework):
    rows = [["work_cost", "5", "EUR je EW", "31.12.2999", "Haushalt", ""]]
    (message,) = errors_of(team, csv_file(rows))
    assert message.startswith("Zeile 2: Der Stichtag 31.12.2999 liegt in der Zukunft")


def test_same_indicator_and_date_twice_in_one_file(team, framework):
    rows = [GOOD[0], GOOD[1], ["work_share", "13", "%", "2024-12-31", "Atlas", ""]]
    assert errors_of(team, csv_file(rows)) == [
        "Zeile 4: Für „work_share“ zum 31.12.2024 steht schon ein Wert in Zeile 2."
    ]


def test_indicator_of_another_framework_version_is_unknown(team, framework):
    other = build_framework(slug="andere-matrix")
    Indicator.objects.create(
        field=other.fields.get(key="work"),
        key="work_remote",
        order=3,
        name_de="Homeoffice",
        name_en="Remote",
        unit="%",
        direction="up",
        target=50,
        worst=0,
        source="Selbstauskunft",
    )
    rows = [["work_remote", "20", "%", "31.12.2024", "Umfrage", ""]]
    (message,) = errors_of(team, csv_file(rows))
    assert message.startswith("Zeile 2: Den Indikator „work_remote“ gibt es in")


# Bad files: one clear message --------------------------------------------------------------------


def test_wrong_header_names_the_expected_columns(team, framework):
    data = csv_file([GOOD[0]], header=["Kennung", "Wert", "Maßeinheit", "Datum", "Quelle"])
    (message,) = errors_of(team, data)
    assert "Indikator, Wert, Einheit, Stichtag, Quelle" in message
    assert "Es fehlen: Indikator, Einheit, Stichtag." in message
    assert "Gefunden: Kennung, Wert, Maßeinheit, Datum, Quelle." in message


def test_english_column_names_are_understood(team, framework):
    data = csv_file([GOOD[0]], header=["indicator", "value", "unit", "date", "source", "note"])
    assert run(team, data).created == 1


@pytest.mark.parametrize(
    "data", [b"", b"\xef\xbb\xbf", b"\r\n  \r\n"], ids=["empty", "bom", "blank"]
)
def test_empty_file(team, framework, data):
    assert errors_of(team, data) == ["Die Datei ist leer."]


def test_header_only(team, framework):
    (message,) = errors_of(team, csv_file([]))
    assert message.startswith("Die Datei enthält keine Zeile mit einem Wert.")


def test_binary_garbage_named_csv(team, framework):
    garbage = bytes(range(256)) * 16
    (message,) = errors_of(team, garbage, "werte.csv")
    assert message.startswith("„werte.csv“ ist keine CSV-Textdatei")


def test_csv_that_is_not_utf8(team, framework):
    data = "Indikator;Wert;Einheit;Stichtag;Quelle\nwork_share;5;%;31.12.2024;Bäckerei\n"
    (message,) = errors_of(team, data.encode("cp1252"))
    assert "ist nicht UTF-8-kodiert" in message


def test_xlsx_that_is_not_a_zip(team, framework):
    (message,) = errors_of(team, csv_file(GOOD), "werte.xlsx")
    assert message.startswith("„werte.xlsx“ ist keine gültige Excel-Arbeitsmappe (.xlsx).")


def test_zip_that_is_not_a_workbook(team, framework):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "kein Excel")
    (message,) = errors_of(team, buffer.getvalue(), "werte.xlsx")
    assert "ist keine gültige Excel-Arbeitsmappe" in message


def test_workbook_named_csv(team, framework):
    (message,) = errors_of(team, workbook_bytes([GOOD[0]]), "werte.csv")
    assert "keine CSV-Textdatei" in message


def test_old_xls_format_is_refused(team, framework):
    (message,) = errors_of(team, b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "werte.xls")
    assert message.startswith("Das alte Excel-Format .xls wird nicht unterstützt.")


@pytest.mark.parametrize("name", ["werte.pdf", "werte", "werte.txt"])
def test_other_types_are_refused(team, framework, name):
    (message,) = errors_of(team, csv_file(GOOD), name)
    assert message.startswith("Dateien vom Typ")
    assert "erlaubt sind .csv und .xlsx" in message


def test_file_too_large(team, framework):
    data = csv_file(GOOD) + b"#" * indicator_import.MAX_UPLOAD_BYTES
    assert errors_of(team, data) == ["Die Datei ist zu groß: erlaubt sind höchstens 2 MB."]


def test_too_many_rows(team, framework):
    rows = [["work_share", "1", "%", "31.12.2024", "A", ""]] * (indicator_import.MAX_ROWS + 1)
    assert errors_of(team, csv_file(rows)) == [
        "Die Datei hat mehr als 5.000 Zeilen; bitte teilen Sie sie auf."
    ]


def test_participant_cannot_import(team, framework):
    with pytest.raises(PermissionDenied):
        run(team, csv_file(GOOD), actor=team.participant)
    assert not IndicatorValue.objects.exists()


# XLSX and the template ------------------------------------------------------------------------


def workbook_bytes(rows, header=HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_with_numbers_and_date_cells(team, framework):
    rows = [
        ["work_share", 12.5, "%", datetime.date(2024, 12, 31), "Atlas", None],
        ["work_cost", "80,25", "EUR je EW", "31.12.2024", "Haushalt", "geschätzt"],
    ]
    result = run(team, workbook_bytes(rows), "werte.xlsx")

    assert result.created == 2
    values = dict(IndicatorValue.objects.values_list("indicator__key", "value"))
    assert values == {"work_share": Decimal("12.5"), "work_cost": Decimal("80.25")}


def test_xlsx_percent_formatted_cell_is_taken_as_shown(team, framework):
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes([])))
    sheet = workbook.active
    sheet.append(["work_share", 0.875, "%", datetime.date(2024, 12, 31), "Atlas"])
    sheet["B2"].number_format = "0.0%"
    out = io.BytesIO()
    workbook.save(out)

    run(team, out.getvalue(), "werte.xlsx")

    assert IndicatorValue.objects.get().value == Decimal("87.5")


def test_xlsx_bad_row_is_reported_with_its_sheet_line(team, framework):
    rows = [
        ["work_share", 12.5, "%", datetime.date(2024, 12, 31), "Atlas", None],
        [None] * 6,
        ["work_cost", "viel", "EUR je EW", datetime.date(2024, 12, 31), "Haushalt", None],
    ]
    assert errors_of(team, workbook_bytes(rows), "werte.xlsx") == [
        "Zeile 4: „viel“ ist keine Zahl (Beispiel: 12,5)."
    ]


def test_csv_template_has_a_row_per_indicator(client, team, framework):
    response = client.get(reverse("matrix:indicator_template_csv", args=[team.agenda.slug]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffIndikator;Wert;Einheit;Stichtag;Quelle;Anmerkung\r\n")
    lines = text.strip().splitlines()
    assert len(lines) == 1 + 32
    assert "work_share;;%;;Breitbandatlas;" in lines
    # Unfilled, the template imports as "nothing to import", not as errors.
    (message,) = errors_of(team, response.content)
    assert message.startswith("Die Datei enthält keine Zeile mit einem Wert.")


def test_xlsx_template_round_trip(login, team, framework):
    client = login(team.editor)
    download = client.get(reverse("matrix:indicator_template_xlsx", args=[team.agenda.slug]))
    assert download.status_code == 200

    workbook = openpyxl.load_workbook(io.BytesIO(download.content))
    assert workbook.sheetnames == ["Werte", "Erläuterung"]
    sheet, notes = workbook["Werte"], workbook["Erläuterung"]
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet.max_row == 33
    explanation = {row[0]: row for row in notes.iter_rows(min_row=2, values_only=True)}
    assert explanation["work_share"][1:] == (
        "Anteil Arbeiten",
        "Arbeiten",
        "%",
        "höher ist besser",
        100,
        "0–100 %",
        "Breitbandatlas",
    )
    assert explanation["work_cost"][6] == "ab 0 EUR je EW"
    filled = {}
    for row in sheet.iter_rows(min_row=2):
        key = row[0].value
        if key == "work_share":
            row[1].value, row[3].value = 64.5, datetime.date(2024, 12, 31)
            filled[key] = Decimal("64.5")
        elif key == "mobility_cost":
            row[1].value, row[3].value = 42, datetime.date(2024, 6, 30)
            filled[key] = Decimal("42")
    upload = io.BytesIO()
    workbook.save(upload)
    upload.name = "indikatoren.xlsx"
    upload.seek(0)
    url = reverse("matrix:indicator_import", args=[team.agenda.slug])

    preview = client.post(url, {"action": "preview", "file": upload})
    page = preview.content.decode()
    assert "Die Datei ist in Ordnung" in page
    assert not IndicatorValue.objects.exists()
    confirm = client.post(
        url, {"action": "confirm", "token": preview.context["token"]}, follow=True
    )

    assert "2 Werte neu, 0 aktualisiert, 0 unverändert" in confirm.content.decode()
    assert dict(IndicatorValue.objects.values_list("indicator__key", "value")) == filled
    stored = IndicatorValue.objects.get(indicator__key="work_share")
    assert stored.source == "Breitbandatlas"
    assert stored.date == datetime.date(2024, 12, 31)


def test_template_without_framework_is_a_404_with_a_sentence(client, team):
    response = client.get(reverse("matrix:indicator_template_xlsx", args=[team.agenda.slug]))
    assert response.status_code == 404
    assert "noch keine Smart-Region-Matrix geladen" in response.content.decode()


# The import page: preview, confirm, cancel --------------------------------------------------------


def staged_files():
    return list(StagedImport.objects.values_list("data__filename", flat=True))


def upload(name, data):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def test_preview_with_errors_shows_them_and_offers_no_confirmation(login, team, framework):
    client = login(team.coordinator)
    url = reverse("matrix:indicator_import", args=[team.agenda.slug])
    bad = ["work_share", "140", "%", "31.12.2024", "Atlas", ""]

    response = client.post(url, {"file": upload("werte.csv", csv_file([GOOD[0], bad]))})

    page = response.content.decode()
    assert response.status_code == 200
    assert "es wird nichts importiert" in page
    assert "Zeile 3: Der Wert 140 liegt außerhalb von 0–100 %." in page
    assert 'value="confirm"' not in page
    assert staged_files() == []
    assert client.post(url, {"action": "confirm"}).status_code == 400
    assert not IndicatorValue.objects.exists()


def test_preview_then_confirm_imports_and_removes_the_staged_file(login, team, framework):
    client = login(team.coordinator)
    url = reverse("matrix:indicator_import", args=[team.agenda.slug])

    preview = client.post(url, {"file": upload("werte.csv", csv_file(GOOD))})

    page = preview.content.decode()
    assert "Beim Import werden 3 Werte neu angelegt" in page
    assert 'value="confirm"' in page
    assert staged_files() == ["werte.csv"]
    assert not IndicatorValue.objects.exists()
    token = preview.context["token"]

    response = client.post(url, {"action": "confirm", "token": token}, follow=True)

    assert "3 Werte neu" in response.content.decode()
    assert IndicatorValue.objects.count() == 3
    assert staged_files() == []
    # Used up: the same confirmation again imports nothing twice.
    again = client.post(url, {"action": "confirm", "token": token})
    assert again.status_code == 400
    assert "Es liegt keine geprüfte Datei vor" in again.content.decode()
    assert IndicatorValue.objects.count() == 3


def test_confirm_without_preview_says_the_file_is_gone(login, team, framework):
    client = login(team.coordinator)
    url = reverse("matrix:indicator_import", args=[team.agenda.slug])

    response = client.post(url, {"action": "confirm"})

    assert response.status_code == 400
    assert "Es liegt keine geprüfte Datei vor" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_cancel_discards_the_staged_file(login, team, framework):
    client = login(team.coordinator)
    url = reverse("matrix:indicator_import", args=[team.agenda.slug])
    preview = client.post(url, {"file": upload("werte.csv", csv_file(GOOD))})

    response = client.post(
        url, {"action": "cancel", "token": preview.context["token"]}, follow=True
    )

    assert "es wurde nichts gespeichert" in response.content.decode()
    assert staged_files() == []
    confirm = client.post(url, {"action": "confirm", "token": preview.context["token"]})
    assert confirm.status_code == 400
    assert not IndicatorValue.objects.exists()


def test_bad_file_error_is_shown_at_the_upload_field(login, team, framework):
    client = login(team.coordinator)
    url = reverse("matrix:indicator_import", args=[team.agenda.slug])

    response = client.post(url, {"file": upload("werte.xlsx", b"kein zip")})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_file_error"' in page
    assert "ist keine gültige Excel-Arbeitsmappe" in page
    assert not StagedImport.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_posting_without_a_file(login, team, framework):
    client = login(team.coordinator)
    url = reverse("matrix:indicator_import", args=[team.agenda.slug])
    response = client.post(url, {"action": "preview"})
    assert "Bitte wählen Sie eine Datei aus." in response.content.decode()
    assert not StagedImport.objects.exists()


def test_participant_cannot_open_the_import_page(login, team, framework):
    client = login(team.participant)
    url = reverse("matrix:indicator_import", args=[team.agenda.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": upload("werte.csv", csv_file(GOOD))}).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_import_page_without_framework_says_so(login, team):
    client = login(team.coordinator)
    page = client.get(reverse("matrix:indicator_import", args=[team.agenda.slug])).content.decode()
    assert "Noch keine Smart-Region-Matrix geladen" in page


def test_confirm_checks_the_rows_again_and_discards_a_file_gone_bad(team, framework):
    bad = csv_file([GOOD[0], ["work_share", "140", "%", "31.12.2024", "Atlas", ""]])
    token = services.stage_import(
        actor=team.coordinator, agenda=team.agenda, data=bad, filename="werte.csv"
    )

    with pytest.raises(ValidationError) as exc:
        services.confirm_import(actor=team.coordinator, agenda=team.agenda, token=token)

    assert "Zeile 3: Der Wert 140 liegt außerhalb von 0–100 %." in exc.value.messages
    assert not IndicatorValue.objects.exists()
    assert staged_files() == []


def test_staged_upload_of_another_user_is_refused(team, framework):
    token = services.stage_import(
        actor=team.coordinator, agenda=team.agenda, data=csv_file(GOOD), filename="werte.csv"
    )
    with pytest.raises(ValidationError, match="andere Person"):
        services.confirm_import(actor=team.editor, agenda=team.agenda, token=token)
    assert not IndicatorValue.objects.exists()
    assert staged_files() == ["werte.csv"]


@pytest.mark.parametrize(
    ("language", "value", "day"), [("de", "12,5", "31.12.2024"), ("en", "12.5", "2024-12-31")]
)
def test_filled_template_of_either_language_imports(client, team, framework, language, value, day):
    """The CSV template follows core.csvexport (German Excel, or English on /en/); filled in
    the way its convention writes numbers and dates, it imports."""
    import csv

    from django.utils import translation

    with translation.override(language):
        url = reverse("matrix:indicator_template_csv", args=[team.agenda.slug])
    text = client.get(url).content.decode("utf-8-sig")
    delimiter = ";" if language == "de" else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0][0] == ("Indikator" if language == "de" else "indicator")
    share = next(row for row in rows if row[0] == "work_share")
    share[1], share[3] = value, day
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)

    run(team, out.getvalue().encode("utf-8"))

    stored = IndicatorValue.objects.get()
    assert (stored.value, stored.date) == (Decimal("12.5"), datetime.date(2024, 12, 31))
