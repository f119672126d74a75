"""Forms of the actors' import and export: the upload and the choice of what to export."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.actors.imports_format import MAX_ROWS, MAX_UPLOAD_BYTES, ORGANISATIONS, PEOPLE
from regioagenda.core.forms import KernForm


def what_choices():
    return [(ORGANISATIONS, _("Organisationen")), (PEOPLE, _("Personen"))]


class ImportUploadForm(KernForm):
    what = forms.ChoiceField(
        label=_("Was wird importiert?"),
        choices=what_choices,
        widget=forms.RadioSelect,
        initial=ORGANISATIONS,
        error_messages={"required": _("Bitte wählen Sie Organisationen oder Personen.")},
    )
    file = forms.FileField(
        label=_("Datei (CSV oder Excel .xlsx)"),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={
            "required": _("Bitte wählen Sie eine Datei aus."),
            "empty": _("Die Datei ist leer."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Die ausgefüllte Vorlage, höchstens %(mb)d MB und %(rows)d Zeilen. Personen können in "
            "einer Excel-Datei ihre Organisationen im Blatt „Organisationen“ mitbringen."
        ) % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024), "rows": MAX_ROWS}


class ExportForm(KernForm):
    what = forms.ChoiceField(
        label=_("Was wird exportiert?"),
        choices=what_choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie Organisationen oder Personen."),
            "invalid_choice": _("Exportieren lassen sich nur Organisationen oder Personen."),
        },
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV (Semikolon, UTF-8)"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie ein Format."),
            "invalid_choice": _("Das Format gibt es nicht; möglich sind CSV und Excel (.xlsx)."),
        },
    )
