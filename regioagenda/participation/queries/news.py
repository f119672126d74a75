"""Reading the agenda's news posts: the published ones for the public, all for their editors."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from regioagenda.core import permissions
from regioagenda.core.permissions import Person
from regioagenda.participation.models import NewsPost
from regioagenda.regions.models import Agenda

FEED_ENTRIES = 30


def visible_news(agenda: Agenda, user: Person) -> QuerySet[NewsPost]:
    """Published posts, newest first; editors also see scheduled ones."""
    posts = NewsPost.objects.filter(agenda=agenda).select_related("author")
    if not permissions.can_manage_news(user, agenda):
        posts = posts.filter(published_at__lte=timezone.now())
    return posts.order_by("-published_at", "-pk")


def published_news(agenda: Agenda) -> QuerySet[NewsPost]:
    """What everybody sees (the feed, cached pages)."""
    return (
        NewsPost.objects.filter(agenda=agenda, published_at__lte=timezone.now())
        .select_related("author", "agenda")
        .order_by("-published_at", "-pk")
    )


def get_post(agenda: Agenda, pk: int, user: Person) -> NewsPost:
    """One post of ``agenda`` the user may read; a scheduled one only for its editors."""
    post = visible_news(agenda, user).filter(pk=pk).first()
    if post is None:
        raise Http404(_("Diese Agenda hat keine Neuigkeit mit der Nummer %(pk)s.") % {"pk": pk})
    post.agenda = agenda
    return post
