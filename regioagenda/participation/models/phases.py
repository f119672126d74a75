"""A process step's participation settings: its planned dates, public text and modules.

The steps themselves are ``regions.process`` and ``regions.AgendaStep`` (state, actual dates,
note); a phase is not a second concept but what participation adds to one step of one agenda.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from regioagenda.regions import process

DESCRIPTION_MAX_LENGTH = 20_000
PLAIN_SUMMARY_MAX_LENGTH = 400
DEFAULT_VOTE_POINTS = 10


class Module(models.TextChoices):
    """What people can do in a step. The order is the order on the process page."""

    EVENTS = "events", _("Veranstaltungen")
    IDEAS = "ideas", _("Ideen")
    PRIORITISATION = "prioritisation", _("Priorisierung")
    SURVEY = "survey", _("Umfrage")
    CONSULTATION = "consultation", _("Konsultation")


class Phase(models.Model):
    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="phases")
    step = models.CharField(_("Prozessschritt"), max_length=30, choices=process.STEP_CHOICES)
    starts_on = models.DateField(_("geplanter Beginn"), null=True, blank=True)
    ends_on = models.DateField(_("geplantes Ende"), null=True, blank=True)
    description = models.TextField(
        _("Beschreibung"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("Öffentlich: worum es in diesem Schritt geht und wie man mitmacht."),
    )  # sanitised HTML (core.html) at write time
    plain_summary = models.CharField(
        _("In einfacher Sprache"),
        max_length=PLAIN_SUMMARY_MAX_LENGTH,
        blank=True,
        help_text=_("Zwei, drei kurze Sätze in einfacher Sprache für die Prozessseite."),
    )
    # The modules this step enables, a list of ``Module`` values.
    modules = models.JSONField(_("Beteiligungsformen"), default=list, blank=True)
    vote_points = models.PositiveSmallIntegerField(
        _("Punkte pro Person"),
        default=DEFAULT_VOTE_POINTS,
        help_text=_("So viele Punkte verteilt jede Person bei der Priorisierung dieses Schritts."),
    )
    # When the step's start was announced to the agenda's followers (once per step).
    start_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Beteiligungsphase")
        verbose_name_plural = _("Beteiligungsphasen")
        constraints = [
            models.UniqueConstraint(fields=["agenda", "step"], name="phase_unique_step"),
        ]

    def __str__(self):
        return f"{self.agenda_id}: {self.get_step_display()}"

    def enables(self, module: str) -> bool:
        return module in (self.modules or [])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Das Ende liegt vor dem Beginn.")})
        unknown = set(self.modules or []) - set(Module.values)
        if unknown:
            raise ValidationError({"modules": _("Unbekannte Beteiligungsform.")})
