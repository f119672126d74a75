"""The idea list and the idea page at scale: a fixed number of queries whatever the data,
keyset pages that stay stable under inserts, filters and search, hidden ideas not listed,
the viewer's supports marked, anonymous pages from the page cache."""

import re

import pytest
from django.urls import reverse

from regioagenda.participation.models import IdeaField, Support
from tests.conftest import get_counting_queries
from tests.participation_factories import CommentFactory, IdeaFactory, SupportFactory

LIST = reverse("participation:ideas", args=["teamhausen"])
NEXT = re.compile(r'href="\?([^"]*nach=[^"]+)"')


def make_ideas(setup, n, *, comments=1, supports=1):
    ideas = []
    for i in range(n):
        idea = IdeaFactory(agenda=setup.agenda, title=f"Idee Nummer {i}", place=setup.places[i % 3])
        IdeaField.objects.create(idea=idea, field_key="mobility" if i % 2 else "energy")
        IdeaField.objects.create(idea=idea, field_key="work", proposed=True)
        for _ in range(comments):
            CommentFactory(on=idea)
        for _ in range(supports):
            SupportFactory(idea=idea)
        ideas.append(idea)
    return ideas


def queries_for(user, url):
    return get_counting_queries(user, url)[1]


@pytest.mark.django_db
def test_list_and_idea_page_take_the_same_queries_for_3_and_40_ideas(ideas_setup):
    viewer = ideas_setup.participant
    few = make_ideas(ideas_setup, 3)
    Support.objects.create(idea=few[0], user=viewer)
    urls = [LIST, f"{LIST}?feld=mobility&status=new", f"{LIST}?q=Nummer&sortierung=supported"]
    small = [queries_for(viewer, u) for u in urls]
    page_small = queries_for(viewer, few[0].get_absolute_url())

    many = make_ideas(ideas_setup, 37, comments=3, supports=4)
    Support.objects.create(idea=many[-1], user=viewer)
    large = [queries_for(viewer, u) for u in urls]
    page_large = queries_for(viewer, many[-1].get_absolute_url())

    assert small == large, (small, large)
    assert page_small == page_large
    assert max(large) <= 20 and page_large <= 20


@pytest.mark.django_db
def test_keyset_pages_do_not_shift_when_ideas_arrive(ideas_setup, client):
    make_ideas(ideas_setup, 45, comments=0, supports=0)
    first = client.get(LIST).content.decode()
    [params] = NEXT.findall(first)
    params = params.replace("&amp;", "&")
    before = client.get(f"{LIST}?{params}").content.decode()
    make_ideas(ideas_setup, 5, comments=0, supports=0)  # newer ideas arrive meanwhile
    after = client.get(f"{LIST}?{params}").content.decode()

    titles = re.compile(r'<h3 class="kern-heading-small"><a [^>]+>([^<]+)</a>')
    assert titles.findall(before) == titles.findall(after)
    assert len(titles.findall(before)) == 20
    assert titles.findall(first)[0] == "Idee Nummer 44"
    assert titles.findall(before)[0] == "Idee Nummer 24"
    # a malformed cursor is ignored, never an error
    assert client.get(f"{LIST}?nach=%%%²").status_code == 200


@pytest.mark.django_db
def test_filters_search_sort_and_hidden_ideas(ideas_setup, client):
    from django.utils import timezone

    ideas = make_ideas(ideas_setup, 6, comments=0, supports=0)
    IdeaFactory(agenda=ideas_setup.agenda, title="Radwege entlang der B12", body="<p>sicher</p>")
    IdeaFactory(agenda=ideas_setup.agenda, title="Versteckt", hidden=timezone.now())
    SupportFactory(idea=ideas[2])
    SupportFactory(idea=ideas[2])
    type(ideas[2]).objects.filter(pk=ideas[2].pk).update(support_count=2)

    def titles(query):
        html = client.get(f"{LIST}?{query}").content.decode()
        return re.findall(r'<h3 class="kern-heading-small"><a [^>]+>([^<]+)</a>', html)

    assert "Versteckt" not in titles("")
    assert set(titles("feld=energy")) == {"Idee Nummer 0", "Idee Nummer 2", "Idee Nummer 4"}
    assert titles(f"ort={ideas_setup.places[1].pk}") == ["Idee Nummer 4", "Idee Nummer 1"]
    assert titles("q=radwege") == ["Radwege entlang der B12"]
    assert titles("sortierung=supported")[0] == "Idee Nummer 2"
    assert titles("status=rejected") == []
    assert client.get(f"{LIST}?ort=²&status=x&schritt=y&sortierung=z").status_code == 200


@pytest.mark.django_db
def test_own_supports_are_marked_and_anonymous_pages_come_from_the_cache(
    ideas_setup, login, client, page_cache_on
):
    ideas = make_ideas(ideas_setup, 3, comments=0, supports=0)
    Support.objects.create(idea=ideas[1], user=ideas_setup.participant)
    type(ideas[1]).objects.filter(pk=ideas[1].pk).update(support_count=1)

    first = client.get(LIST)
    second = client.get(LIST)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    mine = login(ideas_setup.participant).get(LIST)
    assert "X-Page-Cache" not in mine
    assert mine.content.decode().count("von Ihnen unterstützt") == 1
    assert "von Ihnen unterstützt" not in second.content.decode()


@pytest.mark.django_db
def test_another_agendas_idea_is_not_found_here(ideas_setup, client):
    foreign = IdeaFactory()
    url = reverse("participation:idea", args=["teamhausen", foreign.pk])
    assert client.get(url).status_code == 404
    support = reverse("participation:idea_support", args=["teamhausen", foreign.pk])
    assert client.post(support).status_code == 404


@pytest.mark.django_db
def test_filtered_pages_are_shared_by_anonymous_visitors_until_the_data_changes(
    ideas_setup, client, login, page_cache_on
):
    from django.core.cache import cache

    from regioagenda.core import pagecache

    make_ideas(ideas_setup, 3, comments=0, supports=0)
    url = f"{LIST}?feld=energy"
    first = client.get(url).content.decode()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as run:
        again = client.get(url).content.decode()
    assert again.count("Idee Nummer") == first.count("Idee Nummer") == 2
    assert not [q for q in run.captured_queries if "participation_idea" in q["sql"]]
    IdeaFactory(agenda=ideas_setup.agenda, title="Neue Energieidee")
    IdeaField.objects.create(idea=IdeaFactory._meta.model.objects.latest("pk"), field_key="energy")
    cache.delete(pagecache.VERSION_KEY)  # what the commit of a write does (tests never commit)
    assert "Neue Energieidee" in client.get(url).content.decode()
    # signed in: rendered for the person, with their own marks
    assert "Neue Energieidee" in login(ideas_setup.participant).get(url).content.decode()
