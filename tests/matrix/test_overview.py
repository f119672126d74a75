"""The matrix page: numbers per field, highlights, comparison, survey beside, access, scale."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regioagenda.matrix.models import (
    PriorityField,
    RoundKind,
    RoundStatus,
)
from regioagenda.matrix.queries.overview import agenda_section, matrix_overview
from tests.conftest import ASSESSED_CONSENSUS
from tests.factories import AgendaFactory, MembershipFactory, UserFactory
from tests.matrix_factories import build_framework

URL = "/agenden/teamhausen/matrix/"


def test_numbers_per_field(assessed):
    overview = matrix_overview(assessed.agenda)
    assert overview.round == assessed.round
    assert [row.key for row in overview.fields][:3] == ["work", "building", "education"]
    mobility = overview.row("mobility")
    # consensus 1 → 3; indicator scores 80 (share) and 50 (cost 60 between 110 and 10)
    assert (mobility.ist, mobility.soll, mobility.gap) == (1, 3, 2)
    assert [r.score for r in mobility.indicators] == [80.0, 50.0]
    assert mobility.scoring.data_score == 65.0
    assert mobility.scoring.data_level == 2
    assert mobility.scoring.confidence == "high"
    # 0.5 × 1 + 0.5 × 2.6 = 1.8 → score 45
    assert mobility.scoring.level == 1.8
    assert mobility.scoring.score == 45.0
    assert mobility.scoring.rating_data_gap is True  # IST 1 vs data level 2
    assert mobility.levels.source == "consensus"
    assert mobility.levels.raters == 3
    assert mobility.importance == 4
    assert mobility.priority_score == 8
    work = overview.row("work")
    assert work.scoring.confidence == "none"
    assert work.scoring.score == 50.0  # IST 2 alone


def test_strengths_weaknesses_challenges_and_suggestion(assessed):
    overview = matrix_overview(assessed.agenda)
    assert [r.key for r in overview.strengths] == ["education", "it_infrastructure", "tourism"]
    assert [r.key for r in overview.weaknesses] == ["building", "egovernment", "health"]
    assert [r.key for r in overview.challenges] == ["egovernment", "energy", "health"]
    assert [r.key for r in overview.suggestion] == ["egovernment", "energy", "health"]
    assert overview.priorities == []


def test_median_when_a_field_has_no_consensus(team, make_assessment):
    version = build_framework()
    consensus = {k: v for k, v in ASSESSED_CONSENSUS.items() if k != "energy"}
    make_assessment(
        team.agenda,
        version,
        consensus=consensus,
        ratings=[
            {"energy": (1, 3, 5)},
            {"energy": (2, 4, 4)},
            {"energy": (4, 4, None)},
            {"energy": (None, None, None)},  # kann ich nicht beurteilen
        ],
    )
    energy = matrix_overview(team.agenda).row("energy")
    assert energy.levels.source == "median"
    assert (energy.ist, energy.soll) == (2, 4)
    assert energy.levels.raters == 3
    assert energy.importance == 4.5


def test_follow_up_consensus_overrides_its_round(assessed, make_assessment):
    make_assessment(
        assessed.agenda,
        assessed.version,
        consensus={"mobility": (2, 3)},
        ratings=[{"mobility": (2, 3, 2)}],
        kind=RoundKind.FOLLOW_UP,
        follows=assessed.round,
        title="Zweite Runde",
    )
    overview = matrix_overview(assessed.agenda)
    assert overview.round == assessed.round  # a follow-up is no assessment of its own
    mobility = overview.row("mobility")
    assert (mobility.ist, mobility.gap) == (2, 1)
    assert mobility.importance == 2  # from the round that decided the field
    assert overview.row("energy").ist == 2


def test_baseline_and_reassessment(assessed, make_assessment):
    later = dict(ASSESSED_CONSENSUS, mobility=(3, 4), egovernment=(2, 4))
    make_assessment(
        assessed.agenda,
        assessed.version,
        consensus=later,
        title="Neubewertung 2026",
        kind=RoundKind.REASSESSMENT,
        closed=assessed.round.closed + datetime.timedelta(days=365),
    )
    overview = matrix_overview(assessed.agenda)
    assert overview.round.title == "Neubewertung 2026"
    rows = {row.key: (before, now, change) for row, before, now, change in overview.comparison.rows}
    assert rows["mobility"] == (1, 3, 2)
    assert rows["egovernment"] == (1, 2, 1)
    assert rows["work"] == (2, 2, 0)
    # the baseline itself has nothing to compare with
    assert matrix_overview(assessed.agenda, round=assessed.round.pk).comparison is None


def test_survey_is_shown_beside_and_never_mixed(assessed, monkeypatch):
    """The matrix shows whatever the registered provider says the public perceives."""
    from regioagenda.core.registry import FieldPerceptionProvider, field_perceptions

    asked = []

    def perceptions(agenda, assessment_round):
        asked.append((agenda.pk, assessment_round.pk))
        row = {"answers": 3, "perceived_n": 2, "perceived": 0.5, "importance": 4.0}
        return {"responses": 3, "fields": {"mobility": row}}

    fake = FieldPerceptionProvider(
        perceptions=perceptions, answer_link=lambda a, u: None, round_links=lambda a, r, u: []
    )
    monkeypatch.setattr(field_perceptions, "_providers", {"fake": fake})
    overview = matrix_overview(assessed.agenda)
    mobility = overview.row("mobility")
    assert asked == [(assessed.agenda.pk, assessed.round.pk)]
    assert mobility.survey["perceived"] == 0.5
    assert mobility.survey["importance"] == 4
    assert mobility.survey["answers"] == 3
    assert overview.survey_responses == 3
    assert overview.row("energy").survey is None
    assert mobility.ist == 1 and mobility.importance == 4  # the experts' values are untouched


def test_no_closed_round_is_none(team, make_assessment):
    assert matrix_overview(team.agenda) is None
    make_assessment(team.agenda, build_framework(), status=RoundStatus.OPEN)
    assert matrix_overview(team.agenda) is None


# The page ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_for_anonymous_on_a_public_agenda(client, assessed):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Smart-Region-Matrix" in html
    assert html.count("<svg") >= 3  # header flag, heatmap, radar
    assert "Reifegrad je Handlungsfeld: IST, SOLL und Lücke" in html
    assert "Daten als Tabelle" in html
    assert "Stärken" in html and "Herausforderungen" in html
    assert "Einschätzung und Daten weichen ab" in html  # mobility
    assert "export.csv" in html and "export.xlsx" in html and "export.json" in html
    assert not re.search(r"\sstyle=", html)  # the CSP forbids inline styles
    # every chart on the page is well-formed XML with a title
    for svg in re.findall(r'<svg xmlns="http://www.w3.org/2000/svg".*?</svg>', html, re.S):
        if 'role="img"' in svg:
            assert ET.fromstring(svg).find("{http://www.w3.org/2000/svg}title") is not None


@pytest.mark.django_db
def test_private_agenda_is_refused_to_outsiders(client, login, assessed, no_staff_mfa):
    agenda = assessed.agenda
    agenda.is_public = False
    agenda.save()
    assert client.get(URL).status_code == 403
    assert login(assessed.team.outsider).get(URL).status_code == 403
    assert login(assessed.team.participant).get(URL).status_code == 200


@pytest.mark.django_db
def test_member_of_another_agenda_cannot_read_this_one(client, login, assessed, no_staff_mfa):
    agenda = assessed.agenda
    agenda.is_public = False
    agenda.save()
    other = AgendaFactory(is_public=False)
    stranger = UserFactory()
    MembershipFactory(user=stranger, agenda=other, role="coordinator")
    client = login(stranger)
    for path in ("", "prioritaeten/", "export.csv", "export.json", "export.xlsx"):
        assert client.get(URL + path).status_code == 403, path
    response = client.post(
        URL + "prioritaeten/",
        {f"choose_{k}": "on" for k in ("work", "energy", "health")}
        | {f"reason_{k}": "weil" for k in ("work", "energy", "health")},
    )
    assert response.status_code == 403
    assert not PriorityField.objects.exists()
    # and their own agenda's matrix page knows nothing of this one's rounds
    response = client.get(f"/agenden/{other.slug}/matrix/")
    assert response.status_code == 200
    assert "Noch keine abgeschlossene Bewertung" in response.content.decode()
    assert client.get(f"/agenden/{other.slug}/matrix/?runde={assessed.round.pk}").status_code == 404


@pytest.mark.django_db
def test_empty_state_links_the_coordinator_to_the_rounds(client, login, team, no_staff_mfa):
    html = client.get(URL).content.decode()
    assert "Noch keine abgeschlossene Bewertung" in html
    assert "/matrix/runden/" not in html
    html = login(team.coordinator).get(URL).content.decode()
    assert "/agenden/teamhausen/matrix/runden/" in html


@pytest.mark.django_db
def test_round_parameter(client, assessed, make_assessment):
    later = dict(ASSESSED_CONSENSUS, mobility=(3, 4))
    make_assessment(
        assessed.agenda,
        assessed.version,
        consensus=later,
        title="Neubewertung 2026",
        kind=RoundKind.REASSESSMENT,
        closed=assessed.round.closed + datetime.timedelta(days=365),
    )
    latest = client.get(URL)
    assert latest.context["overview"].round.title == "Neubewertung 2026"
    assert latest.context["overview"].row("mobility").ist == 3
    assert latest.context["round_query"] == ""

    chosen = client.get(URL + f"?runde={assessed.round.pk}")
    assert chosen.status_code == 200
    assert chosen.context["overview"].round == assessed.round
    assert chosen.context["overview"].row("mobility").ist == 1
    assert chosen.context["round_query"] == f"?runde={assessed.round.pk}"
    # …and the page says so: the subline, the selected option, the exports of that round.
    html = chosen.content.decode()
    assert "Erstbewertung 2025 ·" in html and "Neubewertung 2026 ·" not in html
    assert f'<option value="{assessed.round.pk}" selected>' in html
    assert f"export.csv?runde={assessed.round.pk}" in html
    assert "Neubewertung 2026 ·" in latest.content.decode()
    assert client.get(URL + "?runde=999999").status_code == 404
    assert client.get(URL + "?runde=abc").status_code == 404


@pytest.mark.django_db
def test_agenda_home_shows_the_matrix_block(client, assessed):
    html = client.get("/agenden/teamhausen/").content.decode()
    assert "Zur Smart-Region-Matrix" in html
    assert "Vorgeschlagene Prioritätsfelder" in html
    section = agenda_section(assessed.agenda, assessed.team.outsider)
    assert [r.key for r in section["suggestion"]] == ["egovernment", "energy", "health"]


@pytest.mark.django_db
def test_agenda_home_without_rounds_has_no_block(client, team, make_assessment):
    assert agenda_section(team.agenda, team.outsider) is None
    assert "Zur Smart-Region-Matrix" not in client.get("/agenden/teamhausen/").content.decode()
    running = make_assessment(team.agenda, build_framework(), status=RoundStatus.OPEN)
    assert agenda_section(team.agenda, team.outsider)["running"] == running


# Scale: the number of queries does not grow with the raters ----------------------------------------


def _page_queries(client, url):
    client.get(url)  # warm caches (roles, charts)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_raters(client, team, make_assessment):
    def ratings(n):
        return [
            {key: ((i + j) % 5, 4, (i % 5) + 1) for j, key in enumerate(ASSESSED_CONSENSUS)}
            for i in range(n)
        ]

    small_version, big_version = build_framework(), build_framework()
    consensus = {k: v for k, v in ASSESSED_CONSENSUS.items() if k not in ("energy", "mobility")}
    make_assessment(team.agenda, small_version, consensus=consensus, ratings=ratings(3))
    small = _page_queries(client, URL)

    big_agenda = AgendaFactory(slug="gross", region=team.agenda.region)
    make_assessment(big_agenda, big_version, consensus=consensus, ratings=ratings(60))
    # the public self-assessment (a participation survey of the round) with 40 responses
    from regioagenda.participation.models import Answer, Question, Response, Survey

    survey = Survey.objects.create(
        agenda=big_agenda,
        step="assessment",
        kind="self_assessment",
        title="Selbsteinschätzung",
        assessment_round=big_agenda.assessment_rounds.get(),
        response_count=40,
    )
    question = Question.objects.create(survey=survey, kind="matrix_field", text="Wie?")
    for n in range(40):
        response = Response.objects.create(survey=survey, respondent=f"x{n}")
        Answer.objects.create(
            response=response,
            question=question,
            field_key=big_version.fields.first().key,
            perceived=2,
        )
    big = _page_queries(client, "/agenden/gross/matrix/")
    assert small == big
    assert small <= 20
