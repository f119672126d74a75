"""Answering a survey: every question type is checked on the server; bad input is a clear
message at its question and nothing is stored; one response per person."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from regioagenda.participation.models import Answer, Response, Survey
from regioagenda.participation.services import surveys as services
from tests.factories import AgendaFactory
from tests.matrix_factories import build_framework
from tests.participation_factories import participant
from tests.survey_factories import full_survey, post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(team):
    build_framework()
    return full_survey(team.agenda)


def url(survey, suffix=""):
    return f"/agenden/{survey.agenda.slug}/beteiligung/umfragen/{survey.pk}/{suffix}"


def good(survey, overrides=None):
    q = survey.q
    answers = {
        q["single"].pk: survey.c["Vor Ort"].pk,
        q["multiple"].pk: [survey.c["Termin"].pk],
        q["scale"].pk: 3,
        q["text"].pk: "Mehr WLAN",
        q["matrix_field"].pk: {"mobility": (2, 4), "energy": (None, 3)},
    }
    answers.update(overrides or {})
    return answers


def nothing_stored():
    return not Response.objects.exists() and not Answer.objects.exists()


def test_anonymous_visitor_answers_every_type_once(client, survey):
    page = client.get(url(survey))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="kern-fieldset survey-field"') == 16  # one per matrix field
    assert 'name="homepage"' in html  # the honeypot
    posted = client.post(url(survey), post_data(survey))
    assert posted.status_code == 200 and "Vielen Dank" in posted.content.decode()
    response = Response.objects.get()
    assert response.user is None and response.sector == "economy"
    rows = {
        (a.question.kind, a.choice_id, a.number, a.text, a.field_key, a.perceived, a.importance)
        for a in response.answers.all()
    }
    assert rows == {
        ("single", survey.c["Online"].pk, None, "", "", None, None),
        ("multiple", survey.c["Termin"].pk, None, "", "", None, None),
        ("multiple", survey.c["Rufbus"].pk, None, "", "", None, None),
        ("scale", None, 4, "", "", None, None),
        ("text", None, None, "Schnelles Internet in den Ortsteilen", "", None, None),
        ("matrix_field", None, None, "", "mobility", 1, 5),
    }
    assert Survey.objects.get(pk=survey.pk).response_count == 1
    # the same browser is thanked, not asked again, and a second post stores nothing
    assert "bereits teilgenommen" in client.get(url(survey)).content.decode()
    client.post(url(survey), post_data(survey))
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("scale", "²", "Wert von 1 bis 5"),
        ("scale", "9", "Wert von 1 bis 5"),
        ("single", "999999", "angebotenen Antworten"),
        ("text", "x" * 1_000_000, "höchstens 5000 Zeichen"),
    ],
)
def test_bad_form_input_is_a_message_at_the_question(client, survey, field, value, message):
    data = post_data(survey, **{f"q{survey.q[field].pk}": value})
    response = client.post(url(survey), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_stored()


def test_a_choice_of_another_question_is_refused(client, survey):
    data = post_data(survey, **{f"q{survey.q['single'].pk}": str(survey.c["Rufbus"].pk)})
    assert client.post(url(survey), data).status_code == 400
    assert nothing_stored()


def test_missing_required_answer_says_so_at_the_question(client, survey):
    data = post_data(survey)
    del data[f"q{survey.q['single'].pk}"]
    response = client.post(url(survey), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte beantworten Sie diese Frage." in html
    assert 'name="homepage"' in html  # the form is shown again
    assert nothing_stored()


def test_honeypot_refuses_bots(client, survey):
    response = client.post(url(survey), post_data(survey, homepage="http://spam.example"))
    assert response.status_code == 400
    assert "automatisch ausgefüllt" in response.content.decode()
    assert nothing_stored()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"single": "2"}, "angebotenen Antworten"),  # a string, not a choice id
        ({"single": True}, "angebotenen Antworten"),
        ({"multiple": [10**9]}, "angebotenen Antworten"),
        ({"multiple": "Termin"}, "angebotenen Antworten"),
        ({"scale": 0}, "Wert von 1 bis 5"),
        ({"scale": 2.5}, "Wert von 1 bis 5"),
        ({"text": "x" * 5001}, "höchstens 5000 Zeichen"),
        ({"text": 5}, "einen Text"),
        ({"matrix_field": {"mobility": (5, None)}}, "zwischen 0 und 4"),
        ({"matrix_field": {"mobility": (None, 6)}}, "zwischen 1 und 5"),
        ({"matrix_field": {"unknown": (1, 1)}}, "gehört nicht zu dieser Umfrage"),
        ({"matrix_field": [1, 2]}, "Handlungsfelder ein"),
        ({"single": None}, "Bitte beantworten Sie diese Frage."),
    ],
)
def test_the_service_checks_every_answer(survey, overrides, message):
    answers = good(survey, {survey.q[k].pk: v for k, v in overrides.items()})
    with pytest.raises(ValidationError, match=message) as refused:
        services.submit_response(actor=None, survey=survey, answers=answers, session_key="s")
    assert set(refused.value.message_dict) == {f"q{survey.q[k].pk}" for k in overrides}
    assert nothing_stored()


def test_a_question_of_another_survey_is_refused(survey, team):
    other = full_survey(team.agenda, title="Andere")
    answers = {**good(survey), other.q["scale"].pk: 3}
    with pytest.raises(ValidationError, match="passen nicht zu dieser Umfrage"):
        services.submit_response(actor=None, survey=survey, answers=answers, session_key="s")
    assert nothing_stored()


def test_an_unknown_sector_is_refused(survey):
    with pytest.raises(ValidationError, match="Bereich"):
        services.submit_response(
            actor=None, survey=survey, answers=good(survey), sector="mars", session_key="s"
        )
    assert nothing_stored()


def test_one_response_per_account_in_any_browser(survey, team, login):
    person = participant(team.agenda)
    services.submit_response(actor=person, survey=survey, answers=good(survey))
    with pytest.raises(ValidationError, match="bereits teilgenommen"):
        services.submit_response(
            actor=person, survey=survey, answers=good(survey), session_key="other"
        )
    html = login(person).get(url(survey)).content.decode()
    assert "bereits teilgenommen" in html
    assert Response.objects.get().user == person


def test_account_required_refuses_anonymous_and_unverified(client, team, login):
    build_framework()
    survey = full_survey(team.agenda, anonymous_allowed=False)
    page = client.get(url(survey)).content.decode()
    assert "Bitte melden Sie sich an" in page and 'name="homepage"' not in page
    assert client.post(url(survey), post_data(survey)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.submit_response(actor=team.outsider, survey=survey, answers=good(survey))
    person = participant(team.agenda)
    services.submit_response(actor=person, survey=survey, answers=good(survey))
    assert Response.objects.get().user == person


def test_closed_or_out_of_dates_survey_is_refused(client, survey):
    import datetime

    from django.utils import timezone

    Survey.objects.filter(pk=survey.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    survey.refresh_from_db()
    assert "nicht (mehr) geöffnet" in client.get(url(survey)).content.decode()
    assert client.post(url(survey), post_data(survey)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.submit_response(actor=None, survey=survey, answers=good(survey), session_key="s")
    assert nothing_stored()


def test_a_blocked_account_may_not_answer(survey, team):
    from regioagenda.accounts.models import AgendaBlock

    person = participant(team.agenda)
    AgendaBlock.objects.create(user=person, agenda=team.agenda, reason="Beleidigungen")
    with pytest.raises(PermissionDenied, match="gesperrt"):
        services.submit_response(actor=person, survey=survey, answers=good(survey))
    assert nothing_stored()


def test_survey_of_another_agenda_is_not_found(client, survey):
    other = AgendaFactory(is_public=True)
    response = client.get(f"/agenden/{other.slug}/beteiligung/umfragen/{survey.pk}/")
    assert response.status_code == 404
    response = client.get(f"/agenden/{other.slug}/beteiligung/umfragen/{survey.pk}/ergebnisse/")
    assert response.status_code == 404


def test_private_agenda_survey_is_hidden_from_the_public(client, survey, team):
    team.agenda.is_public = False
    team.agenda.save()
    assert client.get(url(survey)).status_code == 403
