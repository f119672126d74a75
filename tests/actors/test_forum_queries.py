"""The forum pages keep a fixed number of queries whatever the number of posts and threads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regioagenda.actors.models import Post
from regioagenda.actors.services import forum as services
from tests.actor_factories import PostFactory, ThreadFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FIELDS = ["mobility", "health", "energy", "education", "egovernment", "culture"]


def url(name, *args, slug="teamhausen"):
    return reverse(f"actors:{name}", args=[slug, *args])


def _thread_with(actors_setup, count):
    """A thread with ``count`` posts by different authors, nested, every fifth one hidden by a
    different moderator (so a missing select_related shows up as extra queries)."""
    thread = ThreadFactory(agenda=actors_setup.agenda, author=UserFactory())
    posts = []
    for number in range(count):
        parent = posts[number // 2] if number else None
        post = PostFactory(
            thread=thread, parent=parent, author=UserFactory(), body=f"<p>{number}</p>"
        )
        if number % 5 == 4:
            Post.objects.filter(pk=post.pk).update(
                hidden=timezone.now(), hidden_by=UserFactory(), hidden_reason="Off-Topic"
            )
        posts.append(post)
    return thread


def _queries(client, target):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("role", ["expert", "moderator"])
def test_thread_page_queries_do_not_grow_with_posts(actors_setup, login, role):
    client = login(getattr(actors_setup, role))
    small = _thread_with(actors_setup, 5)
    large = _thread_with(actors_setup, 50)
    services.follow_thread(actor=getattr(actors_setup, role), thread=large)
    client.get(url("thread", small.pk))  # warm up session and caches
    small_count, _response = _queries(client, url("thread", small.pk))
    large_count, response = _queries(client, url("thread", large.pk))
    assert small_count == large_count
    html = response.content.decode()
    assert html.count('class="forum-post forum-post--level-') == 50
    assert html.count("Beitrag von der Moderation ausgeblendet: Off-Topic") == 10


def test_index_queries_do_not_grow_with_threads(actors_setup, login):
    client = login(actors_setup.expert)
    ThreadFactory(agenda=actors_setup.agenda, field_key="mobility")
    client.get(url("forum"))
    few, _response = _queries(client, url("forum"))
    for number in range(40):
        ThreadFactory(
            agenda=actors_setup.agenda,
            field_key=FIELDS[number % len(FIELDS)],
            author=UserFactory(),
        )
    many, response = _queries(client, url("forum"))
    assert few == many
    assert response.context["thread_total"] == 41


def test_field_page_queries_do_not_grow_with_threads(actors_setup, login):
    client = login(actors_setup.expert)
    ThreadFactory(agenda=actors_setup.agenda, field_key="mobility", author=UserFactory())
    client.get(url("forum_field", "mobility"))
    few, _response = _queries(client, url("forum_field", "mobility"))
    for _number in range(30):
        ThreadFactory(agenda=actors_setup.agenda, field_key="mobility", author=UserFactory())
    many, response = _queries(client, url("forum_field", "mobility"))
    assert few == many
    assert len(response.context["threads"]) == 31
