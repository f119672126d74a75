"""Forms of the activity landscape: the activity itself, the list filters, linking and merging.

The forms only parse what was posted. Ids of organisations and bodies are accepted as numbers
and checked by the service, which names ids of another agenda instead of Django's generic
"not one of the available choices".
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from regioagenda.actors.fields import active_fields
from regioagenda.actors.models import ActivityKind, ActivityScope, ActivityStatus
from regioagenda.actors.queries import activities as queries
from regioagenda.core.forms import KernForm

DATE_ERROR = _("Bitte geben Sie ein Datum an, z. B. 31.12.2025.")


class FieldKeysField(forms.MultipleChoiceField):
    """Checkboxes of matrix fields. Unknown keys pass here: the service refuses them by name,
    together with every other problem of the same submission."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value):
        return True


class IdChoiceField(forms.ChoiceField):
    """A choice of an id; any number passes here, the service checks whose it is."""

    def valid_value(self, value):
        return True


class IdMultipleChoiceField(forms.MultipleChoiceField):
    def valid_value(self, value):
        return True


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR},
    )


class ActivityForm(KernForm):
    title = forms.CharField(
        label=_("Titel"),
        max_length=300,
        error_messages={"required": _("Bitte geben Sie einen Titel an.")},
    )
    kind = forms.ChoiceField(label=_("Art"), choices=ActivityKind.choices)
    scope = forms.ChoiceField(
        label=_("Reichweite"),
        choices=ActivityScope.choices,
        help_text=_("Regional, national oder international."),
    )
    # Left on "automatisch", the service sets the status from the dates (status_for_dates).
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("automatisch nach Beginn und Ende")), *ActivityStatus.choices],
        required=False,
        initial="",
        help_text=_(
            "Automatisch: geplant, solange der Beginn in der Zukunft liegt; abgeschlossen nach "
            "dem Ende; sonst laufend."
        ),
    )
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    field_keys = FieldKeysField(
        label=_("Handlungsfelder"),
        required=False,
        help_text=_("Die Felder der Smart-Region-Matrix, zu denen die Aktivität beiträgt."),
    )
    responsible = IdChoiceField(label=_("Verantwortliche Organisation"), required=False)
    organisations = IdMultipleChoiceField(
        label=_("Beteiligte Organisationen"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Mehrere auswählen: Strg- bzw. Cmd-Taste gedrückt halten."),
    )
    bodies = IdMultipleChoiceField(
        label=_("Gremien"), required=False, widget=forms.CheckboxSelectMultiple
    )
    start = _date_field(_("Beginn"))
    end = _date_field(_("Ende"))
    url = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=500,
        help_text=_("Die Webseite der Aktivität, beginnend mit https://"),
    )

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_keys"].choices = active_fields()
        organisations = queries.organisation_choices(agenda)
        self.fields["responsible"].choices = [("", _("– keine –")), *organisations]
        self.fields["organisations"].choices = organisations
        self.fields["bodies"].choices = queries.body_choices(agenda)
        if not self.fields["bodies"].choices:
            self.fields["bodies"].help_text = _("Diese Agenda hat noch keine Gremien.")

    @staticmethod
    def initial_from(activity):
        return {
            "title": activity.title,
            "kind": activity.kind,
            "scope": activity.scope,
            "status": activity.status,
            "description": activity.description,
            "field_keys": list(activity.field_links.values_list("field_key", flat=True)),
            "responsible": str(activity.responsible_id or ""),
            "organisations": [
                str(pk) for pk in activity.organisations.values_list("pk", flat=True)
            ],
            "bodies": [str(pk) for pk in activity.bodies.values_list("pk", flat=True)],
            "start": activity.start,
            "end": activity.end,
            "url": activity.url,
        }

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "scope": data["scope"],
            "status": data["status"],
            "description": data["description"],
            "field_keys": data["field_keys"],
            "responsible": data["responsible"] or None,
            "organisations": data["organisations"],
            "bodies": data["bodies"],
            "start": data["start"],
            "end": data["end"],
            "url": data["url"],
        }


def _with_blank(choices, label):
    return [("", label), *choices]


class ActivityFilterForm(KernForm):
    """Search and filters of the agenda's activity list. Invalid values are reported on the
    filter and ignored; the other filters still apply."""

    q = forms.CharField(label=_("Suche"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Art"), required=False)
    scope = forms.ChoiceField(label=_("Reichweite"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    field = forms.ChoiceField(label=_("Handlungsfeld"), required=False)
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, agenda=None, **kwargs):
        super().__init__(*args, **kwargs)
        everything = _("alle")
        self.fields["q"].widget.attrs["placeholder"] = _("Titel oder Beschreibung")
        self.fields["q"].widget.input_type = "search"
        self.fields["kind"].choices = _with_blank(ActivityKind.choices, everything)
        self.fields["scope"].choices = _with_blank(ActivityScope.choices, everything)
        self.fields["status"].choices = _with_blank(ActivityStatus.choices, everything)
        self.fields["field"].choices = _with_blank(active_fields(), everything)
        if agenda is not None:
            self.fields["organisation"].choices = _with_blank(
                queries.organisation_choices(agenda), everything
            )
        else:
            del self.fields["organisation"]

    def filters(self):
        """The valid filters as keyword arguments of the query (invalid ones left out)."""
        self.is_valid()
        data = self.cleaned_data
        return {name: data[name] for name in self.fields if data.get(name) not in (None, "")}


class LandscapeFilterForm(ActivityFilterForm):
    """The programme-wide landscape adds programme and agenda (region) filters."""

    programme = forms.TypedChoiceField(
        label=_("Programm"), required=False, coerce=int, empty_value=None
    )
    agenda = forms.TypedChoiceField(
        label=_("Agenda (Region)"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, agenda=None, **kwargs)
        everything = _("alle")
        self.fields["programme"].choices = _with_blank(queries.programme_choices(user), everything)
        self.fields["agenda"].choices = _with_blank(queries.agenda_choices(user), everything)


class LinkForm(KernForm):
    """Link an activity of another agenda with one of the user's agendas."""

    agenda = forms.TypedChoiceField(label=_("Meine Agenda"), coerce=int)
    note = forms.CharField(label=_("Anmerkung"), required=False, max_length=300)

    def __init__(self, *args, agendas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda"].choices = [(a.pk, a.title) for a in agendas]
        self.fields["agenda"].error_messages["invalid_choice"] = _(
            "Mit dieser Agenda können Sie keine Aktivitäten verknüpfen, oder sie ist mit "
            "dieser Aktivität schon verknüpft."
        )


class MergeForm(KernForm):
    original = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": _("Bitte wählen Sie die Aktivität, in die zusammengeführt werden soll."),
            "invalid": _("Die Nummer der ursprünglichen Aktivität ist ungültig."),
            "min_value": _("Die Nummer der ursprünglichen Aktivität ist ungültig."),
        },
    )


class NetworkFilterForm(KernForm):
    """The network page's filters (kept here: the network has no other form)."""

    field = forms.ChoiceField(label=_("Handlungsfeld"), required=False)
    sector = forms.ChoiceField(label=_("Bereich"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from regioagenda.actors.models import Sector

        everything = _("alle")
        self.fields["field"].choices = _with_blank(active_fields(), everything)
        self.fields["sector"].choices = _with_blank(Sector.choices, everything)

    def filters(self):
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}
