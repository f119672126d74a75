"""Double submits (issue 10): eight identical POSTs created a forum thread, a post and a round
eight times each. Creating forms carry a one-time token (``core.once``); the same POST sent again
creates nothing and leads to what the first one created."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from regioagenda.actors.models import Activity, Post, Thread
from regioagenda.actors.services import forum as services
from regioagenda.core.models import SubmissionToken
from regioagenda.regions.models import AuditEvent
from tests.parallel import post_in_parallel

TOKEN = re.compile(r'name="once" value="([^"]+)"')
ALREADY = "Dieses Formular wurde bereits abgeschickt"


def url(name, *args, slug="teamhausen"):
    return reverse(f"actors:{name}", args=[slug, *args])


def tokens(response):
    return TOKEN.findall(response.content.decode())


@pytest.fixture
def thread(actors_setup):
    return services.start_thread(
        actor=actors_setup.expert,
        agenda=actors_setup.agenda,
        field_key="mobility",
        title="Rufbus",
        body="Wann kommt der Bus?",
    )


@pytest.mark.django_db
def test_the_same_new_thread_post_twice_opens_one_thread(actors_setup, login):
    client = login(actors_setup.expert)
    page = client.get(url("forum_field", "health"))
    [token] = tokens(page)
    data = {"title": "Telemedizin", "body": "Was brauchen die Praxen?", "once": token}
    first = client.post(url("forum_field", "health"), data)
    second = client.post(url("forum_field", "health"), data, follow=True)
    thread = Thread.objects.get()
    assert first.status_code == 302 and first["Location"] == url("thread", thread.pk)
    assert second.redirect_chain[0] == (url("thread", thread.pk), 302)
    assert ALREADY in second.content.decode()
    assert Post.objects.count() == 1
    # a fresh rendering of the form has a fresh token and opens a new thread
    [fresh] = tokens(client.get(url("forum_field", "health")))
    assert fresh != token
    client.post(url("forum_field", "health"), {**data, "once": fresh, "title": "Zweite"})
    assert Thread.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_thread_does_not_use_up_the_token(actors_setup, login):
    client = login(actors_setup.expert)
    [token] = tokens(client.get(url("forum_field", "health")))
    refused = client.post(
        url("forum_field", "health"), {"title": "x" * 201, "body": "Text", "once": token}
    )
    assert refused.status_code == 400
    assert not SubmissionToken.objects.exists()
    client.post(url("forum_field", "health"), {"title": "Kurz", "body": "Text", "once": token})
    assert Thread.objects.count() == 1


@pytest.mark.django_db
def test_the_same_post_twice_writes_one_post(actors_setup, thread, login):
    client = login(actors_setup.expert)
    page = client.get(url("thread", thread.pk))
    found = tokens(page)
    assert len(found) == len(set(found)) >= 2  # every form of the page has its own token
    data = {"body": "Ab nächstem Monat.", "once": found[-1]}  # the form below the thread
    first = client.post(url("thread", thread.pk), data)
    second = client.post(url("thread", thread.pk), data, follow=True)
    assert first.status_code == 302
    assert Post.objects.filter(thread=thread).count() == 2  # the first post and this one
    written = Post.objects.filter(thread=thread).latest("pk")
    assert second.redirect_chain[0][0] == url("thread", thread.pk) + f"#beitrag-{written.pk}"
    assert ALREADY in second.content.decode()


@pytest.mark.django_db
def test_the_same_htmx_reply_twice_writes_one_reply_and_new_forms_get_new_tokens(
    actors_setup, thread, login
):
    client = login(actors_setup.expert)
    first_post = thread.posts.get()
    page = client.get(url("thread", thread.pk))
    reply_token = tokens(page)[0]  # the reply form under the first post
    data = {"body": "Ich frage nach.", "parent": first_post.pk, "once": reply_token}
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "forum-posts"}
    first = client.post(url("thread", thread.pk), data, **htmx)
    second = client.post(url("thread", thread.pk), data, **htmx)
    assert first.status_code == second.status_code == 200
    assert Post.objects.filter(parent=first_post).count() == 1
    reply = Post.objects.get(parent=first_post)
    assert f'href="#beitrag-{reply.pk}"' in second.content.decode()  # shown, not copied
    # the swapped-in forms carry new tokens, so the next reply is written
    swapped = tokens(first)
    assert reply_token not in swapped
    client.post(
        url("thread", thread.pk),
        {"body": "Noch eine Frage.", "parent": first_post.pk, "once": swapped[0]},
        **htmx,
    )
    assert Post.objects.filter(parent=first_post).count() == 2


@pytest.mark.django_db
def test_the_same_activity_form_twice_records_one_activity(actors_setup, login):
    team = actors_setup
    client = login(team.editor)
    [token] = tokens(client.get(url("activity_create")))
    data = {"title": "Dorfladen digital", "kind": "project", "scope": "regional"}
    data["status"] = "running"
    data["once"] = token
    first = client.post(url("activity_create"), data)
    assert first.status_code == 302, first.content.decode()[:2000]
    second = client.post(url("activity_create"), data, follow=True)
    activity = Activity.objects.get()
    assert second.redirect_chain[0] == (url("activity", activity.pk), 302)
    assert ALREADY in second.content.decode()
    assert AuditEvent.objects.filter(action="actors.activity_created").count() == 1
    # the edit form has no token (editing twice changes nothing twice)
    assert tokens(client.get(url("activity_edit", activity.pk))) == []


@pytest.mark.django_db
def test_another_users_token_is_refused_without_revealing_the_object(actors_setup, login):
    client = login(actors_setup.expert)
    [token] = tokens(client.get(url("forum_field", "health")))
    data = {"title": "Telemedizin", "body": "Text", "once": token}
    client.post(url("forum_field", "health"), data)
    other = login(actors_setup.moderator)
    response = other.post(url("forum_field", "health"), data, follow=True)
    assert Thread.objects.count() == 1
    assert response.redirect_chain[0] == (url("forum_field", "health"), 302)
    assert "Bitte laden Sie die Seite neu" in response.content.decode()


@pytest.mark.django_db
def test_a_damaged_token_is_refused_with_a_sentence(actors_setup, login):
    client = login(actors_setup.expert)
    response = client.post(
        url("forum_field", "health"), {"title": "T", "body": "Text", "once": "<kaputt>"}
    )
    assert response.status_code == 400
    assert "Das Formular ist beschädigt" in response.content.decode()
    assert not Thread.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_eight_parallel_identical_posts_open_one_thread(actors_setup):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writes need PostgreSQL; SQLite serialises every write")
    team = actors_setup
    setup = Client()
    setup.force_login(team.expert)
    [token] = tokens(setup.get(url("forum_field", "health")))
    data = {"title": "Parallel", "body": "Achtmal gleichzeitig", "once": token}
    statuses = post_in_parallel(team.expert, url("forum_field", "health"), data)
    assert statuses == [302] * 8
    assert Thread.objects.count() == 1
    assert Post.objects.count() == 1
