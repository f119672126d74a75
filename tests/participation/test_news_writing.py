"""Writing, changing, scheduling and deleting news; followers are told once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from regioagenda.community.models import NotificationKind
from regioagenda.participation.models import NewsPost
from regioagenda.participation.services import news as services
from regioagenda.regions.models import AuditAction, AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


@pytest.fixture
def told(monkeypatch):
    calls = []
    monkeypatch.setattr(services.community, "notify", lambda **kwargs: calls.append(kwargs) or 0)
    return calls


def create(team, actor=None, **kwargs):
    values = {"title": "Werkstatt im November", "body": "<p>Kommen Sie!</p>"}
    values.update(kwargs)
    return services.create_news(actor=actor or team.editor, agenda=team.agenda, **values)


def test_editor_publishes_and_followers_are_told_once(team, told):
    post = create(team, teaser="Vier Termine.", step="vision")
    assert post.is_published
    assert len(told) == 1
    assert told[0]["kind"] == NotificationKind.NEWS and told[0]["target"] == team.agenda
    assert told[0]["url"] == post.get_absolute_url()
    services.update_news(
        actor=team.coordinator,
        post=post,
        title="Werkstatt im Dezember",
        body="<p>Neu</p>",
        published_at=post.published_at,
    )
    assert len(told) == 1
    assert AuditEvent.objects.filter(action=AuditAction.NEWS_CREATED).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.NEWS_UPDATED).count() == 1


def test_scheduled_post_is_told_when_due(team, told):
    later = timezone.now() + datetime.timedelta(days=2)
    post = create(team, published_at=later)
    assert told == [] and not post.is_published
    assert services.announce_due_news() == 0
    NewsPost.objects.filter(pk=post.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert services.announce_due_news() == 1
    assert services.announce_due_news() == 0
    assert len(told) == 1


@pytest.mark.parametrize("who", ["moderator", "expert", "participant", "outsider"])
def test_only_coordination_and_editors_write(team, who, told):
    with pytest.raises(PermissionDenied):
        create(team, actor=getattr(team, who))
    assert not NewsPost.objects.exists() and told == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"body": "<p>  </p>"}, "body"),
        ({"body": "<script>alert(1)</script>"}, "body"),
        ({"body": "x" * 1_000_001}, "body"),
        ({"teaser": "x" * 301}, "teaser"),
        ({"step": "nirgendwo"}, "step"),
    ],
)
def test_bad_input_is_refused(team, kwargs, field, told):
    with pytest.raises(ValidationError) as raised:
        create(team, **kwargs)
    assert field in raised.value.message_dict
    assert not NewsPost.objects.exists() and told == []


def test_body_is_sanitised(team, told):
    post = create(
        team, body='<p onclick="x()">Hallo <a href="javascript:alert(1)">Link</a><img src=x></p>'
    )
    assert "onclick" not in post.body and "javascript" not in post.body and "<img" not in post.body


def test_double_submit_creates_once(client, team, told):
    from regioagenda.core import once

    client.force_login(team.editor)
    url = reverse("participation:news_create", args=[team.agenda.slug])
    token = once.new_token()
    data = {"title": "Einmal", "body": "<p>Text</p>", "once": token}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert NewsPost.objects.filter(title="Einmal").count() == 1
    assert second.url == NewsPost.objects.get().get_absolute_url()


def test_pages_and_tenancy(client, team, told):
    post = create(team)
    from tests.factories import AgendaFactory

    other = AgendaFactory(is_public=True)
    foreign = NewsPost.objects.create(agenda=other, title="Fremd", body="<p>f</p>")
    assert client.get(reverse("participation:news", args=[team.agenda.slug])).status_code == 200
    detail = client.get(post.get_absolute_url())
    assert detail.status_code == 200 and "Kommen Sie!" in detail.content.decode()
    # Another agenda's post under this agenda's address: 404.
    assert (
        client.get(
            reverse("participation:news_post", args=[team.agenda.slug, foreign.pk])
        ).status_code
        == 404
    )
    # The public sees no edit links and may not open the forms.
    assert (
        reverse("participation:news_edit", args=[team.agenda.slug, post.pk])
        not in detail.content.decode()
    )
    client.force_login(team.participant)
    assert (
        client.get(reverse("participation:news_create", args=[team.agenda.slug])).status_code == 403
    )
    assert (
        client.post(
            reverse("participation:news_delete", args=[team.agenda.slug, post.pk])
        ).status_code
        == 403
    )
    assert NewsPost.objects.filter(pk=post.pk).exists()


def test_scheduled_post_is_hidden_from_the_public(client, team, told):
    post = create(team, published_at=timezone.now() + datetime.timedelta(days=3))
    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(team.editor)
    assert client.get(post.get_absolute_url()).status_code == 200


def test_edit_and_delete_through_the_pages(client, team, told):
    post = create(team)
    client.force_login(team.coordinator)
    edit_url = reverse("participation:news_edit", args=[team.agenda.slug, post.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        {
            "title": "Geändert",
            "body": "<p>neu</p>",
            "published_on": timezone.localdate(post.published_at).isoformat(),
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Geändert"
    delete_url = reverse("participation:news_delete", args=[team.agenda.slug, post.pk])
    confirm = client.get(delete_url)
    assert confirm.status_code == 200 and "Geändert" in confirm.content.decode()
    assert NewsPost.objects.filter(pk=post.pk).exists()  # asking deletes nothing
    assert client.post(delete_url).status_code == 302
    assert not NewsPost.objects.filter(pk=post.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.NEWS_DELETED).exists()
