"""Pages of ideas: the list, an idea, submitting and correcting one, the official answer and
the support button.

Every view resolves the agenda with ``can_view_agenda`` first (403 with the reason for a
private agenda), then the idea within that agenda only (another agenda's id: 404). Writing
views refuse with the predicate's reason (403) before reading input.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regioagenda.core import once, pagecache, permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.http import client_address, safe_next
from regioagenda.participation.forms.ideas import AnswerForm, IdeaForm
from regioagenda.participation.queries import ideas as queries
from regioagenda.participation.services import ideas as services
from regioagenda.regions.queries import agenda_for


def _idea_form(agenda, data=None, **kwargs):
    return IdeaForm(
        data,
        field_choices=queries.filter_options(agenda)["fields"],
        place_choices=[(str(pk), name) for pk, name in queries.filter_options(agenda)["places"]],
        **kwargs,
    )


@require_GET
@pagecache.public_page
def idea_list(request, slug):
    if request.GET and _shared_with_anonymous(request):
        # Filtered, searched and later pages look the same to every anonymous visitor: kept
        # per data version and query like the plain list (``public_page`` keeps only that).
        html = pagecache.fragment(
            request,
            "participation.idea_list_anonymous",
            slug,
            request.GET.urlencode(),
            bool(request.htmx),
            render=lambda: _idea_list(request, slug).content.decode(),
        )
        return HttpResponse(html)
    return _idea_list(request, slug)


def _shared_with_anonymous(request) -> bool:
    return (
        pagecache.caching()
        and not request.user.is_authenticated
        and len(messages.get_messages(request)) == 0
    )


def _idea_list(request, slug):
    agenda = agenda_for(request.user, slug)
    filters = queries.parse_filters(request.GET)
    page: dict = {}

    def render_rows():
        page.update(queries.idea_rows(agenda, filters))
        return render_to_string(
            "participation/ideas.html#rows", {"agenda": agenda, **page}, request=request
        )

    # The rows are the same for everyone: rendered once per data version and query, then the
    # viewer's own supports are marked in them.
    rows_html = pagecache.fragment(
        request, "participation.idea_rows", agenda.pk, request.GET.urlencode(), render=render_rows
    )
    rows_html = queries.mark_supported(rows_html, request.user)
    if request.htmx and filters.cursor:
        return HttpResponse(rows_html)
    context = {
        "agenda": agenda,
        "filters": filters,
        "rows_html": rows_html.strip(),
        "is_first_page": not filters.cursor,
        **queries.filter_options(agenda),
        "can_submit": permissions.can_contribute(request.user, agenda),
        "closed_reason": services.ideas_closed_reason(agenda),
    }
    return render(request, "participation/ideas.html", context)


@require_GET
@pagecache.public_page
def idea_detail(request, slug, pk):
    agenda = agenda_for(request.user, slug)
    idea = queries.idea_for(agenda, pk, request.user)
    context = {
        "agenda": agenda,
        **queries.idea_page(agenda, idea, request.user),
        "answer_form": AnswerForm(initial={"status": idea.status, "answer": idea.answer}),
    }
    return render(request, "participation/idea.html", context)


def _save_idea(request, agenda, form, idea=None):
    """Create or update from a valid form; returns the idea or None with errors on the form."""
    data = form.cleaned_data
    common = {
        "title": data["title"],
        "body": data["body"],
        "field_keys": data["fields"],
        "place_id": data["place"],
        "latitude": data["latitude"],
        "longitude": data["longitude"],
    }
    try:
        if idea is None:
            return services.create_idea(
                actor=request.user,
                agenda=agenda,
                address=client_address(request),
                form_token=once.token_from(request.POST),
                **common,
            )
        return services.update_idea(actor=request.user, idea=idea, **common)
    except ValidationError as exc:
        apply_errors(form, exc, name_for=lambda key: "latitude" if key == "point" else key)
    return None


@require_http_methods(["GET", "POST"])
def idea_create(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_contribute)
    closed = services.ideas_closed_reason(agenda)
    form = _idea_form(agenda, request.POST or None)
    status = 200
    proposal = None
    if request.method == "POST" and not closed:
        if "vorschlag" in request.POST:
            # "Vorschlag holen": the classifier's fields for the text so far, checked in the
            # form; nothing is saved.
            proposal = services.proposed_fields(
                title=request.POST.get("title", "")[:200],
                body=request.POST.get("body", "")[:10_000],
            )
            form = _idea_form(
                agenda,
                initial={
                    **{
                        name: request.POST.get(name, "")
                        for name in ("title", "body", "place", "latitude", "longitude")
                    },
                    "fields": proposal,
                },
            )
        elif form.is_valid():
            try:
                idea = _save_idea(request, agenda, form)
            except once.AlreadySubmitted as done:
                messages.info(request, done.message())
                first = queries.submitted_idea(agenda, done.object_id)
                return redirect(first.get_absolute_url() if first else request.path)
            if idea is not None:
                messages.success(
                    request,
                    _("Danke! Ihre Idee „%(title)s“ ist veröffentlicht. Sie folgen ihr.")
                    % {"title": idea.title},
                )
                return redirect(idea.get_absolute_url())
            status = 400
        else:
            status = 400
    context = {
        "agenda": agenda,
        "form": form,
        "closed_reason": closed,
        "proposal": proposal,
        "editing": None,
    }
    if request.htmx and proposal is not None:
        return render(request, "participation/idea_form.html#fields", context)
    return render(request, "participation/idea_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def idea_edit(request, slug, pk):
    agenda = agenda_for(request.user, slug)
    idea = queries.idea_for(agenda, pk, request.user)
    permissions.require(permissions.can_edit_idea, request.user, idea)
    if request.method == "POST":
        form = _idea_form(agenda, request.POST)
        if form.is_valid() and _save_idea(request, agenda, form, idea) is not None:
            messages.success(request, _("Ihre Änderungen sind gespeichert."))
            return redirect(idea.get_absolute_url())
        status = 400
    else:
        form = _idea_form(
            agenda,
            initial={
                "title": idea.title,
                "body": idea.body,
                "fields": list(idea.fields.values_list("field_key", flat=True)),
                "place": str(idea.place_id or ""),
                "latitude": idea.latitude or "",
                "longitude": idea.longitude or "",
            },
        )
        status = 200
    context = {"agenda": agenda, "form": form, "editing": idea, "closed_reason": ""}
    return render(request, "participation/idea_form.html", context, status=status)


@require_POST
def idea_answer(request, slug, pk):
    agenda = agenda_for(request.user, slug)
    idea = queries.idea_for(agenda, pk, request.user)
    permissions.require(permissions.can_answer_idea, request.user, idea)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_idea(
                actor=request.user,
                idea=idea,
                status=form.cleaned_data["status"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Status und Antwort sind gespeichert."))
            return redirect(idea.get_absolute_url())
    context = {
        "agenda": agenda,
        **queries.idea_page(agenda, idea, request.user),
        "answer_form": form,
    }
    return render(request, "participation/idea.html", context, status=400)


@require_POST
def idea_support(request, slug, pk):
    """Give or withdraw one's support (``action`` = support / withdraw). htmx gets the button
    back; without JavaScript the page reloads at the idea."""
    agenda = agenda_for(request.user, slug)
    idea = queries.idea_for(agenda, pk, request.user, related=False)
    answer = permissions.can_support_idea(request.user, idea)
    if not answer:
        if request.htmx:
            context = {"agenda": agenda, "idea": idea, "supported": False, "can_support": answer}
            return render(request, "participation/_idea_support.html", context, status=200)
        raise PermissionDenied(permissions.reason(permissions.can_support_idea, answer))
    withdraw = request.POST.get("action") == "withdraw"
    error = ""
    try:
        if withdraw:
            services.withdraw_support(actor=request.user, idea=idea)
            supported = False
        else:
            services.support_idea(actor=request.user, idea=idea, address=client_address(request))
            supported = True
    except ValidationError as exc:
        error = " ".join(exc.messages)
        supported = None
    if request.htmx:
        idea.refresh_from_db(fields=["support_count"])
        if supported is None:
            supported = queries._own_supports(request.user, [idea.pk]) == {idea.pk}
        context = {
            "agenda": agenda,
            "idea": idea,
            "supported": supported,
            "can_support": answer,
            "support_error": error,
        }
        return render(request, "participation/_idea_support.html", context)
    if error:  # too many supports this hour: nothing stored, said so with status 429
        context = {"agenda": agenda, "idea": idea, "reason": error}
        return render(request, "participation/idea_support_refused.html", context, status=429)
    return redirect(safe_next(request, idea.get_absolute_url()))
