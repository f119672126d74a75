"""The public self-assessment now lives in participation's survey engine
(``participation/migrations/0003_self_assessment`` copied every response and answer, and the
round's open flag and refusal counters): the matrix's own tables and fields go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("matrix", "0006_pending_rater_invitation"),
        ("participation", "0002_self_assessment"),
    ]

    operations = [
        migrations.DeleteModel(name="SurveyAnswer"),
        migrations.DeleteModel(name="SurveyResponse"),
        migrations.RemoveField(model_name="assessmentround", name="survey_bursts"),
        migrations.RemoveField(model_name="assessmentround", name="survey_open"),
        migrations.RemoveField(model_name="assessmentround", name="survey_refused"),
        migrations.RemoveField(model_name="historicalassessmentround", name="survey_bursts"),
        migrations.RemoveField(model_name="historicalassessmentround", name="survey_open"),
        migrations.RemoveField(model_name="historicalassessmentround", name="survey_refused"),
    ]
