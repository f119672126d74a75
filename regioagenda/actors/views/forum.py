"""Pages of the expert forum: the fields, a field's threads, a thread with its posts, and the
actions on them (writing, following, moderation).

Every view resolves the agenda with the forum's permission first, so non-members get the
forum's reason as a 403 before anything is read or written, and looks threads and posts up
within that agenda only (another agenda's ids are simply not found: 404).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regioagenda.actors.context import actors_nav
from regioagenda.actors.forms.forum import HideForm, PostForm, ThreadForm
from regioagenda.actors.queries import forum as queries
from regioagenda.actors.services import forum as services
from regioagenda.core import once, permissions
from regioagenda.core.forms import apply_errors
from regioagenda.regions.queries import agenda_for


def _forum_agenda(request, slug):
    return agenda_for(request.user, slug, check=permissions.can_enter_expert_forum)


def _thread_url(thread, post=None):
    url = reverse("actors:thread", args=[thread.agenda.slug, thread.pk])
    return f"{url}#beitrag-{post.pk}" if post is not None else url


@require_GET
def forum_index(request, slug):
    agenda = _forum_agenda(request, slug)
    context = {
        "agenda": agenda,
        "actors_nav": actors_nav(request.user, agenda),
        **queries.forum_index(agenda),
    }
    return render(request, "actors/forum/index.html", context)


@require_http_methods(["GET", "POST"])
def forum_field(request, slug, key):
    agenda = _forum_agenda(request, slug)
    key, name = queries.get_field(key)
    form = ThreadForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                thread = services.start_thread(
                    actor=request.user,
                    agenda=agenda,
                    field_key=key,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    form_token=once.token_from(request.POST),
                )
            except once.AlreadySubmitted as done:
                messages.info(request, done.message())
                first = queries.submitted_thread(agenda, done.object_id)
                return redirect(_thread_url(first) if first else request.path)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Die Diskussion „%(title)s“ ist eröffnet. Sie folgen ihr.")
                    % {"title": thread.title},
                )
                return redirect(_thread_url(thread))
        status = 400
    context = {
        "agenda": agenda,
        "actors_nav": actors_nav(request.user, agenda),
        "field_key": key,
        "field_name": name,
        "threads": queries.field_threads(agenda, key),
        "form": form,
    }
    return render(request, "actors/forum/field.html", context, status=status)


def _thread_context(request, agenda, thread, **extra):
    context = {
        "agenda": agenda,
        "actors_nav": actors_nav(request.user, agenda),
        "thread_url": _thread_url(thread),
        "reply_form": None,
        "reply_parent": None,
        "hide_form": None,
        "hide_post": None,
        **queries.thread_page(thread, request.user),
    }
    context.update(extra)
    if context["reply_form"] is None or context["reply_parent"] is not None:
        # The form below the thread (a new top-level post) starts empty unless it erred.
        context["post_form"] = PostForm()
    else:
        context["post_form"] = context["reply_form"]
    return context


@require_http_methods(["GET", "POST"])
def thread(request, slug, pk):
    """The thread page; POST writes a post (``parent`` empty) or a reply (``parent`` = post id)."""
    agenda = _forum_agenda(request, slug)
    thread = queries.get_thread(agenda, pk)
    if request.method == "GET":
        return render(request, "actors/forum/thread.html", _thread_context(request, agenda, thread))

    form = PostForm(request.POST)
    parent = None
    parent_error = None
    raw_parent = (request.POST.get("parent") or "").strip()
    if raw_parent:
        parent = queries.reply_parent(raw_parent)
        if parent is None:
            parent_error = _("Den Beitrag, auf den Sie antworten wollen, gibt es nicht (mehr).")
    saved = None
    if form.is_valid() and parent_error is None:
        try:
            saved = services.add_post(
                actor=request.user,
                thread=thread,
                body=form.cleaned_data["body"],
                parent=parent,
                site_url=request.build_absolute_uri("/"),
                form_token=once.token_from(request.POST),
            )
        except once.AlreadySubmitted as done:
            # The first submission wrote the post: show it, not an error and not a copy.
            first = queries.submitted_post(thread, done.object_id)
            if not request.htmx:
                messages.info(request, done.message())
                return redirect(_thread_url(thread, first))
            thread.refresh_from_db()
            context = _thread_context(request, agenda, thread, saved_post=first)
            return render(request, "actors/forum/thread.html#posts", context)
        except ValidationError as exc:
            apply_errors(form, exc)
    elif parent_error:
        form.add_error(None, parent_error)

    if saved is not None:
        if not request.htmx:
            messages.success(request, _("Ihr Beitrag ist veröffentlicht."))
            return redirect(_thread_url(thread, saved))
        thread.refresh_from_db()
        context = _thread_context(request, agenda, thread, saved_post=saved)
        return render(request, "actors/forum/thread.html#posts", context)

    # The error appears at the form the user wrote in: under the post they answered when that
    # post belongs to this thread and has a reply form, else at the form below the thread.
    shown_here = parent is not None and parent.thread_id == thread.pk and parent.hidden is None
    at_post = parent.pk if shown_here else None
    context = _thread_context(request, agenda, thread, reply_form=form, reply_parent=at_post)
    if request.htmx:  # htmx swaps only successful responses, so errors come back with 200
        return render(request, "actors/forum/thread.html#posts", context)
    return render(request, "actors/forum/thread.html", context, status=400)


@require_POST
def thread_follow(request, slug, pk):
    """Follow (``action=follow``) or stop following (``action=unfollow``) a thread."""
    agenda = _forum_agenda(request, slug)
    thread = queries.get_thread(agenda, pk)
    if request.POST.get("action") == "unfollow":
        services.unfollow_thread(actor=request.user, thread=thread)
        messages.success(
            request, _("Sie folgen dieser Diskussion nicht mehr und erhalten keine E-Mails zu ihr.")
        )
    else:
        services.follow_thread(actor=request.user, thread=thread)
        messages.success(
            request, _("Sie folgen dieser Diskussion und erhalten eine E-Mail bei neuen Beiträgen.")
        )
    return redirect(_thread_url(thread))


_THREAD_ACTIONS = {
    "close": (services.close_thread, gettext_lazy("Die Diskussion ist geschlossen.")),
    "reopen": (services.reopen_thread, gettext_lazy("Die Diskussion ist wieder offen.")),
    "pin": (services.pin_thread, gettext_lazy("Die Diskussion ist angeheftet.")),
    "unpin": (services.unpin_thread, gettext_lazy("Die Diskussion ist nicht mehr angeheftet.")),
}


@require_POST
def thread_moderate(request, slug, pk):
    """Close, reopen, pin or unpin a thread (``action``)."""
    agenda = agenda_for(request.user, slug, check=permissions.can_moderate_forum)
    thread = queries.get_thread(agenda, pk)
    action = _THREAD_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Unbekannte Aktion. Bitte nutzen Sie die Schaltflächen."))
        return redirect(_thread_url(thread))
    service, done = action
    service(actor=request.user, thread=thread)
    messages.success(request, str(done))
    return redirect(_thread_url(thread))


@require_POST
def post_hide(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_moderate_forum)
    post = queries.get_post(agenda, pk)
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            services.hide_post(actor=request.user, post=post, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Der Beitrag ist ausgeblendet."))
            return redirect(_thread_url(post.thread, post))
    context = _thread_context(request, agenda, post.thread, hide_form=form, hide_post=post.pk)
    return render(request, "actors/forum/thread.html", context, status=400)


@require_POST
def post_unhide(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_moderate_forum)
    post = queries.get_post(agenda, pk)
    try:
        services.unhide_post(actor=request.user, post=post)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Der Beitrag ist wieder sichtbar."))
    return redirect(_thread_url(post.thread, post))
