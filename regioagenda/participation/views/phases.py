"""The public process page and the coordinator's phase form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regioagenda.core import permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.pagecache import public_page
from regioagenda.participation.forms.phases import PhaseForm
from regioagenda.participation.queries import phases as phase_queries
from regioagenda.participation.queries.process import process_page
from regioagenda.participation.services import phases as services
from regioagenda.regions import process as process_steps
from regioagenda.regions.queries import agenda_for


@public_page
def process(request, slug):
    agenda = agenda_for(request.user, slug)
    return render(request, "participation/process.html", process_page(agenda, request.user))


@login_required
@require_http_methods(["GET", "POST"])
def phase_edit(request, slug, step):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_phases)
    if step not in process_steps.STEPS:
        raise Http404(_("Diesen Prozessschritt gibt es nicht: „%(key)s“.") % {"key": step})
    phase = phase_queries.phase_for(agenda, step)
    form = PhaseForm(
        request.POST or None,
        initial={
            "starts_on": phase.starts_on,
            "ends_on": phase.ends_on,
            "plain_summary": phase.plain_summary,
            "description": phase.description,
            "modules": phase.modules,
            "vote_points": phase.vote_points,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_phase(
                actor=request.user,
                agenda=agenda,
                step=step,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                description=data["description"],
                plain_summary=data["plain_summary"],
                modules=data["modules"],
                vote_points=data["vote_points"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Die Phase „%(name)s“ wurde gespeichert.")
                % {"name": process_steps.STEPS[step].name},
            )
            return redirect(
                reverse("participation:process", args=[agenda.slug]) + f"#schritt-{step}"
            )
    return render(
        request,
        "participation/phase_form.html",
        {
            "agenda": agenda,
            "form": form,
            "step": process_steps.STEPS[step],
            "step_key": step,
        },
    )
