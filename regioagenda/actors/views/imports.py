"""Pages of the actors' import (upload, preview, confirm) and export (and the template).

Between preview and confirmation the checked rows are staged with ``core.staging``; the confirm
form sends the token back, and the service refuses a token of an older preview, of another
agenda or user, or an expired one (see ``services.imports``). The preview itself is the shared
``core/_import_preview.html`` with the per-row duplicate choices filled in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from regioagenda.actors.context import actors_nav
from regioagenda.actors.forms.imports import ExportForm, ImportUploadForm
from regioagenda.actors.imports_format import ORGANISATIONS, PEOPLE
from regioagenda.actors.imports_plan import SKIP
from regioagenda.actors.services import imports as services
from regioagenda.core import permissions
from regioagenda.regions.models import Agenda
from regioagenda.regions.queries import agenda_for

DECISION_PREFIX = "decision-"


def _context(request, agenda, **extra):
    context = {
        "agenda": agenda,
        "actors_nav": actors_nav(request.user, agenda),
        "form": ImportUploadForm(),
        "plan": None,
        "import_errors": [],
        "organisations": ORGANISATIONS,
        "people": PEOPLE,
    }
    context.update(extra)
    return context


def _render(request, context, status=200):
    return render(request, "actors/imports/import.html", context, status=status)


def _choose(plan, decisions):
    """Remember the user's choice per duplicate row for the page (default: skip)."""
    for row in plan.rows:
        row.chosen = decisions.get(row.ref) or SKIP
    return plan


@login_required
@require_http_methods(["GET", "POST"])
def import_actors(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_actors)
    if request.method == "GET":
        initial = {"what": request.GET.get("what")} if request.GET.get("what") else None
        return _render(request, _context(request, agenda, form=ImportUploadForm(initial=initial)))
    action = request.POST.get("action", "preview")
    if action == "cancel":
        services.cancel_import(actor=request.user, agenda=agenda)
        messages.info(request, _("Der Import wurde abgebrochen; es wurde nichts gespeichert."))
        return redirect("actors:import", slug=agenda.slug)
    if action == "confirm":
        return _confirm(request, agenda)
    form = ImportUploadForm(request.POST, request.FILES)
    context = _context(request, agenda, form=form)
    if not form.is_valid():
        return _render(request, context, status=400)
    upload = form.cleaned_data["file"]
    try:
        plan = services.preview_import(
            actor=request.user,
            agenda=agenda,
            what=form.cleaned_data["what"],
            file=upload,
            filename=upload.name,
        )
    except ValidationError as exc:
        # A new file was sent: the previous preview is no longer what the user meant.
        services.cancel_import(actor=request.user, agenda=agenda)
        form.add_error("file", exc.messages)
        return _render(request, context, status=400)
    context["plan"] = _choose(plan, {})
    if plan.is_valid:
        context["token"] = services.stage_import(actor=request.user, agenda=agenda, plan=plan)
    else:
        services.cancel_import(actor=request.user, agenda=agenda)
    return _render(request, context)


def _confirm(request: HttpRequest, agenda: Agenda) -> HttpResponse:
    token = request.POST.get("token") or None
    decisions = {
        key.removeprefix(DECISION_PREFIX): value
        for key, value in request.POST.items()
        if key.startswith(DECISION_PREFIX)
    }
    try:
        outcome = services.confirm_import(
            actor=request.user, agenda=agenda, token=token, decisions=decisions
        )
    except services.PlanChanged as exc:
        context = _context(
            request,
            agenda,
            plan=_choose(exc.plan, decisions),
            token=exc.token,
            import_errors=exc.messages,
        )
        return _render(request, context, status=409)
    except ValidationError as exc:
        # Choices a row does not offer, or the form of an older preview: the current preview
        # again with the message; nothing when there is none (expired, foreign, rows broken).
        again = services.pending_preview(actor=request.user, agenda=agenda, token=token)
        context = _context(request, agenda, import_errors=exc.messages)
        if again is not None:
            plan, context["token"] = again
            context["plan"] = _choose(plan, decisions)
        return _render(request, context, status=400)
    messages.success(
        request,
        _("„%(name)s“ ist importiert. %(summary)s.")
        % {"name": outcome.filename, "summary": outcome.summary()},
    )
    target = "actors:people" if PEOPLE in outcome.counts else "actors:organisations"
    try:
        return redirect(reverse(target, args=[agenda.slug]))
    except NoReverseMatch:
        return redirect("actors:import", slug=agenda.slug)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def export_actors(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_actors)
    bound = "what" in request.GET or "format" in request.GET
    form = ExportForm(
        request.GET if bound else None, initial={"what": ORGANISATIONS, "format": "xlsx"}
    )
    if bound and form.is_valid():
        content, content_type, filename = services.export_actors(
            actor=request.user,
            agenda=agenda,
            what=form.cleaned_data["what"],
            fmt=form.cleaned_data["format"],
            language=request.LANGUAGE_CODE,  # a CSV from /en/ is English (core.csvexport)
        )
        return _download(content, content_type, filename)
    context = {
        "agenda": agenda,
        "actors_nav": actors_nav(request.user, agenda),
        "form": form,
        "can_import": permissions.can_manage_actors(request.user, agenda),
    }
    return render(request, "actors/imports/export.html", context, status=400 if bound else 200)


@login_required
@require_GET
def import_template(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_actors)
    form = ExportForm(request.GET)
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        return _render(request, _context(request, agenda, import_errors=errors), status=400)
    content, content_type, filename = services.import_template(
        actor=request.user,
        agenda=agenda,
        what=form.cleaned_data["what"],
        fmt=form.cleaned_data["format"],
    )
    return _download(content, content_type, filename)
