"""Ideas of participants and workshops, their matrix fields, and supports (one per person).

Counts that lists sort and show (supports, comments) are kept on the idea by the services in
the same transaction as the row they count, so a list of 10,000 ideas never counts rows.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.utils.translation import gettext_lazy as _

from regioagenda.regions import process

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10_000
ANSWER_MAX_LENGTH = 10_000


# The configuration of the full-text search over ideas: German stemming and stop words.
SEARCH_CONFIG = "german"


def search_vector() -> SearchVector:
    """The text an idea is found by. The list's query and the index use this one expression, so
    PostgreSQL answers a search from the GIN index instead of reading every idea."""
    return SearchVector("title", "body", config=SEARCH_CONFIG)


class _NoStatement:
    """What a PostgreSQL-only index runs on another database: nothing of consequence."""

    def __str__(self) -> str:
        return "SELECT 1"


class PostgresOnlyGinIndex(GinIndex):
    """A GIN index that exists on PostgreSQL only. SQLite (development, tests) has no GIN and
    no German stemming; there the list searches with ``icontains`` instead. Kept in the model
    (not in a hand-written migration) so regenerated migrations keep it."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return _NoStatement()
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return _NoStatement()
        return super().remove_sql(model, schema_editor, **kwargs)


class IdeaStatus(models.TextChoices):
    NEW = "new", _("neu")
    REVIEW = "review", _("in Prüfung")
    ACCEPTED = "accepted", _("übernommen")
    MERGED = "merged", _("zusammengeführt")
    REJECTED = "rejected", _("abgelehnt")


class Idea(models.Model):
    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="ideas")
    step = models.CharField(_("Prozessschritt"), max_length=30, choices=process.STEP_CHOICES)
    title = models.CharField(_("Titel"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("Beschreibung"), max_length=BODY_MAX_LENGTH)  # sanitised HTML
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Captured by a moderator at a workshop: the event it came from and who typed it in.
    event = models.ForeignKey(
        "participation.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Later issues turn accepted ideas into projects: a project will point at its ideas (a
    # foreign key on the project's side), so "übernommen" stays an open state, not a dead end.
    # Where it applies: a body of the register (municipality picker), optionally a point.
    place = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.NEW
    )
    answer = models.TextField(_("Antwort"), blank=True, max_length=ANSWER_MAX_LENGTH)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_ideas"
    )
    support_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    hidden = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("Grund"), max_length=300, blank=True)
    is_example = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["agenda", "-created", "-id"], name="idea_newest"),
            models.Index(fields=["agenda", "-support_count", "-id"], name="idea_most_supported"),
            models.Index(fields=["agenda", "-comment_count", "-id"], name="idea_most_discussed"),
            models.Index(fields=["agenda", "status"], name="idea_status"),
            PostgresOnlyGinIndex(search_vector(), name="idea_search_german"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("participation:idea", args=[self.agenda.slug, self.pk])


class IdeaField(models.Model):
    """A matrix field an idea belongs to (keys from the active framework, stored as strings)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="fields")
    field_key = models.SlugField(_("Handlungsfeld"), max_length=40)
    # Proposed by the classifier and not (yet) confirmed or changed by a person.
    proposed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "field_key"], name="ideafield_unique"),
        ]
        indexes = [models.Index(fields=["field_key", "idea"])]

    def __str__(self):
        return f"{self.idea_id}: {self.field_key}"


class Support(models.Model):
    """One person supports one idea once: the database refuses a second row."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_supports"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="support_unique"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.idea_id}"
