"""Forms of the existing concepts: upload, reassignment and the curated field summary."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.core.forms import KernForm
from regioagenda.core.widgets import RichTextarea
from regioagenda.sources import services
from regioagenda.sources.models import DocumentType


class UploadForm(KernForm):
    title = forms.CharField(label=_("Titel"), max_length=300)
    doc_type = forms.ChoiceField(label=_("Art"), choices=DocumentType.choices)
    year = forms.IntegerField(
        label=_("Jahr"),
        required=False,
        help_text=_("Das Jahr der Veröffentlichung oder des Beschlusses."),
    )
    publisher = forms.CharField(label=_("Herausgeber"), max_length=300, required=False)
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, DOCX, ODT, TXT, Markdown (.md) oder HTML, höchstens %(limit)s MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(services.ALLOWED_EXTENSIONS)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = services.max_upload_bytes() // (1024 * 1024)
        self.fields["file"].help_text = self.fields["file"].help_text % {"limit": limit}
        self.fields["year"].min_value = services.min_year()
        self.fields["year"].max_value = services.max_year()
        self.fields["year"].widget.attrs.update(min=services.min_year(), max=services.max_year())

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not (services.min_year() <= year <= services.max_year()):
            raise forms.ValidationError(
                _("Das Jahr muss zwischen %(low)s und %(high)s liegen.")
                % {"low": services.min_year(), "high": services.max_year()}
            )
        return year


class ReassignForm(KernForm):
    field = forms.ChoiceField(label=_("Handlungsfeld"))

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [(f.key, f.name) for f in fields]


class SummaryForm(KernForm):
    text = forms.CharField(
        label=_("Zusammenfassung"),
        widget=RichTextarea(attrs={"rows": 10}),
        help_text=_(
            "Absätze, Listen, fett, kursiv und Links (https://…) bleiben erhalten; andere "
            "Formatierungen werden beim Speichern entfernt."
        ),
    )
