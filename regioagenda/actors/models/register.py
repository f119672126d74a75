"""Organisations and people of an agenda, their expertise by matrix field, and consent (GDPR)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """The parts of society an agenda should hear from; the rows of the coverage grid."""

    ADMINISTRATION = "administration", _("Verwaltung & Politik")
    ECONOMY = "economy", _("Wirtschaft")
    SCIENCE = "science", _("Wissenschaft & Forschung")
    EDUCATION = "education", _("Bildung")
    CIVIL_SOCIETY = "civil_society", _("Zivilgesellschaft & Vereine")
    HEALTH_SOCIAL = "health_social", _("Gesundheit & Soziales")
    CULTURE_MEDIA = "culture_media", _("Kultur & Medien")
    AGRICULTURE = "agriculture", _("Landwirtschaft")
    INFRASTRUCTURE = "infrastructure", _("Infrastruktur & Versorger")
    CITIZENS = "citizens", _("Bürgerschaft")


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("intern")
    PUBLIC = "public", _("öffentlich")


class Organisation(models.Model):
    agenda = models.ForeignKey(
        "regions.Agenda", on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(_("Name"), max_length=300)
    sector = models.CharField(_("Bereich"), max_length=30, choices=Sector.choices)
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Region"),
    )
    website = models.URLField(_("Website"), max_length=500, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    is_example = models.BooleanField(_("Beispieldaten"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # Set by the read paths for a page (``queries.register``), not stored:
    fields: list[tuple[str, str]]  # (key, name) of its matrix fields

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["agenda", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agenda", "name"], name="organisation_unique_name"),
        ]
        indexes = [models.Index(fields=["agenda", "sector"])]

    def __str__(self):
        return self.name

    def clean(self):
        # The same rules as the form, the service and the import (actors/validation.py).
        from regioagenda.actors.validation import clean_organisation_values

        cleaned, errors = clean_organisation_values(
            {name: getattr(self, name) for name in ("name", "sector", "website", "description")}
        )
        if errors:
            raise ValidationError(errors)
        for name, value in cleaned.items():
            setattr(self, name, value)


class OrganisationField(models.Model):
    """A matrix field an organisation works in."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="field_links"
    )
    field_key = models.SlugField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "field_key"], name="organisationfield_unique"
            ),
        ]
        indexes = [models.Index(fields=["field_key"])]

    def __str__(self):
        return f"{self.organisation_id}: {self.field_key}"


class Person(models.Model):
    """A person the agenda works with. Personal data: shown publicly only with visibility
    "public" and a valid consent to publication; anonymised when consent is withdrawn for good.

    The row itself is never deleted by a withdrawal, so body memberships, activities and forum
    posts that refer to the person keep working; they show "anonymised person" instead.
    """

    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="people")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name=_("Organisation"),
    )
    # Used when the person speaks for no organisation (e.g. a citizen), else the organisation's.
    sector = models.CharField(_("Bereich"), max_length=30, choices=Sector.choices, blank=True)
    name = models.CharField(_("Name"), max_length=200)
    function = models.CharField(_("Funktion"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Region"),
    )
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actor_profiles",
    )
    is_anonymised = models.BooleanField(_("anonymisiert"), default=False)
    anonymised_on = models.DateTimeField(null=True, blank=True)
    is_example = models.BooleanField(_("Beispieldaten"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # Set by the read paths for a page (``queries.register``), not stored:
    fields: list[tuple[str, str]]  # (key, name) of their matrix fields

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["agenda", "name"]
        indexes = [models.Index(fields=["agenda", "email"])]

    def __str__(self):
        return str(self.display_name)

    def clean(self):
        # The same rules as the form, the service and the import (actors/validation.py).
        if self.is_anonymised:
            return  # its data is gone on purpose; there is nothing left to check
        from regioagenda.actors.validation import clean_person_values

        cleaned, errors = clean_person_values(
            {
                name: getattr(self, name)
                for name in ("name", "sector", "function", "email", "phone", "visibility")
            },
            has_organisation=self.organisation_id is not None,
        )
        if errors:
            raise ValidationError(errors)
        for name, value in cleaned.items():
            setattr(self, name, value)

    @property
    def display_name(self):
        return _("Anonymisierte Person") if self.is_anonymised else self.name

    @property
    def effective_sector(self):
        """The sector the person counts for: the organisation's, else their own."""
        if self.organisation is not None:
            return self.organisation.sector
        return self.sector


class PersonField(models.Model):
    """A matrix field a person has expertise in."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="field_links")
    field_key = models.SlugField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "field_key"], name="personfield_unique"),
        ]
        indexes = [models.Index(fields=["field_key"])]

    def __str__(self):
        return f"{self.person_id}: {self.field_key}"


class ConsentPurpose(models.TextChoices):
    CONTACT = "contact", _("Kontaktaufnahme für die Digitale Agenda")
    PUBLISH = "publish", _("Veröffentlichung von Name, Funktion und Organisation")
    POOL = "pool", _("Auffindbar im programmweiten Expertenpool")


class ConsentRecord(models.Model):
    """One consent a person gave for one purpose; withdrawn by setting ``withdrawn_on``.

    Records are never edited or deleted: a new consent after a withdrawal is a new record, so
    the history shows what was allowed when.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("Zweck"), max_length=20, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("erteilt am"))
    source = models.CharField(
        _("Quelle"),
        max_length=300,
        help_text=_("Wie die Einwilligung erteilt wurde, z. B. „Anmeldeformular Auftakt 12.03.“"),
    )
    withdrawn_on = models.DateField(_("widerrufen am"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")
        ordering = ["person", "-given_on", "-pk"]
        indexes = [models.Index(fields=["purpose", "withdrawn_on"])]

    def __str__(self):
        return f"{self.person_id}: {self.purpose}"

    @property
    def is_active(self):
        return self.withdrawn_on is None
