"""Moderation of the expert forum: hiding and showing posts, closing and pinning threads."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regioagenda.actors.models import Thread
from regioagenda.actors.services import forum as services
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import readable_post_count

pytestmark = pytest.mark.django_db

SECRET = "Geheime Werbebotschaft"


def url(name, *args, slug="teamhausen"):
    return reverse(f"actors:{name}", args=[slug, *args])


@pytest.fixture
def thread(actors_setup):
    thread = services.start_thread(
        actor=actors_setup.expert,
        agenda=actors_setup.agenda,
        field_key="mobility",
        title="Rufbus",
        body="Wann kommt der Bus?",
    )
    services.add_post(
        actor=actors_setup.expert, thread=thread, body=SECRET, parent=thread.posts.get()
    )
    return thread


def _secret_post(thread):
    return thread.posts.get(body__contains=SECRET)


def test_hidden_post_shows_the_reason_to_members_and_the_text_to_moderators(
    actors_setup, thread, login
):
    post = _secret_post(thread)
    response = login(actors_setup.moderator).post(url("post_hide", post.pk), {"reason": "Werbung"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#beitrag-{post.pk}")
    post.refresh_from_db()
    assert post.hidden and post.hidden_by == actors_setup.moderator
    assert post.hidden_reason == "Werbung"
    member_page = login(actors_setup.expert).get(url("thread", thread.pk)).content.decode()
    assert "Beitrag von der Moderation ausgeblendet: Werbung" in member_page
    assert SECRET not in member_page
    for moderator in (actors_setup.moderator, actors_setup.coordinator):
        page = login(moderator).get(url("thread", thread.pk)).content.decode()
        assert "Beitrag von der Moderation ausgeblendet: Werbung" in page
        assert SECRET in page
        assert url("post_unhide", post.pk) in page
    assert AuditEvent.objects.filter(action="actors.forum_post_hidden").exists()


def test_unhide_shows_the_post_again(actors_setup, thread, login):
    post = _secret_post(thread)
    services.hide_post(actor=actors_setup.moderator, post=post, reason="Werbung")
    response = login(actors_setup.coordinator).post(url("post_unhide", post.pk))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.hidden is None and post.hidden_reason == "" and post.hidden_by is None
    assert SECRET in login(actors_setup.expert).get(url("thread", thread.pk)).content.decode()
    response = login(actors_setup.coordinator).post(url("post_unhide", post.pk), follow=True)
    assert "nicht ausgeblendet" in response.content.decode()


def test_hiding_needs_a_reason(actors_setup, thread, login):
    post = _secret_post(thread)
    response = login(actors_setup.moderator).post(url("post_hide", post.pk), {"reason": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte geben Sie an, warum der Beitrag ausgeblendet wird." in html
    assert f'id="ausblenden-{post.pk}-error"' in html
    post.refresh_from_db()
    assert post.hidden is None
    with pytest.raises(ValidationError):
        services.hide_post(actor=actors_setup.moderator, post=post, reason="x" * 301)


def test_hiding_twice_is_refused_and_counts_stay_right(actors_setup, thread):
    post = _secret_post(thread)
    services.hide_post(actor=actors_setup.moderator, post=post, reason="Werbung")
    with pytest.raises(ValidationError, match="bereits ausgeblendet"):
        services.hide_post(actor=actors_setup.moderator, post=post, reason="Nochmal")
    thread.refresh_from_db()
    assert readable_post_count(thread) == 1


@pytest.mark.parametrize("role", ["expert", "editor", "participant", "outsider"])
def test_only_moderation_and_coordination_moderate(actors_setup, thread, login, role):
    post = _secret_post(thread)
    client = login(getattr(actors_setup, role))
    reason = "Das Expertenforum moderieren Moderation und Koordination."
    for target, data in [
        (url("post_hide", post.pk), {"reason": "x"}),
        (url("post_unhide", post.pk), {}),
        (url("thread_moderate", thread.pk), {"action": "close"}),
        (url("thread_moderate", thread.pk), {"action": "pin"}),
    ]:
        response = client.post(target, data)
        assert response.status_code == 403
        assert reason in response.content.decode()
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.hidden is None and not thread.is_closed and not thread.is_pinned
    with pytest.raises(PermissionDenied):
        services.hide_post(actor=getattr(actors_setup, role), post=post, reason="x")
    # Members see no moderation buttons.
    if role == "expert":
        page = client.get(url("thread", thread.pk)).content.decode()
        assert url("post_hide", post.pk) not in page
        assert url("thread_moderate", thread.pk) not in page


def test_close_and_reopen(actors_setup, thread, login):
    client = login(actors_setup.moderator)
    response = client.post(url("thread_moderate", thread.pk), {"action": "close"})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.is_closed
    response = login(actors_setup.expert).post(url("thread", thread.pk), {"body": "Noch was"})
    assert response.status_code == 400
    assert thread.posts.count() == 2
    client = login(actors_setup.moderator)
    client.post(url("thread_moderate", thread.pk), {"action": "reopen"})
    thread.refresh_from_db()
    assert not thread.is_closed
    services.add_post(actor=actors_setup.expert, thread=thread, body="Jetzt geht es wieder")
    assert thread.posts.count() == 3
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"actors.forum_thread_closed", "actors.forum_thread_reopened"} <= actions


def test_unknown_moderation_action_changes_nothing(actors_setup, thread, login):
    response = login(actors_setup.moderator).post(
        url("thread_moderate", thread.pk), {"action": "delete"}, follow=True
    )
    assert "Unbekannte Aktion" in response.content.decode()
    thread.refresh_from_db()
    assert not thread.is_closed and not thread.is_pinned


def test_pinned_threads_come_first_then_last_activity(actors_setup, thread, login):
    agenda = actors_setup.agenda
    older = services.start_thread(
        actor=actors_setup.expert, agenda=agenda, field_key="mobility", title="Ältere", body="B"
    )
    newer = services.start_thread(
        actor=actors_setup.expert, agenda=agenda, field_key="mobility", title="Neuere", body="B"
    )
    base = newer.last_activity
    Thread.objects.filter(pk=thread.pk).update(last_activity=base - datetime.timedelta(days=3))
    Thread.objects.filter(pk=older.pk).update(last_activity=base - datetime.timedelta(days=2))
    client = login(actors_setup.moderator)
    client.post(url("thread_moderate", older.pk), {"action": "pin"})
    html = client.get(url("forum_field", "mobility")).content.decode()
    positions = [html.index(url("thread", t.pk)) for t in (older, newer, thread)]
    assert positions == sorted(positions)
    assert "angeheftet" in html
    client.post(url("thread_moderate", older.pk), {"action": "unpin"})
    html = client.get(url("forum_field", "mobility")).content.decode()
    positions = [html.index(url("thread", t.pk)) for t in (newer, older, thread)]
    assert positions == sorted(positions)
