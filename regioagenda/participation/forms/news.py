"""Writing a news post."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regioagenda.core.forms import KernForm
from regioagenda.core.widgets import RichTextarea
from regioagenda.participation.models.news import NEWS_TEASER_MAX_LENGTH, NEWS_TITLE_MAX_LENGTH
from regioagenda.regions import process

PUBLISH_HOUR = 6


class NewsForm(KernForm):
    title = forms.CharField(label=_("Titel"), max_length=NEWS_TITLE_MAX_LENGTH)
    teaser = forms.CharField(
        label=_("Kurzfassung"),
        required=False,
        max_length=NEWS_TEASER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ein, zwei Sätze für Listen, den Feed und geteilte Links."),
    )
    body = forms.CharField(label=_("Text"), widget=RichTextarea(attrs={"rows": 10}))
    step = forms.ChoiceField(
        label=_("Prozessschritt"),
        required=False,
        choices=[("", _("– keiner –")), *process.STEP_CHOICES],
    )
    published_on = forms.DateField(
        label=_("Veröffentlichen am"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leer lassen für sofort; ein späterer Tag plant die Neuigkeit ein."),
    )

    def published_at(self) -> datetime.datetime | None:
        """Empty or today means now; another day means that day at 6 o'clock."""
        day = self.cleaned_data.get("published_on")
        if day is None or day == timezone.localdate():
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(PUBLISH_HOUR)))
