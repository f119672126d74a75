"""Planning a phase: who may, and what the service refuses."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regioagenda.participation.models import Phase
from regioagenda.participation.services import phases as services
from regioagenda.regions.models import AuditAction, AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


def edit(agenda, actor, **overrides):
    values = {
        "step": "vision",
        "starts_on": datetime.date(2027, 1, 1),
        "ends_on": datetime.date(2027, 3, 31),
        "description": "<p>Leitbild <script>alert(1)</script><em>gemeinsam</em></p>",
        "plain_summary": "Wie soll der Landkreis 2030 sein?",
        "modules": ["ideas", "events"],
        "vote_points": "12",
    }
    values.update(overrides)
    return services.update_phase(actor=actor, agenda=agenda, **values)


def test_coordinator_plans_a_phase(team):
    phase = edit(team.agenda, team.coordinator)
    phase.refresh_from_db()
    assert phase.modules == ["events", "ideas"]  # the process page's order
    assert phase.vote_points == 12
    assert "<script>" not in phase.description and "<em>gemeinsam</em>" in phase.description
    assert AuditEvent.objects.filter(action=AuditAction.PHASE_UPDATED, agenda=team.agenda).exists()
    # Saving again updates the same row.
    edit(team.agenda, team.coordinator, vote_points="5")
    assert Phase.objects.filter(agenda=team.agenda, step="vision").get().vote_points == 5


@pytest.mark.parametrize("who", ["moderator", "editor", "expert", "participant", "outsider"])
def test_others_may_not(team, who):
    with pytest.raises(PermissionDenied):
        edit(team.agenda, getattr(team, who))
    assert not Phase.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_on": datetime.date(2027, 3, 1), "ends_on": datetime.date(2027, 2, 1)}, "ends_on"),
        ({"modules": ["ideas", "lottery"]}, "modules"),
        ({"vote_points": "²"}, "vote_points"),
        ({"vote_points": "10,5"}, "vote_points"),
        ({"vote_points": "0"}, "vote_points"),
        ({"vote_points": "101"}, "vote_points"),
        ({"vote_points": "-3"}, "vote_points"),
        ({"vote_points": "١٠"}, "vote_points"),  # Arabic-Indic digits: not our kind of number
        ({"plain_summary": "x" * 401}, "plain_summary"),
        ({"description": "<div>" * 200 + "tief" + "</div>" * 200}, "description"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(team, overrides, field):
    with pytest.raises(ValidationError) as raised:
        edit(team.agenda, team.coordinator, **overrides)
    assert field in raised.value.message_dict
    assert not Phase.objects.exists()


def test_unknown_step_is_refused(team):
    with pytest.raises(ValidationError):
        edit(team.agenda, team.coordinator, step="nirgendwo")


def test_form_page_saves_and_shows_errors(client, team):
    client.force_login(team.coordinator)
    url = reverse("participation:phase_edit", args=[team.agenda.slug, "projects"])
    page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count("<h1") == 1
    response = client.post(
        url,
        {
            "starts_on": "2027-02-01",
            "ends_on": "2027-01-01",
            "modules": ["ideas"],
            "vote_points": "²",
            "description": "",
            "plain_summary": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Das geplante Ende liegt vor dem Beginn." in html
    assert "ganze Zahl" in html
    response = client.post(
        url,
        {
            "starts_on": "2027-02-01",
            "ends_on": "2027-04-30",
            "modules": ["ideas", "prioritisation"],
            "vote_points": "10",
            "description": "<p>Projekte</p>",
            "plain_summary": "Aus Ideen werden Projekte.",
        },
    )
    assert response.status_code == 302
    assert Phase.objects.get(agenda=team.agenda, step="projects").modules == [
        "ideas",
        "prioritisation",
    ]


def test_form_page_is_403_for_editors_and_404_for_unknown_steps(client, team):
    client.force_login(team.editor)
    assert (
        client.get(
            reverse("participation:phase_edit", args=[team.agenda.slug, "vision"])
        ).status_code
        == 403
    )
    client.force_login(team.coordinator)
    assert (
        client.get(
            reverse("participation:phase_edit", args=[team.agenda.slug, "nirgendwo"])
        ).status_code
        == 404
    )


def test_coordinator_of_another_agenda_may_not(client, team):
    from regioagenda.accounts.models import Membership, Role
    from tests.factories import AgendaFactory

    other = AgendaFactory(is_public=True)
    Membership.objects.create(user=team.outsider, agenda=other, role=Role.COORDINATOR)
    client.force_login(team.outsider)
    response = client.post(
        reverse("participation:phase_edit", args=[team.agenda.slug, "vision"]),
        {"modules": ["ideas"], "vote_points": "10"},
    )
    assert response.status_code == 403
    assert not Phase.objects.filter(agenda=team.agenda).exists()
