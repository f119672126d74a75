"""Forms of the expert forum: a new thread, a post or reply, hiding a post.

The answered post of a reply comes as the plain input ``parent``, read by the view; the form
below a thread has none, so a refused parent is never sent again.

The forms only collect input; length, emptiness and sanitising are the services' job, so the
same sentences appear whichever way a post arrives.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.core.forms import KernForm
from regioagenda.core.widgets import RichTextarea

BODY_HELP = _(
    "Absätze, Listen, fett, kursiv und Links (https://…) bleiben erhalten; andere "
    "Formatierungen werden beim Speichern entfernt. Höchstens 10.000 Zeichen."
)
EMPTY_BODY = _("Der Beitrag ist leer. Bitte schreiben Sie einen Text.")


class ThreadForm(KernForm):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie der Diskussion einen Titel.")},
    )
    body = forms.CharField(
        label=_("Erster Beitrag"),
        widget=RichTextarea(attrs={"rows": 6}),
        help_text=BODY_HELP,
        error_messages={"required": EMPTY_BODY},
    )


class PostForm(KernForm):
    body = forms.CharField(
        label=_("Ihr Beitrag"),
        widget=RichTextarea(attrs={"rows": 5}),
        help_text=BODY_HELP,
        error_messages={"required": EMPTY_BODY},
    )


class HideForm(KernForm):
    reason = forms.CharField(
        label=_("Grund für das Ausblenden"),
        max_length=300,
        error_messages={"required": _("Bitte geben Sie an, warum der Beitrag ausgeblendet wird.")},
        help_text=_("Die Mitglieder sehen diesen Grund anstelle des Beitrags."),
    )
