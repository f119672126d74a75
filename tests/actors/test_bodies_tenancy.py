"""Tenancy of bodies, members and invitations: ids of another agenda give 404 through this
agenda's addresses and 403 through the other agenda's; nothing changes."""

import pytest
from django.urls import reverse

from regioagenda.actors.models import Body, BodyMember, Invitation
from regioagenda.actors.services import invitations
from regioagenda.regions import services as region_services
from tests.actor_factories import BodyFactory, BodyMemberFactory, PersonFactory
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(actors_setup):
    team = actors_setup
    agenda_b = region_services.create_agenda(
        actor=team.programme_admin,
        programme=team.programme,
        region=RegionFactory(name="Landkreis Anderswo"),
        title="Digitale Agenda Anderswo",
        slug="anderswo",
        horizon_year=2030,
        is_public=False,
    )
    body = BodyFactory(agenda=agenda_b, name="Geheimer Kreis")
    member = BodyMemberFactory(body=body, person=PersonFactory(agenda=agenda_b, name="Bea Geheim"))
    invitation = invitations.invite(
        actor=team.programme_admin,
        agenda=agenda_b,
        email="b@example.org",
        base_url="http://testserver/",
    )
    return agenda_b, body, member, invitation


def test_coordinator_of_a_cannot_reach_b(actors_setup, other, login):
    agenda_b, body, member, invitation = other
    client = login(actors_setup.coordinator)
    own = "teamhausen"
    for name, args in [
        ("body", [body.pk]),
        ("body_edit", [body.pk]),
        ("body_delete", [body.pk]),
        ("body_member_edit", [body.pk, member.pk]),
    ]:
        assert client.get(reverse(f"actors:{name}", args=[own, *args])).status_code == 404, name
        response = client.get(reverse(f"actors:{name}", args=[agenda_b.slug, *args]))
        assert response.status_code == 403, name
        assert "Geheimer Kreis" not in response.content.decode()
    for name, args, data in [
        ("body_edit", [body.pk], {"kind": "steering", "name": "Gekapert"}),
        ("body_delete", [body.pk], {}),
        ("body_member_add", [body.pk], {"person": member.person_id, "role": "member"}),
        ("body_member_edit", [body.pk, member.pk], {"role": "chair"}),
        ("body_member_end", [body.pk, member.pk], {}),
        ("body_member_remove", [body.pk, member.pk], {}),
        ("body_invite", [body.pk], {"invite-email": "x@example.org"}),
        ("invitation_resend", [invitation.pk], {}),
        ("invitation_revoke", [invitation.pk], {}),
    ]:
        assert client.post(reverse(f"actors:{name}", args=[own, *args]), data).status_code == 404
        assert (
            client.post(reverse(f"actors:{name}", args=[agenda_b.slug, *args]), data).status_code
            == 403
        )
    body.refresh_from_db()
    member.refresh_from_db()
    invitation.refresh_from_db()
    assert body.name == "Geheimer Kreis"
    assert member.role == "member" and member.end is None
    assert BodyMember.objects.count() == 1
    assert invitation.revoked is None
    assert Invitation.objects.count() == 1
    assert client.get(reverse("actors:invitations", args=[agenda_b.slug])).status_code == 403


def test_member_of_body_b_through_body_a(actors_setup, other, login):
    """A member id of agenda B under a body of agenda A is not found."""
    _agenda_b, _body, member, _invitation = other
    body_a = BodyFactory(agenda=actors_setup.agenda, name="Eigene Gruppe")
    client = login(actors_setup.coordinator)
    url = reverse("actors:body_member_remove", args=["teamhausen", body_a.pk, member.pk])
    assert client.post(url).status_code == 404
    assert BodyMember.objects.filter(pk=member.pk).exists()


def test_body_of_b_in_the_invitation_form_of_a(actors_setup, other, login):
    _agenda_b, body, _member, _invitation = other
    client = login(actors_setup.coordinator)
    response = client.post(
        reverse("actors:invitations", args=["teamhausen"]),
        {"email": "neu@example.org", "body": body.pk},
    )
    assert response.status_code == 400
    assert "gehört nicht zu dieser Agenda" in " ".join(response.context["form"].errors["body"])
    assert not Invitation.objects.filter(agenda=actors_setup.agenda).exists()
    assert Body.objects.get(pk=body.pk).invitations.count() == 0
