"""The Smart-Region-Matrix: a versioned framework, assessment rounds, ratings, indicators.

The framework (fields, levels, indicators) is data loaded from ``frameworks/`` by
``manage.py load_framework``; its rows here are a copy of one published version. Ratings,
consensus and indicator values point at the field and indicator rows *of their version*, so an
assessment keeps the framework it was made with when a new version is published.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

LEVEL_MIN, LEVEL_MAX = 0, 4
level_validators = [MinValueValidator(LEVEL_MIN), MaxValueValidator(LEVEL_MAX)]
IMPORTANCE_MIN, IMPORTANCE_MAX = 1, 5
importance_validators = [MinValueValidator(IMPORTANCE_MIN), MaxValueValidator(IMPORTANCE_MAX)]


def max_length_of(model: type[models.Model], name: str) -> int:
    """The ``max_length`` of a text field, for the services' checks and messages."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.max_length is None:
        raise ValueError(f"{model.__name__}.{name} has no max_length.")
    return field.max_length


def _localized(obj, name):
    """The English text when the page is English and one exists, else the German one."""
    if (get_language() or "de").startswith("en"):
        return getattr(obj, f"{name}_en") or getattr(obj, f"{name}_de")
    return getattr(obj, f"{name}_de")


# Framework (data, versioned) -------------------------------------------------------------------


class FrameworkVersion(models.Model):
    """One published version of a matrix framework, e.g. "Smart-Region-Matrix Bayern" v1."""

    slug = models.SlugField(_("Kennung"), max_length=80)
    version = models.PositiveIntegerField(_("Version"))
    name_de = models.CharField(_("Name (deutsch)"), max_length=200)
    name_en = models.CharField(_("Name (englisch)"), max_length=200, blank=True)
    description_de = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    # The levels 0–4 with their general names and descriptors: [{"level": 0, "name_de": …}, …]
    levels = models.JSONField(default=list)
    source_file = models.CharField(max_length=300, blank=True)
    checksum = models.CharField(max_length=64, help_text=_("SHA-256 des normalisierten Inhalts"))
    is_active = models.BooleanField(
        _("aktiv"), default=True, help_text=_("Neue Bewertungsrunden verwenden die aktive Version.")
    )
    published = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Matrix-Version")
        verbose_name_plural = _("Matrix-Versionen")
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="frameworkversion_unique"),
            # "Which version is active" has one answer per framework (queries.framework).
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(is_active=True),
                name="frameworkversion_one_active_per_slug",
                violation_error_message=_("Von einem Rahmenwerk ist nur eine Version aktiv."),
            ),
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"

    @property
    def name(self):
        return _localized(self, "name")

    def level_name(self, level):
        for entry in self.levels:
            if entry["level"] == level:
                return _localized_dict(entry, "name")
        return str(level)


def _localized_dict(entry, name):
    if (get_language() or "de").startswith("en"):
        return entry.get(f"{name}_en") or entry.get(f"{name}_de", "")
    return entry.get(f"{name}_de", "")


class MatrixField(models.Model):
    """A Handlungsfeld of one framework version, with its level descriptors and keywords."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(max_length=40)
    order = models.PositiveSmallIntegerField()
    name_de = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    description_de = models.TextField()
    description_en = models.TextField()
    keywords = models.JSONField(
        default=list, help_text=_("Deutsche Schlagwörter für die Textanalyse")
    )
    # Field-specific descriptor per level: {"0": {"de": …, "en": …}, …, "4": {…}}
    level_descriptors = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="matrixfield_unique_key"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return _localized(self, "name")

    @property
    def description(self):
        return _localized(self, "description")

    def descriptor(self, level):
        entry = self.level_descriptors.get(str(level), {})
        lang = "en" if (get_language() or "de").startswith("en") else "de"
        return entry.get(lang) or entry.get("de", "")


class Direction(models.TextChoices):
    UP = "up", _("höher ist besser")
    DOWN = "down", _("niedriger ist besser")


class Indicator(models.Model):
    """A measurable indicator of a field, scored as the distance from ``worst`` to ``target``."""

    field = models.ForeignKey(MatrixField, on_delete=models.CASCADE, related_name="indicators")
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField()
    name_de = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, help_text=_("z. B. %, Anzahl je 10.000 EW, ja/nein"))
    direction = models.CharField(max_length=4, choices=Direction.choices)
    target = models.DecimalField(max_digits=14, decimal_places=4)
    worst = models.DecimalField(
        max_digits=14, decimal_places=4, help_text=_("Der Wert, der 0 Punkte ergibt.")
    )
    min_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    source = models.CharField(max_length=200, help_text=_("Typische öffentliche Quelle"))

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["field", "order"]
        constraints = [
            models.UniqueConstraint(fields=["field", "key"], name="indicator_unique_key"),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit_note})" if self.unit_note else str(self.name)

    @property
    def name(self):
        return _localized(self, "name")

    @property
    def unit_note(self):
        """The unit to write beside the name, or "" when the (German) name already ends in
        it: "Coworking-Arbeitsplätze je 10.000 EW", not "… je 10.000 EW (je 10.000 EW)"."""
        unit = " ".join(self.unit.split()).casefold()
        names = (" ".join(str(n).split()).casefold() for n in (self.name_de, self.name))
        return "" if unit and any(name.endswith(unit) for name in names) else self.unit


# Assessment rounds -----------------------------------------------------------------------------


class RoundKind(models.TextChoices):
    BASELINE = "baseline", _("Erstbewertung")
    REASSESSMENT = "reassessment", _("Neubewertung")
    FOLLOW_UP = "follow_up", _("Zweite Runde (strittige Felder)")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("In Vorbereitung")
    OPEN = "open", _("Offen")
    CLOSED = "closed", _("Abgeschlossen")


class AssessmentRound(models.Model):
    """One assessment of an agenda's matrix by invited raters, ending in a consensus."""

    agenda = models.ForeignKey(
        "regions.Agenda", on_delete=models.CASCADE, related_name="assessment_rounds"
    )
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="rounds")
    kind = models.CharField(max_length=20, choices=RoundKind.choices, default=RoundKind.BASELINE)
    title = models.CharField(_("Titel"), max_length=200)
    # A follow-up round re-rates only the disputed fields of the round it follows.
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    fields = models.ManyToManyField(
        MatrixField,
        blank=True,
        related_name="+",
        help_text=_("Leer: alle Felder der Version."),
    )
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    # The public self-assessment of a round is a participation survey linked to it (one survey
    # engine); the matrix page shows its results through ``core.registry.field_perceptions``.
    closes_on = models.DateField(_("Bewertung bis"), null=True, blank=True)
    opened = models.DateTimeField(null=True, blank=True)
    closed = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    is_example = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Bewertungsrunde")
        verbose_name_plural = _("Bewertungsrunden")
        ordering = ["agenda", "-created"]

    def __str__(self):
        return self.title

    # Read by core.permissions (can_rate) and the templates, instead of comparing status strings.
    @property
    def is_draft(self):
        return self.status == RoundStatus.DRAFT

    @property
    def is_open(self):
        return self.status == RoundStatus.OPEN

    @property
    def is_closed(self):
        return self.status == RoundStatus.CLOSED

    def clean(self):
        if self.follows is not None and self.follows.agenda_id != self.agenda_id:
            raise ValidationError(_("Eine zweite Runde gehört zur Agenda ihrer ersten Runde."))


class RaterInvitation(models.Model):
    """A person asked to rate in a round; ``submitted`` is set when they finish."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rater_invitations"
    )
    perspective = models.CharField(
        _("Perspektive"),
        max_length=100,
        blank=True,
        help_text=_("z. B. Verwaltung, Wirtschaft, Wissenschaft, Zivilgesellschaft"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited = models.DateTimeField(auto_now_add=True)
    # When the email with the link to the rating page went out (None: not yet, e.g. the round
    # is still a draft, or the mail server refused; opening the round sends what is missing).
    notified = models.DateTimeField(_("benachrichtigt"), null=True, blank=True)
    submitted = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Einladung zur Bewertung")
        verbose_name_plural = _("Einladungen zur Bewertung")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="raterinvitation_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.round}"


class PendingRaterInvitation(models.Model):
    """An invitation to rate for someone who is not a member of the agenda yet, by email address.

    It becomes a ``RaterInvitation`` when a person with this address joins the agenda (accepts
    the agenda invitation that went out with it), see ``services.rounds.activate_pending``.
    """

    round = models.ForeignKey(
        AssessmentRound, on_delete=models.CASCADE, related_name="pending_invitations"
    )
    email = models.EmailField(_("E-Mail-Adresse"))
    name = models.CharField(_("Name"), max_length=200, blank=True)
    perspective = models.CharField(_("Perspektive"), max_length=100, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Einladung zur Bewertung (wartet auf Beitritt)")
        verbose_name_plural = _("Einladungen zur Bewertung (warten auf Beitritt)")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "email"], name="pendingraterinvitation_unique"
            ),
        ]

    def __str__(self):
        return f"{self.name or self.email} – {self.round}"


class Confidence(models.IntegerChoices):
    LOW = 1, _("unsicher")
    MEDIUM = 2, _("eher sicher")
    HIGH = 3, _("sicher")


class Rating(models.Model):
    """One rater's IST/SOLL for one field. Null levels mean "kann ich nicht beurteilen"."""

    invitation = models.ForeignKey(
        RaterInvitation, on_delete=models.CASCADE, related_name="ratings"
    )
    field = models.ForeignKey(MatrixField, on_delete=models.PROTECT, related_name="ratings")
    ist = models.PositiveSmallIntegerField(null=True, blank=True, validators=level_validators)
    soll = models.PositiveSmallIntegerField(null=True, blank=True, validators=level_validators)
    importance = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=importance_validators
    )
    confidence = models.PositiveSmallIntegerField(null=True, blank=True, choices=Confidence.choices)
    skipped = models.BooleanField(_("kann ich nicht beurteilen"), default=False)
    evidence = models.TextField(_("Begründung / Beleg"), blank=True, max_length=4000)
    evidence_url = models.URLField(_("Link zum Beleg"), blank=True, max_length=500)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        constraints = [
            models.UniqueConstraint(fields=["invitation", "field"], name="rating_unique_field"),
            models.CheckConstraint(
                condition=models.Q(ist__isnull=True) | models.Q(ist__lte=LEVEL_MAX),
                name="rating_ist_range",
            ),
            models.CheckConstraint(
                condition=models.Q(soll__isnull=True) | models.Q(soll__lte=LEVEL_MAX),
                name="rating_soll_range",
            ),
            models.CheckConstraint(
                condition=models.Q(skipped=False) | models.Q(ist__isnull=True, soll__isnull=True),
                name="rating_skipped_has_no_levels",
            ),
            models.CheckConstraint(
                condition=models.Q(importance__isnull=True)
                | models.Q(importance__gte=IMPORTANCE_MIN, importance__lte=IMPORTANCE_MAX),
                name="rating_importance_range",
            ),
        ]

    def __str__(self):
        return f"{self.invitation.user} – {self.field.key}: {self.ist}/{self.soll}"

    @property
    def is_complete(self):
        """A field counts as done when rated or explicitly marked as not assessable."""
        return self.skipped or (self.ist is not None and self.soll is not None)


class Consensus(models.Model):
    """The level the workshop agreed on for one field in one round, with its reason."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="consensus")
    field = models.ForeignKey(MatrixField, on_delete=models.PROTECT, related_name="+")
    ist = models.PositiveSmallIntegerField(validators=level_validators)
    soll = models.PositiveSmallIntegerField(validators=level_validators)
    rationale = models.TextField(_("Begründung"), max_length=4000)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Konsens")
        verbose_name_plural = _("Konsens")
        constraints = [
            models.UniqueConstraint(fields=["round", "field"], name="consensus_unique_field"),
            models.CheckConstraint(
                condition=models.Q(ist__lte=LEVEL_MAX, soll__lte=LEVEL_MAX),
                name="consensus_level_range",
            ),
        ]

    def __str__(self):
        return f"{self.round}: {self.field.key} {self.ist}/{self.soll}"


# Public self-assessment (kept apart from the expert ratings) -----------------------------------


# Indicator values (per region, shared by the region's agendas and the peer benchmark) ----------


class IndicatorValue(models.Model):
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=4)
    date = models.DateField(_("Stichtag"))
    source = models.CharField(_("Quelle"), max_length=300)
    note = models.TextField(_("Anmerkung"), blank=True, max_length=2000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)
    is_example = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Indikatorwert")
        verbose_name_plural = _("Indikatorwerte")
        ordering = ["region", "indicator", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "date"], name="indicatorvalue_unique_date"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "region", "-date"])]

    def __str__(self):
        return f"{self.region} {self.indicator.key} {self.value} ({self.date})"


# Priority fields -------------------------------------------------------------------------------


class PriorityField(models.Model):
    """A field the coordinator confirmed as a priority of the agenda, with the reason."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="priorities")
    field = models.ForeignKey(MatrixField, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField()
    reason = models.TextField(_("Begründung"), max_length=2000)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["round", "field"], name="priorityfield_unique"),
        ]

    def __str__(self):
        return f"{self.round}: {self.rank}. {self.field.key}"
