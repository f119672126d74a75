"""The survey editor: create, add/reorder/remove questions (htmx), open and close; staff only;
double submits create once; answered questions keep their meaning."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from regioagenda.core.once import new_token
from regioagenda.participation.models import Question, Survey
from regioagenda.participation.services import surveys as services
from regioagenda.regions.models import AuditEvent
from tests.factories import AgendaFactory
from tests.matrix_factories import build_framework
from tests.participation_factories import participant
from tests.survey_factories import full_survey

pytestmark = pytest.mark.django_db

BASE = "/agenden/teamhausen/beteiligung/umfragen/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_editor_creates_a_survey_once_and_adds_questions(team, login, no_staff_mfa):
    client = login(team.editor)
    token = new_token()
    data = {"title": "Mobilität im Alltag", "step": "vision", "anonymous_allowed": "on"}
    first = client.post(BASE + "neu/", {**data, "once": token})
    again = client.post(BASE + "neu/", {**data, "once": token})
    survey = Survey.objects.get()
    manage = f"{BASE}{survey.pk}/bearbeiten/"
    assert first["Location"] == manage and again["Location"] == manage
    assert survey.created_by == team.editor and not survey.is_open
    assert AuditEvent.objects.filter(action="participation.survey_created").count() == 1

    add = f"{BASE}{survey.pk}/fragen/"
    response = client.post(
        add,
        {"kind": "single", "text": "Wie kommen Sie zur Arbeit?", "choices": "Auto\nBus\n\nRad"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="survey-questions"' in html and "<html" not in html  # only the fragment
    assert "Auto, Bus, Rad" in html
    client.post(
        add,
        {"kind": "scale", "text": "Wie zufrieden?", "scale_min": "0", "scale_max": "10"},
        **HTMX,
    )
    client.post(add, {"kind": "text", "text": "Was fehlt?"}, **HTMX)
    texts = list(survey.questions.order_by("position").values_list("text", flat=True))
    assert texts == ["Wie kommen Sie zur Arbeit?", "Wie zufrieden?", "Was fehlt?"]

    last = survey.questions.get(text="Was fehlt?")
    client.post(f"{add}{last.pk}/verschieben/", {"direction": "up"}, **HTMX)
    texts = list(survey.questions.order_by("position").values_list("text", flat=True))
    assert texts == ["Wie kommen Sie zur Arbeit?", "Was fehlt?", "Wie zufrieden?"]

    client.post(f"{add}{last.pk}/entfernen/", **HTMX)
    assert survey.questions.count() == 2

    client.post(f"{BASE}{survey.pk}/oeffnen/", {"open": "1"})
    assert Survey.objects.get(pk=survey.pk).is_open


def test_bad_questions_are_refused_with_messages(team, login, no_staff_mfa):
    survey = full_survey(team.agenda, is_open=False)
    client = login(team.editor)
    add = f"{BASE}{survey.pk}/fragen/"
    response = client.post(add, {"kind": "single", "text": "Nur eine?", "choices": "Ja"}, **HTMX)
    assert response.status_code == 400
    assert "mindestens zwei Antwortmöglichkeiten" in response.content.decode()
    response = client.post(
        add, {"kind": "scale", "text": "Skala", "scale_min": "5", "scale_max": "2"}, **HTMX
    )
    assert "kleineren zu einer größeren Zahl" in response.content.decode()
    response = client.post(add, {"kind": "quiz", "text": "?"}, **HTMX)
    assert response.status_code == 400
    assert survey.questions.count() == 5


def test_answered_questions_keep_their_type_and_choices(team):
    build_framework()
    survey = full_survey(team.agenda)
    single = survey.q["single"]
    services.submit_response(
        actor=None, survey=survey, session_key="s", answers={single.pk: survey.c["Online"].pk}
    )
    data = services.QuestionInput(
        kind="multiple", text=single.text, choices=["Online", "Vor Ort", "Egal"]
    )
    with pytest.raises(ValidationError, match="Fragetyp und Skala bleiben"):
        services.update_question(actor=team.editor, question=single, data=data)
    data = services.QuestionInput(kind="single", text=single.text, choices=["Online", "Egal"])
    with pytest.raises(ValidationError, match="vorhandene"):
        services.update_question(actor=team.editor, question=single, data=data)
    data = services.QuestionInput(
        kind="single", text="Neu formuliert?", choices=["Online", "Vor Ort", "Egal", "Per Post"]
    )
    services.update_question(actor=team.editor, question=single, data=data)
    assert list(single.choices.values_list("text", flat=True)) == [
        "Online",
        "Vor Ort",
        "Egal",
        "Per Post",
    ]
    with pytest.raises(ValidationError, match="schon Antworten"):
        services.remove_question(actor=team.editor, question=single)
    assert Question.objects.filter(pk=single.pk).exists()


def test_only_staff_edits(team, login, client):
    survey = full_survey(team.agenda, is_open=False)
    person = participant(team.agenda)
    with pytest.raises(PermissionDenied):
        services.set_survey_open(actor=person, survey=survey, is_open=True)
    with pytest.raises(PermissionDenied):
        services.add_question(
            actor=person, survey=survey, data=services.QuestionInput(kind="text", text="?")
        )
    browser = login(person)
    assert browser.get(f"{BASE}{survey.pk}/bearbeiten/").status_code == 403
    assert browser.post(f"{BASE}{survey.pk}/oeffnen/", {"open": "1"}).status_code == 403
    assert browser.get(BASE + "neu/").status_code == 403
    assert "Neue Umfrage anlegen" not in browser.get(BASE).content.decode()
    assert not Survey.objects.get(pk=survey.pk).is_open


def test_question_of_another_survey_or_agenda_is_not_found(team, login, no_staff_mfa):
    survey = full_survey(team.agenda, is_open=False)
    other = full_survey(team.agenda, title="Andere", is_open=False)
    client = login(team.editor)
    foreign = other.q["text"].pk
    assert client.post(f"{BASE}{survey.pk}/fragen/{foreign}/entfernen/").status_code == 404
    elsewhere = AgendaFactory(is_public=True)
    assert client.get(
        f"/agenden/{elsewhere.slug}/beteiligung/umfragen/{survey.pk}/bearbeiten/"
    ).status_code in (403, 404)


def test_a_private_agenda_opens_account_only_surveys(team):
    team.agenda.is_public = False
    team.agenda.save()
    survey = full_survey(team.agenda, is_open=False)
    with pytest.raises(ValidationError, match="öffentliche Agenda"):
        services.set_survey_open(actor=team.coordinator, survey=survey, is_open=True)
    Survey.objects.filter(pk=survey.pk).update(anonymous_allowed=False)
    survey.refresh_from_db()
    services.set_survey_open(actor=team.coordinator, survey=survey, is_open=True)
    assert Survey.objects.get(pk=survey.pk).is_open


def test_an_empty_survey_cannot_be_opened(team):
    survey = Survey.objects.create(agenda=team.agenda, step="vision", title="Leer")
    with pytest.raises(ValidationError, match="keine Fragen"):
        services.set_survey_open(actor=team.coordinator, survey=survey, is_open=True)
