"""The move of the matrix's public self-assessment onto the survey engine: the data migration
copies every round's responses and answers (keys, users, times, example flags, counters), and
the matrix page shows the results through the registry."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from regioagenda.matrix.queries.overview import matrix_overview
from regioagenda.participation.models import Answer, Response, Survey
from regioagenda.participation.services import surveys as services

BEFORE = [("participation", "0001_initial"), ("matrix", "0006_pending_rater_invitation")]
AFTER = [("matrix", "0007_self_assessment_moved")]  # after the copy, the old tables removed


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_copies_every_response_and_answer():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Agenda = old.get_model("regions", "Agenda")
    Region = old.get_model("regions", "Region")
    Version = old.get_model("matrix", "FrameworkVersion")
    Field = old.get_model("matrix", "MatrixField")
    Round = old.get_model("matrix", "AssessmentRound")
    SurveyResponse = old.get_model("matrix", "SurveyResponse")
    SurveyAnswer = old.get_model("matrix", "SurveyAnswer")
    User = old.get_model("accounts", "User")

    region = Region.objects.create(
        name="Landkreis Alt", ags="09999", level="kreis", kind="landkreis"
    )
    agenda = Agenda.objects.create(
        region=region, title="Alte Agenda", slug="alt", is_public=True, horizon_year=2030
    )
    version = Version.objects.create(slug="smart-region-matrix", version="1", is_active=True)
    mobility = Field.objects.create(version=version, key="mobility", order=1, name_de="Mobilität")
    energy = Field.objects.create(version=version, key="energy", order=2, name_de="Energie")
    answered = Round.objects.create(
        agenda=agenda,
        version=version,
        title="Erstbewertung",
        survey_open=False,
        survey_refused=7,
        survey_bursts=2,
        is_example=True,
    )
    open_only = Round.objects.create(
        agenda=agenda, version=version, title="Offen", survey_open=True
    )
    Round.objects.create(agenda=agenda, version=version, title="Ohne Umfrage")
    user = User.objects.create(email="anna@example.org")
    then = timezone.now() - datetime.timedelta(days=30)
    first = SurveyResponse.objects.create(round=answered, respondent="a" * 64, user=user)
    SurveyResponse.objects.filter(pk=first.pk).update(created=then)
    second = SurveyResponse.objects.create(round=answered, respondent="b" * 64, is_example=True)
    SurveyAnswer.objects.create(response=first, field=mobility, perceived=1, importance=5)
    SurveyAnswer.objects.create(response=first, field=energy, perceived=None, importance=3)
    SurveyAnswer.objects.create(response=second, field=mobility, perceived=3, importance=None)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    NewSurvey = new.get_model("participation", "Survey")
    NewResponse = new.get_model("participation", "Response")
    NewAnswer = new.get_model("participation", "Answer")

    assert NewSurvey.objects.count() == 2  # the round without answers or open survey has none
    moved = NewSurvey.objects.get(assessment_round_id=answered.pk)
    assert (moved.kind, moved.agenda_id, moved.is_open, moved.response_count) == (
        "self_assessment",
        agenda.pk,
        False,
        2,
    )
    assert (moved.refused, moved.bursts, moved.is_example) == (7, 2, True)
    assert NewSurvey.objects.get(assessment_round_id=open_only.pk).is_open
    responses = {r.respondent: r for r in NewResponse.objects.filter(survey=moved)}
    assert set(responses) == {"a" * 64, "b" * 64}
    assert responses["a" * 64].user_id == user.pk
    assert abs((responses["a" * 64].created - then).total_seconds()) < 1
    assert responses["b" * 64].is_example and not responses["a" * 64].is_example
    rows = {
        (a.response.respondent[0], a.field_key, a.perceived, a.importance, a.question.kind)
        for a in NewAnswer.objects.select_related("response", "question")
    }
    assert rows == {
        ("a", "mobility", 1, 5, "matrix_field"),
        ("a", "energy", None, 3, "matrix_field"),
        ("b", "mobility", 3, None, "matrix_field"),
    }
    assert "matrix_surveyresponse" not in connection.introspection.table_names()
    # and back, so the migration can be reversed without losing answers
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    back = executor.loader.project_state(BEFORE).apps
    assert back.get_model("matrix", "SurveyAnswer").objects.count() == 3
    assert back.get_model("matrix", "AssessmentRound").objects.get(pk=open_only.pk).survey_open
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_matrix_page_shows_the_self_assessment_beside_the_experts(client, assessed):
    survey = services.self_assessment_for_round(
        actor=assessed.team.coordinator, assessment_round=assessed.round
    )
    services.set_survey_open(actor=assessed.team.coordinator, survey=survey, is_open=True)
    question = survey.questions.get()
    for n, (perceived, importance) in enumerate([(0, 5), (1, 5), (None, 2)]):
        services.submit_response(
            actor=None,
            survey=survey,
            session_key=f"s{n}",
            answers={question.pk: {"mobility": (perceived, importance)}},
        )
    overview = matrix_overview(assessed.agenda)
    mobility = overview.row("mobility")
    assert mobility.survey["perceived"] == 0.5
    assert mobility.survey["importance"] == 4
    assert mobility.survey["answers"] == 3
    assert overview.survey_responses == 3
    assert mobility.ist == 1  # the experts' values are untouched
    html = client.get(f"/agenden/{assessed.agenda.slug}/matrix/").content.decode()
    assert "Öffentliche Selbsteinschätzung" in html and "3 Antworten" in html
    assert Response.objects.count() == 3 and Answer.objects.count() == 3
    assert Survey.objects.get().assessment_round == assessed.round


@pytest.mark.django_db
def test_respondents_before_the_move_are_still_recognised(assessed):
    """The self-assessment's keys hash the round as the matrix's did, so a person who answered
    the old survey is thanked, not asked again."""
    import hashlib

    survey = services.self_assessment_for_round(
        actor=assessed.team.coordinator, assessment_round=assessed.round
    )
    old_key = hashlib.sha256(f"{assessed.round.pk}:session:abc".encode()).hexdigest()
    Response.objects.create(survey=survey, respondent=old_key)
    assert services.has_answered(survey=survey, session_key="abc")
