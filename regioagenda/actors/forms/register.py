"""Forms of the register: organisations, people, consents, and the filters of both lists.

The forms parse what was posted and apply the register's value rules (``actors/validation.py``,
the same the services and the import apply); the services decide what needs the database
(duplicates, the agenda of the organisation, a consent already given) and their messages land
on these fields.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regioagenda.actors import validation
from regioagenda.actors.fields import active_fields, clean_field_keys
from regioagenda.actors.models import (
    ConsentPurpose,
    ConsentRecord,
    Organisation,
    Person,
    Sector,
    Visibility,
)
from regioagenda.actors.queries.register import (
    CONSENT_STATES,
    find_region,
    organisation_choices,
    region_label,
)
from regioagenda.core.forms import KernForm

DATE_ERROR = _("Bitte geben Sie ein Datum an, z. B. 31.12.2025.")


class FieldKeysField(forms.MultipleChoiceField):
    """Checkboxes of matrix fields; an unknown key is refused by name (not "invalid choice")."""

    widget = forms.CheckboxSelectMultiple

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        clean_field_keys(value, known=dict(self.choices))


def _fields_field():
    return FieldKeysField(
        label=_("Handlungsfelder"),
        required=False,
        help_text=_("Die Felder der Smart-Region-Matrix, in denen sie tätig ist."),
    )


class RegionLookupField(forms.CharField):
    """A region typed as official key (AGS) or exact name; cleans to a ``Region`` or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Region"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "help_text",
            _(
                "Amtlicher Schlüssel (AGS, z. B. 09162000) oder genauer Name der Gemeinde/des Kreises."
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if hasattr(value, "ags"):
            return region_label(value)
        return value

    def clean(self, value):
        # Length and "required" apply to the text; the lookup comes last.
        return find_region(super().clean(value))


def _sector_choices(blank_label):
    return [("", blank_label), *Sector.choices]


class RegisterTextField(forms.CharField):
    """Text for a column of the register: the input box is as long as the column, and the
    register's rules (``actors/validation.py``, called in the form's ``clean``) judge the value,
    so a too-long text gets the same message here as from the service and the import."""

    def __init__(self, model, name, **kwargs):
        super().__init__(max_length=validation.max_length(model, name), **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]


def _apply_rules(form, cleaned, errors):
    """Put the register rules' verdict onto ``form``: the first message per field, and the
    normalised values (e.g. a completed web address) into ``cleaned_data``."""
    for name, message in errors.items():
        if name not in form.errors:
            form.add_error(name, message)
    for name, value in cleaned.items():
        if name in form.cleaned_data:
            form.cleaned_data[name] = value


class OrganisationForm(KernForm):
    name = RegisterTextField(
        Organisation,
        "name",
        label=_("Name"),
        error_messages={"required": validation.ORGANISATION_NAME_MISSING},
    )
    sector = forms.ChoiceField(
        label=_("Bereich"),
        choices=_sector_choices(_("Bitte wählen")),
        error_messages={
            "invalid_choice": validation.UNKNOWN_SECTOR,
            "required": validation.ORGANISATION_SECTOR_MISSING,
        },
    )
    region = RegionLookupField()
    # A plain text field: "www.example.de" is completed, not refused (actors/validation.py).
    website = RegisterTextField(
        Organisation,
        "website",
        label=_("Website"),
        required=False,
        help_text=_("z. B. https://www.example.de"),
    )
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    fields = _fields_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields"].choices = active_fields()

    def clean(self):
        cleaned_data = super().clean()
        _apply_rules(self, *validation.clean_organisation_values(cleaned_data))
        return self.cleaned_data

    @classmethod
    def initial_for(cls, organisation):
        return {
            "name": organisation.name,
            "sector": organisation.sector,
            "region": organisation.region,
            "website": organisation.website,
            "description": organisation.description,
            "fields": list(organisation.field_links.values_list("field_key", flat=True)),
        }


class PersonForm(KernForm):
    name = RegisterTextField(
        Person,
        "name",
        label=_("Name"),
        error_messages={"required": validation.PERSON_NAME_MISSING},
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        empty_label=_("– keine Organisation –"),
        error_messages={
            "invalid_choice": _(
                "Diese Organisation gehört nicht zu dieser Agenda. Bitte wählen Sie eine aus der "
                "Liste."
            )
        },
    )
    sector = forms.ChoiceField(
        label=_("Bereich"),
        required=False,
        choices=_sector_choices(_("– wie die Organisation –")),
        help_text=_("Nur nötig, wenn die Person für keine Organisation spricht."),
        error_messages={"invalid_choice": validation.UNKNOWN_SECTOR},
    )
    function = RegisterTextField(Person, "function", label=_("Funktion"), required=False)
    # Checked here by the register's rule; the service adds who already has the address.
    email = RegisterTextField(
        Person, "email", label=_("E-Mail-Adresse"), required=False, widget=forms.EmailInput
    )
    phone = RegisterTextField(
        Person,
        "phone",
        label=_("Telefon"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    region = RegionLookupField()
    visibility = forms.ChoiceField(
        label=_("Sichtbarkeit"),
        choices=Visibility.choices,
        initial=Visibility.INTERNAL,
        widget=forms.RadioSelect,
        help_text=_(
            "„öffentlich“ wirkt erst, wenn eine gültige Einwilligung zur Veröffentlichung erfasst ist."
        ),
    )
    fields = _fields_field()

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_choices(agenda)
        self.fields["fields"].choices = active_fields()
        self.fields["fields"].help_text = _(
            "Felder der Smart-Region-Matrix, in denen die Person Expertise hat."
        )

    def clean(self):
        cleaned_data = super().clean()
        # A refused organisation is reported as such, not once more as a missing sector.
        has_organisation = (
            cleaned_data.get("organisation") is not None or "organisation" in self.errors
        )
        _apply_rules(
            self,
            *validation.clean_person_values(cleaned_data, has_organisation=has_organisation),
        )
        return self.cleaned_data

    @classmethod
    def initial_for(cls, person):
        return {
            "name": person.name,
            "organisation": person.organisation_id,
            "sector": person.sector,
            "function": person.function,
            "email": person.email,
            "phone": person.phone,
            "region": person.region,
            "visibility": person.visibility,
            "fields": list(person.field_links.values_list("field_key", flat=True)),
        }


class ConsentForm(KernForm):
    purpose = forms.ChoiceField(
        label=_("Zweck"),
        choices=ConsentPurpose.choices,
        error_messages={"invalid_choice": _("Bitte wählen Sie einen der angebotenen Zwecke.")},
    )
    given_on = forms.DateField(
        label=_("Erteilt am"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR, "required": DATE_ERROR},
    )
    source = RegisterTextField(
        ConsentRecord,
        "source",
        label=_("Quelle"),
        help_text=_("Wie die Einwilligung erteilt wurde, z. B. „Anmeldeformular Auftakt 12.03.“"),
        error_messages={"required": validation.CONSENT_SOURCE_MISSING},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "consent")
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate

    def clean(self):
        cleaned_data = super().clean()
        if "given_on" in cleaned_data:
            _apply_rules(self, *validation.clean_consent_values(cleaned_data))
        return self.cleaned_data


class WithdrawForm(KernForm):
    on = forms.DateField(
        label=_("Widerrufen am"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR, "required": DATE_ERROR},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate


class AnonymiseForm(KernForm):
    confirm = forms.BooleanField(
        label=_("Ich habe verstanden, dass die Daten endgültig gelöscht werden."),
        error_messages={
            "required": _("Bitte bestätigen Sie, dass die Daten gelöscht werden sollen.")
        },
    )


# Filters of the lists. Invalid values are reported and that filter is not applied.


class OrganisationFilterForm(KernForm):
    q = forms.CharField(label=_("Suche nach Name"), required=False, max_length=200)
    sector = forms.ChoiceField(label=_("Bereich"), required=False)
    field = forms.ChoiceField(label=_("Handlungsfeld"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, region_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = _sector_choices(_("alle"))
        self.fields["field"].choices = [("", _("alle")), *active_fields()]
        self.fields["region"].choices = [("", _("alle")), *region_choices]


class PersonFilterForm(KernForm):
    q = forms.CharField(
        label=_("Suche"),
        required=False,
        max_length=200,
        help_text=_("Name, E-Mail-Adresse, Funktion oder Organisation"),
    )
    sector = forms.ChoiceField(label=_("Bereich"), required=False)
    field = forms.ChoiceField(label=_("Handlungsfeld"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    visibility = forms.ChoiceField(label=_("Sichtbarkeit"), required=False)
    consent = forms.ChoiceField(label=_("Einwilligung"), required=False)

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = _sector_choices(_("alle"))
        self.fields["field"].choices = [("", _("alle")), *active_fields()]
        self.fields["organisation"].choices = [
            ("", _("alle")),
            *(
                (str(pk), name)
                for pk, name in organisation_choices(agenda).values_list("pk", "name")
            ),
        ]
        self.fields["visibility"].choices = [("", _("alle")), *Visibility.choices]
        self.fields["consent"].choices = [("", _("alle")), *CONSENT_STATES]
