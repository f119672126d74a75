"""Sending invitations: the email with its link, only the token's hash in the database, the role
of the body's kind, refusals (bad address, second open invitation, coordinator role, no right)
that change nothing, resending with a new token and revoking."""

import datetime
import hashlib
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from regioagenda.actors.models import BodyKind, Invitation
from regioagenda.actors.services import invitations as services
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import BodyFactory, PersonFactory
from tests.factories import AgendaFactory

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"actors:{name}", args=["teamhausen", *args])


def _token(message):
    return re.search(r"/einladung/([A-Za-z0-9_-]+)/", message.body).group(1)


@pytest.fixture
def forum(actors_setup):
    return BodyFactory(agenda=actors_setup.agenda, kind=BodyKind.EXPERT_FORUM, name="Expertenforum")


def test_invite_from_the_body_page_sends_a_mail(
    actors_setup, login, forum, django_capture_on_commit_callbacks
):
    client = login(actors_setup.coordinator)
    # The form on the body page proposes the role of the body's kind.
    response = client.get(_url("body", forum.pk))
    assert response.context["invite_form"].fields["role"].initial == "expert"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("body_invite", forum.pk),
            {
                "invite-email": "Eva.Expertin@example.org",
                "invite-role": "",
                "invite-message": "Wir brauchen Sie!",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.agenda == actors_setup.agenda and invitation.body == forum
    assert invitation.role == "expert"  # BODY_KIND_ROLE of the expert forum
    assert invitation.created_by == actors_setup.coordinator
    assert invitation.expires - timezone.now() > datetime.timedelta(days=13, hours=23)
    assert invitation.expires - timezone.now() <= datetime.timedelta(days=14)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Eva.Expertin@example.org"]
    assert "Digitale Agenda Teamhausen" in message.subject
    assert "Expertenforum" in message.body and "Wir brauchen Sie!" in message.body
    token = _token(message)
    assert f"http://testserver/einladung/{token}/" in message.body
    # Only the hash is stored.
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
    assert AuditEvent.objects.filter(action="actors.invitation_sent").exists()


def test_base_url_setting_wins(actors_setup, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://agenda.example.de"
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            actor=actors_setup.coordinator,
            agenda=actors_setup.agenda,
            email="a@example.org",
            base_url="http://proxy-internal:8000/",
        )
    assert "https://agenda.example.de/einladung/" in mail.outbox[0].body
    assert "proxy-internal" not in mail.outbox[0].body


def test_invitations_page_lists_by_state(actors_setup, login, django_capture_on_commit_callbacks):
    client = login(actors_setup.coordinator)
    agenda = actors_setup.agenda
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("invitations"), {"email": "neu@example.org", "role": "editor"})
    assert response.status_code == 302
    accepted = services.invite(
        actor=actors_setup.coordinator, agenda=agenda, email="ja@example.org"
    )
    Invitation.objects.filter(pk=accepted.pk).update(accepted=timezone.now())
    expired = services.invite(
        actor=actors_setup.coordinator, agenda=agenda, email="alt@example.org"
    )
    Invitation.objects.filter(pk=expired.pk).update(
        expires=timezone.now() - datetime.timedelta(days=1)
    )
    revoked = services.invite(
        actor=actors_setup.coordinator, agenda=agenda, email="nein@example.org"
    )
    services.revoke(actor=actors_setup.coordinator, invitation=revoked)
    response = client.get(_url("invitations"))
    groups = {g["key"]: [i.email for i in g["invitations"]] for g in response.context["groups"]}
    assert groups == {
        "pending": ["neu@example.org"],
        "accepted": ["ja@example.org"],
        "expired": ["alt@example.org"],
        "revoked": ["nein@example.org"],
    }
    assert Invitation.objects.get(email="neu@example.org").role == "editor"


@pytest.mark.parametrize("email", ["keine-adresse", "a@b", "", "x@@example.org"])
def test_invalid_email_is_refused(actors_setup, login, forum, email):
    client = login(actors_setup.coordinator)
    response = client.post(_url("body_invite", forum.pk), {"invite-email": email})
    assert response.status_code == 400
    assert "email" in response.context["invite_form"].errors
    assert not Invitation.objects.exists()
    assert not mail.outbox
    with pytest.raises(ValidationError) as info:
        services.invite(actor=actors_setup.coordinator, agenda=actors_setup.agenda, email=email)
    assert "email" in info.value.error_dict
    assert not Invitation.objects.exists()


def test_second_pending_invitation_is_refused(
    actors_setup, login, forum, django_capture_on_commit_callbacks
):
    client = login(actors_setup.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("invitations"), {"email": "doppelt@example.org"})
        response = client.post(
            _url("body_invite", forum.pk), {"invite-email": "DOPPELT@example.org"}
        )
    assert response.status_code == 400
    assert "schon eine offene Einladung" in " ".join(
        response.context["invite_form"].errors["email"]
    )
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1
    # Another agenda may invite the same address.
    other = AgendaFactory(programme=actors_setup.programme)
    services.invite(actor=actors_setup.programme_admin, agenda=other, email="doppelt@example.org")
    assert Invitation.objects.count() == 2


def test_after_expiry_a_new_invitation_is_allowed(actors_setup):
    first = services.invite(
        actor=actors_setup.coordinator, agenda=actors_setup.agenda, email="e@example.org"
    )
    Invitation.objects.filter(pk=first.pk).update(expires=timezone.now())
    services.invite(
        actor=actors_setup.coordinator, agenda=actors_setup.agenda, email="e@example.org"
    )
    assert Invitation.objects.count() == 2


def test_coordinator_role_is_not_given_by_invitation(actors_setup, login, forum):
    client = login(actors_setup.coordinator)
    response = client.post(
        _url("body_invite", forum.pk),
        {"invite-email": "k@example.org", "invite-role": "coordinator"},
    )
    assert response.status_code == 400
    assert "nicht per Einladung" in " ".join(response.context["invite_form"].errors["role"])
    with pytest.raises(ValidationError) as info:
        services.invite(
            actor=actors_setup.coordinator,
            agenda=actors_setup.agenda,
            email="k@example.org",
            role="coordinator",
        )
    assert "Koordination" in info.value.error_dict["role"][0].message
    with pytest.raises(ValidationError):
        services.invite(
            actor=actors_setup.coordinator,
            agenda=actors_setup.agenda,
            email="k@example.org",
            role="king",
        )
    assert not Invitation.objects.exists()


def test_person_of_another_agenda_is_refused(actors_setup, login, forum):
    stranger = PersonFactory(agenda=AgendaFactory())
    client = login(actors_setup.coordinator)
    response = client.post(
        _url("body_invite", forum.pk),
        {"invite-email": "p@example.org", "invite-person": stranger.pk},
    )
    assert response.status_code == 400
    assert "gehört nicht zu dieser Agenda" in " ".join(
        response.context["invite_form"].errors["person"]
    )
    with pytest.raises(ValidationError):
        services.invite(
            actor=actors_setup.coordinator,
            agenda=actors_setup.agenda,
            email="p@example.org",
            person=stranger,
        )
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["moderator", "editor", "expert", "participant", "outsider"])
def test_non_coordinators_cannot_invite(
    actors_setup, login, forum, role, django_capture_on_commit_callbacks
):
    client = login(getattr(actors_setup, role))
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(
                _url("body_invite", forum.pk), {"invite-email": "x@example.org"}
            ).status_code
            == 403
        )
        assert client.post(_url("invitations"), {"email": "x@example.org"}).status_code == 403
        assert client.get(_url("invitations")).status_code == 403
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_anonymous_is_sent_to_login(actors_setup, client, forum):
    response = client.post(_url("body_invite", forum.pk), {"invite-email": "x@example.org"})
    assert response.status_code == 302 and "/konto/" in response["Location"]
    assert not Invitation.objects.exists()


def test_resend_gives_a_new_token(actors_setup, login, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(
            actor=actors_setup.coordinator, agenda=actors_setup.agenda, email="r@example.org"
        )
    old_token = _token(mail.outbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires=timezone.now() - datetime.timedelta(hours=1)
    )
    coordinator = login(actors_setup.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(_url("invitation_resend", invitation.pk))
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    new_token = _token(mail.outbox[1])
    assert new_token != old_token
    invitation.refresh_from_db()
    assert invitation.expires > timezone.now() + datetime.timedelta(days=13)
    coordinator.logout()
    assert client.get(reverse("actors_site:invitation", args=[old_token])).status_code == 404
    assert client.get(reverse("actors_site:invitation", args=[new_token])).status_code == 200


def test_revoke(actors_setup, login, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(
            actor=actors_setup.coordinator, agenda=actors_setup.agenda, email="w@example.org"
        )
    token = _token(mail.outbox[0])
    coordinator = login(actors_setup.coordinator)
    assert coordinator.post(_url("invitation_revoke", invitation.pk)).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked is not None
    # Revoking or resending a revoked invitation says why and changes nothing.
    response = coordinator.post(_url("invitation_resend", invitation.pk), follow=True)
    assert "zurückgezogen" in response.content.decode()
    assert len(mail.outbox) == 1
    coordinator.logout()
    response = client.get(reverse("actors_site:invitation", args=[token]))
    assert response.status_code == 410
    assert "zurückgezogen" in response.content.decode()
