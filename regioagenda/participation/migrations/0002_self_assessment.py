"""One survey engine: the matrix's public self-assessment moves onto participation's surveys.

Every assessment round that has answers or an open self-assessment gets one Survey of kind
"self_assessment" with one matrix-field question, linked to the round; every response and
answer is copied (respondent keys, users, times and example flags kept, so people who answered
are still recognised). The matrix migration that follows removes the old tables.
"""

from django.db import migrations
from django.db.models import Q

BATCH = 2000

TITLE = "Öffentliche Selbsteinschätzung: %s"
INTRO = (
    "<p>Wie erleben Sie die Digitalisierung in der Region? Ihre Einschätzung steht auf der Seite "
    "der Smart-Region-Matrix neben der Einschätzung der Fachleute. Die Teilnahme ist anonym und "
    "dauert etwa fünf Minuten.</p>"
)
QUESTION = "Wie erleben Sie die Digitalisierung in unserer Region?"
HELP = (
    "Schätzen Sie je Handlungsfeld ein, wie weit die Region heute ist (0 bis 4) und wie wichtig "
    "Ihnen das Feld ist (1 bis 5). „Weiß nicht“ ist eine gute Antwort."
)


def copy_self_assessments(apps, schema_editor):
    AssessmentRound = apps.get_model("matrix", "AssessmentRound")
    SurveyResponse = apps.get_model("matrix", "SurveyResponse")
    SurveyAnswer = apps.get_model("matrix", "SurveyAnswer")
    Survey = apps.get_model("participation", "Survey")
    Question = apps.get_model("participation", "Question")
    Response = apps.get_model("participation", "Response")
    Answer = apps.get_model("participation", "Answer")

    rounds = (
        AssessmentRound.objects.filter(
            Q(survey_open=True) | Q(pk__in=SurveyResponse.objects.values("round_id"))
        )
        .order_by("pk")
    )
    for assessment_round in rounds:
        if Survey.objects.filter(assessment_round_id=assessment_round.pk).exists():
            continue  # already moved (idempotent)
        old_responses = list(SurveyResponse.objects.filter(round=assessment_round).order_by("pk"))
        survey = Survey.objects.create(
            agenda_id=assessment_round.agenda_id,
            step="assessment",
            kind="self_assessment",
            title=(TITLE % assessment_round.title)[:200],
            intro=INTRO,
            anonymous_allowed=True,
            is_open=assessment_round.survey_open,
            assessment_round_id=assessment_round.pk,
            created_by_id=assessment_round.created_by_id,
            response_count=len(old_responses),
            refused=assessment_round.survey_refused,
            bursts=assessment_round.survey_bursts,
            is_example=assessment_round.is_example,
        )
        question = Question.objects.create(
            survey=survey, position=1, kind="matrix_field", text=QUESTION, help=HELP, required=True
        )
        new_by_old = {}
        for start in range(0, len(old_responses), BATCH):
            chunk = old_responses[start : start + BATCH]
            created = Response.objects.bulk_create(
                Response(
                    survey=survey,
                    respondent=old.respondent,
                    user_id=old.user_id,
                    created=old.created,
                    is_example=old.is_example,
                )
                for old in chunk
            )
            if any(r.pk is None for r in created):  # a backend without RETURNING
                keys = {r.respondent: r.pk for r in Response.objects.filter(survey=survey)}
                for r in created:
                    r.pk = keys[r.respondent]
            new_by_old.update({old.pk: new.pk for old, new in zip(chunk, created, strict=True)})
        answers = (
            SurveyAnswer.objects.filter(response__round=assessment_round)
            .order_by("pk")
            .values_list("response_id", "field__key", "perceived", "importance")
        )
        batch = []
        for response_id, key, perceived, importance in answers.iterator(chunk_size=BATCH):
            batch.append(
                Answer(
                    response_id=new_by_old[response_id],
                    question=question,
                    field_key=key,
                    perceived=perceived,
                    importance=importance,
                )
            )
            if len(batch) >= BATCH:
                Answer.objects.bulk_create(batch)
                batch = []
        if batch:
            Answer.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    """Reverse: the self-assessments back into the matrix's tables (recreated by then)."""
    AssessmentRound = apps.get_model("matrix", "AssessmentRound")
    MatrixField = apps.get_model("matrix", "MatrixField")
    SurveyResponse = apps.get_model("matrix", "SurveyResponse")
    SurveyAnswer = apps.get_model("matrix", "SurveyAnswer")
    Survey = apps.get_model("participation", "Survey")
    Response = apps.get_model("participation", "Response")
    Answer = apps.get_model("participation", "Answer")

    for survey in Survey.objects.filter(
        kind="self_assessment", assessment_round__isnull=False
    ).order_by("pk"):
        assessment_round = AssessmentRound.objects.get(pk=survey.assessment_round_id)
        AssessmentRound.objects.filter(pk=assessment_round.pk).update(
            survey_open=survey.is_open, survey_refused=survey.refused, survey_bursts=survey.bursts
        )
        fields = {
            f.key: f.pk for f in MatrixField.objects.filter(version_id=assessment_round.version_id)
        }
        for response in Response.objects.filter(survey=survey).order_by("pk"):
            if SurveyResponse.objects.filter(
                round_id=assessment_round.pk, respondent=response.respondent
            ).exists():
                continue
            old = SurveyResponse.objects.create(
                round_id=assessment_round.pk,
                respondent=response.respondent,
                user_id=response.user_id,
                is_example=response.is_example,
            )
            SurveyResponse.objects.filter(pk=old.pk).update(created=response.created)
            SurveyAnswer.objects.bulk_create(
                SurveyAnswer(
                    response=old,
                    field_id=fields[a.field_key],
                    perceived=a.perceived,
                    importance=a.importance,
                )
                for a in Answer.objects.filter(response=response).exclude(field_key="")
                if a.field_key in fields
            )
        survey.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("matrix", "0006_pending_rater_invitation"),
    ]

    operations = [migrations.RunPython(copy_self_assessments, copy_back)]
