"""The one notification service: who is told (recipients ∪ followers, minus the actor and who
chose "never"), immediate emails after the commit with RFC 8058 one-click unsubscribe, the daily
digest (one email per person, sent once), settings per kind."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from regioagenda.community import emails, services
from regioagenda.community.models import (
    Delivery,
    Follow,
    Notification,
    NotificationKind,
    NotificationSetting,
)
from regioagenda.participation.models import Idea
from tests.factories import UserFactory
from tests.participation_factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(team):
    return IdeaFactory(agenda=team.agenda, author=team.participant, title="Rufbus am Abend")


def tell(team, idea, *, actor=None, recipients=(), kind=NotificationKind.COMMENT, **extra):
    return services.notify(
        actor=actor,
        agenda=team.agenda,
        kind=kind,
        subject="Neuer Kommentar zu „Rufbus am Abend“",
        text="Jemand hat kommentiert.",
        url=reverse("regions:agenda_home", args=[team.agenda.slug]),
        target=idea,
        recipients=recipients,
        **extra,
    )


def test_followers_and_recipients_once_each_never_the_actor(
    team, idea, mailoutbox, django_capture_on_commit_callbacks
):
    services.follow(actor=team.expert, target=idea)
    services.follow(actor=team.editor, target=idea)
    services.follow(actor=team.participant, target=idea)
    with django_capture_on_commit_callbacks(execute=True):
        told = tell(team, idea, actor=team.editor, recipients=[team.participant, team.editor])
    assert told == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [team.expert.email, team.participant.email]
    )
    assert Notification.objects.filter(sent_at__isnull=False).count() == 2


def test_nothing_is_mailed_before_the_commit(team, idea, mailoutbox):
    services.follow(actor=team.expert, target=idea)
    assert tell(team, idea) == 1
    assert mailoutbox == []
    assert Notification.objects.get().sent_at is None


def test_never_is_respected_per_kind_and_as_default(
    team, idea, mailoutbox, django_capture_on_commit_callbacks
):
    for user in (team.expert, team.editor, team.participant):
        services.follow(actor=user, target=idea)
    services.set_delivery(actor=team.expert, kind=NotificationKind.COMMENT, delivery="never")
    services.set_delivery(actor=team.editor, kind="", delivery="never")
    # A kind of its own beats the default: the participant hears about comments only.
    services.set_delivery(actor=team.participant, kind="", delivery="never")
    services.set_delivery(
        actor=team.participant, kind=NotificationKind.COMMENT, delivery="immediate"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tell(team, idea) == 1
        assert tell(team, idea, kind=NotificationKind.STATUS) == 1  # the expert: only comments off
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [team.participant.email, team.expert.email]
    )


def test_inactive_accounts_are_not_told(team, idea, django_capture_on_commit_callbacks):
    services.follow(actor=team.expert, target=idea)
    team.expert.is_active = False
    team.expert.save()
    assert tell(team, idea) == 0


def test_agenda_followers_hear_of_news_and_step_starts_only(
    team, idea, django_capture_on_commit_callbacks
):
    services.follow(actor=team.outsider, target=team.agenda)
    assert tell(team, idea) == 0
    assert tell(team, idea, kind=NotificationKind.NEWS) == 1
    assert tell(team, None, kind=NotificationKind.STEP_STARTED) == 1


def test_every_email_has_the_rfc_8058_headers(
    team, idea, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://agenda.example.org"
    services.follow(actor=team.expert, target=idea)
    with django_capture_on_commit_callbacks(execute=True):
        tell(team, idea)
    message = mailoutbox[0]
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith("<https://agenda.example.org/benachrichtigungen/abmelden/")
    assert link.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link[1:-1] in message.body
    assert "https://agenda.example.org/agenden/teamhausen/" in message.body
    assert message.subject == "[Regio Agenda] Neuer Kommentar zu „Rufbus am Abend“"


def test_one_click_post_unsubscribes_without_login_or_csrf(
    team, idea, mailoutbox, django_capture_on_commit_callbacks
):
    services.follow(actor=team.expert, target=idea)
    with django_capture_on_commit_callbacks(execute=True):
        tell(team, idea)
    url = mailoutbox[0].extra_headers["List-Unsubscribe"][1:-1].replace("http://localhost:8000", "")
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url)  # a GET only asks
    assert page.status_code == 200 and "Jetzt abbestellen" in page.content.decode()
    assert not NotificationSetting.objects.filter(user=team.expert).exists()
    response = browser.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationSetting.objects.get(user=team.expert, kind="comment").delivery == "never"
    assert browser.post(url).status_code == 200  # a second click is fine
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tell(team, idea) == 0
        assert tell(team, idea, kind=NotificationKind.STATUS) == 1  # only that kind stopped


@pytest.mark.parametrize("change", ["payload", "signature", "garbage"])
def test_tampered_tokens_are_refused(team, change):
    token = emails.notification_token(team.expert.pk, "comment")
    value, signature = token.rsplit(":", 1)
    forged = {
        "payload": emails.notification_token(team.editor.pk, "comment").rsplit(":", 1)[0]
        + ":"
        + signature,
        "signature": f"{value}:{'A' * len(signature)}",
        "garbage": "nichts",
    }[change]
    browser = Client(enforce_csrf_checks=True)
    url = reverse("community:unsubscribe", args=[forged])
    assert browser.get(url).status_code == 400
    assert browser.post(url).status_code == 400
    assert not NotificationSetting.objects.exists()


def test_digest_collects_and_sends_once(team, idea, mailoutbox, django_capture_on_commit_callbacks):
    services.follow(actor=team.expert, target=idea)
    services.set_delivery(actor=team.expert, kind="", delivery=Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        tell(team, idea)
        tell(team, idea, kind=NotificationKind.STATUS)
    assert mailoutbox == []  # nothing right away
    assert services.send_digests() == 1
    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert digest.to == [team.expert.email]
    assert "2 Neuigkeiten" in digest.subject
    assert digest.body.count("Neuer Kommentar zu „Rufbus am Abend“") == 2
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert services.send_digests() == 0
    assert len(mailoutbox) == 1
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_digest_command(team, idea, mailoutbox):
    from django.core.management import call_command

    services.follow(actor=team.expert, target=idea)
    services.set_delivery(actor=team.expert, kind="", delivery=Delivery.DIGEST)
    tell(team, idea)
    call_command("send_digests")
    assert len(mailoutbox) == 1


def test_unsubscribe_all_from_a_digest_stops_everything(
    team, idea, mailoutbox, django_capture_on_commit_callbacks
):
    services.follow(actor=team.expert, target=idea)
    services.set_delivery(actor=team.expert, kind="", delivery=Delivery.DIGEST)
    services.set_delivery(actor=team.expert, kind="status", delivery=Delivery.IMMEDIATE)
    tell(team, idea)
    services.send_digests()
    url = mailoutbox[0].extra_headers["List-Unsubscribe"][1:-1].replace("http://localhost:8000", "")
    assert Client(enforce_csrf_checks=True).post(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert tell(team, idea, kind=NotificationKind.STATUS) == 0


def test_failed_immediate_mail_goes_into_the_digest(
    team, idea, settings, mailoutbox, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    services.follow(actor=team.expert, target=idea)
    settings.EMAIL_BACKEND = "tests.actors.test_forum_notifications.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        tell(team, idea)
    assert Notification.objects.get().sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + datetime.timedelta(hours=2)
    assert services.send_digests(now=later) == 1
    assert len(mail.outbox) == 1


def test_follow_twice_is_one_follow(team, idea, login):
    services.follow(actor=team.expert, target=idea)
    services.follow(actor=team.expert, target=idea)
    client = login(team.expert)
    url = reverse("community:follow", args=["idea", idea.pk])
    assert client.post(url, {"action": "follow"}).status_code == 302
    assert client.post(url, {"action": "follow"}, HTTP_HX_REQUEST="true").status_code == 200
    assert Follow.objects.filter(user=team.expert).count() == 1
    page = client.post(url, {"action": "unfollow"}, HTTP_HX_REQUEST="true")
    assert 'value="follow"' in page.content.decode()
    assert not Follow.objects.exists()


def test_following_what_one_may_not_see_is_refused(team, login):
    from tests.actor_factories import ThreadFactory

    thread = ThreadFactory(agenda=team.agenda, author=team.expert)
    client = login(team.participant)  # not in the expert forum
    response = client.post(reverse("community:follow", args=["forum_thread", thread.pk]))
    assert response.status_code == 404
    assert client.post(reverse("community:follow", args=["nothing", 1])).status_code == 404
    assert client.post(reverse("community:follow", args=["idea", 999999])).status_code == 404
    assert not Follow.objects.exists()


def test_settings_page_saves_choices(team, login):
    client = login(team.participant)
    url = reverse("community:settings")
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"default": "digest", "kind_news": "never", "kind_status": ""})
    assert response.status_code == 302
    assert services.deliveries([team.participant.pk], "news") == {team.participant.pk: "never"}
    assert services.deliveries([team.participant.pk], "status") == {team.participant.pk: "digest"}
    assert client.post(url, {"default": "²"}).status_code == 200  # refused, shown again
    assert services.deliveries([team.participant.pk], "status") == {team.participant.pk: "digest"}


def test_settings_need_login(client):
    assert client.get(reverse("community:settings")).status_code == 302


def test_unknown_kind_is_refused(team):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValueError):
        services.notify(actor=None, agenda=team.agenda, kind="bogus", subject="x", text="x", url="")
    with pytest.raises(ValidationError):
        services.set_delivery(actor=team.expert, kind="bogus", delivery="never")
    assert Idea.objects.count() == 0 and UserFactory is not None


def test_an_empty_choice_lets_a_kind_follow_the_default_again(team):
    from django.core.exceptions import ValidationError

    from regioagenda.community.models import NotificationSetting

    services.set_delivery(actor=team.expert, kind=NotificationKind.COMMENT, delivery="never")
    services.set_delivery(actor=team.expert, kind=NotificationKind.COMMENT, delivery="")

    assert not NotificationSetting.objects.filter(user=team.expert).exists()
    with pytest.raises(ValidationError):
        services.set_delivery(actor=team.expert, kind="", delivery="")
