"""The Atom feed of an agenda's news: valid Atom, escaping, only published posts."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from regioagenda.participation.models import NewsPost

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, agenda):
    response = client.get(reverse("participation:news_feed", args=[agenda.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_feed_is_valid_atom_with_entries(client, team):
    now = timezone.now()
    NewsPost.objects.create(
        agenda=team.agenda,
        title="Werkstatt <Nord> & Süd",
        teaser="Kommen Sie <bitte> & bringen Sie Ideen mit.",
        body='<p>Am <strong>Dienstag</strong> &amp; <a href="https://example.org">hier</a>.</p>',
        published_at=now - datetime.timedelta(days=1),
    )
    NewsPost.objects.create(
        agenda=team.agenda,
        title="Älter",
        body="<p>a</p>",
        published_at=now - datetime.timedelta(days=5),
    )
    NewsPost.objects.create(
        agenda=team.agenda,
        title="Geplant",
        body="<p>g</p>",
        published_at=now + datetime.timedelta(days=5),
    )
    root = feed(client, team.agenda)
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None and root.find(f"{ATOM}{required}").text
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"].endswith(reverse("participation:news_feed", args=[team.agenda.slug]))
    assert links["alternate"].endswith(reverse("participation:news", args=[team.agenda.slug]))
    assert root.find(f"{ATOM}author/{ATOM}name").text == team.agenda.region.name
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Werkstatt <Nord> & Süd", "Älter"]
    first = entries[0]
    for required in ("id", "updated", "published", "summary", "content", "author"):
        assert first.find(f"{ATOM}{required}") is not None
    assert first.find(f"{ATOM}id").text.startswith("tag:")
    assert first.find(f"{ATOM}link").get("rel") == "alternate"
    # Summary: the plain teaser as escaped HTML; content: the sanitised HTML, escaped in the XML.
    summary = first.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "Kommen Sie &lt;bitte&gt; &amp; bringen Sie Ideen mit."
    content = first.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert content.text.startswith("<p>Am <strong>Dienstag</strong>")


def test_entry_id_stays_when_a_post_is_rescheduled(client, team):
    post = NewsPost.objects.create(
        agenda=team.agenda,
        title="T",
        body="<p>b</p>",
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    before = feed(client, team.agenda).find(f"{ATOM}entry/{ATOM}id").text
    NewsPost.objects.filter(pk=post.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert feed(client, team.agenda).find(f"{ATOM}entry/{ATOM}id").text == before


def test_private_agenda_feed_is_refused(client, team):
    team.agenda.is_public = False
    team.agenda.save()
    assert (
        client.get(reverse("participation:news_feed", args=[team.agenda.slug])).status_code == 403
    )


def test_empty_feed_is_still_valid(client, team):
    root = feed(client, team.agenda)
    assert root.findall(f"{ATOM}entry") == []
    assert root.find(f"{ATOM}updated").text


def test_pages_announce_the_feed(client, team):
    post = NewsPost.objects.create(agenda=team.agenda, title="T", body="<p>b</p>")
    href = reverse("participation:news_feed", args=[team.agenda.slug])
    for url in (reverse("participation:news", args=[team.agenda.slug]), post.get_absolute_url()):
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in html and href in html
