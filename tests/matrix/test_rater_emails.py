"""Invited raters are told by email with the link to the rating page: after the commit, when
the round is open (a draft round's raters when it is opened); a failing mail server or queue
never loses the invitation (issue 10)."""

import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks.backends.immediate import ImmediateBackend

from regioagenda.matrix.models import RaterInvitation
from regioagenda.matrix.services import rounds
from tests.matrix_factories import build_framework

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class DownQueue(ImmediateBackend):
    def enqueue(self, task, args, kwargs):
        raise ConnectionError("Die Warteschlange ist nicht erreichbar")


@pytest.fixture
def draft(team):
    return rounds.create_round(
        actor=team.coordinator,
        agenda=team.agenda,
        title="Erstbewertung 2026",
        version=build_framework(),
    )


def _rate_url(assessment_round):
    return f"https://regio.example/agenden/teamhausen/matrix/runden/{assessment_round.pk}/bewerten/"


def test_invitation_to_an_open_round_sends_the_link(
    team, draft, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://regio.example"
    rounds.open_round(actor=team.coordinator, assessment_round=draft)
    with django_capture_on_commit_callbacks(execute=True):
        rounds.invite_raters(
            actor=team.coordinator,
            assessment_round=draft,
            users=[team.expert, team.editor],
            perspective="Wissenschaft",
        )
    assert sorted(m.to[0] for m in mailoutbox) == sorted([team.expert.email, team.editor.email])
    message = mailoutbox[0]
    assert "Erstbewertung 2026" in message.subject
    assert _rate_url(draft) in message.body
    assert "Wissenschaft" in message.body
    assert RaterInvitation.objects.filter(round=draft, notified__isnull=True).count() == 0
    # Inviting again sends nothing new.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rounds.invite_raters(actor=team.coordinator, assessment_round=draft, users=[team.expert])
    assert mailoutbox == []


def test_no_mail_before_the_commit(team, draft, mailoutbox, django_capture_on_commit_callbacks):
    rounds.open_round(actor=team.coordinator, assessment_round=draft)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rounds.invite_raters(actor=team.coordinator, assessment_round=draft, users=[team.expert])
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_draft_round_raters_get_the_mail_when_it_opens(
    team, draft, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rounds.invite_raters(
            actor=team.coordinator, assessment_round=draft, users=[team.expert, team.participant]
        )
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        rounds.open_round(actor=team.coordinator, assessment_round=draft, site_url="http://x/")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [team.expert.email, team.participant.email]
    )
    assert f"/agenden/teamhausen/matrix/runden/{draft.pk}/bewerten/" in mailoutbox[0].body


def test_opening_through_the_page_sends_the_mail(
    team, draft, login, no_staff_mfa, mailoutbox, django_capture_on_commit_callbacks
):
    rounds.invite_raters(actor=team.coordinator, assessment_round=draft, users=[team.expert])
    client = login(team.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/agenden/teamhausen/matrix/runden/{draft.pk}/oeffnen/")
    assert response.status_code == 302
    assert [m.to[0] for m in mailoutbox] == [team.expert.email]
    assert f"http://testserver/agenden/teamhausen/matrix/runden/{draft.pk}/bewerten/" in (
        mailoutbox[0].body
    )


def test_a_failing_mail_server_keeps_the_invitation(
    team, draft, settings, mailoutbox, django_capture_on_commit_callbacks
):
    rounds.open_round(actor=team.coordinator, assessment_round=draft)
    settings.EMAIL_BACKEND = "tests.matrix.test_rater_emails.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        result = rounds.invite_raters(
            actor=team.coordinator, assessment_round=draft, users=[team.expert]
        )
    assert result.invited == [team.expert]
    invitation = RaterInvitation.objects.get(round=draft, user=team.expert)
    assert invitation.notified is None  # not told yet, still invited


def test_a_queue_that_is_down_keeps_the_invitation(
    team, draft, settings, mailoutbox, django_capture_on_commit_callbacks
):
    rounds.open_round(actor=team.coordinator, assessment_round=draft)
    settings.TASKS = {"default": {"BACKEND": "tests.matrix.test_rater_emails.DownQueue"}}
    with django_capture_on_commit_callbacks(execute=True):
        rounds.invite_raters(actor=team.coordinator, assessment_round=draft, users=[team.expert])
    assert RaterInvitation.objects.filter(round=draft, user=team.expert).exists()
    assert mailoutbox == []


def test_follow_up_round_tells_its_raters(
    team, draft, mailoutbox, django_capture_on_commit_callbacks
):
    rounds.invite_raters(actor=team.coordinator, assessment_round=draft, users=[team.expert])
    with django_capture_on_commit_callbacks(execute=True):
        rounds.open_round(actor=team.coordinator, assessment_round=draft)
    mailoutbox.clear()
    field = draft.version.fields.get(key="mobility")
    with django_capture_on_commit_callbacks(execute=True):
        second = rounds.start_follow_up_round(
            actor=team.coordinator, assessment_round=draft, fields=[field]
        )
    assert [m.to[0] for m in mailoutbox] == [team.expert.email]
    assert f"/runden/{second.pk}/bewerten/" in mailoutbox[0].body
