"""Pages of the actors' import (upload, preview, confirm) and export (and the template).

Between preview and confirmation the checked rows wait in the user's session, one entry per
agenda, with a random token that the confirmation form sends back: a confirmation is refused
when the session holds no preview for this agenda, when the token is from an older preview or
another agenda, or when the preview expired (see ``services.imports``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
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
from regioagenda.regions.queries import agenda_for

SESSION_KEY = "actors_import"
DECISION_PREFIX = "decision-"


def _stash(request):
    stash = request.session.get(SESSION_KEY)
    return stash if isinstance(stash, dict) else {}


def _pending(request, agenda):
    entry = _stash(request).get(str(agenda.pk))
    return entry if isinstance(entry, dict) else None


def _remember(request, agenda, pending):
    stash = dict(_stash(request))
    stash[str(agenda.pk)] = pending
    request.session[SESSION_KEY] = stash


def _forget(request, agenda):
    stash = dict(_stash(request))
    if stash.pop(str(agenda.pk), None) is not None:
        request.session[SESSION_KEY] = stash


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
        _forget(request, agenda)
        messages.info(request, _("Der Import wurde abgebrochen; es wurde nichts gespeichert."))
        return redirect("actors:import", slug=agenda.slug)
    if action == "confirm":
        return _confirm(request, agenda)
    form = ImportUploadForm(request.POST, request.FILES)
    context = _context(request, agenda, form=form)
    if not form.is_valid():
        return _render(request, context, status=400)
    upload = form.cleaned_data["file"]
    _forget(request, agenda)
    try:
        plan = services.preview_import(
            request.user, agenda, form.cleaned_data["what"], upload, upload.name
        )
    except ValidationError as exc:
        form.add_error("file", exc.messages)
        return _render(request, context, status=400)
    context["plan"] = _choose(plan, {})
    if plan.is_valid:
        pending = services.stage_import(request.user, agenda, plan)
        _remember(request, agenda, pending)
        context["token"] = pending["token"]
    return _render(request, context)


def _confirm(request, agenda):
    token = request.POST.get("token") or None
    pending = _pending(request, agenda)
    decisions = {
        key.removeprefix(DECISION_PREFIX): value
        for key, value in request.POST.items()
        if key.startswith(DECISION_PREFIX)
    }
    if pending is None:
        elsewhere = token and any(
            isinstance(entry, dict) and entry.get("token") == token
            for entry in _stash(request).values()
        )
        message = (
            _("Diese Vorschau gehört zu einer anderen Agenda; hier wurde nichts importiert.")
            if elsewhere
            else _(
                "Es liegt keine geprüfte Datei vor (oder sie ist nicht mehr gespeichert). Bitte "
                "laden Sie die Datei noch einmal hoch; es wurde nichts importiert."
            )
        )
        return _render(request, _context(request, agenda, import_errors=[message]), status=400)
    try:
        outcome = services.confirm_import(request.user, agenda, pending, decisions, token=token)
    except services.PlanChanged as exc:
        fresh = services.stage_import(request.user, agenda, exc.plan)
        _remember(request, agenda, fresh)
        context = _context(
            request,
            agenda,
            plan=_choose(exc.plan, decisions),
            token=fresh["token"],
            import_errors=exc.messages,
        )
        return _render(request, context, status=409)
    except ValidationError as exc:
        plan = services.pending_plan(request.user, agenda, pending)
        if plan is None or not plan.is_valid:
            # Nothing left to confirm: an expired or foreign preview, or rows now broken.
            _forget(request, agenda)
            context = _context(request, agenda, import_errors=exc.messages)
            return _render(request, context, status=400)
        # Choices that a row does not offer, or the form of an older preview: show the
        # current preview again with the message.
        context = _context(
            request,
            agenda,
            plan=_choose(plan, decisions),
            token=pending["token"],
            import_errors=exc.messages,
        )
        return _render(request, context, status=400)
    _forget(request, agenda)
    messages.success(
        request,
        _("„%(name)s“ ist importiert. %(summary)s.")
        % {"name": outcome.filename, "summary": outcome.summary()},
    )
    target = "actors:people" if pending.get("kind") == PEOPLE else "actors:organisations"
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
            request.user, agenda, form.cleaned_data["what"], form.cleaned_data["format"]
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
        request.user, agenda, form.cleaned_data["what"], form.cleaned_data["format"]
    )
    return _download(content, content_type, filename)
