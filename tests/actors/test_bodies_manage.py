"""Managing bodies and members: the coordination creates, edits and deletes bodies and keeps
their members; bad input gets a message at the field and changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regioagenda.actors.models import Body, BodyKind, BodyMember, BodyRole
from regioagenda.actors.services import bodies as services
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import BodyFactory, BodyMemberFactory, PersonFactory
from tests.factories import AgendaFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _url(name, *args):
    return reverse(f"actors:{name}", args=["teamhausen", *args])


# Bodies ----------------------------------------------------------------------------------------


def test_coordinator_creates_a_working_group(actors_setup, login):
    client = login(actors_setup.coordinator)
    assert client.get(_url("body_create")).status_code == 200
    response = client.post(
        _url("body_create"),
        {
            "kind": "working_group",
            "name": "AG Gesundheit",
            "field_key": "health",
            "description": "Telemedizin",
        },
    )
    body = Body.objects.get(agenda=actors_setup.agenda, name="AG Gesundheit")
    assert response.status_code == 302
    assert response["Location"] == _url("body", body.pk)
    assert (body.kind, body.field_key, body.description) == (
        "working_group",
        "health",
        "Telemedizin",
    )
    assert AuditEvent.objects.filter(
        agenda=actors_setup.agenda, action="actors.body_created"
    ).exists()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"kind": "committee", "name": "X"}, "kind", "gültige"),
        ({"kind": "working_group", "name": "AG"}, "field_key", "gehört zu einem Handlungsfeld"),
        ({"kind": "working_group", "name": "AG", "field_key": "space"}, "field_key", "gültige"),
        (
            {"kind": "steering", "name": "LG", "field_key": "health"},
            "field_key",
            "Nur Arbeitsgruppen",
        ),
        ({"kind": "steering", "name": ""}, "name", ""),
    ],
)
def test_bad_body_input_changes_nothing(actors_setup, login, data, field, message):
    client = login(actors_setup.coordinator)
    response = client.post(_url("body_create"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert not Body.objects.exists()


def test_service_refuses_unknown_kind_and_field(actors_setup):
    agenda = actors_setup.agenda
    with pytest.raises(ValidationError) as info:
        services.create_body(
            actor=actors_setup.coordinator, agenda=agenda, kind="committee", name="X"
        )
    assert "kind" in info.value.error_dict
    with pytest.raises(ValidationError) as info:
        services.create_body(
            actor=actors_setup.coordinator,
            agenda=agenda,
            kind="working_group",
            name="AG",
            field_key="space",
        )
    assert "kein Handlungsfeld" in info.value.error_dict["field_key"][0].message
    assert not Body.objects.exists()


def test_duplicate_name_is_refused(actors_setup, login):
    BodyFactory(agenda=actors_setup.agenda, name="Lenkungsgruppe")
    client = login(actors_setup.coordinator)
    response = client.post(_url("body_create"), {"kind": "steering", "name": "lenkungsgruppe"})
    assert response.status_code == 400
    assert "schon ein Gremium" in " ".join(response.context["form"].errors["name"])
    assert Body.objects.count() == 1


def test_edit_and_delete(actors_setup, login):
    body = BodyFactory(agenda=actors_setup.agenda, name="Alt", kind=BodyKind.SPONSORS)
    member = BodyMemberFactory(body=body)
    client = login(actors_setup.coordinator)
    response = client.post(
        _url("body_edit", body.pk),
        {"kind": "expert_forum", "name": "Expertenforum", "field_key": "", "description": "Rat"},
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.kind, body.name) == ("expert_forum", "Expertenforum")
    assert client.get(_url("body_delete", body.pk)).status_code == 200  # confirmation page
    assert client.post(_url("body_delete", body.pk)).status_code == 302
    assert not Body.objects.filter(pk=body.pk).exists()
    assert not BodyMember.objects.filter(pk=member.pk).exists()
    assert member.person.__class__.objects.filter(pk=member.person_id).exists()


@pytest.mark.parametrize("role", ["moderator", "editor", "expert", "participant", "outsider"])
def test_only_the_coordination_manages_bodies(actors_setup, login, role):
    body = BodyFactory(agenda=actors_setup.agenda, name="Bleibt")
    person = PersonFactory(agenda=actors_setup.agenda)
    member = BodyMemberFactory(body=body, person=person)
    client = login(getattr(actors_setup, role))
    posts = [
        (_url("body_create"), {"kind": "steering", "name": "Neu"}),
        (_url("body_edit", body.pk), {"kind": "steering", "name": "Anders"}),
        (_url("body_delete", body.pk), {}),
        (_url("body_member_add", body.pk), {"person": person.pk, "role": "member"}),
        (_url("body_member_edit", body.pk, member.pk), {"role": "chair"}),
        (_url("body_member_end", body.pk, member.pk), {}),
        (_url("body_member_remove", body.pk, member.pk), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    body.refresh_from_db()
    member.refresh_from_db()
    assert body.name == "Bleibt" and Body.objects.count() == 1
    assert (member.role, member.end) == ("member", None)
    assert BodyMember.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.create_body(
            actor=getattr(actors_setup, role), agenda=actors_setup.agenda, kind="steering", name="N"
        )


def test_programme_office_manages_bodies(actors_setup, login):
    client = login(actors_setup.programme_admin)
    response = client.post(_url("body_create"), {"kind": "sponsors", "name": "Projektträger"})
    body = Body.objects.get(agenda=actors_setup.agenda)
    assert (body.kind, body.name) == (BodyKind.SPONSORS, "Projektträger")
    assert response.status_code == 302
    assert response["Location"] == _url("body", body.pk)


# Members ---------------------------------------------------------------------------------------


@pytest.fixture
def body(actors_setup):
    return BodyFactory(agenda=actors_setup.agenda, name="Lenkungsgruppe", kind=BodyKind.STEERING)


def test_add_member_with_role_and_period(actors_setup, login, body):
    person = PersonFactory(agenda=actors_setup.agenda, name="Maria Mitglied")
    client = login(actors_setup.coordinator)
    response = client.post(
        _url("body_member_add", body.pk),
        {"person": person.pk, "role": "deputy", "start": "2025-01-01", "end": ""},
    )
    assert response.status_code == 302
    member = BodyMember.objects.get(body=body)
    assert (member.person, member.role, member.start, member.end) == (
        person,
        BodyRole.DEPUTY,
        datetime.date(2025, 1, 1),
        None,
    )
    html = client.get(_url("body", body.pk)).content.decode()
    assert "Maria Mitglied" in html and "Stellvertretung" in html and "seit 01.01.2025" in html


def test_person_of_another_agenda_is_refused(actors_setup, login, body):
    stranger = PersonFactory(agenda=AgendaFactory(), name="Fremde Person")
    client = login(actors_setup.coordinator)
    response = client.post(
        _url("body_member_add", body.pk), {"person": stranger.pk, "role": "member"}
    )
    assert response.status_code == 400
    assert "gehört nicht zu dieser Agenda" in " ".join(
        response.context["member_form"].errors["person"]
    )
    assert not BodyMember.objects.exists()
    # The service refuses too, whatever a form lets through.
    with pytest.raises(ValidationError) as info:
        services.add_member(actor=actors_setup.coordinator, body=body, person=stranger.pk)
    assert "person" in info.value.error_dict
    assert not BodyMember.objects.exists()


def test_end_before_start_is_refused(actors_setup, login, body):
    person = PersonFactory(agenda=actors_setup.agenda)
    client = login(actors_setup.coordinator)
    response = client.post(
        _url("body_member_add", body.pk),
        {"person": person.pk, "role": "member", "start": "2025-05-01", "end": "2025-04-01"},
    )
    assert response.status_code == 400
    errors = " ".join(response.context["member_form"].errors["end"])
    assert "01.04.2025" in errors and "vor dem Beginn" in errors
    assert not BodyMember.objects.exists()
    with pytest.raises(ValidationError) as info:
        services.add_member(
            actor=actors_setup.coordinator,
            body=body,
            person=person,
            start=datetime.date(2025, 5, 1),
            end=datetime.date(2025, 4, 1),
        )
    assert "end" in info.value.error_dict
    assert not BodyMember.objects.exists()


def test_unknown_role_is_refused(actors_setup, login, body):
    person = PersonFactory(agenda=actors_setup.agenda)
    client = login(actors_setup.coordinator)
    response = client.post(_url("body_member_add", body.pk), {"person": person.pk, "role": "king"})
    assert response.status_code == 400
    assert "role" in response.context["member_form"].errors
    with pytest.raises(ValidationError):
        services.add_member(actor=actors_setup.coordinator, body=body, person=person, role="king")
    assert not BodyMember.objects.exists()


def test_edit_member_and_end_before_start(actors_setup, login, body):
    member = BodyMemberFactory(body=body, start=datetime.date(2025, 1, 1))
    client = login(actors_setup.coordinator)
    assert client.get(_url("body_member_edit", body.pk, member.pk)).status_code == 200
    response = client.post(
        _url("body_member_edit", body.pk, member.pk),
        {"role": "chair", "start": "2025-01-01", "end": "2024-12-31"},
    )
    assert response.status_code == 400
    member.refresh_from_db()
    assert (member.role, member.end) == ("member", None)
    response = client.post(
        _url("body_member_edit", body.pk, member.pk),
        {"role": "chair", "start": "2025-01-01", "end": ""},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "chair"


def test_end_membership_makes_a_former_member(actors_setup, login, body):
    member = BodyMemberFactory(body=body, start=TODAY - datetime.timedelta(days=100))
    client = login(actors_setup.coordinator)
    response = client.post(_url("body_member_end", body.pk, member.pk))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.end == TODAY
    # Ending twice says so and changes nothing.
    response = client.post(_url("body_member_end", body.pk, member.pk), follow=True)
    assert "endet bereits" in response.content.decode()


def test_ending_a_membership_that_has_not_begun_is_refused(actors_setup, login, body):
    member = BodyMemberFactory(body=body, start=TODAY + datetime.timedelta(days=10))
    client = login(actors_setup.coordinator)
    response = client.post(_url("body_member_end", body.pk, member.pk), follow=True)
    assert "beginnt erst" in response.content.decode()
    member.refresh_from_db()
    assert member.end is None


def test_former_members_are_listed_apart(actors_setup, login, body):
    person = PersonFactory(agenda=actors_setup.agenda, name="Ehemals Dabei")
    BodyMemberFactory(
        body=body,
        person=person,
        start=datetime.date(2020, 1, 1),
        end=TODAY - datetime.timedelta(days=1),
    )
    client = login(actors_setup.coordinator)
    response = client.get(_url("body", body.pk))
    assert response.context["members"] == []
    assert [m.person for m in response.context["former_members"]] == [person]
    assert "Ehemalige Mitglieder" in response.content.decode()


def test_remove_member(actors_setup, login, body):
    member = BodyMemberFactory(body=body)
    client = login(actors_setup.coordinator)
    assert client.post(_url("body_member_remove", body.pk, member.pk)).status_code == 302
    assert not BodyMember.objects.exists()
