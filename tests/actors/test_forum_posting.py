"""Writing in the expert forum: new threads, posts and replies as a tree, counters, following,
and bad input (empty, too long, scripts, closed threads, foreign parents)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from regioagenda.actors.models import Post, Thread
from regioagenda.actors.queries.forum import MAX_DEPTH, post_tree
from regioagenda.actors.services import forum as services
from regioagenda.community.models import Follow
from regioagenda.community.queries import is_following
from tests.actor_factories import PostFactory, ThreadFactory, readable_post_count
from tests.factories import AgendaFactory

pytestmark = pytest.mark.django_db


def url(name, *args, slug="teamhausen"):
    return reverse(f"actors:{name}", args=[slug, *args])


def order_of(html, posts):
    positions = {post.pk: html.index(f'id="beitrag-{post.pk}"') for post in posts}
    return [pk for pk, _position in sorted(positions.items(), key=lambda item: item[1])]


@pytest.fixture
def thread(actors_setup):
    return services.start_thread(
        actor=actors_setup.expert,
        agenda=actors_setup.agenda,
        field_key="mobility",
        title="Rufbus",
        body="Wann kommt der Bus?",
    )


def _counts():
    return Thread.objects.count(), Post.objects.count(), Follow.objects.count()


# New threads ------------------------------------------------------------------------------------


def test_new_thread_with_first_post_and_author_following(actors_setup, login):
    client = login(actors_setup.expert)
    response = client.post(
        url("forum_field", "health"),
        {"title": "  Telemedizin   in Praxen ", "body": "Was brauchen\ndie Praxen?"},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("thread", thread.pk)
    assert thread.title == "Telemedizin in Praxen"
    assert thread.field_key == "health" and thread.agenda == actors_setup.agenda
    assert readable_post_count(thread) == 1
    post = thread.posts.get()
    assert post.parent is None and post.author == actors_setup.expert
    assert post.body == "<p>Was brauchen<br>die Praxen?</p>"
    assert thread.last_activity == post.created
    assert is_following(actors_setup.expert, thread)
    page = client.get(url("forum_field", "health")).content.decode()
    assert "Telemedizin in Praxen" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "Text"}, "Bitte geben Sie der Diskussion einen Titel."),
        ({"title": "Titel", "body": ""}, "Der Beitrag ist leer."),
        ({"title": "Titel", "body": "<script>alert(1)</script>"}, "Der Beitrag ist leer"),
        ({"title": "Titel", "body": "x" * 10_001}, "höchstens 10.000 Zeichen"),
        ({"title": "T" * 201, "body": "Text"}, "höchstens 200 Zeichen"),
    ],
)
def test_bad_new_thread_stores_nothing(actors_setup, login, data, message):
    response = login(actors_setup.expert).post(url("forum_field", "mobility"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _counts() == (0, 0, 0)


# Posts and replies -----------------------------------------------------------------------------


def test_reply_without_javascript_redirects_to_the_post(actors_setup, thread, login):
    first = thread.posts.get()
    response = login(actors_setup.moderator).post(
        url("thread", thread.pk), {"body": "Guter Punkt", "parent": first.pk}
    )
    reply = Post.objects.get(parent=first)
    assert response.status_code == 302
    assert response["Location"] == f"{url('thread', thread.pk)}#beitrag-{reply.pk}"
    assert reply.author == actors_setup.moderator and reply.thread == thread
    assert is_following(actors_setup.moderator, thread)


def test_reply_with_htmx_returns_the_updated_tree(actors_setup, thread, login):
    first = thread.posts.get()
    response = login(actors_setup.moderator).post(
        url("thread", thread.pk),
        {"body": "Per htmx", "parent": first.pk},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    reply = Post.objects.get(parent=first)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="forum-posts"')
    assert "<html" not in html
    assert f'id="beitrag-{reply.pk}"' in html and "Per htmx" in html
    assert "Ihr Beitrag ist veröffentlicht." in html
    assert "2 Beiträge" in html


def test_htmx_error_comes_back_with_200_at_the_reply_form(actors_setup, thread, login):
    first = thread.posts.get()
    response = login(actors_setup.moderator).post(
        url("thread", thread.pk), {"body": "   ", "parent": first.pk}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="antwort-{first.pk}-error"' in html
    assert "Der Beitrag ist leer." in html
    assert Post.objects.count() == 1


def test_counters_and_last_activity(actors_setup, thread):
    first = thread.posts.get()
    reply = services.add_post(
        actor=actors_setup.moderator, thread=thread, body="Eins", parent=first
    )
    services.add_post(actor=actors_setup.coordinator, thread=thread, body="Zwei", parent=reply)
    last = services.add_post(actor=actors_setup.expert, thread=thread, body="Drei")
    thread.refresh_from_db()
    assert readable_post_count(thread) == 4
    assert thread.last_activity == last.created
    services.hide_post(actor=actors_setup.moderator, post=reply, reason="Off-Topic")
    thread.refresh_from_db()
    assert readable_post_count(thread) == 3  # hidden posts do not count for members
    assert thread.last_activity == last.created
    services.unhide_post(actor=actors_setup.moderator, post=reply)
    thread.refresh_from_db()
    assert readable_post_count(thread) == 4


def test_index_shows_counts_per_field(actors_setup, thread, login):
    services.add_post(actor=actors_setup.moderator, thread=thread, body="Eins")
    services.start_thread(
        actor=actors_setup.expert,
        agenda=actors_setup.agenda,
        field_key="mobility",
        title="Zweite",
        body="B",
    )
    services.start_thread(
        actor=actors_setup.expert,
        agenda=actors_setup.agenda,
        field_key="health",
        title="Dritte",
        body="B",
    )
    from regioagenda.actors.queries.forum import forum_index

    rows = {row.key: row for row in forum_index(actors_setup.agenda)["fields"]}
    assert len(rows) == 16
    assert (rows["mobility"].threads, rows["mobility"].posts) == (2, 3)
    assert (rows["health"].threads, rows["health"].posts) == (1, 1)
    assert (rows["energy"].threads, rows["energy"].posts, rows["energy"].last_activity) == (
        0,
        0,
        None,
    )
    page = login(actors_setup.expert).get(url("forum")).content.decode()
    assert url("forum_field", "mobility") in page and "Mobilität" in page


def test_tree_renders_replies_nested_in_reading_order(actors_setup, thread, login):
    a = thread.posts.get()
    b = services.add_post(actor=actors_setup.moderator, thread=thread, body="B", parent=a)
    c = services.add_post(actor=actors_setup.coordinator, thread=thread, body="C")
    d = services.add_post(actor=actors_setup.moderator, thread=thread, body="D", parent=a)
    e = services.add_post(actor=actors_setup.expert, thread=thread, body="E", parent=b)
    html = login(actors_setup.expert).get(url("thread", thread.pk)).content.decode()
    assert order_of(html, [a, b, c, d, e]) == [a.pk, b.pk, e.pk, d.pk, c.pk]
    for post, level in [(a, 0), (b, 1), (e, 2), (d, 1), (c, 0)]:
        assert f'id="beitrag-{post.pk}" class="forum-post forum-post--level-{level}' in html
    # B's reply E sits inside B's list item, before D starts.
    b_start = html.index(f'id="beitrag-{b.pk}"')
    assert b_start < html.index(f'id="beitrag-{e.pk}"') < html.index(f'id="beitrag-{d.pk}"')
    # A reply form under each post, without JavaScript: a <details> with a plain form.
    for post in (a, b, c, d, e):
        assert f'name="parent" value="{post.pk}"' in html


def test_depth_is_capped_and_deeper_replies_stay_on_the_last_level(actors_setup, thread, login):
    chain = [thread.posts.get()]
    for number in range(6):
        chain.append(
            services.add_post(
                actor=actors_setup.moderator, thread=thread, body=f"T{number}", parent=chain[-1]
            )
        )
    html = login(actors_setup.expert).get(url("thread", thread.pk)).content.decode()
    assert order_of(html, chain) == [p.pk for p in chain]
    levels = [min(i, MAX_DEPTH - 1) for i in range(len(chain))]
    assert levels == [0, 1, 2, 3, 3, 3, 3]
    for post, level in zip(chain, levels, strict=True):
        assert f'id="beitrag-{post.pk}" class="forum-post forum-post--level-{level}' in html
    # Flattened replies say whom they answer; nested ones need not.
    assert f'href="#beitrag-{chain[3].pk}"' in html
    assert f'href="#beitrag-{chain[0].pk}"' not in html
    assert html.count('class="forum-replies"') == 3


def test_post_tree_handles_long_chains_without_recursion(actors_setup):
    thread = ThreadFactory(agenda=actors_setup.agenda)
    posts = []
    start = timezone.now()
    for number in range(1500):
        post = Post(
            pk=number + 1,
            thread=thread,
            parent_id=posts[-1].pk if posts else None,
            author=None,
            body="x",
            created=start + datetime.timedelta(seconds=number),
        )
        posts.append(post)
    tree = post_tree(posts)
    node, depth = tree[0], 0
    while node.children:
        node, depth = node.children[0], depth + 1
    assert depth == MAX_DEPTH - 1
    assert len(tree[0].children[0].children[0].children) == 1497


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Der Beitrag ist leer."),
        ("   \n  ", "Der Beitrag ist leer."),
        ("<script>alert('x')</script><style>p{}</style>", "Der Beitrag ist leer"),
        ("a" * 10_001, "höchstens 10.000 Zeichen"),
    ],
)
def test_bad_post_shows_a_message_and_stores_nothing(actors_setup, thread, login, body, message):
    before = _counts()
    response = login(actors_setup.moderator).post(url("thread", thread.pk), {"body": body})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _counts() == before
    thread.refresh_from_db()
    assert readable_post_count(thread) == 1


def test_exactly_ten_thousand_characters_are_fine(actors_setup, thread):
    post = services.add_post(actor=actors_setup.moderator, thread=thread, body="a" * 10_000)
    post = Post.objects.get(pk=post.pk)  # what was stored
    assert post.body == f"<p>{'a' * 10_000}</p>"


def test_script_tags_and_handlers_are_stripped(actors_setup, thread):
    post = services.add_post(
        actor=actors_setup.moderator,
        thread=thread,
        body='Hallo <script>alert(1)</script><b onclick="x()">fett</b> <strong>stark</strong> '
        '<a href="javascript:alert(1)">böse</a> <a href="https://example.org">gut</a> a < b',
    )
    post = Post.objects.get(pk=post.pk)  # what was stored, not only what was returned
    assert "<script" not in post.body and "alert" not in post.body
    assert "onclick" not in post.body and "javascript:" not in post.body
    assert "<strong>stark</strong>" in post.body
    assert 'href="https://example.org"' in post.body
    assert "a &lt; b" in post.body


def test_limited_markup_is_kept_as_written(actors_setup, thread):
    post = services.add_post(
        actor=actors_setup.moderator,
        thread=thread,
        body="<p>Erstens</p>\n<ul><li>eins</li><li>zwei</li></ul>",
    )
    post = Post.objects.get(pk=post.pk)  # what was stored
    assert post.body == "<p>Erstens</p>\n<ul><li>eins</li><li>zwei</li></ul>"


def test_closed_thread_takes_no_posts(actors_setup, thread, login):
    services.close_thread(actor=actors_setup.moderator, thread=thread)
    with pytest.raises(ValidationError, match="geschlossen"):
        services.add_post(actor=actors_setup.expert, thread=thread, body="Noch was")
    client = login(actors_setup.expert)
    page = client.get(url("thread", thread.pk)).content.decode()
    assert "Diese Diskussion ist geschlossen" in page
    assert 'name="parent"' not in page  # no reply forms
    response = client.post(url("thread", thread.pk), {"body": "Trotzdem"})
    assert response.status_code == 400
    assert "geschlossen; neue Beiträge sind nicht mehr möglich" in response.content.decode()
    assert thread.posts.count() == 1


def test_reply_to_a_post_of_another_thread_is_refused(actors_setup, thread, login):
    other = services.start_thread(
        actor=actors_setup.expert,
        agenda=actors_setup.agenda,
        field_key="health",
        title="Andere",
        body="Anderer Beitrag",
    )
    foreign_parent = other.posts.get()
    response = login(actors_setup.moderator).post(
        url("thread", thread.pk), {"body": "Antwort", "parent": foreign_parent.pk}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "gehört nicht zu dieser Diskussion" in html
    assert f'name="parent" value="{foreign_parent.pk}"' not in html  # not sent again
    assert "Antwort</textarea>" in html  # what the member wrote is kept
    assert Post.objects.count() == 2
    with pytest.raises(ValidationError, match="gehört nicht zu dieser Diskussion"):
        services.add_post(
            actor=actors_setup.moderator, thread=thread, body="x", parent=foreign_parent
        )


def test_reply_to_a_post_of_another_agenda_or_a_missing_post_is_refused(
    actors_setup, thread, login
):
    foreign = PostFactory(thread=ThreadFactory(agenda=AgendaFactory()))
    client = login(actors_setup.moderator)
    response = client.post(url("thread", thread.pk), {"body": "x", "parent": foreign.pk})
    assert response.status_code == 400
    assert "gehört nicht zu dieser Diskussion" in response.content.decode()
    response = client.post(url("thread", thread.pk), {"body": "x", "parent": 999_999})
    assert response.status_code == 400
    assert "gibt es nicht (mehr)" in response.content.decode()
    for nonsense in ("abc", "9" * 30, "-1"):
        response = client.post(url("thread", thread.pk), {"body": "x", "parent": nonsense})
        assert response.status_code == 400
        assert "gibt es nicht (mehr)" in response.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1


def test_reply_to_a_hidden_post_is_refused(actors_setup, thread, login):
    first = thread.posts.get()
    services.hide_post(actor=actors_setup.moderator, post=first, reason="Off-Topic")
    with pytest.raises(ValidationError, match="ausgeblendeten Beitrag"):
        services.add_post(actor=actors_setup.expert, thread=thread, body="x", parent=first)
    response = login(actors_setup.expert).post(
        url("thread", thread.pk), {"body": "x", "parent": first.pk}
    )
    assert response.status_code == 400
    assert "ausgeblendeten Beitrag kann nicht" in response.content.decode()
    assert thread.posts.count() == 1


def test_follow_and_unfollow(actors_setup, thread, login):
    client = login(actors_setup.coordinator)
    page = client.get(url("thread", thread.pk)).content.decode()
    assert 'value="follow"' in page
    client.post(url("thread_follow", thread.pk), {"action": "follow"})
    assert is_following(actors_setup.coordinator, thread)
    page = client.get(url("thread", thread.pk)).content.decode()
    assert 'value="unfollow"' in page
    response = client.post(url("thread_follow", thread.pk), {"action": "unfollow"})
    assert response.status_code == 302
    assert not is_following(actors_setup.coordinator, thread)
    # The author can stop following a thread they started, too.
    login(actors_setup.expert).post(url("thread_follow", thread.pk), {"action": "unfollow"})
    assert not Follow.objects.filter(target_id=thread.pk).exists()
    assert client.get(url("thread_follow", thread.pk)).status_code == 405
