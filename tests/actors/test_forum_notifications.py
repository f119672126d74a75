"""Emails about new posts in followed threads: after the commit, to every follower who may still
enter the forum except the author; a failing mail server or queue never loses the post."""

import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django_tasks.backends.immediate import ImmediateBackend

from regioagenda.accounts.models import Membership
from regioagenda.actors.models import Post
from regioagenda.actors.services import forum as services
from tests.actor_factories import readable_post_count

pytestmark = pytest.mark.django_db


class DownQueue(ImmediateBackend):
    """A task queue (e.g. Redis) that cannot be reached."""

    def enqueue(self, task, args, kwargs):
        raise ConnectionError("Die Warteschlange ist nicht erreichbar")


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def url(name, *args, slug="teamhausen"):
    return reverse(f"actors:{name}", args=[slug, *args])


@pytest.fixture
def thread(actors_setup, django_capture_on_commit_callbacks):
    """A thread the expert started; the moderator and the coordinator have written in it."""
    thread = services.start_thread(
        actor=actors_setup.expert,
        agenda=actors_setup.agenda,
        field_key="mobility",
        title="Rufbus",
        body="Wann kommt der Bus?",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.add_post(actor=actors_setup.moderator, thread=thread, body="Ich schaue nach.")
        services.add_post(actor=actors_setup.coordinator, thread=thread, body="Danke!")
    return thread


def test_followers_get_mail_and_the_author_does_not(
    actors_setup, thread, login, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    first = thread.posts.order_by("pk").first()
    client = login(actors_setup.moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("thread", thread.pk),
            {"body": "Neue <b>Fahrplandaten</b> sind da.", "parent": first.pk},
        )
    assert response.status_code == 302
    post = Post.objects.latest("pk")
    assert (post.thread, post.parent, post.author) == (thread, first, actors_setup.moderator)
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([actors_setup.expert.email, actors_setup.coordinator.email])
    message = mailoutbox[0]
    assert message.subject == "[Regio Agenda] Neuer Beitrag in „Rufbus“"
    assert len(message.to) == 1 and not message.cc and not message.bcc
    link = f"http://testserver{url('thread', thread.pk)}#beitrag-{post.pk}"
    assert link in message.body
    assert "Neue Fahrplandaten sind da." in message.body
    assert "Mobilität" in message.body and "Nicht mehr folgen" in message.body


def test_no_mail_before_the_commit(actors_setup, thread, mailoutbox):
    mailoutbox.clear()
    services.add_post(
        actor=actors_setup.moderator, thread=thread, body="Ohne Commit"
    )  # callbacks not run
    assert mailoutbox == []


def test_follower_who_lost_the_role_gets_no_mail(
    actors_setup, thread, mailoutbox, django_capture_on_commit_callbacks
):
    Membership.objects.filter(user=actors_setup.coordinator, agenda=actors_setup.agenda).delete()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_post(actor=actors_setup.moderator, thread=thread, body="Weiter geht's")
    assert [m.to[0] for m in mailoutbox] == [actors_setup.expert.email]


def test_inactive_follower_gets_no_mail(
    actors_setup, thread, mailoutbox, django_capture_on_commit_callbacks
):
    actors_setup.coordinator.is_active = False
    actors_setup.coordinator.save(update_fields=["is_active"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_post(actor=actors_setup.moderator, thread=thread, body="Weiter geht's")
    assert [m.to[0] for m in mailoutbox] == [actors_setup.expert.email]


def test_unfollowing_stops_the_mail(
    actors_setup, thread, login, mailoutbox, django_capture_on_commit_callbacks
):
    login(actors_setup.expert).post(url("thread_follow", thread.pk), {"action": "unfollow"})
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_post(actor=actors_setup.moderator, thread=thread, body="Noch jemand da?")
    assert [m.to[0] for m in mailoutbox] == [actors_setup.coordinator.email]


def test_a_post_hidden_before_the_task_runs_is_not_mailed(
    actors_setup, thread, mailoutbox, django_capture_on_commit_callbacks
):
    from regioagenda.actors.tasks import notify_followers

    post = services.add_post(
        actor=actors_setup.moderator, thread=thread, body="Werbung!", notify=False
    )
    services.hide_post(actor=actors_setup.coordinator, post=post, reason="Werbung")
    mailoutbox.clear()
    result = notify_followers.enqueue(post.pk, "")
    assert result.return_value == 0
    assert mailoutbox == []


def test_failing_mail_server_does_not_lose_the_post(
    actors_setup, thread, login, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.actors.test_forum_notifications.FailingBackend"
    client = login(actors_setup.moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("thread", thread.pk), {"body": "Trotz Mailausfall"})
    assert response.status_code == 302
    assert Post.objects.filter(body__contains="Trotz Mailausfall").exists()
    thread.refresh_from_db()
    assert readable_post_count(thread) == 4


def test_queue_that_is_down_does_not_lose_the_post(
    actors_setup, thread, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "tests.actors.test_forum_notifications.DownQueue"}}
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post = services.add_post(
            actor=actors_setup.moderator, thread=thread, body="Trotz Warteschlange"
        )
    assert Post.objects.filter(pk=post.pk).exists()
    assert mailoutbox == []
