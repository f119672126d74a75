"""Pages of the consultation: the drafts of an agenda, a draft with its sections and paragraph
comments, a paragraph's comments, versions and their differences, and the summary (page, CSV).

Drafts are looked up within the agenda of the address (another agenda's id is a 404); a draft
in preparation exists only for the team.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regioagenda.core import csvexport, once, permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.http import client_address
from regioagenda.core.numbers import parse_id, parse_int
from regioagenda.participation.forms.consultation import (
    AnswerForm,
    CommentForm,
    DraftForm,
    DraftSettingsForm,
    VerdictForm,
    VersionForm,
)
from regioagenda.participation.models import Comment, DraftParagraph, Verdict
from regioagenda.participation.queries import consultation as queries
from regioagenda.participation.services import consultation as services
from regioagenda.regions.queries import agenda_for

VERDICT_CHOICES = [("", gettext_lazy("noch offen")), *Verdict.choices]


def _draft_url(draft, anchor=""):
    url = reverse("participation:draft", args=[draft.agenda.slug, draft.pk])
    return f"{url}#{anchor}" if anchor else url


def _paragraph_url(draft, key, anchor=""):
    url = reverse("participation:draft_paragraph", args=[draft.agenda.slug, draft.pk, key])
    return f"{url}#{anchor}" if anchor else url


@require_GET
def consultation(request, slug):
    agenda = agenda_for(request.user, slug)
    context = {
        "agenda": agenda,
        "drafts": list(queries.visible_drafts(agenda, request.user)),
        "can_manage": permissions.can_manage_drafts(request.user, agenda),
        "is_team": queries.is_team(request.user, agenda),
    }
    return render(request, "participation/consultation.html", context)


@require_http_methods(["GET", "POST"])
def draft_create(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_drafts)
    form = DraftForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                draft = services.create_draft(
                    actor=request.user,
                    agenda=agenda,
                    title=data["title"],
                    text=data["text"],
                    upload=data["upload"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    form_token=once.token_from(request.POST),
                )
            except once.AlreadySubmitted as done:
                messages.info(request, done.message())
                return redirect(reverse("participation:consultation", args=[agenda.slug]))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Der Entwurf ist angelegt (in Vorbereitung). Prüfen Sie die Abschnitte "
                        "und öffnen Sie ihn dann für Kommentare."
                    ),
                )
                return redirect(_draft_url(draft))
        status = 400
    context = {"agenda": agenda, "form": form, "draft": None}
    return render(request, "participation/draft_form.html", context, status=status)


@require_GET
def draft(request, slug, pk):
    agenda = agenda_for(request.user, slug)
    draft = queries.get_draft(agenda, pk, request.user)
    context = {
        "agenda": agenda,
        "page": queries.draft_page(draft, request.user),
        "summary_visible": queries.summary_visible(draft, request.user),
    }
    return render(request, "participation/draft.html", context)


@require_http_methods(["GET", "POST"])
def draft_edit(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_drafts)
    draft = queries.get_draft(agenda, pk, request.user)
    initial = {
        "title": draft.title,
        "status": draft.status,
        "opens_on": draft.opens_on,
        "closes_on": draft.closes_on,
    }
    form = DraftSettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_draft(actor=request.user, draft=draft, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Der Entwurf ist gespeichert."))
                return redirect(_draft_url(draft))
        status = 400
    context = {"agenda": agenda, "draft": draft, "form": form}
    return render(request, "participation/draft_settings.html", context, status=status)


@require_http_methods(["GET", "POST"])
def version_create(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_drafts)
    draft = queries.get_draft(agenda, pk, request.user)
    form = VersionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                version = services.add_version(
                    actor=request.user,
                    draft=draft,
                    text=form.cleaned_data["text"],
                    upload=form.cleaned_data["upload"],
                    note=form.cleaned_data["note"],
                    form_token=once.token_from(request.POST),
                )
            except once.AlreadySubmitted as done:
                messages.info(request, done.message())
                return redirect(
                    reverse("participation:draft_versions", args=[agenda.slug, draft.pk])
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Fassung %(number)s ist gespeichert. Hier sehen Sie, was sich geändert hat.")
                    % {"number": version.number},
                )
                return redirect(
                    reverse("participation:draft_versions", args=[agenda.slug, draft.pk])
                )
        status = 400
    context = {"agenda": agenda, "form": form, "draft": draft}
    return render(request, "participation/draft_form.html", context, status=status)


def _version_number(raw, default):
    raw = (raw or "").strip()
    number = parse_int(raw, minimum=1, maximum=9999)
    return default if number is None else number


@require_GET
def versions(request, slug, pk):
    agenda = agenda_for(request.user, slug)
    draft = queries.get_draft(agenda, pk, request.user)
    all_versions = queries.versions(draft)
    by_number = {v.number: v for v in all_versions}
    newest = all_versions[0].number if all_versions else 0
    new_number = _version_number(request.GET.get("zu"), newest)
    old_number = _version_number(request.GET.get("von"), new_number - 1)
    changes = None
    if old_number in by_number and new_number in by_number and old_number != new_number:
        changes = queries.version_diff(by_number[old_number], by_number[new_number])
    context = {
        "agenda": agenda,
        "draft": draft,
        "versions": all_versions,
        "old": by_number.get(old_number),
        "new": by_number.get(new_number),
        "changes": changes,
        "can_manage": permissions.can_manage_drafts(request.user, agenda),
    }
    return render(request, "participation/draft_versions.html", context)


@require_http_methods(["GET", "POST"])
def paragraph(request, slug, pk, key):
    agenda = agenda_for(request.user, slug)
    draft = queries.get_draft(agenda, pk, request.user)
    page = queries.paragraph_page(draft, key)
    is_team = queries.is_team(request.user, agenda)
    comment_form = CommentForm(prefix="comment")
    answer_form = AnswerForm(prefix="answer") if is_team else None
    reply_forms = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "comment")
        official = action == "answer"
        if official and not is_team:
            permissions.require(permissions.can_answer_consultation, request.user, agenda)
        form = (AnswerForm if official else CommentForm)(
            request.POST, prefix=action if action in ("answer", "comment") else "comment"
        )
        parent = None
        raw_parent = (request.POST.get("parent") or "").strip()
        if raw_parent:
            parent = (
                Comment.objects.filter(
                    pk=parse_id(raw_parent) or 0,
                    agenda=agenda,
                    target_type=ContentType.objects.get_for_model(DraftParagraph),
                )
                .select_related("author")
                .first()
            )
            if parent is None:
                raise Http404(
                    _("Den Kommentar, auf den Sie antworten wollen, gibt es nicht (mehr).")
                )
            reply_forms[parent.pk] = form
        elif official:
            answer_form = form
        else:
            comment_form = form
        if form.is_valid():
            try:
                saved = services.comment_on_paragraph(
                    actor=request.user,
                    paragraph=page.paragraph,
                    body=form.cleaned_data["body"],
                    parent=parent,
                    official=official,
                    address=client_address(request),
                    form_token=once.token_from(request.POST),
                )
            except once.AlreadySubmitted as done:
                messages.info(request, done.message())
                return redirect(_paragraph_url(draft, key))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Ihr Kommentar ist veröffentlicht."))
                return redirect(_paragraph_url(draft, key, f"kommentar-{saved.pk}"))
        status = 400
    answer = permissions.can_contribute(request.user, agenda)
    is_open = queries.draft_is_open(draft)
    context = {
        "agenda": agenda,
        "draft": draft,
        "page": page,
        "is_team": is_team,
        "is_open": is_open,
        "reason": queries.closed_reason(draft),
        "can_comment": is_open and bool(answer) and page.is_current,
        "refusal": "" if answer else permissions.reason(permissions.can_contribute, answer),
        "comment_form": comment_form,
        "answer_form": answer_form,
        "reply_forms": reply_forms,
        "verdict_choices": VERDICT_CHOICES if is_team else None,
    }
    return render(request, "participation/draft_paragraph.html", context, status=status)


@require_POST
def verdict(request, slug, pk, comment):
    agenda = agenda_for(request.user, slug, check=permissions.can_answer_consultation)
    draft = queries.get_draft(agenda, pk, request.user)
    keys = DraftParagraph.objects.filter(draft=draft)
    target = Comment.objects.filter(
        pk=comment,
        agenda=agenda,
        target_type=ContentType.objects.get_for_model(DraftParagraph),
        target_id__in=keys.values("pk"),
    ).first()
    if target is None:
        raise Http404(_("Diesen Kommentar gibt es in diesem Entwurf nicht."))
    key = keys.filter(pk=target.target_id).values_list("key", flat=True).first()
    form = VerdictForm(request.POST)
    if form.is_valid():
        try:
            services.set_verdict(
                actor=request.user, comment=target, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Das Ergebnis ist gespeichert."))
    else:
        messages.error(request, _("Unbekanntes Ergebnis."))
    back = request.POST.get("back")
    if back == "summary":
        return redirect(
            reverse("participation:draft_summary", args=[agenda.slug, draft.pk])
            + f"#kommentar-{target.pk}"
        )
    return redirect(_paragraph_url(draft, key, f"kommentar-{target.pk}"))


def _summary_draft(request, slug, pk):
    agenda = agenda_for(request.user, slug)
    draft = queries.get_draft(agenda, pk, request.user)
    if not queries.summary_visible(draft, request.user):
        permissions.require(permissions.can_answer_consultation, request.user, agenda)
    return agenda, draft


@require_GET
def summary(request, slug, pk):
    agenda, draft = _summary_draft(request, slug, pk)
    is_team = queries.is_team(request.user, agenda)
    context = {
        "agenda": agenda,
        "draft": draft,
        "summary": queries.summary(draft),
        "is_team": is_team,
        "verdict_choices": VERDICT_CHOICES if is_team else None,
    }
    return render(request, "participation/draft_summary.html", context)


@require_GET
def summary_csv(request, slug, pk):
    agenda, draft = _summary_draft(request, slug, pk)
    header, rows = queries.summary_csv(queries.summary(draft))
    response = HttpResponse(csvexport.csv_bytes(header, rows), content_type=csvexport.CONTENT_TYPE)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="konsultation-{agenda.slug}-{draft.pk}-{stamp}.csv"'
    )
    return response
