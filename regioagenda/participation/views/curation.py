"""Pages of idea curation for the agenda's team: quick capture at workshops, themes, duplicate
suggestions and merging, and the "similar ideas" hint for the idea form."""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regioagenda.core import csvexport, once, permissions
from regioagenda.core.forms import KernForm, apply_errors
from regioagenda.participation.forms import curation as forms
from regioagenda.participation.models import IdeaStatus
from regioagenda.participation.queries import curation as queries
from regioagenda.participation.services import curation as services
from regioagenda.regions import process
from regioagenda.regions.queries import agenda_for

SIMILAR_MAX_CHARS = 2_000  # of the text sent while typing; enough to find its neighbours


def _capture_url(agenda, event) -> str:
    url = reverse("participation:quick_capture", args=[agenda.slug])
    return f"{url}?{urlencode({'event': event.pk})}" if event is not None else url


def _capture_context(request, agenda, event, form):
    return {
        "agenda": agenda,
        "event": event,
        "events": queries.capture_events(agenda),
        "form": form,
        "captures": queries.recent_captures(agenda, request.user, event=event),
        "capture_url": _capture_url(agenda, event),
        "themes_url": queries.url_or_empty("participation:themes", agenda.slug),
    }


@login_required
@require_http_methods(["GET", "POST"])
def quick_capture(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_curate_ideas)
    data = request.POST if request.method == "POST" else request.GET
    event = queries.event_of(agenda, data.get("event"))
    if request.method == "GET":
        form = forms.CaptureForm()
        return render(
            request,
            "participation/quick_capture.html",
            _capture_context(request, agenda, event, form),
        )
    form = forms.CaptureForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            idea = services.capture_idea(
                actor=request.user,
                agenda=agenda,
                event=event,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                field_keys=form.cleaned_data["field_keys"],
                token=once.token_from(request.POST),
            )
        except once.AlreadySubmitted as already:
            messages.info(request, already.message())
            form = forms.CaptureForm()
        except ValidationError as error:
            apply_errors(form, error)
            status = 422
        else:
            messages.success(request, _("Gespeichert: „%(title)s“") % {"title": idea.title})
            if not request.htmx:
                return redirect(_capture_url(agenda, event))
            form = forms.CaptureForm()  # empty for the next idea
    else:
        status = 422
    context = _capture_context(request, agenda, event, form)
    if request.htmx:
        # htmx swaps the form and the list; a 422 must still be swapped (see app.js).
        response = render(request, "participation/quick_capture.html#capture", context)
        return response
    return render(request, "participation/quick_capture.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def quick_capture_fields(request, slug, pk):
    """Correct a captured idea's fields in its row (htmx) or on the capture page (without JS)."""
    agenda = agenda_for(request.user, slug, check=permissions.can_curate_ideas)
    captured = queries.captured(agenda, pk)
    event = queries.event_of(agenda, request.GET.get("event") or request.POST.get("event"))
    auto_id = f"fields{captured.idea.pk}_%s"  # unique beside the capture form's checkboxes
    row = {"agenda": agenda, "event": event, "capture_url": _capture_url(agenda, event)}
    if request.method == "POST":
        form = forms.FieldsForm(request.POST, auto_id=auto_id)
        if form.is_valid():
            try:
                services.correct_fields(
                    actor=request.user,
                    idea=captured.idea,
                    field_keys=form.cleaned_data["field_keys"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if not request.htmx:
                    messages.success(request, _("Handlungsfelder gespeichert."))
                    return redirect(_capture_url(agenda, event))
                return render(
                    request,
                    "participation/quick_capture.html#row",
                    {**row, "item": queries.captured(agenda, pk)},
                )
    else:
        form = forms.FieldsForm(
            initial={"field_keys": [key for key, _n in captured.fields]}, auto_id=auto_id
        )
    if request.htmx:
        editing = {} if request.GET.get("abbrechen") else {"fields_form": form}
        return render(
            request, "participation/quick_capture.html#row", {**row, "item": captured, **editing}
        )
    page = _capture_context(request, agenda, event, forms.CaptureForm())
    page.update({"editing": captured.idea.pk, "fields_form": form})
    return render(request, "participation/quick_capture.html", page)


# Themes ----------------------------------------------------------------------------------------


class ThemeFilterForm(KernForm):
    step = django_forms.ChoiceField(label=gettext_lazy("Prozessschritt"), required=False)
    event = django_forms.ChoiceField(label=gettext_lazy("Veranstaltung"), required=False)
    status = django_forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("alle"))]
        self.fields["step"].choices = everything + list(process.STEP_CHOICES)
        self.fields["event"].choices = everything + [
            (str(event.pk), f"{event.title} ({event.starts_at:%d.%m.%Y})")
            for event in queries.capture_events(agenda)
        ]
        self.fields["status"].choices = [("", _("alle offenen"))] + [
            choice for choice in IdeaStatus.choices if choice[0] != IdeaStatus.MERGED
        ]


@login_required
@require_GET
def themes(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_curate_ideas)
    form = ThemeFilterForm(request.GET or None, agenda=agenda)
    filters = {"step": "", "event": None, "status": ""}
    if request.GET and form.is_valid():
        filters = {
            "step": form.cleaned_data["step"],
            "event": int(form.cleaned_data["event"]) if form.cleaned_data["event"] else None,
            "status": form.cleaned_data["status"],
        }
    overview = queries.theme_overview(agenda, **filters)
    if request.GET.get("format") == "csv":
        header = [
            _("Thema Nr."),
            _("Thema"),
            _("Idee Nr."),
            _("Titel"),
            _("Status"),
            _("Unterstützungen"),
            _("Kommentare"),
            _("Handlungsfelder"),
        ]
        response = HttpResponse(
            csvexport.csv_bytes(header, queries.theme_rows(overview)),
            content_type=csvexport.CONTENT_TYPE,
        )
        response["Content-Disposition"] = f'attachment; filename="themen-{agenda.slug}.csv"'
        return response
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "participation/themes.html",
        {
            "agenda": agenda,
            "form": form,
            "overview": overview,
            "csv_query": query.urlencode(),
            "capture_url": queries.url_or_empty("participation:quick_capture", agenda.slug),
            "duplicates_url": queries.url_or_empty("participation:duplicates", agenda.slug),
        },
    )


# Duplicates and merging ------------------------------------------------------------------------


@login_required
@require_GET
def duplicates(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_curate_ideas)
    pairs, total = queries.duplicate_pairs(agenda)
    return render(
        request,
        "participation/duplicates.html",
        {
            "agenda": agenda,
            "pairs": pairs,
            "total": total,
            "can_merge": permissions.can_merge_ideas(request.user, agenda),
            "threshold": round(queries.DUPLICATE_THRESHOLD * 100),
        },
    )


@login_required
@require_POST
def duplicate_dismiss(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_merge_ideas)
    first = queries.idea_of(agenda, request.POST.get("first"))
    second = queries.idea_of(agenda, request.POST.get("second"))
    try:
        services.dismiss_duplicate(actor=request.user, first=first, second=second)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("„%(first)s“ und „%(second)s“ werden nicht mehr als Doppelung vorgeschlagen.")
            % {"first": first.title, "second": second.title},
        )
    return redirect("participation:duplicates", agenda.slug)


@login_required
@require_http_methods(["GET", "POST"])
def merge(request, slug, pk):
    """Confirm and merge idea ``pk`` into the idea named by ``ziel``."""
    agenda = agenda_for(request.user, slug, check=permissions.can_merge_ideas)
    source = queries.idea_of(agenda, pk)
    target = queries.idea_of(agenda, request.POST.get("ziel") or request.GET.get("ziel"))
    form = forms.MergeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = services.merge_ideas(
                    actor=request.user, source=source, target=target, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                apply_errors(form, error)
                status = 422
            else:
                messages.success(request, result.message())
                return redirect("participation:duplicates", agenda.slug)
        else:
            status = 422
    return render(
        request,
        "participation/merge.html",
        {
            "agenda": agenda,
            "source": source,
            "target": target,
            "form": form,
            "source_url": queries.idea_url(source),
            "target_url": queries.idea_url(target),
        },
        status=status,
    )


@require_GET
def similar(request, slug):
    """The "Ähnliche Ideen gibt es schon" hint while someone writes an idea (htmx, as they type)."""
    agenda = agenda_for(request.user, slug)
    title = request.GET.get("title", "")[:SIMILAR_MAX_CHARS]
    body = request.GET.get("body", "")[:SIMILAR_MAX_CHARS]
    found = queries.similar_ideas(agenda, title, body)
    return render(request, "participation/duplicates_similar.html", {"similar": found})
