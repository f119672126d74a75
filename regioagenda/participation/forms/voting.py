"""The dot-voting form: one number field per idea, built from the ideas open for points."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regioagenda.core.numbers import is_ascii_digits, parse_int
from regioagenda.participation.guards import HoneypotMixin
from regioagenda.participation.models import Idea

PREFIX = "idea_"
MAX_POINTS = 32767  # what a BallotPoint holds; the step's points are far fewer


def parse_points(raw: object) -> int:
    """A number of points typed into a form: a whole number ≥ 0 in ASCII digits (``²`` and
    ``٣`` are digits to ``int`` but not to a person entering points)."""
    text = str(raw if raw is not None else "").strip()
    if text == "":
        return 0
    if not is_ascii_digits(text):
        raise ValidationError(
            gettext("„%(value)s“ ist keine ganze Zahl von Punkten (0 oder mehr).")
            % {"value": text[:20]}
        )
    points = parse_int(text, maximum=MAX_POINTS)
    if points is None:
        raise ValidationError(gettext("So viele Punkte gibt es nicht."))
    return points


class BallotForm(HoneypotMixin, forms.Form):
    """``idea_<pk>`` → points. Values are checked as text (``parse_points``) so that ``²`` or
    ``-1`` get a sentence instead of being read as numbers by a lenient field."""

    def __init__(self, *args, ideas: list[Idea], limit: int, allocation: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.ideas = ideas
        self.limit = limit
        for idea in ideas:
            self.fields[f"{PREFIX}{idea.pk}"] = forms.CharField(
                label=idea.title,
                required=False,
                initial=allocation.get(idea.pk, 0),
                widget=forms.NumberInput(
                    attrs={
                        "min": 0,
                        "max": limit,
                        "step": 1,
                        "inputmode": "numeric",
                        "class": "kern-form-input__input voting-points",
                    }
                ),
            )

    def clean(self):
        cleaned = super().clean()
        allocation: dict[int, int] = {}
        for idea in self.ideas:
            name = f"{PREFIX}{idea.pk}"
            try:
                allocation[idea.pk] = parse_points(self.data.get(name, ""))
            except ValidationError as exc:
                self.add_error(name, exc)
        unknown = [
            key
            for key in self.data
            if key.startswith(PREFIX)
            and key.removeprefix(PREFIX) not in {str(i.pk) for i in self.ideas}
        ]
        if unknown:
            raise ValidationError(
                _(
                    "Einige Ideen stehen in diesem Schritt nicht (mehr) zur Wahl. Bitte laden Sie die Seite neu."
                )
            )
        cleaned["allocation"] = allocation
        return cleaned

    def rows(self):
        """(idea, bound field) per idea, for the template."""
        return [(idea, self[f"{PREFIX}{idea.pk}"]) for idea in self.ideas]
