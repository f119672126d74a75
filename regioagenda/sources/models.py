"""Existing concepts of a region: uploaded documents, their passages, and curated field summaries.

A document is analysed in a background job: its text is extracted with page numbers, split into
passages with their heading path, each passage is scored against the matrix fields, goals and
measures are picked out, and an extractive summary per field is proposed. The coordinator then
accepts, rejects or reassigns passages and edits each field's summary; the curated summary is what
the concept document and the matrix raters see.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    ISEK = "isek", _("Integriertes Stadtentwicklungskonzept (ISEK)")
    CLIMATE = "climate", _("Klimaschutzkonzept")
    REGIONAL = "regional", _("Regionalentwicklungskonzept / LES")
    MOBILITY = "mobility", _("Mobilitätskonzept")
    BROADBAND = "broadband", _("Breitband-/Gigabitplan")
    DIGITAL = "digital", _("Digitalstrategie")
    OTHER = "other", _("Sonstiges")


class DocumentStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Hochgeladen")
    ANALYSING = "analysing", _("Wird ausgewertet")
    ANALYSED = "analysed", _("Ausgewertet")
    FAILED = "failed", _("Fehlgeschlagen")


def document_path(instance, filename):
    # The stored name never comes from the uploader; the original name is kept in a field.
    return f"sources/{instance.agenda_id}/{instance.token}{instance.extension}"


class SourceDocument(models.Model):
    agenda = models.ForeignKey(
        "regions.Agenda", on_delete=models.CASCADE, related_name="source_documents"
    )
    title = models.CharField(_("Titel"), max_length=300)
    doc_type = models.CharField(
        _("Art"), max_length=20, choices=DocumentType.choices, default=DocumentType.OTHER
    )
    year = models.PositiveSmallIntegerField(_("Jahr"), null=True, blank=True)
    publisher = models.CharField(_("Herausgeber"), max_length=300, blank=True)
    file = models.FileField(_("Datei"), upload_to=document_path, max_length=300)
    token = models.CharField(max_length=32, unique=True)
    extension = models.CharField(max_length=10)
    original_name = models.CharField(_("Dateiname"), max_length=300)
    size = models.PositiveBigIntegerField(_("Größe (Bytes)"), default=0)
    detected_kind = models.CharField(max_length=20, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.UPLOADED
    )
    failure_reason = models.TextField(_("Grund"), blank=True)
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.ForeignKey(
        "matrix.FrameworkVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Die Matrix-Version, nach der die Abschnitte eingeordnet wurden."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    analysed = models.DateTimeField(null=True, blank=True)
    is_example = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Bestehendes Konzept")
        verbose_name_plural = _("Bestehende Konzepte")
        ordering = ["agenda", "-year", "title"]

    def __str__(self):
        return self.title


class PassageState(models.TextChoices):
    SUGGESTED = "suggested", _("Vorgeschlagen")
    ACCEPTED = "accepted", _("Übernommen")
    REJECTED = "rejected", _("Verworfen")


class Passage(models.Model):
    """A paragraph or section of a document, with where it stands and how it was classified."""

    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="passages")
    order = models.PositiveIntegerField()
    page_start = models.PositiveIntegerField(null=True, blank=True)
    page_end = models.PositiveIntegerField(null=True, blank=True)
    headings = models.JSONField(default=list)
    text = models.TextField()
    # Where a new page starts in ``text``: [[offset, page], …], the first is [0, page_start].
    # Kept so that a sentence of a summary cites its own page, also when summaries are rebuilt.
    page_offsets = models.JSONField(default=list)
    # The classifier's scores for every field key, best first: [[key, score], …]
    scores = models.JSONField(default=list)
    field = models.ForeignKey(
        "matrix.MatrixField",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Vorgeschlagen vom Klassifikator oder von der Koordination neu zugeordnet."),
    )
    state = models.CharField(
        max_length=20, choices=PassageState.choices, default=PassageState.SUGGESTED
    )
    reassigned = models.BooleanField(default=False)
    # When this content first appeared in the document: kept across re-analyses for unchanged
    # text, so that a curated summary can tell which passages came after its curation.
    first_seen = models.DateTimeField(null=True, blank=True)
    is_boilerplate = models.BooleanField(
        _("Impressum, Titelseite oder Verzeichnis"),
        default=False,
        help_text=_(
            "Erkannt bei der Auswertung; zählt weder als Beleg noch für die Abdeckung oder die "
            "Zusammenfassungen."
        ),
    )

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="passage_unique_order"),
        ]
        indexes = [models.Index(fields=["field", "state"])]

    def __str__(self):
        return f"{self.document} S. {self.page_start}: {self.text[:40]}"


class StatementKind(models.TextChoices):
    GOAL = "goal", _("Ziel")
    MEASURE = "measure", _("Maßnahme")


class Statement(models.Model):
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(max_length=10, choices=StatementKind.choices)
    text = models.TextField()

    class Meta:
        ordering = ["passage", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:50]}"


class FieldSummary(models.Model):
    """What the existing concepts say about one field: proposed, then curated by the coordinator.

    ``sentences`` keeps the proposed extract with a citation per sentence
    ([{"sentence", "passage", "document", "page"}, …]); ``text`` is the curated, sanitised HTML.
    """

    agenda = models.ForeignKey(
        "regions.Agenda", on_delete=models.CASCADE, related_name="field_summaries"
    )
    field = models.ForeignKey("matrix.MatrixField", on_delete=models.PROTECT, related_name="+")
    sentences = models.JSONField(default=list)
    text = models.TextField(_("Zusammenfassung"), blank=True)
    is_curated = models.BooleanField(default=False)
    curated_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Zusammenfassung je Handlungsfeld")
        verbose_name_plural = _("Zusammenfassungen je Handlungsfeld")
        constraints = [
            models.UniqueConstraint(fields=["agenda", "field"], name="fieldsummary_unique"),
        ]

    def __str__(self):
        return f"{self.agenda}: {self.field}"
