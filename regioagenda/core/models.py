"""Shared records: the progress of long-running jobs."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Wartet")
    RUNNING = "running", _("Läuft")
    SUCCEEDED = "succeeded", _("Fertig")
    FAILED = "failed", _("Fehlgeschlagen")


class Job(models.Model):
    """A long piece of work that runs in the task worker and reports its progress here.

    The task backend keeps its own result rows; this record is what people see: a label, a
    percentage, a message in their language and, on failure, a reason they can act on.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=80)
    label = models.CharField(_("Aufgabe"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=20, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Hintergrundaufgabe")
        verbose_name_plural = _("Hintergrundaufgaben")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="job_progress_max_100"
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.get_state_display()})"

    @property
    def is_finished(self):
        return self.state in (JobState.SUCCEEDED, JobState.FAILED)


class StagedImport(models.Model):
    """A checked upload (or its plan) waiting between an import's preview and its confirmation.

    Kept in the database so every web worker finds it; the user holds only a random token, of
    which only a hash is stored here. Read and written through ``core.staging`` only.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The agenda's id, not a foreign key: core sits below regions (docs/architecture.md).
    agenda_id = models.BigIntegerField(db_index=True)
    kind = models.CharField(max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    payload = models.BinaryField(blank=True, default=b"")
    data = models.JSONField(default=dict, blank=True)
    # Set when a newer preview of the same user, agenda and kind took its place.
    replaced = models.BooleanField(default=False)
    created = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("Vorgemerkter Import")
        verbose_name_plural = _("Vorgemerkte Importe")
        indexes = [models.Index(fields=["user", "agenda_id", "kind"], name="core_staged_owner_idx")]

    def __str__(self):
        return f"{self.kind} ({self.created:%Y-%m-%d %H:%M})"


class SubmissionToken(models.Model):
    """A form token that has been used (``core.once``): the second identical submission of a
    creating form finds it and is sent to what the first one created. Only a SHA-256 hash of the
    token is stored."""

    key = models.CharField(max_length=64)
    kind = models.CharField(max_length=80)  # what the form creates, e.g. "actors.thread"
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)  # of what it created
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Verwendetes Formular")
        verbose_name_plural = _("Verwendete Formulare")
        constraints = [
            models.UniqueConstraint(fields=["key"], name="submissiontoken_key_unique"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
