"""News: list, post, Atom feed (``feeds.py``), and writing them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regioagenda.core import once, permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.pagecache import public_page
from regioagenda.participation.forms.news import NewsForm
from regioagenda.participation.models import NewsPost
from regioagenda.participation.queries import news as queries
from regioagenda.participation.services import news as services
from regioagenda.regions.queries import agenda_for

PAGE_SIZE = 20


@public_page
def news(request, slug):
    agenda = agenda_for(request.user, slug)
    page = Paginator(queries.visible_news(agenda, request.user), PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "participation/news_list.html",
        {
            "agenda": agenda,
            "page": page,
            "now": timezone.now(),
            "can_manage_news": permissions.can_manage_news(request.user, agenda),
        },
    )


@public_page
def news_post(request, slug, pk):
    agenda = agenda_for(request.user, slug)
    post = queries.get_post(agenda, pk, request.user)
    return render(
        request,
        "participation/news_detail.html",
        {
            "agenda": agenda,
            "post": post,
            "can_manage_news": permissions.can_manage_news(request.user, agenda),
        },
    )


def _values(form):
    data = form.cleaned_data
    return {
        "title": data["title"],
        "teaser": data["teaser"],
        "body": data["body"],
        "step": data["step"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def news_create(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_news)
    form = NewsForm(request.POST or None, initial={"step": agenda.current_step})
    if request.method == "POST" and form.is_valid():
        try:
            post = services.create_news(
                actor=request.user,
                agenda=agenda,
                published_at=form.published_at(),
                token=once.token_from(request.POST),
                **_values(form),
            )
        except once.AlreadySubmitted as done:
            messages.info(request, done.message())
            first = NewsPost.objects.filter(agenda=agenda, pk=done.object_id or 0).first()
            return redirect(
                first.get_absolute_url() if first else reverse("participation:news", args=[slug])
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Die Neuigkeit „%(title)s“ ist gespeichert.") % {"title": post.title}
            )
            return redirect(post.get_absolute_url())
    return render(
        request,
        "participation/news_form.html",
        {"agenda": agenda, "form": form, "post": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def news_edit(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_news)
    post = queries.get_post(agenda, pk, request.user)
    published_on = timezone.localdate(post.published_at)
    form = NewsForm(
        request.POST or None,
        initial={
            "title": post.title,
            "teaser": post.teaser,
            "body": post.body,
            "step": post.step,
            "published_on": published_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        # An unchanged day keeps the exact moment of publication.
        keep = form.cleaned_data.get("published_on") == published_on
        try:
            post = services.update_news(
                actor=request.user,
                post=post,
                published_at=post.published_at if keep else form.published_at(),
                **_values(form),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Die Neuigkeit „%(title)s“ ist gespeichert.") % {"title": post.title}
            )
            return redirect(post.get_absolute_url())
    return render(
        request,
        "participation/news_form.html",
        {"agenda": agenda, "form": form, "post": post},
    )


@login_required
@require_http_methods(["GET", "POST"])
def news_delete(request, slug, pk):
    """Ask first (GET), delete on the confirmation (POST)."""
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_news)
    post = queries.get_post(agenda, pk, request.user)
    if request.method == "GET":
        return render(request, "participation/news_delete.html", {"agenda": agenda, "post": post})
    services.delete_news(actor=request.user, post=post)
    messages.success(
        request, _("Die Neuigkeit „%(title)s“ wurde gelöscht.") % {"title": post.title}
    )
    return redirect("participation:news", slug)
