"""Comments on paragraphs: only while the draft is open, official answers by staff, verdicts,
tenancy and permissions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regioagenda.accounts.models import AgendaBlock
from regioagenda.core import permissions
from regioagenda.participation.models import Comment, CommentVerdict, DraftStatus
from regioagenda.participation.services.consultation import (
    add_version,
    comment_on_paragraph,
    set_verdict,
)
from tests.factories import AgendaFactory
from tests.participation_factories import participant
from tests.voting_factories import open_draft, paragraphs_of


def paragraph_url(draft, key):
    return reverse("participation:draft_paragraph", args=[draft.agenda.slug, draft.pk, key])


@pytest.fixture
def consult(team):
    draft = open_draft(team)
    return team, draft, paragraphs_of(draft), participant(team.agenda)


def test_a_participant_comments_through_the_page(consult, client):
    team, draft, (first, *_rest), user = consult
    client.force_login(user)
    response = client.post(
        paragraph_url(draft, first.key),
        {"action": "comment", "comment-body": "<p>Bitte <script>x</script>ergänzen.</p>"},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.body == "<p>Bitte ergänzen.</p>"
    assert comment.target == first and not comment.is_official
    page = client.get(reverse("participation:draft", args=[team.agenda.slug, draft.pk]))
    assert "1 Kommentar" in page.content.decode()


@pytest.mark.parametrize("status", [DraftStatus.PREPARATION, DraftStatus.CLOSED])
def test_no_comments_unless_open(consult, status):
    team, draft, (first, *_rest), user = consult
    draft.status = status
    draft.save()
    with pytest.raises(ValidationError):
        comment_on_paragraph(actor=user, paragraph=first, body="Zu spät")
    assert not Comment.objects.exists()


def test_no_comments_after_the_closing_date(consult):
    team, draft, (first, *_rest), user = consult
    draft.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    draft.save()
    with pytest.raises(ValidationError, match="nicht mehr"):
        comment_on_paragraph(actor=user, paragraph=first, body="Zu spät")


def test_no_comments_on_an_old_version(consult):
    team, draft, (first, *_rest), user = consult
    add_version(actor=team.coordinator, draft=draft, text="## Neu\n\nGanz anderer Text.")
    with pytest.raises(ValidationError, match="neuere Fassung"):
        comment_on_paragraph(actor=user, paragraph=first, body="Alt")


def test_a_blocked_person_cannot_comment(consult):
    team, draft, (first, *_rest), user = consult
    AgendaBlock.objects.create(user=user, agenda=team.agenda, reason="Spam")
    permissions.forget_blocks(user)
    with pytest.raises(PermissionDenied):
        comment_on_paragraph(actor=user, paragraph=first, body="Hallo")


def test_official_answers_only_by_staff_and_also_after_closing(consult, mailoutbox):
    team, draft, (first, *_rest), user = consult
    comment = comment_on_paragraph(actor=user, paragraph=first, body="Frage?")
    with pytest.raises(PermissionDenied):
        comment_on_paragraph(actor=user, paragraph=first, body="Offiziell", official=True)
    draft.status = DraftStatus.CLOSED
    draft.save()
    answer = comment_on_paragraph(
        actor=team.editor, paragraph=first, body="Wir prüfen das.", parent=comment, official=True
    )
    paragraph_answer = comment_on_paragraph(
        actor=team.moderator, paragraph=first, body="Zum ganzen Absatz.", official=True
    )
    assert answer.parent == comment and answer.is_official
    assert paragraph_answer.parent is None and paragraph_answer.is_official


def test_replies_must_belong_to_the_same_paragraph(consult):
    team, draft, (first, second, *_rest), user = consult
    comment = comment_on_paragraph(actor=user, paragraph=first, body="Hier")
    with pytest.raises(ValidationError, match="gibt es nicht"):
        comment_on_paragraph(actor=user, paragraph=second, body="Dort", parent=comment)


def test_verdicts_by_staff_only_on_comments(consult):
    team, draft, (first, *_rest), user = consult
    comment = comment_on_paragraph(actor=user, paragraph=first, body="Vorschlag")
    with pytest.raises(PermissionDenied):
        set_verdict(actor=user, comment=comment, status="adopted")
    set_verdict(actor=team.editor, comment=comment, status="adopted")
    set_verdict(actor=team.editor, comment=comment, status="partly")
    assert CommentVerdict.objects.get().status == "partly"
    with pytest.raises(ValidationError):
        set_verdict(actor=team.editor, comment=comment, status="maybe")
    set_verdict(actor=team.editor, comment=comment, status="")
    assert not CommentVerdict.objects.exists()


def test_another_agendas_draft_is_not_found(consult, client):
    team, draft, (first, *_rest), user = consult
    other = AgendaFactory(is_public=True)
    assert (
        client.get(reverse("participation:draft", args=[other.slug, draft.pk])).status_code == 404
    )
    assert client.get(paragraph_url(draft, "nichtda")).status_code == 404


def test_a_draft_in_preparation_is_only_for_the_team(consult, no_staff_mfa):
    team, draft, _paragraphs, _user = consult
    draft.status = DraftStatus.PREPARATION
    draft.save()
    url = reverse("participation:draft", args=[team.agenda.slug, draft.pk])
    assert Client().get(url).status_code == 404
    editor = Client()
    editor.force_login(team.editor)
    assert editor.get(url).status_code == 200


def test_only_the_coordinator_creates_drafts(team, client, no_staff_mfa):
    client.force_login(team.editor)
    url = reverse("participation:draft_create", args=[team.agenda.slug])
    assert client.post(url, {"title": "X", "text": "Text"}).status_code == 403
    client.force_login(team.coordinator)
    response = client.post(url, {"title": "Entwurf", "text": "## A\n\nText."})
    assert response.status_code == 302


def test_the_paragraph_page_refuses_a_foreign_parent(consult, client):
    team, draft, (first, *_rest), user = consult
    client.force_login(user)
    response = client.post(
        paragraph_url(draft, first.key), {"action": "comment", "comment-body": "x", "parent": "²"}
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_the_honeypot_refuses_a_bot_comment(consult, client):
    team, draft, (first, *_rest), user = consult
    client.force_login(user)
    response = client.post(
        paragraph_url(draft, first.key),
        {"action": "comment", "comment-body": "Kauf jetzt", "comment-homepage": "http://spam"},
    )
    assert response.status_code == 400
    assert "automatisch ausgefüllt" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "body",
    ["x" * 1_000_000, "<ul>" * 500 + "tief" + "</ul>" * 500, "<script>alert(1)</script>", "  "],
    ids=["one megabyte", "deeply nested", "only a script", "empty"],
)
def test_paragraph_comments_obey_the_comment_engines_text_rule(consult, body):
    team, draft, (first, *_rest), user = consult
    with pytest.raises(ValidationError) as refused:
        comment_on_paragraph(actor=user, paragraph=first, body=body)
    assert refused.value.message_dict["body"]
    assert not Comment.objects.filter(author=user).exists()
