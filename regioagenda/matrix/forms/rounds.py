"""Forms of assessment rounds: create, invite, rate one field, set the consensus, follow up.

The forms check types and choices only; the services decide what is allowed and say why, and the
views put those messages back onto the form.
"""

import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.core.forms import KernForm
from regioagenda.core.numbers import parse_int
from regioagenda.matrix import scoring
from regioagenda.matrix.models import (
    IMPORTANCE_MAX,
    IMPORTANCE_MIN,
    LEVEL_MAX,
    LEVEL_MIN,
    Confidence,
    RoundKind,
)
from regioagenda.matrix.services.rounds import (
    EVIDENCE_MAX,
    PERSPECTIVE_MAX,
    RATIONALE_MAX,
    TARGET_CONFIRMATION,
)

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


def _target_confirmation():
    return forms.BooleanField(
        label=_("Ja, das Ziel liegt bewusst unter dem heutigen Stand"), required=False
    )


class TargetConfirmation:
    """The checkbox that confirms a SOLL below the IST; shown only with the warning.

    The rule itself is ``services.rounds.check_target``; the form only carries the answer.
    """

    def _level(self, name):
        if self.is_bound:
            raw = self.data.get(self.add_prefix(name), "")
            return parse_int(raw, minimum=LEVEL_MIN, maximum=LEVEL_MAX)
        value = self.initial.get(name)
        return value if isinstance(value, int) else None

    def shows_target_confirmation(self):
        """With the service's warning, or while the levels shown have the SOLL below the IST."""
        if self[TARGET_CONFIRMATION].errors:
            return True
        return scoring.target_below_current(self._level("ist"), self._level("soll"))


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


class InvitePeopleForm(KernForm):
    """Invite people one by one, each with their own perspective: the agenda's members (by
    account) and the actor register's people (by email address, editable).

    Built per round with ``invite_people_form``. When a chosen person's typed address differs
    from the one stored for them, the form warns and asks for a confirmation first.
    """

    emails_confirmed = forms.BooleanField(
        label=_("Ja, die geänderten Adressen stimmen"), required=False
    )

    def __init__(self, *args, members, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.member_rows = members
        self.candidate_rows = candidates
        self.shows_email_confirmation = False

    def member_entries(self):
        """(member, checked, perspective field) per member, for the template."""
        chosen = {str(pk) for pk in (self["users"].value() or [])}
        return [
            (m, str(m.user.pk) in chosen, self[f"perspective_u{m.user.pk}"])
            for m in self.member_rows
        ]

    def candidate_entries(self):
        """(candidate, key, checked, email field, perspective field) per register person."""
        chosen = set(self["candidates"].value() or [])
        return [
            (c, key, key in chosen, self[f"email_{key}"], self[f"perspective_{key}"])
            for key, c in self.candidate_rows
        ]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("users") and not cleaned.get("candidates"):
            if not self.errors:
                self.add_error("users", _("Bitte wählen Sie mindestens eine Person aus."))
            return cleaned
        stored = dict(self.candidate_rows)
        for key in cleaned.get("candidates") or []:
            typed = (cleaned.get(f"email_{key}") or "").strip()
            known = stored[key].email.strip()
            if typed and typed.lower() != known.lower() and not cleaned.get("emails_confirmed"):
                self.shows_email_confirmation = True
                self.add_error(
                    f"email_{key}",
                    _(
                        "Für %(name)s ist die Adresse „%(known)s“ hinterlegt; Sie haben "
                        "„%(typed)s“ eingegeben. Prüfen Sie die Adresse, oder bestätigen Sie "
                        "„Ja, die geänderten Adressen stimmen“."
                    )
                    % {"name": stored[key].name, "known": known, "typed": typed},
                )
        return cleaned

    def choices(self):
        """The chosen people as ``services.rounds.RaterChoice``, each with their perspective."""
        from regioagenda.matrix.services.rounds import RaterChoice

        out = [
            RaterChoice(user=user, perspective=self.cleaned_data.get(f"perspective_u{user.pk}", ""))
            for user in self.cleaned_data.get("users") or []
        ]
        stored = dict(self.candidate_rows)
        for key in self.cleaned_data.get("candidates") or []:
            out.append(
                RaterChoice(
                    email=self.cleaned_data.get(f"email_{key}") or stored[key].email,
                    name=stored[key].name,
                    perspective=self.cleaned_data.get(f"perspective_{key}", ""),
                )
            )
        return out


def _perspective_field(who):
    return forms.CharField(
        label=_("Perspektive von %(name)s") % {"name": who},
        max_length=PERSPECTIVE_MAX,
        required=False,
    )


def candidate_key(email):
    """A stable form key for a register person: their address, hashed (no address in names)."""
    return "c" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:12]


def invite_people_form(members, candidates, users, *args, **kwargs):
    """The invite form of a round: ``members`` (MemberChoice), ``candidates`` (RaterCandidate of
    people who are not members), ``users`` the members' queryset."""
    declared = {
        "users": forms.ModelMultipleChoiceField(
            label=_("Mitglieder"),
            queryset=users,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": _(
                    "Eine gewählte Person (Nr. %(value)s) ist kein Mitglied dieser Agenda (mehr)."
                ),
                "invalid_pk_value": _("„%(pk)s“ ist keine gültige Auswahl."),
            },
        )
    }
    for member in members:
        declared[f"perspective_u{member.user.pk}"] = _perspective_field(member.user)
    rows = [(candidate_key(c.email), c) for c in candidates]
    declared["candidates"] = forms.MultipleChoiceField(
        label=_("Personen aus dem Akteursverzeichnis"),
        choices=[(key, c.name) for key, c in rows],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Die gewählte Person ist nicht (mehr) im Akteursverzeichnis.")
        },
    )
    for key, candidate in rows:
        declared[f"email_{key}"] = forms.EmailField(
            label=_("E-Mail-Adresse von %(name)s") % {"name": candidate.name},
            initial=candidate.email,
            required=False,
        )
        declared[f"perspective_{key}"] = _perspective_field(candidate.name)
    form_class = type("RoundInvitePeopleForm", (InvitePeopleForm,), declared)
    return form_class(*args, members=members, candidates=rows, **kwargs)


class RatingForm(TargetConfirmation, KernForm):
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
    soll_below_confirmed = _target_confirmation()

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
            # Saved with a SOLL below the IST, it was confirmed then.
            TARGET_CONFIRMATION: scoring.target_below_current(rating.ist, rating.soll),
        }


class ConsensusForm(TargetConfirmation, KernForm):
    """One row of the consensus table; the prefix (the field key) keeps the ids apart."""

    ist = _level_field(_("Konsens IST"), widget=forms.Select)
    soll = _level_field(_("Konsens SOLL"), widget=forms.Select)
    rationale = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=RATIONALE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    soll_below_confirmed = _target_confirmation()

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
