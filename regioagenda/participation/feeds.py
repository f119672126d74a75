"""The agenda's news as an Atom feed (RFC 4287) through Django's syndication framework."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, get_tag_uri
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

from regioagenda.participation.models import NewsPost
from regioagenda.participation.queries import news as news_queries
from regioagenda.regions.models import Agenda
from regioagenda.regions.queries import agenda_for


class NewsAtomFeed(Atom1Feed):
    """Atom with the entry's content as escaped HTML (``type="html"``) beside its summary."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class NewsFeed(Feed):
    feed_type = NewsAtomFeed

    def get_object(self, request: HttpRequest, slug: str) -> Agenda:  # type: ignore[override]
        # Only agendas the visitor may see; a private agenda's feed is for its members.
        return agenda_for(request.user, slug)

    def title(self, agenda: Agenda) -> str:
        return _("Neuigkeiten: %(title)s") % {"title": agenda.title}

    def subtitle(self, agenda: Agenda) -> str:
        return agenda.summary or _("Neuigkeiten aus dem Beteiligungsprozess der Digitalen Agenda.")

    def link(self, agenda: Agenda) -> str:
        return reverse("participation:news", args=[agenda.slug])

    def feed_url(self, agenda: Agenda) -> str:
        return reverse("participation:news_feed", args=[agenda.slug])

    def feed_guid(self, agenda: Agenda) -> str:
        return self._request.build_absolute_uri(self.feed_url(agenda))

    def author_name(self, agenda: Agenda) -> str:
        return agenda.region.name

    def items(self, agenda: Agenda) -> list[NewsPost]:
        posts = list(news_queries.published_news(agenda)[: news_queries.FEED_ENTRIES])
        for post in posts:
            post.agenda = agenda
        return posts

    def item_title(self, item: NewsPost) -> str:
        return item.title

    def item_description(self, item: NewsPost) -> str:
        # Atom's summary is written with type="html": the plain teaser escaped as HTML.
        return escape(item.teaser or strip_tags(item.body)[:400])

    def item_guid(self, item: NewsPost) -> str:
        # Stable however often the post is edited or rescheduled.
        return get_tag_uri(self._request.build_absolute_uri(item.get_absolute_url()), item.created)

    def item_link(self, item: NewsPost) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: NewsPost) -> Any:
        return item.published_at

    def item_updateddate(self, item: NewsPost) -> Any:
        return max(item.updated, item.published_at)

    def item_author_name(self, item: NewsPost) -> str:
        return item.agenda.region.name

    def item_extra_kwargs(self, item: NewsPost) -> dict[str, Any]:
        return {"content": item.body}

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self._request = request
        return super().__call__(request, *args, **kwargs)
