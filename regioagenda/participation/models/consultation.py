"""Consultation of a draft: a text in versions, split into sections and paragraphs that people
comment on, with official answers and a verdict per comment for the decision step.

Comments are the one ``Comment`` model with a ``DraftParagraph`` as target. A paragraph's
``key`` is stable across versions: a new version's paragraph keeps the key of the previous
version's paragraph it is equal or similar to (``participation.diff.match_paragraphs``), so the
comments written on earlier versions stay with "the same" paragraph (they are read by key, and
each comment still points at the exact version it was written on).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 2_000
HEADING_MAX_LENGTH = 300


class DraftStatus(models.TextChoices):
    PREPARATION = "preparation", _("in Vorbereitung")
    OPEN = "open", _("offen für Kommentare")
    CLOSED = "closed", _("abgeschlossen")


class VersionSource(models.TextChoices):
    PASTED = "pasted", _("eingefügter Text")
    UPLOAD = "upload", _("hochgeladene Datei")
    CONCEPT = "concept", _("Konzeptdokument")


class Verdict(models.TextChoices):
    """What became of a comment: the consultation summary counts these."""

    ADOPTED = "adopted", _("übernommen")
    PARTLY = "partly", _("teilweise übernommen")
    NOT_ADOPTED = "not_adopted", _("nicht übernommen")
    NOTED = "noted", _("zur Kenntnis genommen")


class Draft(models.Model):
    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="drafts")
    title = models.CharField(_("Titel"), max_length=TITLE_MAX_LENGTH)
    status = models.CharField(
        _("Stand"), max_length=20, choices=DraftStatus.choices, default=DraftStatus.PREPARATION
    )
    opens_on = models.DateField(_("Kommentare ab"), null=True, blank=True)
    closes_on = models.DateField(_("Kommentare bis"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_example = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Entwurf")
        verbose_name_plural = _("Entwürfe")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("participation:draft", args=[self.agenda.slug, self.pk])


class DraftVersion(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    note = models.CharField(_("Was hat sich geändert?"), max_length=NOTE_MAX_LENGTH, blank=True)
    source = models.CharField(
        _("Quelle"), max_length=20, choices=VersionSource.choices, default=VersionSource.PASTED
    )
    filename = models.CharField(max_length=255, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Fassung")
        verbose_name_plural = _("Fassungen")
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="draftversion_unique"),
        ]

    def __str__(self):
        return f"{self.draft_id} v{self.number}"


class DraftSection(models.Model):
    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(_("Überschrift"), max_length=HEADING_MAX_LENGTH)
    anchor = models.SlugField(max_length=80)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="draftsection_unique"),
        ]

    def __str__(self):
        return self.heading


class DraftParagraph(models.Model):
    section = models.ForeignKey(DraftSection, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()  # sanitised HTML (core.html)
    # Stable across versions (see the module's docstring); comments are read by it.
    key = models.CharField(max_length=16, db_index=True)
    # Denormalised from section.version.draft, so counting comments by key is one query.
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(fields=["section", "position"], name="draftparagraph_unique"),
        ]
        indexes = [models.Index(fields=["draft", "key"])]

    def __str__(self):
        return f"{self.section_id}¶{self.position}"


class CommentVerdict(models.Model):
    """Staff's verdict on one consultation comment."""

    comment = models.OneToOneField(
        "participation.Comment", on_delete=models.CASCADE, related_name="verdict"
    )
    status = models.CharField(_("Ergebnis"), max_length=20, choices=Verdict.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Ergebnis eines Kommentars")
        verbose_name_plural = _("Ergebnisse der Kommentare")

    def __str__(self):
        return f"{self.comment_id}: {self.status}"
