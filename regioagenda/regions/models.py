"""Regions (Gebietskörperschaften), the programme, and the agenda that everything else hangs on."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regioagenda.core.numbers import is_ascii_digits
from regioagenda.regions import process


class RegionLevel(models.TextChoices):
    """Where a region sits in the official hierarchy; decides the length of its key."""

    LAND = "land", _("Land")
    BEZIRK = "bezirk", _("Regierungsbezirk / Bezirk")
    KREIS = "kreis", _("Kreis")
    VERBAND = "verband", _("Gemeindeverband")
    GEMEINDE = "gemeinde", _("Gemeinde")
    ALLIANCE = "alliance", _("Zusammenschluss")


class RegionKind(models.TextChoices):
    LAND = "land", _("Land")
    BEZIRK = "bezirk", _("Bezirk")
    LANDKREIS = "landkreis", _("Landkreis")
    KREISFREIE_STADT = "kreisfreie_stadt", _("Kreisfreie Stadt")
    VERWALTUNGSGEMEINSCHAFT = "verwaltungsgemeinschaft", _("Verwaltungsgemeinschaft")
    VERBANDSFREI = "verbandsfrei", _("Verbandsfreie Gemeinde")
    GEMEINDE = "gemeinde", _("Gemeinde")
    MARKT = "markt", _("Markt")
    STADT = "stadt", _("Stadt")
    GROSSE_KREISSTADT = "grosse_kreisstadt", _("Große Kreisstadt")
    GEMEINDEFREI = "gemeindefrei", _("Gemeindefreies Gebiet")
    ALLIANCE = "alliance", _("Interkommunale Allianz / ILE")
    LEADER = "leader", _("LEADER-Aktionsgruppe")


# Which kinds belong to which level; the forms and the importer both ask this.
KINDS_BY_LEVEL: dict[str, set[str]] = {
    RegionLevel.LAND: {RegionKind.LAND},
    RegionLevel.BEZIRK: {RegionKind.BEZIRK},
    RegionLevel.KREIS: {RegionKind.LANDKREIS, RegionKind.KREISFREIE_STADT},
    RegionLevel.VERBAND: {RegionKind.VERWALTUNGSGEMEINSCHAFT, RegionKind.VERBANDSFREI},
    RegionLevel.GEMEINDE: {
        RegionKind.GEMEINDE,
        RegionKind.MARKT,
        RegionKind.STADT,
        RegionKind.GROSSE_KREISSTADT,
        RegionKind.KREISFREIE_STADT,
        RegionKind.GEMEINDEFREI,
    },
    RegionLevel.ALLIANCE: {RegionKind.ALLIANCE, RegionKind.LEADER},
}

# Length of the official key per level: Land 2, Regierungsbezirk 3, Kreis 5, Gemeinde 8 (the
# AGS proper); a Gemeindeverband is keyed by Kreis + its 4-digit Verband number (9 digits).
KEY_LENGTH = {
    RegionLevel.LAND: 2,
    RegionLevel.BEZIRK: 3,
    RegionLevel.KREIS: 5,
    RegionLevel.VERBAND: 9,
    RegionLevel.GEMEINDE: 8,
}

# Free text is limited where it is defined: the database does not limit a TextField, and every
# path that writes (forms, services with full_clean, admin, imports) runs the field's validators.
# The agenda's summary is shown on the public landing page to every visitor.
AGENDA_SUMMARY_MAX_LENGTH = 2000
PROGRAMME_DESCRIPTION_MAX_LENGTH = 5000
STEP_NOTE_MAX_LENGTH = 5000

digits_only = RegexValidator(r"^[0-9]+$", _("Der Schlüssel darf nur Ziffern enthalten."))


def validate_key(level, key):
    """Return a list of messages about an official key for the given level (empty when valid)."""
    if level == RegionLevel.ALLIANCE:
        return [_("Zusammenschlüsse haben keinen amtlichen Schlüssel.")] if key else []
    if not key:
        return [_("Der amtliche Schlüssel fehlt.")]
    errors = []
    if not is_ascii_digits(key):
        errors.append(_("Der Schlüssel „%(key)s“ darf nur Ziffern enthalten.") % {"key": key})
    expected = KEY_LENGTH[level]
    if len(key) != expected:
        errors.append(
            _("Der Schlüssel „%(key)s“ hat %(got)d Stellen; erwartet werden %(expected)d.")
            % {"key": key, "got": len(key), "expected": expected}
        )
    if is_ascii_digits(key[:2]) and not 1 <= int(key[:2]) <= 16:
        errors.append(_("„%(land)s“ ist kein Länderschlüssel (01 bis 16).") % {"land": key[:2]})
    return errors


class Region(models.Model):
    """A Gebietskörperschaft or an alliance of them, from the official register or entered by hand."""

    name = models.CharField(_("Name"), max_length=200)
    level = models.CharField(_("Ebene"), max_length=20, choices=RegionLevel.choices)
    kind = models.CharField(_("Art"), max_length=30, choices=RegionKind.choices)
    ags = models.CharField(
        _("Amtlicher Schlüssel"),
        max_length=9,
        blank=True,
        validators=[digits_only],
        help_text=_(
            "Gemeinde: 8-stelliger AGS; Kreis 5, Regierungsbezirk 3, Land 2 Stellen, "
            "Gemeindeverband 9 Stellen. "
            "Zusammenschlüsse haben keinen Schlüssel."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Übergeordnete Region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    bezirk = models.ForeignKey(
        "self",
        verbose_name=_("Regierungsbezirk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": RegionLevel.BEZIRK},
    )
    members = models.ManyToManyField(
        "self",
        verbose_name=_("Mitglieder"),
        blank=True,
        symmetrical=False,
        related_name="alliances",
        help_text=_("Nur bei Zusammenschlüssen: die beteiligten Gebietskörperschaften."),
    )
    seat = models.CharField(_("Verwaltungssitz"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("Einwohner"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("Fläche (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    figures_date = models.DateField(_("Stichtag der Zahlen"), null=True, blank=True)
    territory_date = models.DateField(_("Gebietsstand"), null=True, blank=True)
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    is_current = models.BooleanField(
        _("aktuell"),
        default=True,
        help_text=_("Nicht mehr im neuesten Gemeindeverzeichnis enthalten (z. B. nach Fusion)."),
    )
    is_example = models.BooleanField(_("Beispieldaten"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")
        ordering = ["ags", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ags"],
                condition=~models.Q(ags=""),
                name="region_unique_ags",
                violation_error_message=_("Es gibt bereits eine Region mit diesem Schlüssel."),
            ),
            models.UniqueConstraint(
                fields=["name", "kind"],
                condition=models.Q(ags=""),
                name="region_unique_name_without_ags",
                violation_error_message=_(
                    "Es gibt bereits einen Zusammenschluss dieser Art mit diesem Namen."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["level", "kind"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    def get_absolute_url(self):
        return reverse("regions:region_detail", args=[self.pk])

    def clean(self):
        errors: dict[str, object] = {}
        if self.kind and self.level and self.kind not in KINDS_BY_LEVEL.get(self.level, set()):
            errors["kind"] = _("Die Art „%(kind)s“ passt nicht zur Ebene „%(level)s“.") % {
                "kind": self.get_kind_display(),
                "level": self.get_level_display(),
            }
        if self.level and not self.is_example:
            key_errors = validate_key(self.level, self.ags)
            if key_errors:
                errors["ags"] = key_errors
        elif self.level == RegionLevel.ALLIANCE and self.ags:
            errors["ags"] = _("Zusammenschlüsse haben keinen amtlichen Schlüssel.")
        parent = self.parent if self.parent_id else None
        if parent is not None and self.ags and parent.ags and not self.ags.startswith(parent.ags):
            errors["parent"] = _(
                "Der Schlüssel %(ags)s liegt nicht in %(parent)s (%(parent_ags)s)."
            ) % {"ags": self.ags, "parent": parent.name, "parent_ags": parent.ags}
        if errors:
            raise ValidationError(errors)

    @property
    def is_alliance(self):
        return self.level == RegionLevel.ALLIANCE


class Programme(models.Model):
    """A funding or support programme that several agendas take part in."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    coordinating_body = models.CharField(_("Koordinierende Stelle"), max_length=300, blank=True)
    description = models.TextField(
        _("Beschreibung"),
        blank=True,
        max_length=PROGRAMME_DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(PROGRAMME_DESCRIPTION_MAX_LENGTH)],
    )
    default_horizon_year = models.PositiveSmallIntegerField(
        _("Standard-Zieljahr"), null=True, blank=True
    )
    is_example = models.BooleanField(_("Beispieldaten"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Programm")
        verbose_name_plural = _("Programme")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:programme_detail", args=[self.slug])


class AgendaStatus(models.TextChoices):
    DRAFT = "draft", _("In Vorbereitung")
    ACTIVE = "active", _("Im Prozess")
    ADOPTED = "adopted", _("Beschlossen")
    ARCHIVED = "archived", _("Archiviert")


def validate_horizon_year(value):
    this_year = timezone.localdate().year
    if value < this_year:
        raise ValidationError(
            _("Das Zieljahr %(year)d liegt in der Vergangenheit (frühestens %(min)d)."),
            params={"year": value, "min": this_year},
            code="horizon_in_past",
        )
    if value > this_year + 30:
        raise ValidationError(
            _("Das Zieljahr %(year)d liegt mehr als 30 Jahre in der Zukunft."),
            params={"year": value},
            code="horizon_too_far",
        )


class Agenda(models.Model):
    """One edition of a region's Digitale Agenda: the tenant every agenda-owned row belongs to."""

    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.PROTECT, related_name="agendas"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("Programm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agendas",
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(
        _("Kurzname (URL)"),
        max_length=80,
        unique=True,
        help_text=_("Bleibt dauerhaft gleich, damit Links auf die Agenda nicht brechen."),
    )
    summary = models.TextField(
        _("Kurzbeschreibung"),
        blank=True,
        max_length=AGENDA_SUMMARY_MAX_LENGTH,
        validators=[MaxLengthValidator(AGENDA_SUMMARY_MAX_LENGTH)],
    )
    # Editions follow each other over time; the horizon year is checked when it is set (forms,
    # services), not on every save, so that an agenda whose horizon has passed stays valid.
    horizon_year = models.PositiveSmallIntegerField(
        _("Zieljahr"), validators=[MinValueValidator(2000)]
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT
    )
    current_step = models.CharField(
        _("Aktueller Prozessschritt"),
        max_length=30,
        choices=process.STEP_CHOICES,
        default=process.FIRST_STEP,
    )
    is_public = models.BooleanField(
        _("öffentlich sichtbar"),
        default=False,
        help_text=_("Öffentliche Agenden sieht jede Person, auch ohne Anmeldung."),
    )
    started_on = models.DateField(_("Beginn"), default=datetime.date.today)
    is_example = models.BooleanField(_("Beispieldaten"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Agenda")
        verbose_name_plural = _("Agenden")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("regions:agenda_home", args=[self.slug])


class StepState(models.TextChoices):
    UPCOMING = "upcoming", _("Noch nicht begonnen")
    CURRENT = "current", _("Läuft")
    DONE = "done", _("Abgeschlossen")


class AgendaStep(models.Model):
    """How far one step of the process is in one agenda, and what was done in it."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(_("Schritt"), max_length=30, choices=process.STEP_CHOICES)
    state = models.CharField(
        _("Stand"), max_length=20, choices=StepState.choices, default=StepState.UPCOMING
    )
    started_on = models.DateField(_("begonnen am"), null=True, blank=True)
    completed_on = models.DateField(_("abgeschlossen am"), null=True, blank=True)
    note = models.TextField(
        _("Was wurde getan?"),
        blank=True,
        max_length=STEP_NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(STEP_NOTE_MAX_LENGTH)],
        help_text=_("Öffentlich sichtbar: Ergebnisse, Termine, Beschlüsse dieses Schritts."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Prozessschritt")
        verbose_name_plural = _("Prozessschritte")
        constraints = [
            models.UniqueConstraint(fields=["agenda", "key"], name="agendastep_unique_key"),
        ]

    def __str__(self):
        return f"{self.agenda}: {self.get_key_display()}"

    @property
    def definition(self):
        return process.STEPS[self.key]

    def clean(self):
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            raise ValidationError(
                {"completed_on": _("Der Abschluss liegt vor dem Beginn des Schritts.")}
            )


class AuditAction(models.TextChoices):
    """Every kind of audit event, named ``app.object_verb``: a new event is a new member here,
    never a free string at the call site (``regions.audit.record_event`` refuses those)."""

    AGENDA_CREATED = "regions.agenda_created", _("Agenda angelegt")
    AGENDA_UPDATED = "regions.agenda_updated", _("Agenda geändert")
    MEMBER_ADDED = "regions.member_added", _("Mitglied aufgenommen")
    MEMBER_JOINED = "regions.member_joined", _("Agenda beigetreten")
    MEMBER_REMOVED = "regions.member_removed", _("Mitglied entfernt")
    REGION_CREATED = "regions.region_created", _("Gebiet angelegt")
    STEP_UPDATED = "regions.step_updated", _("Prozessschritt geändert")
    PHASE_UPDATED = "participation.phase_updated", _("Beteiligungsphase geändert")
    NEWS_CREATED = "participation.news_created", _("Neuigkeit angelegt")
    NEWS_UPDATED = "participation.news_updated", _("Neuigkeit geändert")
    NEWS_DELETED = "participation.news_deleted", _("Neuigkeit gelöscht")
    ACTIVITY_CREATED = "actors.activity_created", _("Aktivität angelegt")
    ACTIVITY_DELETED = "actors.activity_deleted", _("Aktivität gelöscht")
    ACTIVITY_LINKED = "actors.activity_linked", _("Aktivität verknüpft")
    ACTIVITY_MERGED = "actors.activity_merged", _("Aktivität zusammengeführt")
    ACTIVITY_MERGED_IN = "actors.activity_merged_in", _("Aktivität übernommen")
    ACTIVITY_UNLINKED = "actors.activity_unlinked", _("Verknüpfung einer Aktivität gelöst")
    ACTIVITY_UPDATED = "actors.activity_updated", _("Aktivität geändert")
    BODY_CREATED = "actors.body_created", _("Gremium angelegt")
    BODY_DELETED = "actors.body_deleted", _("Gremium gelöscht")
    BODY_MEMBER_ADDED = "actors.body_member_added", _("Mitglied eines Gremiums aufgenommen")
    BODY_MEMBER_ENDED = "actors.body_member_ended", _("Mitgliedschaft in einem Gremium beendet")
    BODY_MEMBER_REMOVED = "actors.body_member_removed", _("Mitglied eines Gremiums entfernt")
    BODY_MEMBER_UPDATED = (
        "actors.body_member_updated",
        _("Mitgliedschaft in einem Gremium geändert"),
    )
    BODY_UPDATED = "actors.body_updated", _("Gremium geändert")
    CONSENT_RECORDED = "actors.consent_recorded", _("Einwilligung erfasst")
    CONSENT_WITHDRAWN = "actors.consent_withdrawn", _("Einwilligung widerrufen")
    FORUM_POST_HIDDEN = "actors.forum_post_hidden", _("Forumsbeitrag ausgeblendet")
    FORUM_POST_SHOWN = "actors.forum_post_shown", _("Forumsbeitrag wieder gezeigt")
    FORUM_THREAD_CLOSED = "actors.forum_thread_closed", _("Diskussion geschlossen")
    FORUM_THREAD_PINNED = "actors.forum_thread_pinned", _("Diskussion angeheftet")
    FORUM_THREAD_REOPENED = "actors.forum_thread_reopened", _("Diskussion wieder geöffnet")
    FORUM_THREAD_UNPINNED = "actors.forum_thread_unpinned", _("Diskussion nicht mehr angeheftet")
    INVITATION_ACCEPTED = "actors.invitation_accepted", _("Einladung angenommen")
    INVITATION_RESENT = "actors.invitation_resent", _("Einladung erneut gesendet")
    INVITATION_REVOKED = "actors.invitation_revoked", _("Einladung zurückgezogen")
    INVITATION_SENT = "actors.invitation_sent", _("Einladung gesendet")
    ORGANISATION_CREATED = "actors.organisation_created", _("Organisation angelegt")
    ORGANISATION_DELETED = "actors.organisation_deleted", _("Organisation gelöscht")
    ORGANISATION_UPDATED = "actors.organisation_updated", _("Organisation geändert")
    PERSON_ANONYMISED = "actors.person_anonymised", _("Person anonymisiert")
    PERSON_CREATED = "actors.person_created", _("Person angelegt")
    PERSON_UPDATED = "actors.person_updated", _("Person geändert")
    REGISTER_EXPORTED = "actors.register_exported", _("Akteure exportiert")
    REGISTER_IMPORTED = "actors.register_imported", _("Akteure importiert")
    CONSENSUS_SET = "matrix.consensus_set", _("Konsens festgelegt")
    FOLLOW_UP_CREATED = "matrix.follow_up_created", _("Zweite Runde angelegt")
    FRAMEWORK_CREATED = "matrix.framework_created", _("Matrix-Version veröffentlicht")
    FRAMEWORK_UPDATED = "matrix.framework_updated", _("Matrix-Version aktualisiert")
    INDICATOR_VALUE_DELETED = "matrix.indicator_value_deleted", _("Indikatorwert gelöscht")
    INDICATOR_VALUE_RECORDED = "matrix.indicator_value_recorded", _("Indikatorwert erfasst")
    INDICATOR_VALUE_UPDATED = "matrix.indicator_value_updated", _("Indikatorwert geändert")
    INDICATOR_VALUES_IMPORTED = "matrix.indicator_values_imported", _("Indikatorwerte importiert")
    PRIORITIES_CONFIRMED = "matrix.priorities_confirmed", _("Prioritäten bestätigt")
    RATER_UNINVITED = "matrix.rater_uninvited", _("Einladung zur Bewertung zurückgenommen")
    RATERS_INVITED = "matrix.raters_invited", _("Zur Bewertung eingeladen")
    RATING_SUBMITTED = "matrix.rating_submitted", _("Bewertung abgegeben")
    ROUND_CLOSED = "matrix.round_closed", _("Bewertungsrunde geschlossen")
    ROUND_CREATED = "matrix.round_created", _("Bewertungsrunde angelegt")
    ROUND_OPENED = "matrix.round_opened", _("Bewertungsrunde geöffnet")
    SURVEY_BURST = "matrix.survey_burst", _("Häufung von Antworten in der Selbsteinschätzung")
    IDEA_ANSWERED = "participation.idea_answered", _("Idee beantwortet")
    IDEA_CREATED = "participation.idea_created", _("Idee eingereicht")
    IDEA_UPDATED = "participation.idea_updated", _("Idee geändert")
    DOCUMENT_DELETED = "sources.document_deleted", _("Dokument gelöscht")
    DOCUMENT_REANALYSED = "sources.document_reanalysed", _("Dokument erneut ausgewertet")
    DOCUMENT_UPLOADED = "sources.document_uploaded", _("Dokument hochgeladen")
    PASSAGE_ACCEPTED = "sources.passage_accepted", _("Textstelle übernommen")
    PASSAGE_REASSIGNED = "sources.passage_reassigned", _("Textstelle einem anderen Feld zugeordnet")
    PASSAGE_REJECTED = "sources.passage_rejected", _("Textstelle verworfen")
    SUMMARY_EDITED = "sources.summary_edited", _("Zusammenfassung bearbeitet")
    SUMMARY_RESET = "sources.summary_reset", _("Zusammenfassung zurückgesetzt")
    PASSAGES_REVIEWED = "sources.passages_reviewed", _("Textstellen gesammelt geprüft")
    CONTRIBUTION_HIDDEN = "community.contribution_hidden", _("Beitrag ausgeblendet")
    CONTRIBUTION_SHOWN = "community.contribution_shown", _("Beitrag wieder gezeigt")
    NEWSLETTER_SENT = "community.newsletter_sent", _("Newsletter versendet")
    REPORTS_DISMISSED = "community.reports_dismissed", _("Meldungen zurückgewiesen")
    USER_BLOCKED = "community.user_blocked", _("Person gesperrt")
    USER_UNBLOCKED = "community.user_unblocked", _("Sperre aufgehoben")
    EVENT_CREATED = "participation.event_created", _("Veranstaltung angelegt")
    EVENT_UPDATED = "participation.event_updated", _("Veranstaltung geändert")
    EVENT_CANCELLED = "participation.event_cancelled", _("Veranstaltung abgesagt")
    EVENT_PROGRAMME_CHANGED = (
        "participation.event_programme_changed",
        _("Programm einer Veranstaltung geändert"),
    )
    EVENT_MINUTES_SAVED = "participation.event_minutes_saved", _("Protokoll gespeichert")
    EVENT_RESULTS_LINKED = (
        "participation.event_results_linked",
        _("Ergebnisse einer Veranstaltung verknüpft"),
    )
    EVENT_ATTENDANCE_RECORDED = (
        "participation.event_attendance_recorded",
        _("Teilnahme an einer Veranstaltung erfasst"),
    )
    REGISTRATION_CREATED = (
        "participation.registration_created",
        _("Zu einer Veranstaltung angemeldet"),
    )
    REGISTRATION_CANCELLED = (
        "participation.registration_cancelled",
        _("Von einer Veranstaltung abgemeldet"),
    )
    BALLOT_CAST = "participation.ballot_cast", _("Punkte vergeben")
    VOTE_RESULTS_PUBLISHED = (
        "participation.vote_results_published",
        _("Ergebnis der Priorisierung veröffentlicht"),
    )
    DRAFT_CREATED = "participation.draft_created", _("Entwurf angelegt")
    DRAFT_VERSION_ADDED = "participation.draft_version_added", _("Neue Fassung eines Entwurfs")
    DRAFT_STATUS_CHANGED = "participation.draft_status_changed", _("Stand eines Entwurfs geändert")
    DRAFT_COMMENT_ANSWERED = (
        "participation.draft_comment_answered",
        _("Kommentar zum Entwurf beantwortet"),
    )
    DRAFT_VERDICT_SET = (
        "participation.draft_verdict_set",
        _("Ergebnis eines Kommentars zum Entwurf festgelegt"),
    )
    IDEA_CAPTURED = "participation.idea_captured", _("Idee aus Veranstaltung erfasst")
    IDEA_FIELDS_CORRECTED = (
        "participation.idea_fields_corrected",
        _("Handlungsfelder einer Idee korrigiert"),
    )
    IDEA_MERGED = "participation.idea_merged", _("Ideen zusammengeführt")
    DUPLICATE_DISMISSED = "participation.duplicate_dismissed", _("Doppelung verworfen")
    PARTICIPATION_SURVEY_CREATED = "participation.survey_created", _("Umfrage angelegt")
    PARTICIPATION_SURVEY_CHANGED = "participation.survey_changed", _("Umfrage geändert")
    PARTICIPATION_SURVEY_OPENED = "participation.survey_opened", _("Umfrage geöffnet")
    PARTICIPATION_SURVEY_CLOSED = "participation.survey_closed", _("Umfrage geschlossen")
    PARTICIPATION_SURVEY_ANSWER_HIDDEN = (
        "participation.survey_answer_hidden",
        _("Freitextantwort einer Umfrage ausgeblendet"),
    )


class AuditEvent(models.Model):
    """Who did what to an agenda, in words a coordinator can read (the history tables keep diffs)."""

    agenda = models.ForeignKey(
        Agenda, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=60, choices=AuditAction.choices)
    detail = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.action}"
