"""Surveys: one engine for every questionnaire of the process, including the matrix's public
self-assessment (a survey of kind "self-assessment" linked to its assessment round).

A response is one person (account) or one browser (session) per survey, kept only as a hash;
answers are one row per question, and per chosen choice or per matrix field.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regioagenda.matrix.models import IMPORTANCE_MAX, IMPORTANCE_MIN, LEVEL_MAX, LEVEL_MIN
from regioagenda.regions import process

TITLE_MAX_LENGTH = 200
INTRO_MAX_LENGTH = 20_000
QUESTION_MAX_LENGTH = 500
HELP_MAX_LENGTH = 1000
CHOICE_MAX_LENGTH = 200
TEXT_ANSWER_MAX_LENGTH = 5000
MAX_QUESTIONS = 60
MAX_CHOICES = 30
SCALE_LIMIT = 10  # a scale runs within 0..10
PERCEIVED_MIN, PERCEIVED_MAX = LEVEL_MIN, LEVEL_MAX


class SurveyKind(models.TextChoices):
    GENERAL = "general", _("Umfrage")
    SELF_ASSESSMENT = "self_assessment", _("Öffentliche Selbsteinschätzung")


class Survey(models.Model):
    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="surveys")
    step = models.CharField(_("Prozessschritt"), max_length=30, choices=process.STEP_CHOICES)
    kind = models.CharField(
        _("Art"), max_length=20, choices=SurveyKind.choices, default=SurveyKind.GENERAL
    )
    title = models.CharField(_("Titel"), max_length=TITLE_MAX_LENGTH)
    intro = models.TextField(_("Einleitung"), blank=True, max_length=INTRO_MAX_LENGTH)  # sanitised
    anonymous_allowed = models.BooleanField(
        _("Teilnahme ohne Konto"),
        default=True,
        help_text=_(
            "Ohne Konto zählt eine Antwort je Browser, mit einer Obergrenze je Internetanschluss "
            "und Stunde. Sonst antworten angemeldete Personen mit bestätigter E-Mail-Adresse."
        ),
    )
    is_open = models.BooleanField(_("geöffnet"), default=False)
    opens_at = models.DateTimeField(_("Beginn"), null=True, blank=True)
    closes_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    # The self-assessment of one assessment round; its results stand beside the expert values.
    assessment_round = models.ForeignKey(
        "matrix.AssessmentRound",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Kept exact by the service in the same transaction as the response row.
    response_count = models.PositiveIntegerField(default=0)
    # Anonymous answers refused by the limit per address, and how often one address hit it.
    refused = models.PositiveIntegerField(_("Abgewiesene Antworten"), default=0)
    bursts = models.PositiveIntegerField(_("Gemeldete Häufungen"), default=0)
    is_example = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Umfrage")
        verbose_name_plural = _("Umfragen")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment_round"],
                condition=models.Q(assessment_round__isnull=False),
                name="survey_one_per_round",
            ),
        ]
        indexes = [models.Index(fields=["agenda", "step"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("participation:survey", args=[self.agenda.slug, self.pk])

    @property
    def is_running(self) -> bool:
        """Open by the switch and within its dates, if any."""
        now = timezone.now()
        if not self.is_open:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Einfachauswahl")
    MULTIPLE = "multiple", _("Mehrfachauswahl")
    SCALE = "scale", _("Skala")
    TEXT = "text", _("Freitext")
    MATRIX_FIELD = "matrix_field", _("Handlungsfelder der Matrix")


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("Fragetyp"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("Frage"), max_length=QUESTION_MAX_LENGTH)
    help = models.CharField(_("Hinweis"), max_length=HELP_MAX_LENGTH, blank=True)
    required = models.BooleanField(_("Pflichtfrage"), default=False)
    scale_min = models.SmallIntegerField(_("Skala von"), default=1)
    scale_max = models.SmallIntegerField(_("Skala bis"), default=5)
    scale_min_label = models.CharField(_("Beschriftung links"), max_length=60, blank=True)
    scale_max_label = models.CharField(_("Beschriftung rechts"), max_length=60, blank=True)
    # Matrix-field questions: ask the perceived level too, or only the importance.
    ask_perceived = models.BooleanField(_("auch nach dem erlebten Stand fragen"), default=True)

    class Meta:
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        ordering = ["survey", "position", "pk"]

    def __str__(self):
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("Antwortmöglichkeit"), max_length=CHOICE_MAX_LENGTH)

    class Meta:
        ordering = ["question", "position", "pk"]

    def __str__(self):
        return self.text


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # A hash of the account or the session: one response per person, no personal data kept.
    respondent = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An ``actors.models.Sector`` value the person chose, or "".
    sector = models.CharField(_("Bereich"), max_length=30, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    is_example = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Antwortbogen")
        verbose_name_plural = _("Antwortbögen")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent"], name="response_unique"),
        ]

    def __str__(self):
        return f"{self.survey_id}: {self.respondent[:8]}"


class Answer(models.Model):
    """One answer: a chosen choice (one row per choice), a number, a text, or one matrix field's
    perceived level and importance."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=TEXT_ANSWER_MAX_LENGTH)  # plain text
    field_key = models.SlugField(max_length=40, blank=True)
    perceived = models.PositiveSmallIntegerField(null=True, blank=True)
    importance = models.PositiveSmallIntegerField(null=True, blank=True)
    # Free text hidden by the moderation: left out of the public results, kept in exports.
    hidden = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["response", "question", "pk"]
        indexes = [models.Index(fields=["question", "choice"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(perceived__isnull=True)
                | models.Q(perceived__gte=PERCEIVED_MIN, perceived__lte=PERCEIVED_MAX),
                name="answer_perceived_range",
            ),
            models.CheckConstraint(
                condition=models.Q(importance__isnull=True)
                | models.Q(importance__gte=IMPORTANCE_MIN, importance__lte=IMPORTANCE_MAX),
                name="answer_importance_range",
            ),
        ]

    def __str__(self):
        return f"{self.response_id}/{self.question_id}"
