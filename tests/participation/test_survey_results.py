"""Results: counts per choice, scale mean/median/distribution, free texts (moderation hides),
matrix-field means and n; nothing shown publicly below five responses; fixed query count."""

import pytest

from regioagenda.participation.models import Answer, Survey
from regioagenda.participation.queries import surveys as queries
from regioagenda.participation.services import surveys as services
from tests.conftest import get_counting_queries
from tests.matrix_factories import build_framework
from tests.survey_factories import full_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(team):
    build_framework()
    return full_survey(team.agenda)


def answer(survey, n, *, single="Online", multiple=(), scale=None, text="", fields=None):
    q = survey.q
    answers = {q["single"].pk: survey.c[single].pk}
    if multiple:
        answers[q["multiple"].pk] = [survey.c[m].pk for m in multiple]
    if scale is not None:
        answers[q["scale"].pk] = scale
    if text:
        answers[q["text"].pk] = text
    if fields:
        answers[q["matrix_field"].pk] = fields
    services.submit_response(
        actor=None, survey=survey, answers=answers, session_key=f"s{n}", sector="economy"
    )


def fill(survey):
    answer(survey, 1, multiple=["Termin", "Rufbus"], scale=1, fields={"mobility": (0, 5)})
    answer(survey, 2, multiple=["Termin"], scale=2, text="Mehr WLAN", fields={"mobility": (1, 5)})
    answer(survey, 3, single="Vor Ort", scale=5, fields={"mobility": (None, 2)})
    answer(survey, 4, single="Vor Ort", scale=5, text="Du Idiot")
    answer(survey, 5, single="Egal")


def url(survey, suffix="ergebnisse/"):
    return f"/agenden/{survey.agenda.slug}/beteiligung/umfragen/{survey.pk}/{suffix}"


def test_results_maths(survey):
    fill(survey)
    survey = queries.survey_of(survey.agenda, survey.pk)
    results = queries.survey_results(survey)
    assert results.responses == 5 and results.shown
    by_kind = {r.question.kind: r for r in results.questions}
    single = by_kind["single"]
    assert [(c.choice.text, c.count) for c in single.choices] == [
        ("Online", 2),
        ("Vor Ort", 2),
        ("Egal", 1),
    ]
    assert single.answered == 5 and single.choices[0].share == pytest.approx(0.4)
    multiple = by_kind["multiple"]
    assert multiple.answered == 2
    assert [(c.choice.text, c.count, c.share) for c in multiple.choices] == [
        ("Termin", 2, 1.0),
        ("Rufbus", 1, 0.5),
        ("Onleihe", 0, 0.0),
    ]
    scale = by_kind["scale"].scale
    assert scale.n == 4 and scale.mean == pytest.approx(3.25) and scale.median == 3.5
    assert scale.distribution == [(1, 1), (2, 1), (3, 0), (4, 0), (5, 2)]
    [mobility] = by_kind["matrix_field"].fields
    assert (mobility.key, mobility.n, mobility.perceived_n) == ("mobility", 3, 2)
    assert mobility.perceived == pytest.approx(0.5) and mobility.importance == pytest.approx(4)
    assert mobility.name == "Mobilität" or mobility.name  # the field's name, not its key
    assert {a.text for a in by_kind["text"].texts} == {"Mehr WLAN", "Du Idiot"}
    assert results.by_sector == [("Wirtschaft", 5)]
    for result in results.questions:
        if result.question.kind != "text":
            assert result.chart is not None and "<svg" in str(result.chart.svg)


def test_no_figures_below_five_responses_for_the_public(client, survey, team, login, no_staff_mfa):
    for n in range(4):
        answer(survey, n, scale=3)
    html = client.get(url(survey)).content.decode()
    assert "sobald mindestens 5 Personen" in html and "chart-figure" not in html
    staff = login(team.editor).get(url(survey)).content.decode()
    assert "chart-figure" in staff and "Nur für Sie sichtbar" in staff
    answer(survey, 9, scale=3)
    client.logout()
    assert "chart-figure" in client.get(url(survey)).content.decode()


def test_moderation_hides_a_free_text_answer(client, survey, team, login, no_staff_mfa):
    fill(survey)
    insult = Answer.objects.get(text="Du Idiot")
    moderator = login(team.moderator)
    response = moderator.post(url(survey, f"antworten/{insult.pk}/ausblenden/"), {"hidden": "1"})
    assert response.status_code == 302
    client.logout()
    html = client.get(url(survey)).content.decode()
    assert "Mehr WLAN" in html and "Du Idiot" not in html
    # a participant cannot hide anything
    from tests.participation_factories import participant

    other = login(participant(team.agenda))
    wlan = Answer.objects.get(text="Mehr WLAN")
    assert (
        other.post(url(survey, f"antworten/{wlan.pk}/ausblenden/"), {"hidden": "1"}).status_code
        == 403
    )
    assert Answer.objects.get(pk=wlan.pk).hidden is None


def test_answer_of_another_survey_is_not_found(survey, team, login, no_staff_mfa):
    fill(survey)
    other = full_survey(team.agenda, title="Andere")
    wlan = Answer.objects.get(text="Mehr WLAN")
    response = login(team.moderator).post(
        url(other, f"antworten/{wlan.pk}/ausblenden/"), {"hidden": "1"}
    )
    assert response.status_code == 404


def _anonymous_queries(path):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as run:
        response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode(), len(run)


def test_results_page_query_count_is_fixed(survey, team, no_staff_mfa):
    fill(survey)
    _html, few = _anonymous_queries(url(survey))
    _html, staff_few = get_counting_queries(team.moderator, url(survey))
    for n in range(10, 40):
        answer(
            survey, n, multiple=["Onleihe"], scale=4, text=f"Text {n}", fields={"energy": (2, 3)}
        )
    html, many = _anonymous_queries(url(survey))
    assert "Text 39" in html
    assert few == many
    assert many <= 40  # incl. session, agenda, and one cache read per chart (database cache)
    _html, staff_many = get_counting_queries(team.moderator, url(survey))
    assert staff_few == staff_many


def test_list_shows_open_and_answered_surveys_to_the_public(client, survey, team):
    closed = full_survey(team.agenda, title="Noch in Arbeit", is_open=False)
    html = client.get(f"/agenden/{team.agenda.slug}/beteiligung/umfragen/").content.decode()
    assert survey.title in html and closed.title not in html
    assert Survey.objects.count() == 2
