"""Forms of the indicator pages: one value by hand, and the upload of a filled-in template."""

from decimal import InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regioagenda.core.forms import KernForm
from regioagenda.matrix.queries import indicators as queries
from regioagenda.matrix.services import indicator_input


class IndicatorValueForm(KernForm):
    value = forms.CharField(label=gettext_lazy("Wert"), max_length=40)
    date = forms.DateField(
        label=gettext_lazy("Stichtag"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Der Tag, auf den sich der Wert bezieht."),
        error_messages={"invalid": gettext_lazy("Bitte ein Datum eingeben, z. B. 31.12.2024.")},
    )
    source = forms.CharField(label=gettext_lazy("Quelle"), max_length=indicator_input.SOURCE_MAX)
    note = forms.CharField(
        label=gettext_lazy("Anmerkung"),
        required=False,
        max_length=indicator_input.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        value = self.fields["value"]
        if queries.is_yes_no(indicator):
            self.fields["value"] = forms.ChoiceField(
                label=value.label,
                choices=[("", _("Bitte wählen")), ("1", _("ja")), ("0", _("nein"))],
                widget=forms.Select(attrs={"class": "kern-form-input__select"}),
            )
        else:
            value.widget.attrs["inputmode"] = "decimal"
            value_range = queries.value_range(indicator)
            hint = _("Einheit: %(unit)s") % {"unit": indicator.unit}
            if value_range:
                hint += " · " + _("zulässig: %(range)s") % {"range": value_range}
            value.help_text = hint + " · " + _("Dezimalkomma oder -punkt, z. B. 12,5")
            value.widget.attrs["aria-describedby"] = "id_value_helptext"
        self.fields["source"].help_text = _("Typisch für diesen Indikator: %(source)s") % {
            "source": indicator.source
        }
        self.fields["source"].widget.attrs["aria-describedby"] = "id_source_helptext"

    def clean_value(self):
        raw = self.cleaned_data["value"]
        try:
            return indicator_input.parse_number(raw=raw)
        except (ValueError, InvalidOperation) as exc:
            raise forms.ValidationError(
                _("„%(value)s“ ist keine Zahl (Beispiel: 12,5).") % {"value": raw}
            ) from exc


class ImportUploadForm(KernForm):
    file = forms.FileField(
        label=gettext_lazy("Datei (CSV oder Excel .xlsx)"),
        help_text=gettext_lazy(
            "Die ausgefüllte Vorlage, höchstens 2 MB und 5.000 Zeilen. Zeilen ohne Wert und "
            "Stichtag werden übersprungen."
        ),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={
            "required": gettext_lazy("Bitte wählen Sie eine Datei aus."),
            "empty": gettext_lazy("Die Datei ist leer."),
        },
    )
