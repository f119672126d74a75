"""Exports (CSV, XLSX, JSON) and ``manage.py export_matrix``."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from regioagenda.matrix.models import PriorityField, RoundStatus
from tests.matrix_factories import build_framework

URL = "/agenden/teamhausen/matrix/"


@pytest.fixture
def with_priorities(assessed):
    for rank, key in enumerate(["egovernment", "energy", "mobility"], start=1):
        PriorityField.objects.create(
            round=assessed.round, field=assessed.fields[key], rank=rank, reason="weil"
        )
    return assessed


@pytest.mark.django_db
def test_csv_for_german_excel(client, with_priorities):
    """German pages: semicolons, decimal commas, German headers, UTF-8 with BOM (core.csvexport)."""
    response = client.get(URL + "export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="matrix-teamhausen-' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffSchlüssel;Handlungsfeld;IST;SOLL;Lücke;Datenstufe;")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert len(rows) == 16
    mobility = next(r for r in rows if r["Schlüssel"] == "mobility")
    assert (mobility["IST"], mobility["Lücke"], mobility["Priorität"]) == ("1", "2", "ja")


@pytest.mark.django_db
def test_csv_in_english(client, with_priorities):
    response = client.get("/en" + URL.replace("/agenden/", "/agendas/") + "export.csv")
    assert response.status_code == 200, response.status_code
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert list(rows[0]) == [
        "key",
        "name",
        "ist",
        "soll",
        "gap",
        "data_level",
        "score",
        "confidence",
        "priority",
    ]
    assert len(rows) == 16
    mobility = next(r for r in rows if r["key"] == "mobility")
    assert mobility == {
        "key": "mobility",
        "name": "Mobility",
        "ist": "1",
        "soll": "3",
        "gap": "2",
        "data_level": "2",
        "score": "45",
        "confidence": "high",
        "priority": "true",
    }
    work = next(r for r in rows if r["key"] == "work")
    assert (work["data_level"], work["confidence"], work["priority"]) == ("", "none", "false")


@pytest.mark.django_db
def test_json(client, with_priorities):
    data = client.get(URL + "export.json").json()
    assert data["agenda"] == "teamhausen"
    assert data["round"]["title"] == "Erstbewertung 2025"
    energy = next(f for f in data["fields"] if f["key"] == "energy")
    assert energy == {
        "key": "energy",
        "name": "Energie",
        "ist": 2,
        "soll": 4,
        "gap": 2,
        "data_level": None,
        "score": 50,
        "confidence": "none",
        "priority": True,
    }
    share = next(i for i in data["indicators"] if i["indicator"] == "mobility_share")
    assert (share["value"], share["score"], share["date"]) == (80, 80, "2024-12-31")


@pytest.mark.django_db
def test_xlsx_has_fields_and_indicator_values(client, with_priorities):
    response = client.get(URL + "export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Matrix", "Indikatoren"]
    fields = list(workbook["Matrix"].values)
    assert fields[0][:3] == ("key", "name", "ist")
    assert ("mobility", "Mobilität", 1, 3, 2, 2, 45, "high", True) in fields
    indicators = list(workbook["Indikatoren"].values)
    assert len(indicators) == 1 + 32
    header = indicators[0]
    cost = dict(zip(header, next(r for r in indicators if r[1] == "mobility_cost"), strict=True))
    assert (cost["value"], cost["score"], cost["direction"]) == (60, 50, "down")


@pytest.mark.django_db
def test_exports_follow_the_agenda_visibility(client, with_priorities):
    agenda = with_priorities.agenda
    agenda.is_public = False
    agenda.save()
    for fmt in ("csv", "xlsx", "json"):
        assert client.get(URL + f"export.{fmt}").status_code == 403


@pytest.mark.django_db
def test_export_without_closed_round_is_a_friendly_404(client, team):
    response = client.get(URL + "export.csv")
    assert response.status_code == 404
    assert "noch keine abgeschlossene Bewertungsrunde" in response.content.decode()


# The command ---------------------------------------------------------------------------------------


def test_command_prints_json_with_exactly_the_keys(with_priorities):
    out = io.StringIO()
    call_command("export_matrix", "teamhausen", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert isinstance(data, list) and len(data) == 16
    assert all(
        list(item) == ["key", "ist", "soll", "gap", "score", "confidence", "priority"]
        for item in data
    )
    assert data[11] == {
        "key": "mobility",
        "ist": 1,
        "soll": 3,
        "gap": 2,
        "score": 45,
        "confidence": "high",
        "priority": True,
    }


def test_command_prints_csv(with_priorities):
    out = io.StringIO()
    call_command("export_matrix", "teamhausen", "--format", "csv", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "key,ist,soll,gap,score,confidence,priority"
    assert "egovernment,1,4,3,25,none,true" in lines
    assert len(lines) == 17


def test_command_unknown_slug(db):
    with pytest.raises(CommandError, match="keine Agenda mit dem Kurznamen „nirgendwo“"):
        call_command("export_matrix", "nirgendwo")


def test_command_without_closed_round(team, make_assessment):
    make_assessment(team.agenda, build_framework(), status=RoundStatus.OPEN)
    with pytest.raises(CommandError, match="noch keine abgeschlossene Bewertungsrunde"):
        call_command("export_matrix", "teamhausen")


def test_csv_cells_cannot_run_as_formulas():
    from regioagenda.matrix.exports import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("e-Government") == "e-Government"
    assert _cell(None) == ""
    assert _cell(False) == "false"
