"""The agenda is the tenant: the coordinator of one agenda can neither read nor change another."""

import pytest
from django.urls import reverse

from regioagenda.accounts.models import Membership, Role
from regioagenda.regions.models import Agenda, AgendaStep, AuditEvent, StepState
from tests.factories import AgendaFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


@pytest.fixture
def agenda_b(team):
    """Another agenda of the same programme, private, with its own coordinator and expert."""
    agenda = AgendaFactory(
        programme=team.programme,
        title="Digitale Agenda Nachbarort",
        slug="nachbarort",
        is_public=False,
        summary="Interne Planung des Nachbarorts.",
    )
    AgendaStep.objects.create(agenda=agenda, key="kickoff", state=StepState.CURRENT)
    MembershipFactory(agenda=agenda, role=Role.COORDINATOR, user=UserFactory(name="Bea B"))
    MembershipFactory(agenda=agenda, role=Role.EXPERT, user=UserFactory(email="fach@b.example"))
    return agenda


@pytest.fixture
def intruder(login, team):
    """The coordinator of agenda A, logged in."""
    return login(team.coordinator)


def snapshot(agenda):
    agenda = Agenda.objects.get(pk=agenda.pk)
    return {
        "agenda": (agenda.title, agenda.is_public, agenda.horizon_year, agenda.current_step),
        "steps": sorted(agenda.steps.values_list("key", "state", "note")),
        "members": sorted(agenda.memberships.values_list("user_id", "role")),
        "audit": agenda.audit_events.count(),
    }


def test_private_agenda_b_cannot_be_viewed(intruder, agenda_b):
    response = intruder.get(agenda_b.get_absolute_url())

    assert response.status_code == 403
    page = response.content.decode()
    assert "ist nicht öffentlich" in page
    assert "Interne Planung des Nachbarorts." not in page


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_settings_of_b_are_closed(intruder, agenda_b, public):
    Agenda.objects.filter(pk=agenda_b.pk).update(is_public=public)
    before = snapshot(agenda_b)
    url = reverse("regions:agenda_settings", args=[agenda_b.slug])

    get = intruder.get(url)
    post = intruder.post(
        url,
        {"title": "Übernommen", "summary": "", "horizon_year": 2040, "status": "active"},
    )

    assert get.status_code == 403
    assert post.status_code == 403
    assert 'name="title"' not in get.content.decode()
    assert snapshot(agenda_b) == before


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_steps_of_b_are_closed(intruder, agenda_b, public):
    Agenda.objects.filter(pk=agenda_b.pk).update(is_public=public)
    before = snapshot(agenda_b)
    url = reverse("regions:agenda_step", args=[agenda_b.slug, "vision"])

    get = intruder.get(url)
    post = intruder.post(url, {"state": "current", "note": "fremd"})

    assert get.status_code == 403
    assert post.status_code == 403
    assert snapshot(agenda_b) == before


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_members_of_b_are_closed(intruder, agenda_b, public, team):
    Agenda.objects.filter(pk=agenda_b.pk).update(is_public=public)
    before = snapshot(agenda_b)
    url = reverse("regions:agenda_members", args=[agenda_b.slug])

    get = intruder.get(url)
    post = intruder.post(url, {"email": team.coordinator.email, "role": "coordinator"})

    assert get.status_code == 403
    assert "fach@b.example" not in get.content.decode()
    assert post.status_code == 403
    assert snapshot(agenda_b) == before
    assert not Membership.objects.filter(user=team.coordinator, agenda=agenda_b).exists()


def test_removing_a_member_of_b_is_closed(intruder, agenda_b):
    before = snapshot(agenda_b)
    expert = agenda_b.memberships.get(role=Role.EXPERT)

    response = intruder.post(
        reverse("regions:agenda_member_remove", args=[agenda_b.slug, expert.pk])
    )

    assert response.status_code == 403
    assert snapshot(agenda_b) == before


def test_membership_of_b_cannot_be_removed_through_the_url_of_a(intruder, team, agenda_b):
    before = snapshot(agenda_b)
    expert = agenda_b.memberships.get(role=Role.EXPERT)

    response = intruder.post(
        reverse("regions:agenda_member_remove", args=[team.agenda.slug, expert.pk])
    )

    assert response.status_code == 404
    assert Membership.objects.filter(pk=expert.pk).exists()
    assert snapshot(agenda_b) == before
    assert not AuditEvent.objects.filter(action="regions.member_removed").exists()


def test_joining_private_b_is_closed(login, team, agenda_b):
    response = login(team.participant).post(reverse("regions:agenda_join", args=[agenda_b.slug]))

    assert response.status_code == 403
    assert not Membership.objects.filter(user=team.participant, agenda=agenda_b).exists()


def test_the_same_requests_work_for_bs_own_coordinator(login, agenda_b):
    """The counterpart, so that the 403s above are about tenancy and not a broken page."""
    coordinator = agenda_b.memberships.get(role=Role.COORDINATOR).user
    client = login(coordinator)

    assert client.get(agenda_b.get_absolute_url()).status_code == 200
    assert client.get(reverse("regions:agenda_settings", args=[agenda_b.slug])).status_code == 200
    members = client.get(reverse("regions:agenda_members", args=[agenda_b.slug]))
    assert members.status_code == 200
    assert "fach@b.example" in members.content.decode()
    expert = agenda_b.memberships.get(role=Role.EXPERT)
    response = client.post(reverse("regions:agenda_member_remove", args=[agenda_b.slug, expert.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=expert.pk).exists()
