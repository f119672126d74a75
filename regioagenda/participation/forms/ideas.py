"""Forms of ideas: submitting or correcting one, and the official answer.

They collect input only; titles, text, fields, places and points are checked by the services,
so every way an idea arrives gets the same sentences."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.core.forms import KernForm
from regioagenda.core.widgets import RichTextarea
from regioagenda.participation.guards import HoneypotMixin
from regioagenda.participation.models import IdeaStatus

BODY_HELP = _(
    "Was soll sich ändern, für wen, und warum? Absätze, Listen, fett, kursiv und Links bleiben "
    "erhalten. Höchstens 10.000 Zeichen."
)


class IdeaForm(HoneypotMixin, KernForm):
    title = forms.CharField(
        label=_("Titel Ihrer Idee"),
        error_messages={"required": _("Bitte geben Sie Ihrer Idee einen Titel.")},
    )
    body = forms.CharField(
        label=_("Beschreibung"),
        widget=RichTextarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
        error_messages={"required": _("Bitte beschreiben Sie Ihre Idee.")},
    )
    fields = forms.MultipleChoiceField(
        label=_("Handlungsfelder"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "„Vorschlag holen“ wählt passende Felder aus Ihrem Text; Sie können sie ändern. "
            "Ohne Auswahl schlagen wir Felder vor, die die Moderation prüft."
        ),
    )
    # A select of the area's municipalities (typing the first letters jumps there, by keyboard
    # and without JavaScript); the service checks the value, so a foreign id gets its sentence.
    place = forms.CharField(
        label=_("Ort (Gemeinde)"),
        required=False,
        widget=forms.Select,
        help_text=_(
            "Wenn Ihre Idee einen bestimmten Ort betrifft. Tippen Sie den Anfang des Namens."
        ),
    )
    latitude = forms.CharField(
        label=_("Breitengrad"),
        required=False,
        max_length=20,
        help_text=_("Optional, für einen genauen Punkt, z. B. 48,13743."),
    )
    longitude = forms.CharField(
        label=_("Längengrad"),
        required=False,
        max_length=20,
        help_text=_("Optional, z. B. 11,57549."),
    )

    def __init__(self, *args, field_choices=(), place_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields"].choices = list(field_choices)
        self.fields["place"].widget.choices = [("", _("– kein bestimmter Ort –")), *place_choices]


class AnswerForm(KernForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (value, label) for value, label in IdeaStatus.choices if value != IdeaStatus.MERGED
        ],
    )
    answer = forms.CharField(
        label=_("Offizielle Antwort"),
        required=False,
        widget=RichTextarea(attrs={"rows": 5}),
        help_text=_("Öffentlich sichtbar. Bei einer Ablehnung ist die Begründung Pflicht."),
    )
