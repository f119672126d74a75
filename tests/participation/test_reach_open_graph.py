"""Open Graph and Twitter card metadata for shared links."""

import re

import pytest
from django.urls import reverse

from regioagenda.participation.models import NewsPost, Phase

pytestmark = pytest.mark.django_db


def meta(html):
    tags = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html)
    return dict(tags)


def test_defaults_on_every_page(client, db):
    tags = meta(client.get(reverse("regions:landing")).content.decode())
    for name in (
        "og:title",
        "og:description",
        "og:url",
        "og:type",
        "og:locale",
        "og:image",
        "twitter:card",
    ):
        assert tags.get(name), name
    assert tags["og:type"] == "website" and tags["og:locale"] == "de_DE"
    assert tags["og:image"].startswith("http://testserver/") and "og-card" in tags["og:image"]
    assert tags["og:url"] == "http://testserver/"


def test_agenda_home_and_process_page(client, team):
    tags = meta(client.get(team.agenda.get_absolute_url()).content.decode())
    assert tags["og:title"] == "Digitale Agenda Teamhausen"
    assert tags["og:description"] == "Der Landkreis Teamhausen macht sich digital auf den Weg."
    Phase.objects.create(
        agenda=team.agenda, step="kickoff", plain_summary='Wir fangen an & "alle" machen mit.'
    )
    url = reverse("participation:process", args=[team.agenda.slug])
    tags = meta(client.get(url).content.decode())
    assert tags["og:title"] == "Mitmachen: Digitale Agenda Teamhausen"
    assert tags["og:description"] == "Wir fangen an &amp; &quot;alle&quot; machen mit."
    assert tags["og:url"] == f"http://testserver{url}"


def test_news_post_is_an_article_with_its_teaser(client, team):
    post = NewsPost.objects.create(
        agenda=team.agenda, title="Werkstatt <Nord>", teaser="Vier Termine.", body="<p>x</p>"
    )
    tags = meta(client.get(post.get_absolute_url()).content.decode())
    assert tags["og:type"] == "article"
    assert tags["og:title"] == "Werkstatt &lt;Nord&gt;"
    assert tags["og:description"] == "Vier Termine."
    assert tags["description"] == "Vier Termine."


def test_english_locale(client, db):
    response = client.get("/en/")
    assert response.status_code == 200
    assert meta(response.content.decode())["og:locale"] == "en_GB"
