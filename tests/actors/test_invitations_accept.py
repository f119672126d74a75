"""Accepting an invitation: what anonymous visitors see, the role, person and body membership a
logged-in user gets in one step, and clear pages (never a 500) for unusable links."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from regioagenda.accounts.models import Membership, Role
from regioagenda.actors.models import BodyKind, BodyMember, BodyRole, Invitation, Person
from regioagenda.actors.services import invitations as services
from regioagenda.core import permissions
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import BodyFactory, BodyMemberFactory, PersonFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invite(actors_setup, django_capture_on_commit_callbacks):
    """``invite(**kwargs)`` sends an invitation of the team agenda; returns (invitation, token)."""

    def send(**kwargs):
        kwargs.setdefault("email", "eva@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invite(
                actor=actors_setup.coordinator,
                agenda=actors_setup.agenda,
                base_url="http://testserver/",
                **kwargs,
            )
        token = re.search(r"/einladung/([A-Za-z0-9_-]+)/", mail.outbox[-1].body).group(1)
        return invitation, token

    return send


@pytest.fixture
def forum(actors_setup):
    return BodyFactory(agenda=actors_setup.agenda, kind=BodyKind.EXPERT_FORUM, name="Expertenforum")


def _url(token):
    return reverse("actors_site:invitation", args=[token])


def test_anonymous_sees_agenda_role_and_login_links(invite, forum, client):
    _invitation, token = invite(body=forum, message="Kommen Sie dazu!")
    response = client.get(_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Digitale Agenda Teamhausen" in html
    assert "Expertenforum" in html and "Kommen Sie dazu!" in html
    next_param = f"?next={_url(token)}"
    assert reverse("account_login") + next_param in html
    assert reverse("account_signup") + next_param in html
    assert "eva@example.org" not in html


def test_anonymous_post_goes_to_login(invite, client):
    invitation, token = invite()
    response = client.post(_url(token))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    invitation.refresh_from_db()
    assert invitation.accepted is None


def test_accepting_an_expert_forum_invitation_opens_the_forum(actors_setup, invite, forum, login):
    invitation, token = invite(body=forum)
    user = UserFactory(email="eva@example.org", name="Eva Expertin")
    assert not permissions.can_enter_expert_forum(user, actors_setup.agenda)
    client = login(user)
    assert client.get(_url(token)).status_code == 200
    response = client.post(_url(token))
    assert response.status_code == 302
    assert response["Location"] == actors_setup.agenda.get_absolute_url()
    assert (
        Membership.objects.filter(user=user, agenda=actors_setup.agenda, role=Role.EXPERT).count()
        == 1
    )
    permissions.forget_roles(user)
    assert permissions.can_enter_expert_forum(user, actors_setup.agenda)
    person = Person.objects.get(agenda=actors_setup.agenda, user=user)
    assert (person.name, person.email, person.visibility) == (
        "Eva Expertin",
        "eva@example.org",
        "internal",
    )
    member = BodyMember.objects.get(body=forum)
    assert (member.person, member.role, member.start, member.end) == (
        person,
        BodyRole.MEMBER,
        timezone.localdate(),
        None,
    )
    invitation.refresh_from_db()
    assert invitation.accepted is not None and invitation.accepted_by == user
    assert AuditEvent.objects.filter(action="actors.invitation_accepted", actor=user).exists()
    # The link works once.
    response = client.post(_url(token))
    assert response.status_code == 410
    assert "bereits angenommen" in response.content.decode()
    assert BodyMember.objects.count() == 1


def test_service_forgets_cached_roles(actors_setup, invite):
    _invitation, token = invite(role=Role.EXPERT)
    user = UserFactory()
    assert not permissions.can_enter_expert_forum(user, actors_setup.agenda)  # caches roles
    services.accept(actor=user, token=token)
    assert permissions.can_enter_expert_forum(user, actors_setup.agenda)


def test_invited_person_is_linked(actors_setup, invite, login):
    person = PersonFactory(agenda=actors_setup.agenda, name="Karl Kartei", email="karl@firma.de")
    invitation, token = invite(email="karl@firma.de", person=person)
    user = UserFactory(email="karl.privat@example.org")  # any account may accept the link
    login(user).post(_url(token))
    person.refresh_from_db()
    assert person.user == user
    assert Person.objects.filter(agenda=actors_setup.agenda).count() == 1


def test_person_with_the_invited_address_is_linked(actors_setup, invite, login):
    person = PersonFactory(agenda=actors_setup.agenda, email="Lisa@Example.org")
    _invitation, token = invite(email="lisa@example.org")
    user = UserFactory(email="lisa@example.org")
    login(user).post(_url(token))
    person.refresh_from_db()
    assert person.user == user
    assert Person.objects.filter(agenda=actors_setup.agenda).count() == 1


def test_existing_role_is_not_duplicated(actors_setup, invite, forum, login):
    expert = actors_setup.expert
    person = PersonFactory(agenda=actors_setup.agenda, user=expert, email=expert.email)
    BodyMemberFactory(body=forum, person=person, start=datetime.date(2024, 1, 1))
    _invitation, token = invite(email=expert.email, body=forum)
    response = login(expert).post(_url(token))
    assert response.status_code == 302
    assert (
        Membership.objects.filter(user=expert, agenda=actors_setup.agenda, role=Role.EXPERT).count()
        == 1
    )
    assert BodyMember.objects.filter(body=forum, person=person).count() == 1  # still a member


@pytest.mark.parametrize("token", ["garbage", "x" * 500, "%C3%A4", "a.b", "-_-"])
def test_unknown_token_is_404(client, actors_setup, token):
    response = client.get(f"/einladung/{token}/")
    assert response.status_code == 404
    assert "kennen wir nicht" in response.content.decode()


def test_unknown_token_post_is_404_for_users(login, actors_setup):
    response = login(actors_setup.outsider).post(_url("unbekannt"))
    assert response.status_code == 404
    assert not Membership.objects.filter(user=actors_setup.outsider).exists()


def test_expired_token_is_410(actors_setup, invite, login):
    invitation, token = invite()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires=timezone.now() - datetime.timedelta(minutes=1)
    )
    client = login(actors_setup.outsider)
    for method in (client.get, client.post):
        response = method(_url(token))
        assert response.status_code == 410
        assert "abgelaufen" in response.content.decode()
    assert not Membership.objects.filter(user=actors_setup.outsider).exists()
    assert not Person.objects.filter(user=actors_setup.outsider).exists()


def test_revoked_token_is_410(actors_setup, invite, login):
    invitation, token = invite()
    services.revoke(actor=actors_setup.coordinator, invitation=invitation)
    response = login(actors_setup.outsider).post(_url(token))
    assert response.status_code == 410
    assert "zurückgezogen" in response.content.decode()
    assert not Membership.objects.filter(user=actors_setup.outsider).exists()


def test_used_token_is_410_for_someone_else(actors_setup, invite, login, client):
    _invitation, token = invite()
    first = UserFactory()
    services.accept(actor=first, token=token)
    response = login(actors_setup.outsider).get(_url(token))
    assert response.status_code == 410
    assert "bereits angenommen" in response.content.decode()
    assert not Membership.objects.filter(user=actors_setup.outsider).exists()


def test_private_agenda_invitation_can_be_accepted(actors_setup, invite, login):
    agenda = actors_setup.agenda
    agenda.is_public = False
    agenda.save()
    _invitation, token = invite(role=Role.PARTICIPANT)
    user = UserFactory()
    client = login(user)
    assert client.get(_url(token)).status_code == 200
    assert client.get(agenda.get_absolute_url()).status_code == 403  # not yet a member
    response = client.post(_url(token))
    assert response.status_code == 302
    assert Membership.objects.get(user=user, agenda=agenda).role == Role.PARTICIPANT
    assert client.get(agenda.get_absolute_url()).status_code == 200


def test_signup_with_allauth_then_accept(actors_setup, invite, client, settings):
    """The whole path of a new person: the link, registration with ?next=, accept."""
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    _invitation, token = invite(email="neu@example.org", role=Role.EXPERT)
    signup = f"{reverse('account_signup')}?next={_url(token)}"
    response = client.post(
        signup,
        {
            "email": "neu@example.org",
            "password1": "ein sehr langes Passwort 42",
            "password2": "ein sehr langes Passwort 42",
            "next": _url(token),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == _url(token)
    response = client.post(_url(token))
    assert response.status_code == 302
    assert Membership.objects.filter(
        user__email="neu@example.org", agenda=actors_setup.agenda, role=Role.EXPERT
    ).exists()


def test_signup_with_mandatory_email_confirmation_comes_back_to_the_invitation(
    actors_setup, invite, client, settings
):
    """With verification on (the default), the confirmation link logs the person in and brings
    them back to the invitation they came from."""
    import re

    from django.core import mail

    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    _invitation, token = invite(email="neu@example.org", role=Role.EXPERT)
    mail.outbox.clear()
    client.post(
        f"{reverse('account_signup')}?next={_url(token)}",
        {
            "email": "neu@example.org",
            "password1": "ein sehr langes Passwort 42",
            "password2": "ein sehr langes Passwort 42",
            "next": _url(token),
        },
    )
    link = re.search(r"https?://[^\s]+/konto/[^\s]+", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert not EmailAddress.objects.get(email="neu@example.org").verified
    confirmed = client.post("/" + path)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == _url(token)
    address = EmailAddress.objects.get(email="neu@example.org")
    assert address.verified
    assert client.session[SESSION_KEY] == str(address.user_id)
