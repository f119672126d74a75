"""Pages of the matrix's outputs: the matrix page, the priority fields and the exports."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from regioagenda.core import permissions
from regioagenda.core.forms import KernForm, apply_errors
from regioagenda.core.numbers import parse_id
from regioagenda.core.pagecache import public_page
from regioagenda.matrix import exports, scoring
from regioagenda.matrix.queries.overview import (
    brief_overview,
    matrix_links,
    matrix_overview,
    overview_page,
)
from regioagenda.matrix.services.priorities import REASON_MAX_LENGTH, confirm_priorities
from regioagenda.regions.queries import agenda_for


def _selected_round(request):
    """The ``?runde=`` a visitor picked among the closed rounds (None: the latest)."""
    value = request.GET.get("runde", "")
    if not value:
        return None
    round_id = parse_id(value)
    if round_id is None:
        raise Http404(_("„%(value)s“ ist keine Bewertungsrunde.") % {"value": value[:40]})
    return round_id


def _rounds_url(agenda):
    try:
        return reverse("matrix:round_list", args=[agenda.slug])
    except NoReverseMatch:
        return None


@require_safe
@public_page
def overview(request, slug):
    agenda = agenda_for(request.user, slug)
    data, charts = overview_page(agenda, round=_selected_round(request))
    can_manage = permissions.can_manage_assessment(request.user, agenda)
    context = {
        "agenda": agenda,
        "overview": data,
        "can_manage": can_manage,
        "rounds_url": _rounds_url(agenda) if can_manage else None,
        "links": matrix_links(agenda, request.user),
        "size_classes": [label for _lower, _upper, label in scoring.SIZE_CLASSES],
        "peer_agendas_min": scoring.PEER_AGENDAS_MIN,
    }
    if data is not None:
        context["charts"] = charts
        context["round_query"] = (
            f"?runde={data.round.pk}" if data.round.pk != data.rounds[-1].pk else ""
        )
    return render(request, "matrix/overview.html", context)


# Priority fields -------------------------------------------------------------------------------


class PriorityForm(KernForm):
    """One checkbox and one reason per field of the round's framework version.

    Built per round with ``priority_form`` (the fields must exist before KernForm styles them).
    """

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows

    def entries(self):
        """(row, checkbox, reason) per field, for the template."""
        return [(row, self[f"choose_{row.key}"], self[f"reason_{row.key}"]) for row in self.rows]

    def choices(self):
        """The chosen fields with their reasons, ranked by the priority score (gap × importance)."""
        chosen = [row for row in self.rows if self.cleaned_data.get(f"choose_{row.key}")]
        chosen.sort(key=lambda r: -(r.priority_score or 0))
        return [(row.field, self.cleaned_data.get(f"reason_{row.key}", "")) for row in chosen]


def priority_form(rows, *args, **kwargs):
    declared = {}
    for row in rows:
        declared[f"choose_{row.key}"] = forms.BooleanField(
            required=False,
            label=_("„%(field)s“ als Prioritätsfeld") % {"field": row.name},
        )
        declared[f"reason_{row.key}"] = forms.CharField(
            required=False,
            max_length=REASON_MAX_LENGTH,
            label=_("Begründung für „%(field)s“") % {"field": row.name},
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    form_class = type("RoundPriorityForm", (PriorityForm,), declared)
    return form_class(*args, rows=rows, **kwargs)


def _initial(data):
    rows = data.priorities or data.suggestion
    initial = {f"choose_{row.key}": True for row in rows}
    for row in data.priorities:
        initial[f"reason_{row.key}"] = row.priority.reason
    return initial


@require_http_methods(["GET", "POST"])
def priorities(request, slug):
    agenda = agenda_for(request.user, slug)
    # A confirmation reads the rows afresh; showing the page may use the kept ones.
    data = (
        brief_overview(agenda)
        if request.method == "GET"
        else matrix_overview(agenda, details=False)
    )
    can_manage = permissions.can_manage_assessment(request.user, agenda)
    form = None
    if data is not None and (can_manage or request.method == "POST"):
        if request.method == "POST":
            permissions.require(permissions.can_manage_assessment, request.user, agenda)
        form = priority_form(
            data.fields,
            request.POST if request.method == "POST" else None,
            initial=_initial(data),
        )
        if request.method == "POST" and form.is_valid():
            try:
                confirm_priorities(
                    actor=request.user, assessment_round=data.round, choices=form.choices()
                )
            except ValidationError as exc:
                apply_errors(form, exc, name_for=lambda key: f"reason_{key}")
            else:
                messages.success(request, _("Die Prioritätsfelder wurden bestätigt."))
                return redirect("matrix:priorities", slug=agenda.slug)
    elif data is None and request.method == "POST":
        raise Http404(_("Für diese Agenda gibt es noch keine abgeschlossene Bewertungsrunde."))
    context = {
        "agenda": agenda,
        "overview": data,
        "form": form,
        "can_manage": can_manage,
        "rounds_url": _rounds_url(agenda) if can_manage else None,
        "priorities_min": scoring.PRIORITIES_MIN,
        "priorities_max": scoring.PRIORITIES_MAX,
        "threshold_percent": int(scoring.PRIORITY_THRESHOLD * 100),
        "default_importance": scoring.DEFAULT_IMPORTANCE,
    }
    return render(request, "matrix/priorities.html", context)


# Exports ---------------------------------------------------------------------------------------


@require_safe
def export(request, slug, fmt):
    agenda = agenda_for(request.user, slug)
    data = matrix_overview(agenda, round=_selected_round(request))
    if data is None:
        raise Http404(_("Für diese Agenda gibt es noch keine abgeschlossene Bewertungsrunde."))
    body, content_type = exports.render(data, fmt)
    stamp = (data.round.closed or timezone.now()).date().isoformat()
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="matrix-{agenda.slug}-{stamp}.{fmt}"'
    return response
