from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.core.forms import KernForm

IMPORTANCE_CHOICES = [
    ("", _("keine Angabe")),
    ("1", _("1 – unwichtig")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 – sehr wichtig")),
]


class SurveyForm(KernForm):
    """One radio group (perceived level) and one select (importance) per field."""

    def __init__(self, *args, fields, version, **kwargs):
        super().__init__(*args, **kwargs)
        level_choices = [("", _("weiß nicht"))] + [
            (str(level["level"]), f"{level['level']} – {version.level_name(level['level'])}")
            for level in version.levels
        ]
        self.matrix_fields = list(fields)
        for field in self.matrix_fields:
            self.fields[f"perceived_{field.key}"] = forms.TypedChoiceField(
                label=_("Wie weit ist die Region hier?"),
                choices=level_choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Bitte eine Stufe von 0 bis 4 oder „weiß nicht“ wählen.")
                },
            )
            self.fields[f"importance_{field.key}"] = forms.TypedChoiceField(
                label=_("Wie wichtig ist Ihnen das?"),
                choices=IMPORTANCE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": _("Bitte eine Wichtigkeit von 1 bis 5 wählen.")},
            )
        # KernFormMixin styled the widgets before the fields existed; style the new ones too.
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "kern-form-input__select")

    def groups(self):
        """(field, perceived bound field, importance bound field) per matrix field."""
        return [
            (field, self[f"perceived_{field.key}"], self[f"importance_{field.key}"])
            for field in self.matrix_fields
        ]

    def answers(self):
        return {
            field: (
                self.cleaned_data.get(f"perceived_{field.key}"),
                self.cleaned_data.get(f"importance_{field.key}"),
            )
            for field in self.matrix_fields
        }
