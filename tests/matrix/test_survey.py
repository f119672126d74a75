"""The public self-assessment: anyone may answer once per round; kept apart from expert ratings."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from regioagenda.matrix.models import (
    AssessmentRound,
    Rating,
    RoundStatus,
    SurveyAnswer,
    SurveyResponse,
)
from regioagenda.matrix.queries.survey import survey_summary
from regioagenda.matrix.services import survey as services
from tests.factories import AgendaFactory
from tests.matrix_factories import build_framework


@pytest.fixture
def survey_round(team):
    version = build_framework()
    return AssessmentRound.objects.create(
        agenda=team.agenda,
        version=version,
        title="Erstbewertung",
        status=RoundStatus.OPEN,
        survey_open=True,
    )


def url(assessment_round):
    return f"/agenden/{assessment_round.agenda.slug}/matrix/runden/{assessment_round.pk}/umfrage/"


def fields(assessment_round):
    return {f.key: f for f in assessment_round.version.fields.all()}


@pytest.mark.django_db
def test_anonymous_visitor_answers_once(client, survey_round):
    response = client.get(url(survey_round))
    assert response.status_code == 200
    assert "Wie digital ist unsere Region?" in response.content.decode()
    assert response.content.decode().count('<fieldset class="kern-fieldset survey-field"') == 16

    posted = client.post(
        url(survey_round),
        {"perceived_mobility": "1", "importance_mobility": "5", "perceived_energy": ""},
    )
    assert "Vielen Dank" in posted.content.decode()
    answers = SurveyAnswer.objects.filter(response__round=survey_round)
    assert [(a.field.key, a.perceived, a.importance) for a in answers] == [("mobility", 1, 5)]

    again = client.get(url(survey_round))
    assert "Vielen Dank" in again.content.decode()  # the same browser is not asked twice
    client.post(url(survey_round), {"perceived_mobility": "4"})
    assert SurveyAnswer.objects.filter(response__round=survey_round).count() == 1


@pytest.mark.django_db
def test_summary_is_kept_apart_from_expert_ratings(survey_round):
    f = fields(survey_round)
    for key, level in [("a", 1), ("b", 3), ("c", None)]:
        services.submit_survey(
            actor=None,
            assessment_round=survey_round,
            answers={f["mobility"]: (level, 4)},
            session_key=key,
        )
    summary = survey_summary(survey_round)
    assert summary["mobility"]["answers"] == 3
    assert summary["mobility"]["perceived_n"] == 2
    assert summary["mobility"]["perceived"] == 2
    assert summary["mobility"]["importance"] == 4
    assert not Rating.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ((5, None), "zwischen 0 und 4"),
        ((None, 9), "zwischen 1 und 5"),
        ((None, None), "mindestens ein Handlungsfeld"),
    ],
)
def test_bad_answers_are_refused_and_nothing_stored(survey_round, answer, message):
    with pytest.raises(ValidationError, match=message):
        services.submit_survey(
            actor=None,
            assessment_round=survey_round,
            answers={fields(survey_round)["energy"]: answer},
            session_key="s1",
        )
    assert not SurveyAnswer.objects.exists()
    assert not survey_round.survey_responses.exists()


@pytest.mark.django_db
def test_posting_an_out_of_range_level_shows_a_form_error(client, survey_round):
    response = client.post(url(survey_round), {"perceived_energy": "7"})
    assert response.status_code == 200
    assert "Bitte eine Stufe von 0 bis 4" in response.content.decode()
    assert not SurveyAnswer.objects.exists()


@pytest.mark.django_db
def test_field_of_another_framework_version_is_refused(survey_round):
    other = build_framework()
    foreign = other.fields.get(key="energy")
    with pytest.raises(ValidationError, match="gehört nicht zu dieser Umfrage"):
        services.submit_survey(
            actor=None, assessment_round=survey_round, answers={foreign: (2, 3)}, session_key="s"
        )
    assert not SurveyResponse.objects.exists() and not SurveyAnswer.objects.exists()


@pytest.mark.django_db
def test_closed_survey_is_refused_with_reason(client, survey_round):
    survey_round.survey_open = False
    survey_round.save()
    response = client.get(url(survey_round))
    assert response.status_code == 403
    assert "nicht (mehr) geöffnet" in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.submit_survey(
            actor=None,
            assessment_round=survey_round,
            answers={fields(survey_round)["energy"]: (2, 3)},
            session_key="s",
        )


@pytest.mark.django_db
def test_round_of_another_agenda_is_not_found(client, survey_round):
    other_agenda = AgendaFactory(is_public=True)
    response = client.get(f"/agenden/{other_agenda.slug}/matrix/runden/{survey_round.pk}/umfrage/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_only_coordination_opens_and_closes_the_survey(client, survey_round, team, no_staff_mfa):
    toggle = url(survey_round) + "oeffnen/"
    client.force_login(team.participant)
    assert client.post(toggle, {"open": "0"}).status_code == 403
    survey_round.refresh_from_db()
    assert survey_round.survey_open

    client.force_login(team.coordinator)
    client.post(toggle, {"open": "0"})
    survey_round.refresh_from_db()
    assert not survey_round.survey_open


@pytest.mark.django_db
def test_private_agenda_cannot_open_a_public_survey(survey_round, team):
    survey_round.agenda.is_public = False
    survey_round.agenda.save()
    AssessmentRound.objects.filter(pk=survey_round.pk).update(survey_open=False)
    survey_round.refresh_from_db()
    with pytest.raises(ValidationError, match="öffentliche Agenda"):
        services.set_survey_open(
            actor=team.coordinator, assessment_round=survey_round, is_open=True
        )
    assert not AssessmentRound.objects.get(pk=survey_round.pk).survey_open
