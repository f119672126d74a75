"""Writing in the one comments engine: a comment or reply on any registered target, and
correcting one's own comment. The target comes as content type and id; it must be a
registered kind (``services.comments.COMMENT_TARGETS``) of the agenda in the URL (else 404).

Without JavaScript the browser returns to the target's page at the new comment; htmx gets the
comments block back (``participation/_comments.html``)."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regioagenda.core import once, permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.http import client_address, safe_next
from regioagenda.participation.forms.comments import CommentEditForm, CommentForm
from regioagenda.participation.queries import comments as queries
from regioagenda.participation.services import comments as services
from regioagenda.regions.queries import agenda_for


def _target(agenda, type_id, target_id):
    content_type = ContentType.objects.filter(pk=type_id).first()
    if content_type is None or f"{content_type.app_label}.{content_type.model}" not in (
        services.COMMENT_TARGETS
    ):
        raise Http404
    model = content_type.model_class()
    target = model._default_manager.filter(pk=target_id, agenda=agenda).first() if model else None
    if target is None:
        raise Http404
    target.agenda = agenda
    return target


def _back(request, target, comment=None):
    url = services.target_url(target) or safe_next(request, "/")
    return f"{url}#kommentar-{comment.pk}" if comment is not None else f"{url}#kommentare"


def _block(request, target, *, form=None, reply_to=None, saved=None):
    thread = queries.comments_for(target, request.user)
    return {
        "thread": thread,
        "comment_form": form,
        "reply_to": reply_to,
        "saved_comment": saved,
        "agenda": target.agenda,
        "target_url": services.target_url(target),
        "back_url": services.target_url(target) or safe_next(request, ""),
    }


@require_POST
def comment_create(request, slug, type_id, target_id):
    agenda = agenda_for(request.user, slug)
    target = _target(agenda, type_id, target_id)
    permissions.require(permissions.can_contribute, request.user, agenda)
    official = bool(permissions.can_answer_officially(request.user, agenda))
    form = CommentForm(request.POST, official=official)
    parent = None
    if request.POST.get("parent"):
        parent = queries.comment_of(target, request.POST["parent"])
        if parent is None:
            form.add_error(None, _("Der Kommentar, auf den Sie antworten wollen, gibt es nicht."))
    if form.is_valid():
        try:
            comment = services.add_comment(
                actor=request.user,
                target=target,
                body=form.cleaned_data["body"],
                parent=parent,
                official=bool(form.cleaned_data.get("official")),
                address=client_address(request),
                form_token=once.token_from(request.POST),
            )
        except once.AlreadySubmitted as done:
            messages.info(request, done.message())
            return redirect(_back(request, target))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if request.htmx:
                return render(
                    request, "participation/_comments.html", _block(request, target, saved=comment)
                )
            messages.success(request, _("Ihr Kommentar ist veröffentlicht."))
            return redirect(_back(request, target, comment))
    context = _block(request, target, form=form, reply_to=parent)
    if request.htmx:  # htmx swaps successful answers only
        return render(request, "participation/_comments.html", context)
    return render(request, "participation/comment_error.html", context, status=400)


@require_http_methods(["GET", "POST"])
def comment_edit(request, slug, pk):
    agenda = agenda_for(request.user, slug)
    comment = (
        services.Comment.objects.filter(pk=pk, agenda=agenda).select_related("target_type").first()
    )
    if comment is None:
        raise Http404
    comment.agenda = agenda
    permissions.require(permissions.can_edit_comment, request.user, comment)
    target = comment.target
    if target is None:
        raise Http404
    target.agenda = agenda
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.edit_comment(
                    actor=request.user, comment=comment, body=form.cleaned_data["body"]
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Ihr Kommentar ist geändert."))
                return redirect(_back(request, target, comment))
        status = 400
    context = {
        "agenda": agenda,
        "comment": comment,
        "target": target,
        "target_url": services.target_url(target),
        "form": form,
    }
    return render(request, "participation/comment_edit.html", context, status=status)
