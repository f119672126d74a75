"""Forms of idea curation: quick capture, field corrections, merging. They parse what was
posted; the curation service checks the rest (lengths, fields, whose event) and says why."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.actors.fields import active_fields
from regioagenda.core.forms import KernForm
from regioagenda.participation.services.curation import CAPTURE_BODY_MAX_LENGTH, NOTE_MAX_LENGTH


class FieldKeysField(forms.MultipleChoiceField):
    """Checkboxes of matrix fields; unknown keys pass here and the service names them."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value):
        return True


class CaptureForm(KernForm):
    title = forms.CharField(
        label=_("Idee (Titel)"),
        # A little room above the limit, so the service's sentence with the length is shown.
        max_length=2_000,
        help_text=_("Enter speichert die Idee und leert das Formular für die nächste."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    body = forms.CharField(
        label=_("Kurzer Text"),
        required=False,
        max_length=CAPTURE_BODY_MAX_LENGTH * 2,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Was auf der Karte sonst noch steht."),
    )
    field_keys = FieldKeysField(
        label=_("Handlungsfelder"),
        required=False,
        help_text=_("Leer lassen: die Felder schlägt die Zuordnung aus dem Text vor."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_keys"].choices = active_fields()


class FieldsForm(KernForm):
    field_keys = FieldKeysField(label=_("Handlungsfelder"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_keys"].choices = active_fields()


class MergeForm(KernForm):
    note = forms.CharField(
        label=_("Notiz für die Beteiligten"),
        required=False,
        max_length=NOTE_MAX_LENGTH * 2,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Erscheint in der Antwort auf der zusammengeführten Idee."),
    )
