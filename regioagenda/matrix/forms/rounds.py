"""Forms of assessment rounds: create, invite, rate one field, set the consensus, follow up.

The forms check types and choices only; the services decide what is allowed and say why, and the
views put those messages back onto the form.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.core.forms import KernForm
from regioagenda.matrix.models import (
    IMPORTANCE_MAX,
    IMPORTANCE_MIN,
    LEVEL_MAX,
    LEVEL_MIN,
    Confidence,
    RoundKind,
)
from regioagenda.matrix.services.rounds import EVIDENCE_MAX, PERSPECTIVE_MAX, RATIONALE_MAX

LEVEL_CHOICES = [(str(level), str(level)) for level in range(LEVEL_MIN, LEVEL_MAX + 1)]
IMPORTANCE_CHOICES = [
    (str(value), str(value)) for value in range(IMPORTANCE_MIN, IMPORTANCE_MAX + 1)
]


def _level_field(label, required=False, widget=forms.RadioSelect):
    return forms.TypedChoiceField(
        label=label,
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=required,
        widget=widget,
        error_messages={
            # The levels are fixed by the model (0–4); a lazy string must not be formatted here.
            "invalid_choice": _("Bitte wählen Sie eine Stufe von 0 bis 4 (angegeben: %(value)s)."),
        },
    )


class RoundCreateForm(KernForm):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("z. B. „Erstbewertung 2025“ oder „Neubewertung nach zwei Jahren“"),
        error_messages={"required": _("Bitte geben Sie der Bewertungsrunde einen Titel.")},
    )
    kind = forms.ChoiceField(
        label=_("Art der Runde"),
        choices=[
            (RoundKind.BASELINE, RoundKind.BASELINE.label),
            (RoundKind.REASSESSMENT, RoundKind.REASSESSMENT.label),
        ],
        initial=RoundKind.BASELINE,
        error_messages={
            "invalid_choice": _(
                "Wählen Sie „Erstbewertung“ oder „Neubewertung“; eine zweite Runde starten Sie "
                "aus der Konsens-Ansicht."
            )
        },
    )
    closes_on = forms.DateField(
        label=_("Bewertung bis"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Bis wann die Eingeladenen bewerten sollen; die Runde schließt die Koordination."
        ),
        error_messages={"invalid": _("Bitte geben Sie ein Datum an, z. B. 31.12.2025.")},
    )


class InviteForm(KernForm):
    """Invite members of the agenda; the template renders the people as a list of checkboxes."""

    users = forms.ModelMultipleChoiceField(
        label=_("Personen"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Bitte wählen Sie mindestens eine Person aus."),
            "invalid_choice": _(
                "Eine gewählte Person (Nr. %(value)s) ist kein Mitglied dieser Agenda (mehr)."
            ),
            "invalid_pk_value": _("„%(pk)s“ ist keine gültige Auswahl."),
        },
    )
    perspective = forms.CharField(
        label=_("Perspektive"),
        max_length=PERSPECTIVE_MAX,
        required=False,
        help_text=_("z. B. Verwaltung, Wirtschaft, Wissenschaft, Zivilgesellschaft"),
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = users


class RatingForm(KernForm):
    """One field of the matrix: IST and SOLL (level radios), importance, confidence, evidence."""

    ist = _level_field(_("IST – wo steht die Region heute?"))
    soll = _level_field(_("SOLL – wo soll die Region bis zum Zieljahr der Agenda stehen?"))
    skipped = forms.BooleanField(label=_("Kann ich nicht beurteilen"), required=False)
    importance = forms.TypedChoiceField(
        label=_("Wie wichtig ist das Feld für die Region?"),
        choices=IMPORTANCE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Die Wichtigkeit ist eine Zahl von 1 bis 5 (angegeben: %(value)s).")
        },
    )
    confidence = forms.TypedChoiceField(
        label=_("Wie sicher sind Sie?"),
        choices=[(str(value), label) for value, label in Confidence.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _(
                "Die Sicherheit ist 1 (unsicher), 2 (eher sicher) oder 3 (sicher), nicht "
                "„%(value)s“."
            )
        },
    )
    evidence = forms.CharField(
        label=_("Begründung oder Beleg"),
        required=False,
        max_length=EVIDENCE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Woran machen Sie Ihre Einschätzung fest? Beispiele, Zahlen, Projekte."),
    )
    evidence_url = forms.URLField(
        label=_("Link zum Beleg"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Bitte geben Sie einen vollständigen Link an (https://…).")},
    )

    def __init__(self, *args, matrix_field, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.matrix_field = matrix_field
        self.version = version
        for bound in self.fields.values():
            if isinstance(bound.widget, forms.RadioSelect):
                bound.widget.attrs["class"] = "kern-form-check__radio"

    def level_options(self, name):
        """(radio, level, level name, field-specific descriptor) for the IST or SOLL radios."""
        return [
            (
                radio,
                int(radio.data["value"]),
                self.version.level_name(int(radio.data["value"])),
                self.matrix_field.descriptor(int(radio.data["value"])),
            )
            for radio in self[name]
        ]

    def ist_options(self):
        return self.level_options("ist")

    def soll_options(self):
        return self.level_options("soll")

    @classmethod
    def initial_for(cls, rating):
        if rating is None:
            return {}
        return {
            "ist": rating.ist,
            "soll": rating.soll,
            "skipped": rating.skipped,
            "importance": rating.importance,
            "confidence": rating.confidence,
            "evidence": rating.evidence,
            "evidence_url": rating.evidence_url,
        }


class ConsensusForm(KernForm):
    """One row of the consensus table; the prefix (the field key) keeps the ids apart."""

    ist = _level_field(_("Konsens IST"), widget=forms.Select)
    soll = _level_field(_("Konsens SOLL"), widget=forms.Select)
    rationale = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=RATIONALE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("– bitte wählen –"))] + [
            (value, f"{value} – {version.level_name(int(value))}")
            for value, _label in LEVEL_CHOICES
        ]
        self.fields["ist"].choices = choices
        self.fields["soll"].choices = choices


class FollowUpForm(KernForm):
    selected = forms.ModelMultipleChoiceField(
        label=_("Felder der zweiten Runde"),
        queryset=None,
        to_field_name="key",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Bitte wählen Sie mindestens ein Feld für die zweite Runde."),
            "invalid_choice": _("Das Feld „%(value)s“ gehört nicht zu dieser Runde."),
            "invalid_pk_value": _("„%(pk)s“ ist keine gültige Auswahl."),
        },
    )

    def __init__(self, *args, fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = fields
        self.fields["selected"].widget.attrs["class"] = "kern-form-check__checkbox"
