"""Events and workshops of the process, their programme, and who registered and came."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from regioagenda.regions import process

DESCRIPTION_MAX_LENGTH = 20_000
MINUTES_MAX_LENGTH = 100_000


class EventKind(models.TextChoices):
    KICKOFF = "kickoff", _("Auftaktveranstaltung")
    WORKSHOP = "workshop", _("Workshop")
    EXPERT_FORUM = "expert_forum", _("Expertenforum")
    CITIZEN_DIALOGUE = "citizen_dialogue", _("Bürgerdialog")
    ONLINE = "online", _("Online-Veranstaltung")


class Event(models.Model):
    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="events")
    step = models.CharField(_("Prozessschritt"), max_length=30, choices=process.STEP_CHOICES)
    kind = models.CharField(_("Art"), max_length=30, choices=EventKind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(
        _("Beschreibung"), blank=True, max_length=DESCRIPTION_MAX_LENGTH
    )  # sanitised HTML
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    address = models.CharField(_("Adresse"), max_length=300, blank=True)
    online_url = models.URLField(_("Link zur Online-Teilnahme"), blank=True)
    accessibility = models.TextField(
        _("Barrierefreiheit"),
        blank=True,
        max_length=2000,
        help_text=_("Stufenloser Zugang, Induktionsschleife, Gebärdensprache, Kinderbetreuung …"),
    )
    capacity = models.PositiveIntegerField(
        _("Plätze"), null=True, blank=True, help_text=_("Leer lassen, wenn unbegrenzt.")
    )
    registration_required = models.BooleanField(_("Anmeldung erforderlich"), default=True)
    registration_deadline = models.DateTimeField(_("Anmeldeschluss"), null=True, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Moderation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes = models.TextField(
        _("Protokoll"), blank=True, max_length=MINUTES_MAX_LENGTH
    )  # sanitised HTML
    minutes_published = models.DateTimeField(null=True, blank=True)
    is_cancelled = models.BooleanField(_("abgesagt"), default=False)
    cancel_reason = models.CharField(_("Grund der Absage"), max_length=500, blank=True)
    # Prepared but not announced yet: only staff see it; the feed and lists leave it out.
    is_draft = models.BooleanField(
        _("Entwurf"),
        default=False,
        help_text=_("Entwürfe sehen nur Koordination, Moderation und Redaktion."),
    )
    # What the event produced: ideas of the agenda (captured there or discussed there).
    result_ideas = models.ManyToManyField(
        "participation.Idea",
        verbose_name=_("Ergebnisse"),
        blank=True,
        related_name="result_of_events",
    )
    # iCalendar: a stable UID and a SEQUENCE that grows with every change people must see.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    confirmed_count = models.PositiveIntegerField(default=0)
    waiting_count = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    is_example = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["agenda", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("participation:event", args=[self.agenda.slug, self.pk])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Das Ende muss nach dem Beginn liegen.")})
        if self.kind == EventKind.ONLINE and not self.online_url:
            raise ValidationError(
                {"online_url": _("Eine Online-Veranstaltung braucht einen Link.")}
            )
        if self.kind != EventKind.ONLINE and not self.place and not self.online_url:
            raise ValidationError({"place": _("Bitte einen Ort oder einen Online-Link angeben.")})


class EventAgendaItem(models.Model):
    """One point of an event's programme (Tagesordnung)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    starts_at = models.TimeField(_("Uhrzeit"), null=True, blank=True)
    title = models.CharField(_("Programmpunkt"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=2000)

    class Meta:
        ordering = ["event", "position", "pk"]

    def __str__(self):
        return self.title


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("angemeldet")
    WAITING = "waiting", _("Warteliste")
    CANCELLED = "cancelled", _("abgemeldet")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    # The part of society the person comes from (``actors.models.Sector`` values), for the
    # attendance statistics; asked at registration, optional.
    sector = models.CharField(_("Bereich"), max_length=30, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # Moving up from the waiting list goes by this time, not by the row id.
    queued_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    reminder_sent = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_unique"),
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self):
        return f"{self.user_id} → {self.event_id} ({self.status})"


class EventAttendance(models.Model):
    """People who came without registration (walk-ins), counted per sector by the organisers."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="walk_ins")
    # An ``actors.models.Sector`` value, or "" for people who did not say.
    sector = models.CharField(_("Bereich"), max_length=30, blank=True)
    count = models.PositiveIntegerField(_("Anzahl"), default=0)

    class Meta:
        verbose_name = _("Teilnahme ohne Anmeldung")
        verbose_name_plural = _("Teilnahmen ohne Anmeldung")
        constraints = [
            models.UniqueConstraint(fields=["event", "sector"], name="event_attendance_unique"),
        ]

    def __str__(self):
        return f"{self.event_id}: {self.sector or '-'} × {self.count}"
