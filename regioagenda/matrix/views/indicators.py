"""Views: indicator values of the agenda's region — list, entry, import with preview, template.

Between preview and confirmation the checked upload is staged with ``core.staging``
(``services.stage_import``); the confirm form carries the token, so the confirmation imports only
what this user previewed in this agenda. The preview is the shared ``core/_import_preview.html``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regioagenda.core import permissions
from regioagenda.core.forms import apply_errors
from regioagenda.matrix.forms.indicators import ImportUploadForm, IndicatorValueForm
from regioagenda.matrix.queries import indicators as queries
from regioagenda.matrix.services import indicators as services
from regioagenda.regions.models import Agenda
from regioagenda.regions.queries import agenda_for

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
        # The tables depend on no viewer: rendered once per data version ({% per_version %}),
        # so the groups are only computed (once per version, too) when that piece is rendered.
        "groups": _Deferred(lambda: queries.cached_indicator_overview(agenda, version))
        if version
        else [],
        "can_enter": permissions.can_enter_indicators(request.user, agenda),
    }
    return render(request, "matrix/indicators_list.html", context)


class _Deferred:
    """A value computed on first use in the template (never, when the piece is from the cache)."""

    def __init__(self, compute):
        self.compute = compute
        self.value = None

    def _get(self):
        if self.value is None:
            self.value = self.compute()
        return self.value

    def __iter__(self):
        return iter(self._get())

    def __len__(self):
        return len(self._get())

    def __getitem__(self, index):
        return self._get()[index]


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
                actor=request.user,
                agenda=agenda,
                indicator=indicator,
                value=data["value"],
                date=data["date"],
                source=data["source"],
                note=data["note"],
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
    services.delete_value(actor=request.user, agenda=agenda, value=value)
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


@login_required
@require_http_methods(["GET", "POST"])
def indicator_import(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = agenda_for(request.user, slug, check=permissions.can_enter_indicators)
    version = queries.framework_version(agenda)
    form = ImportUploadForm()
    context = {"agenda": agenda, "version": version, "form": form, "preview": None}
    action = request.POST.get("action", "preview")
    if request.method == "POST" and version is not None:
        if action == "cancel":
            services.cancel_import(actor=request.user, agenda=agenda)
            messages.info(request, _("Der Import wurde abgebrochen; es wurde nichts gespeichert."))
            return redirect("matrix:indicator_import", slug=agenda.slug)
        if action == "confirm":
            return _confirm_import(request, agenda, context)
        form = context["form"] = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = services.read_upload(file=upload)
                preview = services.import_values(
                    actor=request.user, agenda=agenda, file=data, filename=upload.name, dry_run=True
                )
            except ValidationError as exc:
                # A new file was sent: the previous preview is no longer what the user meant.
                services.cancel_import(actor=request.user, agenda=agenda)
                form.add_error("file", exc.messages)
            else:
                context["preview"] = preview
                if preview.is_valid:
                    context["token"] = services.stage_import(
                        actor=request.user, agenda=agenda, data=data, filename=upload.name
                    )
                else:
                    services.cancel_import(actor=request.user, agenda=agenda)
    return render(request, "matrix/indicators_import.html", context)


def _confirm_import(request: HttpRequest, agenda: Agenda, context: dict) -> HttpResponse:
    try:
        result = services.confirm_import(
            actor=request.user, agenda=agenda, token=request.POST.get("token") or None
        )
    except ValidationError as exc:
        context["import_errors"] = exc.messages
        return render(request, "matrix/indicators_import.html", context, status=400)
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
        services.template_csv(version=version),
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
        services.template_xlsx(version=version),
        XLSX_TYPE,
        f"indikatoren-vorlage-{agenda.slug}.xlsx",
    )
