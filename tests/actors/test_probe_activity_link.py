"""Probe M2 (issue 10): a participant of a private agenda linked one of its activities into a
public agenda, and anonymous visitors then saw it. Linking needs the right to publish in the
activity's own agenda; the linking agenda shows a linked activity only where its own agenda lets
the viewer see it, or where that agenda's staff published it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from regioagenda.accounts.models import Role
from regioagenda.actors.models import ActivityField, ActivityLink
from regioagenda.actors.services import activities as services
from regioagenda.core import permissions
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import ActivityFactory
from tests.factories import AgendaFactory, MembershipFactory

pytestmark = pytest.mark.django_db

REASON = "Diese Aktivität gehört zu einer nicht öffentlichen Agenda."


@pytest.fixture
def private(actors_setup):
    """The private demo agenda's counterpart with one activity; the team agenda's editor is only
    a participant there (the probe's user)."""
    team = actors_setup
    agenda = AgendaFactory(title="Geheimkreis", programme=team.programme, is_public=False)
    activity = ActivityFactory(
        agenda=agenda,
        title="Vertrauliches Pilotprojekt",
        description="Interne Beschreibung mit Zahlen",
    )
    ActivityField.objects.create(activity=activity, field_key="mobility")
    MembershipFactory(user=team.editor, agenda=agenda, role=Role.PARTICIPANT)
    permissions.forget_roles(team.editor)
    return agenda, activity


def _link_url(activity):
    return reverse("actors_site:activity_link", args=[activity.pk])


def test_participant_of_the_private_agenda_cannot_link_its_activity(actors_setup, private, login):
    team = actors_setup
    _agenda, activity = private
    response = login(team.editor).post(_link_url(activity), {"agenda": team.agenda.pk})
    assert response.status_code == 403
    assert REASON in response.content.decode()
    assert not ActivityLink.objects.exists()
    assert not AuditEvent.objects.filter(action="actors.activity_linked").exists()
    # the service refuses the same on its own
    with pytest.raises(PermissionDenied, match="nicht öffentlichen Agenda"):
        services.link_activity(actor=team.editor, agenda=team.agenda, activity=activity)
    assert not ActivityLink.objects.exists()


def test_the_link_action_is_not_offered_to_the_participant(actors_setup, private, login):
    team = actors_setup
    _agenda, activity = private
    client = login(team.editor)
    landscape = client.get(reverse("actors_site:activities"))
    row = next(a for a in landscape.context["activities"] if a.pk == activity.pk)
    assert row.link_targets == []


def test_staff_of_the_private_agenda_publishes_by_linking(actors_setup, private, login, client):
    team = actors_setup
    agenda, activity = private
    staff = team.moderator
    MembershipFactory(user=staff, agenda=agenda, role=Role.EDITOR)
    permissions.forget_roles(staff)
    response = login(staff).post(_link_url(activity), {"agenda": team.agenda.pk})
    assert response.status_code == 302
    link = ActivityLink.objects.get()
    assert link.published
    client.logout()
    listing = client.get(reverse("actors:activities", args=[team.agenda.slug]))
    text = listing.content.decode()
    assert "Vertrauliches Pilotprojekt" in text
    assert "Geheimkreis" not in text  # the owner's name stays hidden


def test_public_page_does_not_show_an_unpublished_link_to_a_private_agenda(
    actors_setup, private, client, login
):
    """A link made before the fix (or by anyone without the right) stays in the database but is
    shown only to who may see the private agenda."""
    team = actors_setup
    _agenda, activity = private
    ActivityLink.objects.create(agenda=team.agenda, activity=activity, created_by=team.editor)
    listing = client.get(reverse("actors:activities", args=[team.agenda.slug]))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Vertrauliches Pilotprojekt" not in text
    assert "Interne Beschreibung" not in text
    detail = client.get(reverse("actors:activity", args=[team.agenda.slug, activity.pk]))
    assert detail.status_code == 404
    assert "Vertrauliches Pilotprojekt" not in detail.content.decode()
    network = client.get(reverse("actors:network", args=[team.agenda.slug]))
    assert "Vertrauliches Pilotprojekt" not in network.content.decode()
    home = client.get(reverse("regions:agenda_home", args=[team.agenda.slug]))
    assert "Vertrauliches Pilotprojekt" not in home.content.decode()
    # the team's coordinator, not a member of the private agenda, does not see it either
    coordinator = login(team.coordinator)
    listing = coordinator.get(reverse("actors:activities", args=[team.agenda.slug]))
    assert "Vertrauliches Pilotprojekt" not in listing.content.decode()
    # who may see the private agenda still does
    member = login(team.editor)
    listing = member.get(reverse("actors:activities", args=[team.agenda.slug]))
    assert "Vertrauliches Pilotprojekt" in listing.content.decode()
    assert ActivityLink.objects.count() == 1


def test_a_public_agendas_activity_is_shown_while_its_agenda_is_public(actors_setup, client, login):
    team = actors_setup
    neighbour = AgendaFactory(title="Nachbarkreis", programme=team.programme, is_public=True)
    activity = ActivityFactory(agenda=neighbour, title="Offenes Netzwerk")
    login(team.editor).post(_link_url(activity), {"agenda": team.agenda.pk})
    link = ActivityLink.objects.get()
    assert not link.published  # the editor has no role in the neighbour's agenda
    client.logout()
    url = reverse("actors:activities", args=[team.agenda.slug])
    assert "Offenes Netzwerk" in client.get(url).content.decode()
    neighbour.is_public = False
    neighbour.save(update_fields=["is_public"])
    assert "Offenes Netzwerk" not in client.get(url).content.decode()
