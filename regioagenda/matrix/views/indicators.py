"""Views: indicator values of the agenda's region — list, entry, import with preview, template.

The import keeps the checked upload between preview and confirmation in MEDIA_ROOT under a
random name (``services.stage_import``); only the token and file name are kept in the session,
per agenda, so the confirmation can only import what this user previewed. Stale files are
removed after a day.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regioagenda.core import permissions
from regioagenda.core.forms import apply_errors
from regioagenda.matrix.forms.indicators import ImportUploadForm, IndicatorValueForm
from regioagenda.matrix.queries import indicators as queries
from regioagenda.matrix.services import indicators as services
from regioagenda.regions.queries import agenda_for

SESSION_KEY = "matrix_indicator_import"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _no_version():
    return Http404(
        _(
            "Für diese Agenda ist noch keine Smart-Region-Matrix geladen, daher gibt es keine "
            "Indikatoren."
        )
    )


@require_GET
def indicator_list(request, slug):
    agenda = agenda_for(request.user, slug)
    version = queries.framework_version(agenda)
    context = {
        "agenda": agenda,
        "version": version,
        "groups": queries.indicator_overview(agenda, version) if version else [],
        "can_enter": permissions.can_enter_indicators(request.user, agenda),
    }
    return render(request, "matrix/indicators_list.html", context)


@require_http_methods(["GET", "POST"])
def indicator_detail(request, slug, key):
    agenda = agenda_for(request.user, slug)
    version = queries.framework_version(agenda)
    if version is None:
        raise _no_version()
    indicator = queries.indicator_of(version, key)
    can_enter = permissions.can_enter_indicators(request.user, agenda)
    if request.method == "POST":
        permissions.require(permissions.can_enter_indicators, request.user, agenda)
    form = None
    if can_enter:
        form = IndicatorValueForm(
            request.POST or None, indicator=indicator, initial={"source": indicator.source}
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            value, created = services.record_value(
                request.user,
                agenda,
                indicator,
                data["value"],
                data["date"],
                data["source"],
                data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            shown = {
                "value": queries.show_value(indicator, value.value),
                "date": value.date.strftime("%d.%m.%Y"),
            }
            if created:
                messages.success(
                    request, _("Der Wert %(value)s zum %(date)s ist gespeichert.") % shown
                )
            else:
                messages.success(
                    request,
                    _("Zum %(date)s gab es schon einen Wert; er wurde auf %(value)s aktualisiert.")
                    % shown,
                )
            return redirect("matrix:indicator_detail", slug=agenda.slug, key=indicator.key)
    context = {
        "agenda": agenda,
        "version": version,
        "indicator": indicator,
        "value_range": queries.value_range(indicator),
        "target_display": queries.show_value(indicator, indicator.target),
        "values": queries.indicator_values(agenda, indicator),
        "form": form,
        "can_enter": can_enter,
    }
    return render(request, "matrix/indicators_detail.html", context)


@login_required
@require_POST
def value_delete(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_enter_indicators)
    value = queries.value_of_agenda(agenda, pk)
    indicator = value.indicator
    services.delete_value(request.user, agenda, value)
    messages.success(
        request,
        _("Der Wert von „%(name)s“ zum %(date)s wurde gelöscht.")
        % {"name": indicator.name, "date": value.date.strftime("%d.%m.%Y")},
    )
    version = queries.framework_version(agenda)
    if version is not None and indicator.field.version_id == version.pk:
        return redirect("matrix:indicator_detail", slug=agenda.slug, key=indicator.key)
    return redirect("matrix:indicators", slug=agenda.slug)


# Import ---------------------------------------------------------------------------------------


def _staged(request, agenda):
    entry = request.session.get(SESSION_KEY, {}).get(str(agenda.pk))
    return entry if isinstance(entry, dict) else None


def _remember(request, agenda, token, filename):
    stash = dict(request.session.get(SESSION_KEY, {}))
    stash[str(agenda.pk)] = {"token": token, "filename": filename}
    request.session[SESSION_KEY] = stash


def _forget(request, agenda):
    entry = _staged(request, agenda)
    if entry is not None:
        services.discard_staged_import(entry.get("token"), entry.get("filename"))
        stash = dict(request.session.get(SESSION_KEY, {}))
        stash.pop(str(agenda.pk), None)
        request.session[SESSION_KEY] = stash


@login_required
@require_http_methods(["GET", "POST"])
def indicator_import(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_enter_indicators)
    version = queries.framework_version(agenda)
    form = ImportUploadForm()
    context = {"agenda": agenda, "version": version, "form": form, "preview": None}
    action = request.POST.get("action", "preview")
    if request.method == "POST" and version is not None:
        if action == "cancel":
            _forget(request, agenda)
            messages.info(request, _("Der Import wurde abgebrochen; es wurde nichts gespeichert."))
            return redirect("matrix:indicator_import", slug=agenda.slug)
        if action == "confirm":
            return _confirm_import(request, agenda, context)
        form = context["form"] = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            _forget(request, agenda)
            try:
                data = services.read_upload(upload)
                preview = services.import_values(
                    request.user, agenda, data, upload.name, dry_run=True
                )
            except ValidationError as exc:
                form.add_error("file", exc.messages)
            else:
                context["preview"] = preview
                if preview.is_valid:
                    token = services.stage_import(request.user, agenda, data, upload.name)
                    _remember(request, agenda, token, upload.name)
    return render(request, "matrix/indicators_import.html", context)


def _confirm_import(request, agenda, context):
    entry = _staged(request, agenda)
    data = services.staged_import(entry.get("token"), entry.get("filename")) if entry else None
    if data is None:
        messages.error(
            request,
            _("Die geprüfte Datei liegt nicht mehr vor. Bitte laden Sie sie noch einmal hoch."),
        )
        return redirect("matrix:indicator_import", slug=agenda.slug)
    try:
        result = services.import_values(request.user, agenda, data, entry["filename"])
    except ValidationError as exc:
        _forget(request, agenda)
        context["import_errors"] = exc.messages
        return render(request, "matrix/indicators_import.html", context)
    _forget(request, agenda)
    messages.success(
        request,
        _(
            "„%(name)s“ ist eingelesen: %(created)d Werte neu, %(updated)d aktualisiert, "
            "%(unchanged)d unverändert."
        )
        % {
            "name": result.filename,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
    return redirect("matrix:indicators", slug=agenda.slug)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def template_csv(request, slug):
    agenda = agenda_for(request.user, slug)
    version = queries.framework_version(agenda)
    if version is None:
        raise _no_version()
    return _download(
        services.template_csv(version),
        "text/csv; charset=utf-8",
        f"indikatoren-vorlage-{agenda.slug}.csv",
    )


@require_GET
def template_xlsx(request, slug):
    agenda = agenda_for(request.user, slug)
    version = queries.framework_version(agenda)
    if version is None:
        raise _no_version()
    return _download(
        services.template_xlsx(version), XLSX_TYPE, f"indikatoren-vorlage-{agenda.slug}.xlsx"
    )


urlpatterns = [
    path(gettext_lazy("indikatoren/"), indicator_list, name="indicators"),
    path(gettext_lazy("indikatoren/vorlage.csv"), template_csv, name="indicator_template_csv"),
    path(gettext_lazy("indikatoren/vorlage.xlsx"), template_xlsx, name="indicator_template_xlsx"),
    path(gettext_lazy("indikatoren/import/"), indicator_import, name="indicator_import"),
    path(
        gettext_lazy("indikatoren/werte/<int:pk>/loeschen/"),
        value_delete,
        name="indicator_value_delete",
    ),
    path(gettext_lazy("indikatoren/<slug:key>/"), indicator_detail, name="indicator_detail"),
]
