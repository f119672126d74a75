"""Forms of events: planning, cancelling, programme, minutes, results, attendance, registering.

The forms parse input (dates in Europe/Berlin, whole numbers); the rules — end after start,
deadline before start, capacity not below the registrations, sanitising — are the services'
job, so the same sentences appear however an event is changed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.accounts.models import STAFF_ROLES, User
from regioagenda.core.forms import KernForm
from regioagenda.core.widgets import RichTextarea
from regioagenda.participation.guards import HoneypotMixin
from regioagenda.participation.models import EventKind
from regioagenda.participation.services.events import MAX_CAPACITY, MAX_WALK_INS, sector_choices
from regioagenda.regions import process

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
RICH_HELP = _(
    "Absätze, Listen, fett, kursiv und Links (https://…) bleiben erhalten; andere "
    "Formatierungen werden beim Speichern entfernt."
)
BAD_DATETIME = _("Bitte Datum und Uhrzeit angeben, z. B. 12.05.2026 18:00.")
BAD_NUMBER = _("Bitte eine ganze Zahl angeben.")


def _when(label, *, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        error_messages={"invalid": BAD_DATETIME, "required": BAD_DATETIME},
    )


class EventForm(KernForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    kind = forms.ChoiceField(label=_("Art"), choices=EventKind.choices)
    step = forms.ChoiceField(label=_("Prozessschritt"), choices=process.STEP_CHOICES)
    starts_at = _when(_("Beginn"))
    ends_at = _when(_("Ende"))
    place = forms.CharField(
        label=_("Ort"), max_length=200, required=False, help_text=_("z. B. Landratsamt, Saal 1")
    )
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Link zur Online-Teilnahme"),
        required=False,
        assume_scheme="https",
        max_length=200,
    )
    accessibility = forms.CharField(
        label=_("Barrierefreiheit"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stufenloser Zugang, Induktionsschleife, Gebärdensprache, Kinderbetreuung …"),
    )
    capacity = forms.IntegerField(
        label=_("Plätze"),
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("Leer lassen, wenn unbegrenzt."),
        error_messages={"invalid": BAD_NUMBER},
    )
    registration_required = forms.BooleanField(
        label=_("Anmeldung erforderlich"), required=False, initial=True
    )
    registration_deadline = _when(
        _("Anmeldeschluss"), required=False, help_text=_("Leer lassen: bis zum Beginn.")
    )
    moderator = forms.ModelChoiceField(
        label=_("Moderation"), queryset=User.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        widget=RichTextarea(attrs={"rows": 6}),
        help_text=RICH_HELP,
    )
    is_draft = forms.BooleanField(
        label=_("Entwurf – noch nicht öffentlich ankündigen"), required=False
    )

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderator"].queryset = (
            User.objects.filter(memberships__agenda=agenda, memberships__role__in=list(STAFF_ROLES))
            .distinct()
            .order_by("name", "email")
        )


class CancelEventForm(KernForm):
    reason = forms.CharField(
        label=_("Grund der Absage"),
        required=False,
        max_length=500,
        help_text=_("Wird allen Angemeldeten mitgeteilt und auf der Seite gezeigt."),
    )


class RegisterForm(HoneypotMixin, KernForm):
    sector = forms.ChoiceField(
        label=_("Aus welchem Bereich kommen Sie?"),
        required=False,
        help_text=_("Freiwillig; nur für die Statistik, nie einzeln gezeigt."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("keine Angabe")), *sector_choices()]


class ItemForm(KernForm):
    starts_at = forms.TimeField(
        label=_("Uhrzeit"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Bitte eine Uhrzeit angeben, z. B. 18:30.")},
    )
    title = forms.CharField(label=_("Programmpunkt"), max_length=200)
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MinutesForm(KernForm):
    minutes = forms.CharField(
        label=_("Protokoll"),
        required=False,
        widget=RichTextarea(attrs={"rows": 14}),
        help_text=RICH_HELP,
    )
    publish = forms.BooleanField(label=_("Protokoll veröffentlichen"), required=False)


class ResultsForm(KernForm):
    ideas = forms.TypedMultipleChoiceField(
        label=_("Ideen, die bei dieser Veranstaltung entstanden oder beraten wurden"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].choices = [(idea.pk, idea.title) for idea in candidates]


class AttendanceForm(KernForm):
    """Checkboxes for the confirmed registrations and one number per sector for walk-ins."""

    attended = forms.TypedMultipleChoiceField(
        label=_("Anwesend (mit Anmeldung)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, registrations, walk_in_rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (
                r.pk,
                f"{r.user.name or r.user.email}"
                + (f" ({r.sector_label})" if r.sector_label else ""),
            )
            for r in registrations
        ]
        if not self.is_bound:
            self.initial["attended"] = [r.pk for r in registrations if r.attended]
        self.sector_fields = []
        for key, label, count in walk_in_rows:
            name = f"walk_ins_{key or 'none'}"
            self.fields[name] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=MAX_WALK_INS,
                initial=count,
                error_messages={"invalid": BAD_NUMBER},
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.sector_fields.append((key, name))

    def walk_ins(self):
        return {key: self.cleaned_data.get(name) or 0 for key, name in self.sector_fields}
