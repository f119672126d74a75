"""The status lifecycle with the official answer: moderation and coordination only, a reason
for a rejection, the author and followers told, the audit trail written; merged ideas stay."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regioagenda.participation.models import IdeaStatus
from regioagenda.participation.services import ideas as services
from regioagenda.regions.models import AuditEvent
from tests.participation_factories import IdeaFactory


@pytest.mark.django_db
def test_the_moderation_answers_and_the_author_is_told(
    ideas_setup, login, no_staff_mfa, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(agenda=ideas_setup.agenda, author=ideas_setup.participant)
    client = login(ideas_setup.moderator)
    url = reverse("participation:idea_answer", args=["teamhausen", idea.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"status": "accepted", "answer": "Wird Projekt P3."})

    idea.refresh_from_db()
    assert response.status_code == 302
    assert idea.status == IdeaStatus.ACCEPTED and idea.answer == "<p>Wird Projekt P3.</p>"
    assert idea.answered_by == ideas_setup.moderator and idea.answered_at is not None
    assert [m.to for m in mail.outbox] == [[ideas_setup.participant.email]]
    assert "übernommen" in mail.outbox[0].subject
    assert AuditEvent.objects.filter(action="participation.idea_answered").count() == 1
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Offizielle Antwort" in page and "Wird Projekt P3." in page
    # "übernommen" is not a dead end: it can go back into review (a later project link)
    services.answer_idea(actor=ideas_setup.moderator, idea=idea, status="review", answer="")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.REVIEW


@pytest.mark.django_db
def test_a_rejection_needs_a_reason(ideas_setup, login, no_staff_mfa):
    idea = IdeaFactory(agenda=ideas_setup.agenda)
    with pytest.raises(ValidationError, match="begründen"):
        services.answer_idea(actor=ideas_setup.moderator, idea=idea, status="rejected")
    client = login(ideas_setup.moderator)
    url = reverse("participation:idea_answer", args=["teamhausen", idea.pk])
    response = client.post(url, {"status": "rejected", "answer": " "})
    assert response.status_code == 400 and "begründen" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["participant", "editor", "expert", "outsider"])
def test_only_moderation_and_coordination_answer(ideas_setup, login, name, no_staff_mfa):
    idea = IdeaFactory(agenda=ideas_setup.agenda)
    person = getattr(ideas_setup.team, name)
    with pytest.raises(PermissionDenied):
        services.answer_idea(actor=person, idea=idea, status="review")
    url = reverse("participation:idea_answer", args=["teamhausen", idea.pk])
    assert login(person).post(url, {"status": "review"}).status_code == 403


@pytest.mark.django_db
def test_merged_ideas_and_unknown_statuses_are_refused(ideas_setup):
    merged = IdeaFactory(agenda=ideas_setup.agenda, status=IdeaStatus.MERGED)
    with pytest.raises(ValidationError, match="zusammengeführt"):
        services.answer_idea(actor=ideas_setup.moderator, idea=merged, status="review")
    with pytest.raises(ValidationError):
        services.answer_idea(actor=ideas_setup.moderator, idea=merged, status="merged")
    with pytest.raises(ValidationError):
        services.answer_idea(actor=ideas_setup.moderator, idea=merged, status="²")
