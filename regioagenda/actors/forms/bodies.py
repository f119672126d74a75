"""Forms of the bodies pages: a body, a membership, an invitation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.accounts.models import Role
from regioagenda.actors.fields import active_fields
from regioagenda.actors.models import Body, BodyKind, BodyRole, Person
from regioagenda.actors.models.bodies import BODY_KIND_ROLE
from regioagenda.actors.services.invitations import INVITABLE_ROLES
from regioagenda.core.forms import KernForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BodyForm(KernForm):
    kind = forms.ChoiceField(label=_("Art"), choices=BodyKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    field_key = forms.ChoiceField(
        label=_("Handlungsfeld"),
        required=False,
        help_text=_("Nur für Arbeitsgruppen: das Handlungsfeld, um das sich die Gruppe kümmert."),
    )
    description = forms.CharField(
        label=_("Auftrag"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_key"].choices = [("", _("– kein Handlungsfeld –")), *active_fields()]


def _people_of(agenda):
    return Person.objects.filter(agenda=agenda, is_anonymised=False).order_by("name", "pk")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.function})" if obj.function else obj.name


PERSON_ERRORS = {
    "invalid_choice": _("Diese Person gehört nicht zu dieser Agenda."),
    "invalid_pk_value": _("Diese Person gehört nicht zu dieser Agenda."),
}


class PeriodMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error(
                "end",
                _("Das Ende (%(end)s) liegt vor dem Beginn (%(start)s) der Mitgliedschaft.")
                % {"end": end.strftime("%d.%m.%Y"), "start": start.strftime("%d.%m.%Y")},
            )
        return data


class MemberForm(PeriodMixin, KernForm):
    person = PersonChoiceField(
        label=_("Person"), queryset=Person.objects.none(), error_messages=PERSON_ERRORS
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=BodyRole.choices, initial=BodyRole.MEMBER)
    start = forms.DateField(label=_("von"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("bis"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people_of(agenda)


class MemberEditForm(PeriodMixin, KernForm):
    role = forms.ChoiceField(label=_("Rolle"), choices=BodyRole.choices)
    start = forms.DateField(label=_("von"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("bis"), required=False, widget=DATE_WIDGET)


class InvitationForm(KernForm):
    """Invite by email; on a body page the body is fixed, on the invitations page it is chosen."""

    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )
    person = PersonChoiceField(
        label=_("Person im Akteursverzeichnis"),
        required=False,
        queryset=Person.objects.none(),
        error_messages=PERSON_ERRORS,
        help_text=_(
            "Wenn die eingeladene Person schon im Verzeichnis steht, wird ihr Konto mit ihr verknüpft."
        ),
    )
    body = forms.ModelChoiceField(
        label=_("Gremium"),
        required=False,
        queryset=Body.objects.none(),
        error_messages={"invalid_choice": _("Dieses Gremium gehört nicht zu dieser Agenda.")},
        help_text=_("Optional: Mit der Einladung wird die Person Mitglied dieses Gremiums."),
    )
    role = forms.ChoiceField(
        label=_("Rolle in der Agenda"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "Diese Rolle kann nicht per Einladung vergeben werden; die Koordination ernennt "
                "man in der Mitgliederverwaltung."
            )
        },
        help_text=_(
            "Die Koordination wird nicht per Einladung vergeben. Leer: die zum Gremium passende "
            "Rolle (Expertenforum für das Expertenforum, sonst Teilnahme)."
        ),
    )
    message = forms.CharField(
        label=_("Persönliche Nachricht"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, agenda, body=None, **kwargs):
        if body is not None:
            # The body page also has the member form; the prefix keeps the ids apart.
            kwargs.setdefault("prefix", "invite")
        super().__init__(*args, **kwargs)
        self.fixed_body = body
        self.fields["person"].queryset = _people_of(agenda)
        self.fields["role"].choices = [
            ("", _("– passend zum Gremium –")),
            *[(role.value, role.label) for role in INVITABLE_ROLES],
        ]
        if body is not None:
            del self.fields["body"]
            self.fields["role"].choices = self.fields["role"].choices[1:]
            self.fields["role"].initial = BODY_KIND_ROLE.get(body.kind, Role.PARTICIPANT)
            self.fields["role"].help_text = _("Die Koordination wird nicht per Einladung vergeben.")
        else:
            self.fields["body"].queryset = Body.objects.filter(agenda=agenda).order_by(
                "kind", "name"
            )
