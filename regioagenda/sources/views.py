"""Pages of the existing concepts: list and upload, document, coverage, field summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regioagenda.core import permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.http import safe_next
from regioagenda.core.numbers import parse_id
from regioagenda.core.pagecache import public_page
from regioagenda.regions.queries import agenda_for
from regioagenda.sources import forms, queries, services


def _can_manage(request, agenda):
    return permissions.can_manage_sources(request.user, agenda)


@require_http_methods(["GET", "POST"])
def document_list(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_sources)
    can_manage = _can_manage(request, agenda)
    form = None
    if can_manage:
        form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        permissions.require(permissions.can_manage_sources, request.user, agenda)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = services.upload_document(
                    actor=request.user,
                    agenda=agenda,
                    uploaded_file=data["file"],
                    title=data["title"],
                    doc_type=data["doc_type"],
                    year=data["year"],
                    publisher=data["publisher"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                # info, not success: the analysis has only started (0 %); the page shows its end
                messages.info(
                    request,
                    _("„%(title)s“ wurde hochgeladen und wird jetzt ausgewertet.")
                    % {"title": document.title},
                )
                return redirect("sources:document", agenda.slug, document.pk)
    context = {
        "agenda": agenda,
        "documents": queries.documents(agenda),
        "form": form,
        "can_manage": can_manage,
    }
    return render(
        request, "sources/document_list.html", context, status=400 if form and form.errors else 200
    )


def _login_url():
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


@require_GET
def document_detail(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_sources)
    document = queries.get_document(agenda, pk)
    filters = queries.PassageFilter(
        field=request.GET.get("feld", "")[:60],
        state=request.GET.get("stand", "")[:20],
        section=request.GET.get("abschnitt", "")[:400],
    )
    context = {
        "agenda": agenda,
        **queries.document_detail(agenda, document, filters=filters, page=request.GET.get("seite")),
        "can_manage": _can_manage(request, agenda),
        "next_url": request.get_full_path(),
        "can_view_job": document.job is not None
        and permissions.can_view_job(request.user, document.job),
    }
    if request.htmx and request.GET.get("status"):
        response = render(request, "sources/document_detail.html#document-status", context)
        if document.status != "analysing":
            response["HX-Refresh"] = "true"  # show the passages now that the analysis ended
        return response
    return render(request, "sources/document_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def document_reanalyse(request, slug, pk):
    """GET asks first and says what the new analysis touches; POST starts it."""
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_sources)
    document = queries.get_document(agenda, pk)
    if request.method == "GET":
        return _confirm(request, agenda, document, "reanalyse")
    try:
        services.reanalyse_document(actor=request.user, document=document)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(request, _("Die Auswertung wurde neu gestartet."))
    return redirect("sources:document", agenda.slug, document.pk)


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request, slug, pk):
    """GET asks first and says what will be lost; POST deletes."""
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_sources)
    document = queries.get_document(agenda, pk)
    if request.method == "GET":
        return _confirm(request, agenda, document, "delete")
    title = document.title
    services.delete_document(actor=request.user, document=document)
    messages.success(request, _("„%(title)s“ wurde gelöscht.") % {"title": title})
    return redirect("sources:documents", agenda.slug)


def _confirm(request, agenda, document, action):
    context = {
        "agenda": agenda,
        "document": document,
        "action": action,
        "impact": queries.document_impact(document),
    }
    return render(request, "sources/document_confirm.html", context)


@login_required
@require_POST
def passages_review(request, slug, pk):
    """Accept or reject the passages the document page shows (its filtered page) at once."""
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_sources)
    document = queries.get_document(agenda, pk)
    ids = [pk for pk in map(parse_id, request.POST.getlist("passage")) if pk is not None]
    try:
        result = services.review_passages(
            actor=request.user,
            document=document,
            passage_ids=ids,
            state=request.POST.get("state", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, result.message())
    return redirect(safe_next(request, _document_url(agenda, document.pk)))


@login_required
@require_POST
def passage_action(request, slug, pk, action):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_sources)
    passage = queries.get_passage(agenda, pk)
    error = ""
    if action == "accept":
        services.accept_passage(actor=request.user, passage=passage)
    elif action == "reject":
        services.reject_passage(actor=request.user, passage=passage)
    else:
        key = request.POST.get("field", "")
        matrix_field = queries.version_field(passage.document.version_id, key)
        try:
            services.reassign_passage(actor=request.user, passage=passage, field=matrix_field)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:
        document = passage.document
        names = queries.field_names([document.version_id])
        passage.refresh_from_db()
        passage.document = document
        context = {
            "agenda": agenda,
            "row": queries.passage_row(passage, names),
            "fields": queries.version_fields(document.version),
            "can_manage": True,
            "next_url": safe_next(request, _document_url(agenda, document.pk)),
            "error": error,
        }
        return render(request, "sources/_passage_row.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Der Abschnitt wurde aktualisiert."))
    back = safe_next(request, _document_url(agenda, passage.document_id))
    return redirect(f"{back}#passage-{passage.pk}")


def _document_url(agenda, pk):
    from django.urls import reverse

    return reverse("sources:document", args=[agenda.slug, pk])


@require_GET
@public_page
def coverage(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_sources)
    return render(request, "sources/coverage.html", {"agenda": agenda, **queries.coverage(agenda)})


@require_http_methods(["GET", "POST"])
def field_summary(request, slug, key):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_sources)
    matrix_field = queries.get_field(agenda, key)
    can_manage = _can_manage(request, agenda)
    context = {
        "agenda": agenda,
        "can_manage": can_manage,
        **queries.field_summary(agenda, matrix_field),
    }
    summary = context["summary"]
    form = None
    if can_manage:
        initial = {
            "text": summary.text if summary and summary.is_curated else _proposal_html(context)
        }
        form = forms.SummaryForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        permissions.require(permissions.can_manage_sources, request.user, agenda)
        if request.POST.get("reset"):
            services.reset_summary(actor=request.user, agenda=agenda, field=matrix_field)
            messages.success(request, _("Der Vorschlag gilt wieder."))
            return redirect("sources:field", agenda.slug, matrix_field.key)
        if form.is_valid():
            try:
                services.edit_summary(
                    actor=request.user,
                    agenda=agenda,
                    field=matrix_field,
                    html=form.cleaned_data["text"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Die Zusammenfassung wurde gespeichert."))
                return redirect("sources:field", agenda.slug, matrix_field.key)
        status = 400
    context["form"] = form
    return render(request, "sources/field_summary.html", context, status=status)


def _proposal_html(context):
    from django.utils.html import escape

    sentences = [escape(entry.get("sentence", "")) for entry in context["sentences"]]
    return "".join(f"<p>{s}</p>" for s in sentences)
