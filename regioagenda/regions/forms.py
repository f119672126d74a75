from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from regioagenda.accounts.models import Role
from regioagenda.core.forms import KernForm, KernModelForm
from regioagenda.regions.models import (
    KINDS_BY_LEVEL,
    Agenda,
    Region,
    RegionKind,
    RegionLevel,
    StepState,
    validate_horizon_year,
)


class AgendaCreateForm(KernModelForm):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        help_text=_("Landkreis, kreisfreie Stadt, Gemeinde oder Zusammenschluss."),
    )

    class Meta:
        model = Agenda
        fields = ["region", "title", "slug", "horizon_year", "is_public", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(
            is_current=True,
            level__in=[RegionLevel.KREIS, RegionLevel.GEMEINDE, RegionLevel.ALLIANCE],
        ).order_by("name")
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Teil der Adresse, z. B. „landkreis-beispielland-2026“. Leer lassen, um den Kurznamen "
            "aus dem Titel zu bilden."
        )

    def clean_horizon_year(self):
        year = self.cleaned_data["horizon_year"]
        validate_horizon_year(year)
        return year

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("title"):
            data["slug"] = slugify(data["title"])[:80]
        return data

    def validate_unique(self):
        # The service reports a taken slug with a clearer message than the model's default.
        pass


class AgendaSettingsForm(KernModelForm):
    class Meta:
        model = Agenda
        fields = ["title", "summary", "horizon_year", "status", "is_public"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def clean_horizon_year(self):
        year = self.cleaned_data["horizon_year"]
        if year != self.instance.horizon_year:
            validate_horizon_year(year)
        return year


class StepForm(KernForm):
    state = forms.ChoiceField(label=_("Stand"), choices=StepState.choices)
    note = forms.CharField(
        label=_("Was wurde getan?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Öffentlich sichtbar: Ergebnisse, Termine, Beschlüsse dieses Schritts."),
    )


class MemberForm(KernForm):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)


class RegionSearchForm(KernForm):
    q = forms.CharField(label=_("Name oder Schlüssel"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=_("Ebene"),
        required=False,
        choices=[("", _("alle Ebenen"))] + list(RegionLevel.choices),
    )


class RegionCreateForm(KernModelForm):
    """Add a region that is not in the official register: mostly an alliance."""

    class Meta:
        model = Region
        fields = ["name", "level", "kind", "ags", "parent", "members", "population"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].initial = RegionLevel.ALLIANCE
        self.fields["kind"].initial = RegionKind.ALLIANCE
        self.fields["parent"].queryset = Region.objects.filter(
            level__in=[RegionLevel.LAND, RegionLevel.BEZIRK, RegionLevel.KREIS], is_current=True
        ).order_by("ags")
        self.fields["members"].queryset = Region.objects.filter(
            level__in=[RegionLevel.KREIS, RegionLevel.GEMEINDE], is_current=True
        ).order_by("name")
        self.fields["members"].widget.attrs["size"] = 8

    def clean(self):
        data = super().clean()
        level, kind = data.get("level"), data.get("kind")
        if level and kind and kind not in KINDS_BY_LEVEL.get(level, ()):
            self.add_error("kind", _("Diese Art passt nicht zur gewählten Ebene."))
        return data

    def validate_unique(self):
        # Uniqueness of the key is checked by the model constraint; its message is specific.
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as exc:
            self._update_errors(exc)


class RegisterUploadForm(KernForm):
    file = forms.FileField(
        label=_("GV100AD-Datei"),
        help_text=_(
            "Die Datei GV100AD_TTMMJJJJ.txt aus dem Gemeindeverzeichnis-Informationssystem "
            "(GV-ISys) des Statistischen Bundesamts."
        ),
    )
    land = forms.RegexField(
        label=_("Nur dieses Land (Schlüssel)"),
        required=False,
        regex=r"^(0[1-9]|1[0-6])$",
        initial="09",
        help_text=_("z. B. 09 für Bayern; leer lassen für alle Länder der Datei."),
        error_messages={"invalid": _("Bitte einen Länderschlüssel von 01 bis 16 angeben.")},
    )
