"""Inviting raters one by one, each with a perspective, from the members and the actor
register; someone who is not a member yet is invited into the agenda and can rate once they
join (issue 10)."""

import re

import pytest
from django.urls import reverse

from regioagenda.accounts.models import Membership, Role
from regioagenda.actors.models import Invitation, Sector
from regioagenda.actors.services import invitations as agenda_invitations
from regioagenda.matrix.models import PendingRaterInvitation, RaterInvitation
from regioagenda.matrix.services import rounds
from tests.actor_factories import PersonFactory
from tests.factories import UserFactory
from tests.matrix_factories import build_framework

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


@pytest.fixture
def draft(team):
    return rounds.create_round(
        actor=team.coordinator,
        agenda=team.agenda,
        title="Erstbewertung 2026",
        version=build_framework(),
    )


@pytest.fixture
def anna(team):
    """A person of the actor register who is not a member of the agenda."""
    return PersonFactory(
        agenda=team.agenda, name="Anna Akteurin", email="anna@example.org", sector=Sector.SCIENCE
    )


def url(assessment_round):
    return reverse("matrix:round_detail", args=["teamhausen", assessment_round.pk])


def _token(mail):
    prefix = reverse("actors_site:invitation", args=["TOKEN"]).split("TOKEN")[0]
    return re.search(re.escape(prefix) + r"([\w-]+)/", mail.body).group(1)


def test_each_person_gets_their_own_perspective(team, draft):
    rounds.invite_people(
        actor=team.coordinator,
        assessment_round=draft,
        choices=[
            rounds.RaterChoice(user=team.expert, perspective="Wissenschaft"),
            rounds.RaterChoice(user=team.editor, perspective="Verwaltung"),
            # An address of a member's account invites that member.
            rounds.RaterChoice(email=team.participant.email.upper(), perspective="Bürgerschaft"),
        ],
    )
    assert set(draft.invitations.values_list("user_id", "perspective")) == {
        (team.expert.pk, "Wissenschaft"),
        (team.editor.pk, "Verwaltung"),
        (team.participant.pk, "Bürgerschaft"),
    }
    assert not PendingRaterInvitation.objects.exists()


def test_the_form_lists_members_and_register_people(team, draft, anna, login):
    PersonFactory(agenda=team.agenda, name="Ohne Adresse", email="")
    # A register person who is a member already is listed once, as a member.
    PersonFactory(agenda=team.agenda, name="Doppelt", email=team.expert.email)
    page = login(team.coordinator).get(url(draft)).content.decode()
    assert f'name="users" value="{team.expert.pk}"' in page
    assert f'name="perspective_u{team.expert.pk}"' in page
    assert "Anna Akteurin" in page and "anna@example.org" in page
    assert "Ohne Adresse" not in page
    assert "Doppelt" not in page


def test_a_register_person_is_invited_into_the_agenda_and_rates_after_joining(
    team, draft, anna, login, mailoutbox, django_capture_on_commit_callbacks
):
    rounds.open_round(actor=team.coordinator, assessment_round=draft)
    client = login(team.coordinator)
    page = client.get(url(draft)).content.decode()
    key = re.search(r'name="candidates" value="(\w+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(draft),
            {"candidates": [key], f"perspective_{key}": "Wissenschaft", f"email_{key}": anna.email},
            follow=True,
        )
    assert "noch kein Mitglied der Agenda" in response.content.decode()
    pending = PendingRaterInvitation.objects.get()
    assert (pending.email, pending.perspective, pending.name) == (
        "anna@example.org",
        "Wissenschaft",
        "Anna Akteurin",
    )
    invitation = Invitation.objects.get(email="anna@example.org")
    assert invitation.role == Role.EXPERT
    assert [m.to[0] for m in mailoutbox] == ["anna@example.org"]
    # Anna accepts the agenda invitation: the rating invitation becomes hers, and she is told.
    mailoutbox_before = len(mailoutbox)
    anna_user = UserFactory(email="anna@example.org", name="Anna Akteurin")
    with django_capture_on_commit_callbacks(execute=True):
        agenda_invitations.accept(actor=anna_user, token=_token(mailoutbox[0]))
    assert Membership.objects.filter(user=anna_user, agenda=team.agenda).exists()
    rater = RaterInvitation.objects.get(round=draft, user=anna_user)
    assert rater.perspective == "Wissenschaft"
    assert not PendingRaterInvitation.objects.exists()
    rating_mail = mailoutbox[mailoutbox_before:]
    assert [m.to[0] for m in rating_mail] == ["anna@example.org"]
    assert f"/runden/{draft.pk}/bewerten/" in rating_mail[0].body


def test_a_changed_address_is_warned_about_first(team, draft, anna, login):
    client = login(team.coordinator)
    page = client.get(url(draft)).content.decode()
    key = re.search(r'name="candidates" value="(\w+)"', page).group(1)
    data = {"candidates": [key], f"email_{key}": "anna.privat@example.org"}
    response = client.post(url(draft), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "ist die Adresse „anna@example.org“ hinterlegt" in page
    assert "anna.privat@example.org" in page
    assert "Ja, die geänderten Adressen stimmen" in page
    assert not PendingRaterInvitation.objects.exists()
    response = client.post(url(draft), {**data, "emails_confirmed": "on"})
    assert response.status_code == 302
    assert PendingRaterInvitation.objects.get().email == "anna.privat@example.org"
    assert Invitation.objects.filter(email="anna.privat@example.org").exists()


def test_pending_invitations_wait_for_a_draft_round_and_skip_closed_ones(
    team, draft, mailoutbox, django_capture_on_commit_callbacks
):
    rounds.invite_people(
        actor=team.coordinator,
        assessment_round=draft,
        choices=[rounds.RaterChoice(email="neu@example.org", name="Neu")],
    )
    newcomer = UserFactory(email="neu@example.org")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.create(user=newcomer, agenda=team.agenda, role=Role.EXPERT)
    assert RaterInvitation.objects.filter(round=draft, user=newcomer).exists()
    assert mailoutbox == []  # the round is a draft: the email comes when it opens
    with django_capture_on_commit_callbacks(execute=True):
        rounds.open_round(actor=team.coordinator, assessment_round=draft)
    assert [m.to[0] for m in mailoutbox] == ["neu@example.org"]


def test_a_bad_address_is_refused(team, draft):
    with pytest.raises(Exception) as refused:
        rounds.invite_people(
            actor=team.coordinator,
            assessment_round=draft,
            choices=[rounds.RaterChoice(email="keine-adresse", name="X")],
        )
    assert "keine gültige E-Mail-Adresse" in str(refused.value)
    assert not PendingRaterInvitation.objects.exists()
