"""Forms of community's pages. The honeypot mirrors ``participation.guards.HoneypotMixin``
(community sits below participation and may not import it)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regioagenda.community.models import (
    REPORT_TEXT_MAX_LENGTH,
    Delivery,
    NotificationKind,
    ReportReason,
)
from regioagenda.community.services import NEWSLETTER_SUBJECT_MAX, NEWSLETTER_TEXT_MAX


class Honeypot(forms.Form):
    homepage = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "tabindex": "-1", "class": "honeypot-input"}
        ),
    )

    def clean_homepage(self) -> str:
        if self.cleaned_data.get("homepage"):
            raise ValidationError(
                _("Das Formular wurde automatisch ausgefüllt und nicht gespeichert."),
                code="honeypot",
            )
        return ""


DELIVERY_CHOICES = Delivery.choices
KIND_CHOICES = [("", _("wie meine Grundeinstellung"))] + list(Delivery.choices)


class SettingsForm(forms.Form):
    """The default for every kind, and optionally a different choice per kind."""

    default = forms.ChoiceField(
        label=_("Grundeinstellung für alle Benachrichtigungen"),
        choices=DELIVERY_CHOICES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[f"kind_{kind}"] = forms.ChoiceField(
                label=label, choices=KIND_CHOICES, required=False
            )


class ReportForm(Honeypot):
    reason = forms.ChoiceField(
        label=_("Warum melden Sie diesen Beitrag?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Erläuterung"),
        help_text=_("Was sollte die Moderation wissen? Nur die Moderation liest das."),
        required=False,
        max_length=REPORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NewsletterForm(Honeypot):
    email = forms.EmailField(label=_("E-Mail-Adresse"), max_length=254)
    consent = forms.BooleanField(
        label=_(
            "Ich möchte den Newsletter dieser Agenda per E-Mail erhalten und kann ihn jederzeit "
            "abbestellen."
        ),
        required=True,
    )


class NewsletterSendForm(forms.Form):
    subject = forms.CharField(label=_("Betreff"), max_length=NEWSLETTER_SUBJECT_MAX)
    text = forms.CharField(
        label=_("Text"),
        help_text=_("Reiner Text; Links schreiben Sie einfach aus (https://…)."),
        max_length=NEWSLETTER_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
