"""The form of the one comments engine: a comment, a reply, an official answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.core.forms import KernForm
from regioagenda.core.widgets import RichTextarea
from regioagenda.participation.guards import HoneypotMixin


class CommentForm(HoneypotMixin, KernForm):
    body = forms.CharField(
        label=_("Ihr Kommentar"),
        widget=RichTextarea(attrs={"rows": 4}),
        help_text=_("Sachlich und freundlich. Höchstens 10.000 Zeichen."),
        error_messages={"required": _("Der Kommentar ist leer. Bitte schreiben Sie einen Text.")},
    )
    official = forms.BooleanField(
        label=_("Als offizielle Antwort der Agenda kennzeichnen"), required=False
    )

    def __init__(self, *args, official=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not official:
            del self.fields["official"]


class CommentEditForm(KernForm):
    body = forms.CharField(
        label=_("Kommentar"),
        widget=RichTextarea(attrs={"rows": 4}),
        error_messages={"required": _("Der Kommentar ist leer. Bitte schreiben Sie einen Text.")},
    )
