"""Recording, editing and deleting activities of an agenda, with bad input refused by name."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from regioagenda.actors.models import Activity, ActivityField, ActivityLink
from regioagenda.actors.services import activities as services
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import ActivityFactory, BodyFactory, OrganisationFactory
from tests.factories import AgendaFactory

pytestmark = pytest.mark.django_db


def _post(team, **overrides):
    data = {
        "title": "Digitales Rathaus",
        "kind": "project",
        "scope": "regional",
        "status": "running",
        "description": "Alle Anträge online.",
        "field_keys": ["egovernment"],
        "responsible": "",
        "organisations": [],
        "bodies": [],
        "start": "2025-01-01",
        "end": "2026-12-31",
        "url": "https://rathaus.example.org/",
    }
    data.update(overrides)
    return data


def test_editor_creates_activity_with_fields_organisations_and_bodies(actors_setup, login):
    team = actors_setup
    landratsamt = OrganisationFactory(agenda=team.agenda, name="Landratsamt")
    hochschule = OrganisationFactory(agenda=team.agenda, name="Hochschule")
    steering = BodyFactory(agenda=team.agenda, name="Lenkungsgruppe")
    client = login(team.editor)
    url = reverse("actors:activity_create", args=[team.agenda.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _post(
            team,
            field_keys=["egovernment", "mobility"],
            responsible=str(landratsamt.pk),
            organisations=[str(hochschule.pk)],
            bodies=[str(steering.pk)],
        ),
    )
    activity = Activity.objects.get(title="Digitales Rathaus")
    assert response.status_code == 302
    assert response["Location"] == reverse("actors:activity", args=[team.agenda.slug, activity.pk])
    assert activity.agenda == team.agenda
    assert activity.responsible == landratsamt
    assert list(activity.organisations.all()) == [hochschule]
    assert list(activity.bodies.all()) == [steering]
    assert set(activity.field_links.values_list("field_key", flat=True)) == {
        "egovernment",
        "mobility",
    }
    assert activity.end == datetime.date(2026, 12, 31)
    assert AuditEvent.objects.filter(agenda=team.agenda, action="actors.activity_created").exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Landratsamt" in text and "Hochschule" in text and "Lenkungsgruppe" in text
    assert "https://rathaus.example.org/" in text


def test_ids_of_another_agenda_are_refused_by_number_and_nothing_is_saved(actors_setup, login):
    team = actors_setup
    other = AgendaFactory()
    foreign_org = OrganisationFactory(agenda=other, name="Fremde GmbH")
    foreign_body = BodyFactory(agenda=other, name="Fremdes Gremium")
    client = login(team.editor)
    response = client.post(
        reverse("actors:activity_create", args=[team.agenda.slug]),
        _post(
            team,
            responsible=str(foreign_org.pk),
            organisations=[str(foreign_org.pk)],
            bodies=[str(foreign_body.pk)],
        ),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert f"Die Organisation Nr. {foreign_org.pk} gehört nicht zu dieser Agenda." in text
    assert f"Diese Gremien gehören nicht zu dieser Agenda: Nr. {foreign_body.pk}." in text
    assert "Fremde GmbH" not in text  # the other agenda's names are not revealed
    assert not Activity.objects.filter(title="Digitales Rathaus").exists()


def test_end_before_start_invalid_url_and_unknown_field_are_named(actors_setup, login):
    team = actors_setup
    client = login(team.editor)
    response = client.post(
        reverse("actors:activity_create", args=[team.agenda.slug]),
        _post(
            team,
            start="2026-05-01",
            end="2025-05-01",
            url="rathaus kaputt",
            field_keys=["egovernment", "quatsch"],
        ),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Das Ende (01.05.2025) liegt vor dem Beginn (01.05.2026)." in text
    assert "ist kein gültiger Link" in text
    assert "Unbekanntes Handlungsfeld: quatsch" in text
    assert Activity.objects.count() == 0


def test_service_refuses_bad_input_without_writing(actors_setup):
    team = actors_setup
    with pytest.raises(services.ValidationError) as info:
        services.create_activity(
            actor=team.editor,
            agenda=team.agenda,
            title="  ",
            kind="party",
            scope="galactic",
            organisations=["abc"],
        )
    errors = info.value.message_dict
    assert set(errors) == {"title", "kind", "scope", "organisations"}
    assert "„abc“ ist keine gültige Nummer" in errors["organisations"][0]
    assert Activity.objects.count() == 0


def test_participant_and_outsider_cannot_create(actors_setup, login):
    team = actors_setup
    url = reverse("actors:activity_create", args=[team.agenda.slug])
    for user in (team.participant, team.outsider):
        response = login(user).post(url, _post(team))
        assert response.status_code == 403
    assert Activity.objects.count() == 0
    with pytest.raises(PermissionDenied):
        services.create_activity(
            actor=team.participant, agenda=team.agenda, title="x", kind="project", scope="regional"
        )


def test_edit_replaces_fields_and_organisations(actors_setup, login):
    team = actors_setup
    first = OrganisationFactory(agenda=team.agenda, name="Erste")
    second = OrganisationFactory(agenda=team.agenda, name="Zweite")
    activity = services.create_activity(
        actor=team.editor,
        agenda=team.agenda,
        title="Breitband",
        kind="project",
        scope="regional",
        field_keys=["it_infrastructure", "mobility"],
        organisations=[first.pk],
    )
    client = login(team.moderator)
    url = reverse("actors:activity_edit", args=[team.agenda.slug, activity.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _post(
            team,
            title="Breitband 2.0",
            field_keys=["it_infrastructure"],
            organisations=[str(second.pk)],
            status="completed",
        ),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Breitband 2.0"
    assert activity.status == "completed"
    assert list(activity.organisations.all()) == [second]
    assert list(
        ActivityField.objects.filter(activity=activity).values_list("field_key", flat=True)
    ) == ["it_infrastructure"]


def test_edit_with_foreign_body_changes_nothing(actors_setup, login):
    team = actors_setup
    activity = ActivityFactory(agenda=team.agenda, title="Unverändert")
    foreign = BodyFactory(agenda=AgendaFactory())
    response = login(team.editor).post(
        reverse("actors:activity_edit", args=[team.agenda.slug, activity.pk]),
        _post(team, title="Geändert", bodies=[str(foreign.pk)]),
    )
    assert response.status_code == 400
    activity.refresh_from_db()
    assert activity.title == "Unverändert"
    assert not activity.bodies.exists()


def test_activity_of_another_agenda_cannot_be_edited_through_this_agenda(actors_setup, login):
    team = actors_setup
    foreign = ActivityFactory(agenda=AgendaFactory(), title="Fremd")
    client = login(team.editor)
    for name in ("actors:activity_edit", "actors:activity_delete"):
        response = client.post(
            reverse(name, args=[team.agenda.slug, foreign.pk]), _post(team, title="Übernommen")
        )
        assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Fremd"


def test_delete_and_refusal_while_linked(actors_setup, login):
    team = actors_setup
    activity = ActivityFactory(agenda=team.agenda, title="Weg damit")
    client = login(team.editor)
    url = reverse("actors:activity_delete", args=[team.agenda.slug, activity.pk])
    assert client.get(url).status_code == 200
    other = AgendaFactory(title="Nachbarkreis")
    ActivityLink.objects.create(agenda=other, activity=activity)
    response = client.post(url)
    assert response.status_code == 400
    assert "weil andere Agenden sie verknüpft haben (Nachbarkreis)" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()
    ActivityLink.objects.all().delete()
    response = client.post(url)
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert AuditEvent.objects.filter(agenda=team.agenda, action="actors.activity_deleted").exists()
