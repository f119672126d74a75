"""The coordinator's form for one step's phase."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.core.forms import KernForm
from regioagenda.core.widgets import RichTextarea
from regioagenda.participation.models import Module
from regioagenda.participation.models.phases import PLAIN_SUMMARY_MAX_LENGTH

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PhaseForm(KernForm):
    starts_on = forms.DateField(label=_("Geplanter Beginn"), required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(
        label=_("Geplantes Ende"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Bis einschließlich zu diesem Tag sind die Beteiligungsformen offen."),
    )
    plain_summary = forms.CharField(
        label=_("In einfacher Sprache"),
        required=False,
        max_length=PLAIN_SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zwei, drei kurze Sätze: Worum geht es? Wie mache ich mit?"),
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        widget=RichTextarea(attrs={"rows": 8}),
        help_text=_(
            "Öffentlich: was in diesem Schritt passiert und was mit den Beiträgen geschieht."
        ),
    )
    modules = forms.MultipleChoiceField(
        label=_("Beteiligungsformen"),
        required=False,
        choices=Module.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    # Text, not IntegerField: the service answers "²" or "10,5" with its own sentence.
    vote_points = forms.CharField(
        label=_("Punkte pro Person bei der Priorisierung"),
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
