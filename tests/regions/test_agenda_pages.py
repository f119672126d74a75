"""The pages people read: landing, agenda home, personal dashboard and programme."""

import html
import re

import pytest
from django.urls import reverse

from regioagenda.accounts.models import Role
from regioagenda.regions.models import AgendaStep, StepState
from tests.factories import AgendaFactory, MembershipFactory, ProgrammeMembershipFactory

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

STEP_NAMES = [
    "Auftakt",
    "Bestandsaufnahme & IST-Analyse",
    "Vision & Ziele",
    "Projekte",
    "Konsultation",
    "Beschluss",
    "Umsetzung & Monitoring",
]


def text(response):
    return html.unescape(response.content.decode())


def process_steps(response):
    """(state, name, body) of each step on the agenda home, in page order."""
    items = re.findall(
        r'<li class="process-step process-step--(\w+)".*?<h3[^>]*>(.*?)</h3>(.*?)</li>',
        text(response),
        flags=re.S,
    )
    return [(state, name.strip(), body) for state, name, body in items]


# Landing ---------------------------------------------------------------------------------------


def test_landing_lists_public_agendas_only(client, team):
    private = AgendaFactory(title="Geheime Agenda Hinterdorf", is_public=False)

    response = client.get(reverse("regions:landing"))

    assert response.status_code == 200
    page = text(response)
    assert team.agenda.title in page
    assert team.agenda.get_absolute_url() in page
    assert private.title not in page
    assert private.get_absolute_url() not in page


def test_landing_says_so_when_nothing_is_public(client, db):
    AgendaFactory(is_public=False)

    response = client.get(reverse("regions:landing"))

    assert "Es ist noch keine Agenda öffentlich." in text(response)


# Agenda home -----------------------------------------------------------------------------------


def test_agenda_home_shows_the_seven_steps_with_states_and_notes(client, team):
    AgendaStep.objects.filter(agenda=team.agenda, key="kickoff").update(
        state=StepState.DONE, note="Auftaktveranstaltung mit 140 Gästen im Landratsamt."
    )
    AgendaStep.objects.filter(agenda=team.agenda, key="assessment").update(
        state=StepState.CURRENT, note="Die Matrix wird gerade bewertet."
    )

    response = client.get(team.agenda.get_absolute_url())

    assert response.status_code == 200
    steps = process_steps(response)
    assert [name for _state, name, _body in steps] == STEP_NAMES
    assert [state for state, _name, _body in steps] == ["done", "current"] + ["upcoming"] * 5
    assert "Auftaktveranstaltung mit 140 Gästen" in steps[0][2]
    assert "Abgeschlossen" in steps[0][2]
    assert "Die Matrix wird gerade bewertet." in steps[1][2]
    assert "Läuft" in steps[1][2]
    assert "Noch nicht begonnen" in steps[2][2]
    assert 'aria-current="step"' in response.content.decode()
    # An upcoming step without a note shows what it typically produces.
    assert "Typische Ergebnisse:" in steps[2][2]
    assert "Leitbild formuliert" in steps[2][2]


def test_agenda_home_shows_title_summary_and_team_counts(client, team):
    MembershipFactory(agenda=team.agenda, role=Role.PARTICIPANT)

    page = text(client.get(team.agenda.get_absolute_url()))

    assert team.agenda.title in page
    assert "Der Landkreis Teamhausen macht sich digital auf den Weg." in page
    assert "Landkreis Teamhausen" in page
    assert "Teilnahme: 2" in page
    assert "Koordination: 1" in page


def test_coordinator_sees_settings_members_and_step_links(login, team):
    page = text(login(team.coordinator).get(team.agenda.get_absolute_url()))

    assert reverse("regions:agenda_settings", args=[team.agenda.slug]) in page
    assert reverse("regions:agenda_members", args=[team.agenda.slug]) in page
    assert reverse("regions:agenda_step", args=[team.agenda.slug, "vision"]) in page
    assert "Ihre Rollen:" in page
    assert "Koordination" in page
    assert "Mitmachen" not in page


def test_my_roles_are_listed_by_responsibility(login, team):
    MembershipFactory(user=team.expert, agenda=team.agenda, role=Role.MODERATOR)

    page = text(login(team.expert).get(team.agenda.get_absolute_url()))

    roles = re.search(r"Ihre Rollen:(.*?)</p>", page, flags=re.S).group(1)
    assert roles.index("Moderation") < roles.index("Expertenforum")


def test_participant_sees_no_management_links(login, team):
    page = text(login(team.participant).get(team.agenda.get_absolute_url()))

    assert reverse("regions:agenda_settings", args=[team.agenda.slug]) not in page
    assert reverse("regions:agenda_members", args=[team.agenda.slug]) not in page
    assert reverse("regions:agenda_step", args=[team.agenda.slug, "vision"]) not in page
    assert "Ihre Rollen:" in page
    assert "Mitmachen" not in page


def test_editor_sees_members_but_not_settings(login, team):
    page = text(login(team.editor).get(team.agenda.get_absolute_url()))

    assert reverse("regions:agenda_members", args=[team.agenda.slug]) in page
    assert reverse("regions:agenda_settings", args=[team.agenda.slug]) not in page


def test_logged_in_non_member_gets_a_join_button(login, team):
    page = text(login(team.outsider).get(team.agenda.get_absolute_url()))

    assert reverse("regions:agenda_join", args=[team.agenda.slug]) in page
    assert "Mitmachen" in page
    assert "Ihre Rollen:" not in page


def test_anonymous_is_invited_to_log_in_instead(client, team):
    page = text(client.get(team.agenda.get_absolute_url()))

    assert reverse("regions:agenda_join", args=[team.agenda.slug]) not in page
    assert "Melden Sie sich an, um mitzumachen." in page


def test_joining_makes_the_person_a_participant(login, team):
    client = login(team.outsider)

    response = client.post(reverse("regions:agenda_join", args=[team.agenda.slug]), follow=True)

    page = text(response)
    assert response.redirect_chain[-1][0] == team.agenda.get_absolute_url()
    assert f"Sie nehmen jetzt an „{team.agenda.title}“ teil." in page
    assert "Mitmachen" not in page
    assert team.outsider.memberships.get().role == Role.PARTICIPANT


def test_private_agenda_home_is_marked_for_its_members(login, team):
    team.agenda.is_public = False
    team.agenda.save()

    response = login(team.expert).get(team.agenda.get_absolute_url())

    assert response.status_code == 200
    assert "nicht öffentlich" in text(response)
    assert "Mitmachen" not in text(response)


# Dashboard -------------------------------------------------------------------------------------


def test_dashboard_needs_a_login(client, db):
    response = client.get(reverse("regions:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_dashboard_lists_my_agendas_and_roles(login, team):
    other = AgendaFactory(title="Digitale Agenda Zweitort")
    MembershipFactory(user=team.expert, agenda=other, role=Role.MODERATOR)
    MembershipFactory(user=team.expert, agenda=other, role=Role.EDITOR)
    AgendaFactory(title="Fremde Agenda Drittort")

    page = text(login(team.expert).get(reverse("regions:dashboard")))

    rows = re.findall(r'<tr class="kern-table__row">(.*?)</tr>', page, flags=re.S)[1:]
    assert len(rows) == 2
    assert "Digitale Agenda Teamhausen" in rows[0]
    assert "Expertenforum" in rows[0]
    assert "Auftakt" in rows[0]
    assert "Digitale Agenda Zweitort" in rows[1]
    assert "Moderation, Redaktion" in rows[1]
    assert "Fremde Agenda Drittort" not in page
    assert "Programmbüro" not in page


def test_dashboard_without_roles_points_to_public_agendas(login, team):
    page = text(login(team.outsider).get(reverse("regions:dashboard")))

    assert "Sie haben noch keine Rolle in einer Agenda." in page


def test_dashboard_of_the_programme_office_lists_its_programme(login, team):
    page = text(login(team.programme_admin).get(reverse("regions:dashboard")))

    assert "Programmbüro" in page
    assert team.programme.name in page
    assert "1 Agenda" in page
    assert team.other_programme.name not in page
    assert reverse("regions:region_create") in page


def test_dashboard_says_when_mfa_is_required(login, team):
    coordinator_page = text(login(team.coordinator).get(reverse("regions:dashboard")))
    expert_page = text(login(team.expert).get(reverse("regions:dashboard")))

    assert "für Ihre Rolle vorgeschrieben" in coordinator_page
    assert "für Ihre Rolle vorgeschrieben" not in expert_page


# Programme -------------------------------------------------------------------------------------


@pytest.fixture
def private_agenda(team):
    return AgendaFactory(
        programme=team.programme, title="Digitale Agenda Stillwinkel", is_public=False
    )


def test_programme_page_shows_public_agendas_to_everyone(client, team, private_agenda):
    response = client.get(team.programme.get_absolute_url())

    assert response.status_code == 200
    page = text(response)
    assert team.programme.name in page
    assert team.agenda.title in page
    assert private_agenda.title not in page
    assert reverse("regions:agenda_create", args=[team.programme.slug]) not in page


def test_programme_office_sees_private_agendas_and_can_create(login, team, private_agenda):
    page = text(login(team.programme_admin).get(team.programme.get_absolute_url()))

    assert team.agenda.title in page
    assert f"{private_agenda.title}</a> (nicht öffentlich)" in page
    assert reverse("regions:agenda_create", args=[team.programme.slug]) in page


def test_office_of_another_programme_cannot_create_here(login, team, private_agenda):
    page = text(login(team.other_programme_admin).get(team.programme.get_absolute_url()))

    assert private_agenda.title not in page
    assert reverse("regions:agenda_create", args=[team.programme.slug]) not in page


def test_member_of_a_private_agenda_sees_it_in_the_programme(login, team, private_agenda):
    MembershipFactory(user=team.outsider, agenda=private_agenda, role=Role.EXPERT)

    page = text(login(team.outsider).get(team.programme.get_absolute_url()))

    assert private_agenda.title in page


def test_programme_page_counts_members(client, team):
    ProgrammeMembershipFactory(programme=team.programme)  # the office is not counted

    page = text(client.get(team.programme.get_absolute_url()))

    row = re.search(r"Digitale Agenda Teamhausen.*?</tr>", page, flags=re.S).group(0)
    assert re.search(r"kern-table__cell--numeric\">5</td>", row)
