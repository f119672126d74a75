"""Forms of the consultation: a draft (paste or upload), a new version, the draft's settings,
a comment on a paragraph, the verdict on a comment. Lengths, emptiness and sanitising are the
services' job."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.core.forms import KernForm
from regioagenda.core.widgets import RichTextarea
from regioagenda.participation.guards import HoneypotMixin
from regioagenda.participation.models import DraftStatus, Verdict

TEXT_HELP = _(
    "Überschriften werden zu Abschnitten: im Editor als Überschrift formatiert oder als Zeile, "
    "die mit # oder ## beginnt. Leerzeilen trennen Absätze; Zeilen mit - oder 1. werden Listen."
)
UPLOAD_HELP = _(
    "Oder eine Datei: Word (DOCX), OpenDocument (ODT), PDF oder Markdown. Die Überschriften des "
    "Dokuments werden zu Abschnitten."
)


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class _SourceForm(KernForm):
    text = forms.CharField(
        label=_("Text des Entwurfs"),
        required=False,
        widget=RichTextarea(attrs={"rows": 14}),
        help_text=TEXT_HELP,
    )
    upload = forms.FileField(label=_("Datei"), required=False, help_text=UPLOAD_HELP)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("text") or "").strip() and not cleaned.get("upload"):
            if not self.errors:
                self.add_error(
                    "text", _("Bitte fügen Sie den Text ein oder wählen Sie eine Datei.")
                )
        elif (cleaned.get("text") or "").strip() and cleaned.get("upload"):
            self.add_error(
                "upload", _("Bitte entweder Text einfügen oder eine Datei wählen, nicht beides.")
            )
        return cleaned


class DraftForm(_SourceForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    opens_on = forms.DateField(label=_("Kommentare ab"), required=False, widget=_DateInput())
    closes_on = forms.DateField(label=_("Kommentare bis"), required=False, widget=_DateInput())
    field_order = ["title", "text", "upload", "opens_on", "closes_on"]


class VersionForm(_SourceForm):
    note = forms.CharField(
        label=_("Was hat sich geändert?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = ["note", "text", "upload"]


class DraftSettingsForm(KernForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    status = forms.ChoiceField(label=_("Stand"), choices=DraftStatus.choices)
    opens_on = forms.DateField(label=_("Kommentare ab"), required=False, widget=_DateInput())
    closes_on = forms.DateField(label=_("Kommentare bis"), required=False, widget=_DateInput())


class CommentForm(HoneypotMixin, KernForm):
    body = forms.CharField(
        label=_("Ihr Kommentar"),
        widget=RichTextarea(attrs={"rows": 4}),
        help_text=_("Höchstens 10.000 Zeichen."),
        error_messages={"required": _("Bitte schreiben Sie einen Kommentar.")},
    )


class AnswerForm(KernForm):
    body = forms.CharField(
        label=_("Antwort der Verwaltung"),
        widget=RichTextarea(attrs={"rows": 4}),
        error_messages={"required": _("Bitte schreiben Sie eine Antwort.")},
    )


class VerdictForm(KernForm):
    status = forms.ChoiceField(
        label=_("Ergebnis"), required=False, choices=[("", _("noch offen")), *Verdict.choices]
    )
