"""The landscape of digitalisation activities: projects, initiatives, networks, funding
programmes, events and labs, at regional, national and international scope."""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from regioagenda.regions.models import Agenda


class ActivityKind(models.TextChoices):
    PROJECT = "project", _("Projekt")
    INITIATIVE = "initiative", _("Initiative")
    NETWORK = "network", _("Netzwerk")
    FUNDING = "funding", _("Förderprogramm")
    EVENT = "event", _("Veranstaltung")
    LAB = "lab", _("Labor / Reallabor")


class ActivityScope(models.TextChoices):
    REGIONAL = "regional", _("regional")
    NATIONAL = "national", _("national")
    INTERNATIONAL = "international", _("international")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    RUNNING = "running", _("laufend")
    COMPLETED = "completed", _("abgeschlossen")


def status_for_dates(
    start: datetime.date | None, end: datetime.date | None, *, today: datetime.date | None = None
) -> str:
    """The status the dates speak for: a start after today is "geplant", an end before today
    "abgeschlossen", anything else "laufend". The default of the form, the service and the demo
    when nobody chose a status."""
    today = today or timezone.localdate()
    if start is not None and start > today:
        return ActivityStatus.PLANNED
    if end is not None and end < today:
        return ActivityStatus.COMPLETED
    return ActivityStatus.RUNNING


class Activity(models.Model):
    """An activity recorded by one agenda. Other agendas that take part link to it
    (``ActivityLink``) instead of recording it again; a duplicate found later is merged into
    the original (``merged_into``), which keeps old links and addresses working."""

    agenda = models.ForeignKey(
        "regions.Agenda", on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("Titel"), max_length=300)
    kind = models.CharField(_("Art"), max_length=20, choices=ActivityKind.choices)
    scope = models.CharField(_("Reichweite"), max_length=20, choices=ActivityScope.choices)
    status = models.CharField(
        _("Status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.RUNNING
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    responsible = models.ForeignKey(
        "actors.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_for",
        verbose_name=_("Verantwortliche Organisation"),
    )
    organisations = models.ManyToManyField(
        "actors.Organisation",
        blank=True,
        related_name="activities",
        verbose_name=_("Beteiligte Organisationen"),
    )
    bodies = models.ManyToManyField(
        "actors.Body", blank=True, related_name="activities", verbose_name=_("Gremien")
    )
    start = models.DateField(_("Beginn"), null=True, blank=True)
    end = models.DateField(_("Ende"), null=True, blank=True)
    url = models.URLField(_("Link"), max_length=500, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    is_example = models.BooleanField(_("Beispieldaten"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # Set by the read paths for a page (``queries.activities``), not stored:
    fields: list[tuple[str, str]]  # (key, name) of its matrix fields
    is_linked: bool  # another agenda's activity the page's agenda links
    owner_visible: bool  # the viewer may see the agenda it belongs to
    link_targets: list["Agenda"]  # the viewer's agendas that could link it
    linked_by_me: list["Agenda"]  # the viewer's agendas that link it

    class Meta:
        verbose_name = _("Aktivität")
        verbose_name_plural = _("Aktivitäten")
        ordering = ["agenda", "title"]
        indexes = [
            models.Index(fields=["agenda", "scope"]),
            models.Index(fields=["merged_into"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="activity_end_after_start",
            ),
        ]

    def __str__(self):
        return self.title


class ActivityField(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="field_links")
    field_key = models.SlugField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "field_key"], name="activityfield_unique"),
        ]
        indexes = [models.Index(fields=["field_key"])]

    def __str__(self):
        return f"{self.activity_id}: {self.field_key}"


class ActivityLink(models.Model):
    """Another agenda takes part in (or builds on) an activity recorded elsewhere."""

    agenda = models.ForeignKey(
        "regions.Agenda", on_delete=models.CASCADE, related_name="linked_activities"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="links")
    note = models.CharField(_("Anmerkung"), max_length=300, blank=True)
    # Set when whoever linked it may manage the activities of the activity's own agenda: that
    # agenda agreed to show it here, so the linking agenda shows it to all its visitors. Without
    # it, the activity is shown only to who may see its own agenda (``queries.shown_links``).
    published = models.BooleanField(_("von der eigenen Agenda freigegeben"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Verknüpfte Aktivität")
        verbose_name_plural = _("Verknüpfte Aktivitäten")
        constraints = [
            models.UniqueConstraint(fields=["agenda", "activity"], name="activitylink_unique"),
        ]

    def __str__(self):
        return f"{self.agenda_id} → {self.activity_id}"
