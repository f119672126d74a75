"""CSV (German and English conventions) and XLSX exports: one row per response, one column per
question (per field and measure for matrix-field questions); staff only."""

import csv
import io

import pytest
from openpyxl import load_workbook

from regioagenda.participation.services import surveys as services
from tests.matrix_factories import build_framework
from tests.participation_factories import participant
from tests.survey_factories import full_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(team):
    build_framework()
    survey = full_survey(team.agenda)
    q, c = survey.q, survey.c
    services.submit_response(
        actor=None,
        survey=survey,
        session_key="a",
        sector="economy",
        answers={
            q["single"].pk: c["Online"].pk,
            q["multiple"].pk: [c["Termin"].pk, c["Onleihe"].pk],
            q["scale"].pk: 4,
            q["text"].pk: '=HYPERLINK("http://evil")',
            q["matrix_field"].pk: {"mobility": (1, 5)},
        },
    )
    services.submit_response(
        actor=None, survey=survey, session_key="b", answers={q["single"].pk: c["Egal"].pk}
    )
    return survey


def url(survey, fmt):
    return f"/agenden/{survey.agenda.slug}/beteiligung/umfragen/{survey.pk}/export.{fmt}"


def test_csv_german(survey, team, login, no_staff_mfa):
    response = login(team.editor).get(url(survey, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.count("\r\n") == 3
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = lines[0]
    assert header[:5] == [
        "Antwortbogen",
        "Datum",
        "Bereich",
        "mit Konto",
        "Wie erledigen Sie Behördengänge?",
    ]
    assert "Wie erleben Sie die Felder? – Mobilität (Stand)" in header or any(
        h.endswith("(Stand)") for h in header
    )
    first = lines[1]
    assert first[0] == "1" and first[2] == "Wirtschaft" and first[3] == "nein"
    assert first[4] == "Online" and first[5] == "Termin | Onleihe" and first[6] == "4"
    assert first[7].startswith("'=HYPERLINK")  # a formula is defused
    mobility = [i for i, h in enumerate(header) if "Mobilit" in h or "mobility" in h]
    assert [first[i] for i in mobility] == ["1", "5"]
    second = lines[2]
    assert second[4] == "Egal" and second[5] == "" and second[6] == ""
    assert len(lines) == 3


def test_csv_english(survey):
    from regioagenda.participation.queries.surveys import export_csv

    text = export_csv(survey, language="en").decode("utf-8-sig")
    first = list(csv.reader(io.StringIO(text)))[1]
    assert first[3] == "false" and first[5] == "Termin | Onleihe"
    assert first[1][:4].isdigit() and first[1][4] == "-"  # ISO dates


def test_xlsx(survey, team, login, no_staff_mfa):
    response = login(team.coordinator).get(url(survey, "xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][4] == "Wie erledigen Sie Behördengänge?"
    assert rows[1][4] == "Online" and rows[1][5] == "Termin | Onleihe" and rows[1][6] == 4
    assert rows[1][7].startswith("'=")  # never a formula in the sheet
    assert rows[2][4] == "Egal"
    assert len(rows) == 3


def test_exports_are_for_staff_only(survey, team, client, login):
    assert client.get(url(survey, "csv")).status_code in (302, 403)
    person = participant(team.agenda)
    assert login(person).get(url(survey, "xlsx")).status_code == 403
    assert login(person).get(url(survey, "pdf")).status_code in (403, 404)
