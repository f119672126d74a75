"""Pages of dot voting: giving points in a step, the results (page and CSV), early release."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regioagenda.core import csvexport, permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.http import client_address
from regioagenda.participation.forms.voting import BallotForm
from regioagenda.participation.queries import voting as queries
from regioagenda.participation.services import voting as services
from regioagenda.regions import process
from regioagenda.regions.queries import agenda_for


def _step(step):
    if step not in process.STEPS:
        raise Http404(_("Diesen Prozessschritt gibt es nicht."))
    return step


def _voting_context(request, agenda, step, page, form):
    return {
        "agenda": agenda,
        "step": step,
        "step_name": process.STEPS[step].name,
        "page": page,
        "form": form,
        "rows": form.rows(),
        "results_visible": queries.results_visible(agenda, step, request.user, page.window),
    }


@require_http_methods(["GET", "POST"])
def voting(request, slug, step):
    agenda = agenda_for(request.user, slug)
    step = _step(step)
    page = queries.voting_page(agenda, step, request.user)
    if page.window.phase is None:
        raise Http404(page.window.reason)
    form = BallotForm(
        request.POST or None, ideas=page.ideas, limit=page.limit, allocation=page.allocation
    )
    status = 200
    if request.method == "POST":
        permissions.require(permissions.can_contribute, request.user, agenda)
        if form.is_valid():
            try:
                ballot = services.cast_ballot(
                    actor=request.user,
                    agenda=agenda,
                    step=step,
                    allocation=form.cleaned_data["allocation"],
                    address=client_address(request),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                left = page.limit - ballot.points_used
                messages.success(
                    request,
                    _(
                        "Ihre Punkte sind gespeichert: %(used)s vergeben, %(left)s übrig. Sie "
                        "können sie bis zum Ende der Priorisierung ändern."
                    )
                    % {"used": ballot.points_used, "left": left},
                )
                return redirect(reverse("participation:voting", args=[agenda.slug, step]))
        status = 400
    return render(
        request,
        "participation/voting.html",
        _voting_context(request, agenda, step, page, form),
        status=status,
    )


def _visible_results(request, slug, step):
    agenda = agenda_for(request.user, slug)
    step = _step(step)
    window = queries.voting_window(agenda, step)
    if window.phase is None:
        raise Http404(window.reason)
    if not queries.results_visible(agenda, step, request.user, window):
        if window.ends_on:
            raise PermissionDenied(
                _("Das Ergebnis der Priorisierung wird nach ihrem Ende (%(date)s) veröffentlicht.")
                % {"date": window.ends_on.strftime("%d.%m.%Y")}
            )
        raise PermissionDenied(
            _("Das Ergebnis der Priorisierung wird nach ihrem Ende veröffentlicht.")
        )
    return agenda, step, window


@require_GET
def voting_results(request, slug, step):
    agenda, step, window = _visible_results(request, slug, step)
    result = queries.results(agenda, step)
    context = {
        "agenda": agenda,
        "step": step,
        "step_name": process.STEPS[step].name,
        "window": window,
        "result": result,
        "min_group": queries.MIN_GROUP,
        "sector_rows": [(row, result.sector_cells(row)) for row in result.rows],
        "can_publish": permissions.can_publish_vote_results(request.user, agenda),
        "is_live": not window.ended,
    }
    return render(request, "participation/voting_results.html", context)


@require_GET
def voting_results_csv(request, slug, step):
    agenda, step, _window = _visible_results(request, slug, step)
    header, rows = queries.csv_rows(queries.results(agenda, step))
    response = HttpResponse(csvexport.csv_bytes(header, rows), content_type=csvexport.CONTENT_TYPE)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="priorisierung-{agenda.slug}-{step}-{stamp}.csv"'
    )
    return response


@require_POST
def voting_publish(request, slug, step):
    agenda = agenda_for(request.user, slug, check=permissions.can_publish_vote_results)
    step = _step(step)
    publish = request.POST.get("action") != "withdraw"
    try:
        services.publish_results(actor=request.user, agenda=agenda, step=step, publish=publish)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Das Ergebnis ist veröffentlicht.")
            if publish
            else _(
                "Das Ergebnis ist bis zum Ende der Priorisierung wieder nur für das Team sichtbar."
            ),
        )
    return redirect(reverse("participation:voting_results", args=[agenda.slug, step]))
