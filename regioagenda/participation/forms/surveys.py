"""Forms of surveys: answering one (built from its questions), and the editor's forms."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.core.forms import KernForm
from regioagenda.core.widgets import RichTextarea
from regioagenda.participation.guards import HoneypotMixin
from regioagenda.participation.models.surveys import (
    INTRO_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    SCALE_LIMIT,
    TEXT_ANSWER_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    QuestionKind,
)
from regioagenda.participation.queries.surveys import sector_choices
from regioagenda.participation.services.surveys import QuestionInput
from regioagenda.regions import process

IMPORTANCE_CHOICES = [
    ("", _("keine Angabe")),
    ("1", _("1 – unwichtig")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 – sehr wichtig")),
]
PERCEIVED_CHOICES = [
    ("", _("weiß nicht")),
    ("0", _("0 – noch nichts")),
    ("1", "1"),
    ("2", "2"),
    ("3", "3"),
    ("4", _("4 – vorbildlich")),
]


ANSWER_LABEL = _("Ihre Antwort")


def _field_for(question: Any) -> forms.Field:
    """The question's text is its heading on the page; the field is labelled as the answer."""
    field = _plain_field_for(question)
    field.required = question.required
    field.error_messages["required"] = _("Bitte beantworten Sie diese Frage.")
    return field


def _plain_field_for(question: Any) -> forms.Field:
    help_text = question.help
    if question.kind == QuestionKind.SINGLE:
        return forms.TypedChoiceField(
            label=ANSWER_LABEL,
            help_text=help_text,
            choices=[(c.pk, c.text) for c in question.choices.all()],
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            error_messages={
                "invalid_choice": _("Bitte wählen Sie eine der angebotenen Antworten.")
            },
        )
    if question.kind == QuestionKind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            label=ANSWER_LABEL,
            help_text=help_text,
            choices=[(c.pk, c.text) for c in question.choices.all()],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": _("Bitte wählen Sie aus den angebotenen Antworten.")},
        )
    if question.kind == QuestionKind.SCALE:
        labels = {
            question.scale_min: question.scale_min_label,
            question.scale_max: question.scale_max_label,
        }
        choices = [
            (v, f"{v} – {labels[v]}" if labels.get(v) else str(v))
            for v in range(question.scale_min, question.scale_max + 1)
        ]
        return forms.TypedChoiceField(
            label=ANSWER_LABEL,
            help_text=help_text,
            choices=choices,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            error_messages={
                "invalid_choice": _("Bitte wählen Sie einen Wert von %(min)s bis %(max)s.")
                % {"min": question.scale_min, "max": question.scale_max}
            },
        )
    return forms.CharField(
        label=ANSWER_LABEL,
        help_text=help_text,
        required=False,
        max_length=TEXT_ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResponseForm(HoneypotMixin, KernForm):
    """One field per question (two per field of a matrix-field question), all optional here:
    which answers are required is checked by the service, which says so per question."""

    sector = forms.ChoiceField(
        label=_("Aus welchem Bereich kommen Sie?"),
        help_text=_("Freiwillig; nur für die Auswertung nach Bereichen, nie einzeln gezeigt."),
        choices=(),
        required=False,
    )

    def __init__(self, *args: Any, survey: Any, matrix_fields: list[Any], **kwargs: Any) -> None:
        self.survey = survey
        self.questions = list(survey.questions.all())
        self.matrix_fields = matrix_fields
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = sector_choices()
        for question in self.questions:
            if question.kind == QuestionKind.MATRIX_FIELD:
                for matrix_field in matrix_fields:
                    if question.ask_perceived:
                        self.fields[f"q{question.pk}_p_{matrix_field.key}"] = (
                            forms.TypedChoiceField(
                                label=_("Wie weit ist die Region hier?"),
                                choices=PERCEIVED_CHOICES,
                                coerce=int,
                                empty_value=None,
                                required=False,
                                widget=forms.RadioSelect,
                                error_messages={
                                    "invalid_choice": _(
                                        "Bitte eine Stufe von 0 bis 4 oder „weiß nicht“ wählen."
                                    )
                                },
                            )
                        )
                    self.fields[f"q{question.pk}_i_{matrix_field.key}"] = forms.TypedChoiceField(
                        label=_("Wie wichtig ist Ihnen das?"),
                        choices=IMPORTANCE_CHOICES,
                        coerce=int,
                        empty_value=None,
                        required=False,
                        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
                        error_messages={
                            "invalid_choice": _("Bitte eine Wichtigkeit von 1 bis 5 wählen.")
                        },
                    )
            else:
                field = _field_for(question)
                if isinstance(field.widget, forms.Textarea):
                    field.widget.attrs["class"] = "kern-form-input__input"
                self.fields[f"q{question.pk}"] = field

    def items(self) -> list[SimpleNamespace]:
        """Per question: its number, the question, and either ``single`` (a one-field form for
        ``includes/form_fields.html``) or ``groups`` (matrix field, perceived, importance)."""
        out = []
        for number, question in enumerate(self.questions, start=1):
            item = SimpleNamespace(number=number, question=question, single=None, groups=[])
            if question.kind == QuestionKind.MATRIX_FIELD:
                for matrix_field in self.matrix_fields:
                    perceived = (
                        self[f"q{question.pk}_p_{matrix_field.key}"]
                        if question.ask_perceived
                        else None
                    )
                    importance = self[f"q{question.pk}_i_{matrix_field.key}"]
                    item.groups.append((matrix_field, perceived, importance))
                item.errors = self.question_errors.get(question.pk, [])
            else:
                item.single = SimpleNamespace(
                    non_field_errors=(), hidden_fields=(), visible_fields=[self[f"q{question.pk}"]]
                )
            out.append(item)
        return out

    @property
    def question_errors(self) -> dict[int, list[str]]:
        return getattr(self, "_question_errors", {})

    def add_question_error(self, question_id: int, message: str) -> None:
        errors = dict(self.question_errors)
        errors.setdefault(question_id, []).append(message)
        self._question_errors = errors

    def answers(self) -> dict[int, Any]:
        data = self.cleaned_data
        out: dict[int, Any] = {}
        for question in self.questions:
            if question.kind == QuestionKind.MATRIX_FIELD:
                out[question.pk] = {
                    f.key: (
                        data.get(f"q{question.pk}_p_{f.key}"),
                        data.get(f"q{question.pk}_i_{f.key}"),
                    )
                    for f in self.matrix_fields
                }
            else:
                out[question.pk] = data.get(f"q{question.pk}")
        return out

    def apply_service_errors(self, exc: Any) -> None:
        """A service ``ValidationError`` keyed ``q<id>`` goes to its question."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for key, errors in exc.error_dict.items():
            if key in self.fields and key != "homepage":
                self.add_error(key, errors)
            elif key.startswith("q") and key[1:].isdecimal():
                for error in errors:
                    self.add_question_error(int(key[1:]), " ".join(error.messages))
                # still mark the form as invalid for the template's summary
                self.add_error(None, errors)
            else:
                self.add_error(None, errors)


class SurveySettingsForm(KernForm):
    title = forms.CharField(label=_("Titel"), max_length=TITLE_MAX_LENGTH)
    step = forms.ChoiceField(label=_("Prozessschritt"), choices=process.STEP_CHOICES)
    intro = forms.CharField(
        label=_("Einleitung"),
        required=False,
        max_length=INTRO_MAX_LENGTH,
        widget=RichTextarea(attrs={"rows": 5}),
        help_text=_("Worum geht es, wie lange dauert es, was geschieht mit den Antworten?"),
    )
    anonymous_allowed = forms.BooleanField(
        label=_("Teilnahme ohne Konto erlauben"),
        required=False,
        initial=True,
        help_text=_(
            "Ohne Konto zählt eine Antwort je Browser, mit einer Obergrenze je Internetanschluss."
        ),
    )
    opens_at = forms.DateTimeField(
        label=_("Beginn"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leer: sobald Sie die Umfrage öffnen."),
    )
    closes_at = forms.DateTimeField(
        label=_("Ende"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leer: bis Sie die Umfrage schließen."),
    )


class QuestionForm(KernForm):
    kind = forms.ChoiceField(label=_("Fragetyp"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Frage"), max_length=QUESTION_MAX_LENGTH)
    help = forms.CharField(label=_("Hinweis"), required=False, max_length=1000)
    required = forms.BooleanField(label=_("Pflichtfrage"), required=False)
    choices = forms.CharField(
        label=_("Antwortmöglichkeiten"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bei Auswahlfragen: eine Antwortmöglichkeit je Zeile."),
    )
    scale_min = forms.IntegerField(
        label=_("Skala von"), min_value=0, max_value=SCALE_LIMIT, initial=1, required=False
    )
    scale_max = forms.IntegerField(
        label=_("Skala bis"), min_value=0, max_value=SCALE_LIMIT, initial=5, required=False
    )
    scale_min_label = forms.CharField(label=_("Beschriftung links"), max_length=60, required=False)
    scale_max_label = forms.CharField(label=_("Beschriftung rechts"), max_length=60, required=False)
    ask_perceived = forms.BooleanField(
        label=_("Bei Handlungsfeldern auch nach dem erlebten Stand fragen"),
        required=False,
        initial=True,
    )

    @classmethod
    def initial_for(cls, question: Any) -> dict[str, Any]:
        return {
            "kind": question.kind,
            "text": question.text,
            "help": question.help,
            "required": question.required,
            "choices": "\n".join(c.text for c in question.choices.all()),
            "scale_min": question.scale_min,
            "scale_max": question.scale_max,
            "scale_min_label": question.scale_min_label,
            "scale_max_label": question.scale_max_label,
            "ask_perceived": question.ask_perceived,
        }

    def to_input(self) -> QuestionInput:
        data = self.cleaned_data
        return QuestionInput(
            kind=data["kind"],
            text=data["text"],
            help=data.get("help") or "",
            required=bool(data.get("required")),
            choices=[line for line in (data.get("choices") or "").splitlines() if line.strip()],
            scale_min=data.get("scale_min") if data.get("scale_min") is not None else 1,
            scale_max=data.get("scale_max") if data.get("scale_max") is not None else 5,
            scale_min_label=data.get("scale_min_label") or "",
            scale_max_label=data.get("scale_max_label") or "",
            ask_perceived=bool(data.get("ask_perceived")),
        )
