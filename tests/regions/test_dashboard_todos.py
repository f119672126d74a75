""" "Mein Bereich" as a to-do list per role: what each person sees, where the links go, tenancy,
and a fixed number of queries however many agendas a person works in."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioagenda.accounts.models import Role
from regioagenda.core.registry import Todo, TodoRegistry
from regioagenda.matrix.models import RaterInvitation
from regioagenda.matrix.services import rounds
from regioagenda.regions import queries
from tests.factories import AgendaFactory, MembershipFactory, UserFactory
from tests.matrix_factories import build_framework
from tests.todo_helpers import WAITING_PASSAGES, busy_agenda

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

DASHBOARD = "/mein-bereich/"
STAFF_TITLES = (
    "Textstellen aus bestehenden Konzepten prüfen",
    "Auswertung fehlgeschlagen",
    "Bewertungsrunde",
    "Konsens festlegen",
    "Selbsteinschätzung",
    "Einladungen",
    "Lücken in der Abdeckung",
)


def page(client, user):
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def todos_of(user):
    return [todo for entry in queries.dashboard(user)["todo_groups"] for todo in entry.todos]


@pytest.fixture
def busy(team):
    version = build_framework()
    open_round = busy_agenda(
        team.agenda,
        version,
        raters=[team.expert, team.participant],
        follower=team.expert,
        finished=team.editor,
    )
    return open_round


# The rater -------------------------------------------------------------------------------------


def test_invited_expert_sees_the_open_round_and_goes_to_the_rating_page(team, rating_round, client):
    url = reverse("matrix:rate", args=[team.agenda.slug, rating_round.pk])

    text = page(client, team.expert)

    assert "Bewerten: „Erstbewertung 2025“" in text
    assert f'href="{url}"' in text
    assert "0 von 16 Handlungsfeldern bewertet." in text
    assert client.get(url).status_code == 200


def test_after_submitting_the_round_is_no_longer_a_to_do(team, rating_round, client):
    for matrix_field in rating_round.fields_by_key.values():
        rounds.save_rating(
            actor=team.expert, assessment_round=rating_round, field=matrix_field, ist=2, soll=3
        )
    rounds.submit_ratings(actor=team.expert, assessment_round=rating_round)

    text = page(client, team.expert)

    assert "Bewerten:" not in text
    assert "Nichts zu tun" in text


def test_a_round_that_is_not_open_is_no_rating_to_do(team, rating_round, client):
    rounds.close_round(actor=team.coordinator, assessment_round=rating_round)

    assert "Bewerten:" not in page(client, team.expert)


# Staff and participants ------------------------------------------------------------------------


def test_coordinator_sees_the_waiting_passages_with_their_count(team, busy, client):
    text = page(client, team.coordinator)

    assert "Textstellen aus bestehenden Konzepten prüfen" in text
    assert f"{WAITING_PASSAGES} Textstellen warten auf Ihre Entscheidung (in 1 Dokument)." in text
    assert "Auswertung fehlgeschlagen: „Kaputt" in text
    assert "Bewertungsrunde läuft: „Offene Runde" in text
    assert "1 von 3 Bewertungen abgeschlossen." in text
    assert "Konsens festlegen: „Abgeschlossene Runde" in text
    assert "8 von 16 Handlungsfeldern noch ohne Konsens." in text
    assert "Umfrage ist offen: „Öffentliche Selbsteinschätzung: Offene Runde" in text
    assert "Abgelaufene Einladungen erneut senden oder zurückziehen" in text
    assert "Lücken in der Abdeckung schließen" in text


def test_actions_come_before_information(team, busy):
    kinds = [todo.kind for todo in todos_of(team.coordinator)]

    assert kinds == sorted(kinds, key=lambda kind: kind != Todo.ACTION)
    assert Todo.ACTION in kinds and Todo.INFO in kinds


def test_participant_sees_none_of_the_staff_to_dos(team, busy, client):
    titles = [todo.title for todo in todos_of(team.participant)]

    assert titles == [f"Bewerten: „{busy.title}“"]
    text = page(client, team.participant)
    for staff_title in STAFF_TITLES:
        assert staff_title not in text


def test_expert_sees_rating_and_followed_thread_only(team, busy):
    titles = [todo.title for todo in todos_of(team.expert)]

    assert titles[0] == f"Bewerten: „{busy.title}“"
    assert len(titles) == 2
    assert titles[1].startswith("Neue Beiträge im Expertenforum")


def test_editor_curates_sources_but_does_not_run_rounds(team, busy):
    titles = " ".join(todo.title for todo in todos_of(team.editor))

    assert "Textstellen aus bestehenden Konzepten prüfen" in titles
    assert "Bewertungsrunde" not in titles
    assert "Konsens" not in titles
    assert "Einladungen" not in titles


def test_moderator_sets_consensus_but_does_not_close_rounds(team, busy):
    titles = " ".join(todo.title for todo in todos_of(team.moderator))

    assert "Konsens festlegen" in titles
    assert "Bewertungsrunde läuft" not in titles
    assert "Einladungen" not in titles


@pytest.mark.parametrize(
    "name", ["coordinator", "moderator", "editor", "expert", "participant", "outsider"]
)
def test_every_to_do_link_answers_200_for_its_person(team, busy, client, name):
    user = getattr(team, name)
    client.force_login(user)
    todos = todos_of(user)

    for todo in todos:
        assert client.get(todo.url).status_code == 200, (todo.title, todo.url)


def test_nothing_to_do_has_an_empty_state(team, client):
    text = page(client, team.outsider)

    assert "Nichts zu tun" in text


# Tenancy ---------------------------------------------------------------------------------------


def test_another_agendas_to_dos_never_appear(team, busy, client):
    other = AgendaFactory(title="Digitale Agenda Anderswo", slug="anderswo")
    stranger = UserFactory(name="Fremde Koordination")
    MembershipFactory(user=stranger, agenda=other, role=Role.COORDINATOR)
    other_round = busy_agenda(
        other, busy.version, raters=[team.expert, stranger], follower=team.expert
    )

    text = page(client, team.coordinator)
    assert "Anderswo" not in text
    assert other_round.title not in text
    # Even an invitation into a round of an agenda one has no role in stays out.
    assert other_round.title not in page(client, team.expert)
    assert {todo.agenda for todo in todos_of(stranger)} == {other}


def test_the_registry_drops_to_dos_of_agendas_it_was_not_asked_about(team):
    other = AgendaFactory()
    registry = TodoRegistry()
    registry.register(
        "leaky",
        lambda user, agendas: [
            Todo(agenda=other, title="fremd", url="/"),
            Todo(agenda=agendas[0], title="eigen", url="/"),
        ],
    )

    assert [t.title for t in registry.collect(team.coordinator, [team.agenda])] == ["eigen"]
    with pytest.raises(ValueError, match="twice"):
        registry.register("leaky", lambda user, agendas: [])


# Queries ---------------------------------------------------------------------------------------


def count_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(captured)


def test_dashboard_costs_the_same_with_one_and_with_five_busy_agendas(db, client):
    version = build_framework()
    coordinator = UserFactory(name="Viel Beschäftigt")
    client.force_login(coordinator)

    def add_agenda():
        agenda = AgendaFactory(is_public=True)
        MembershipFactory(user=coordinator, agenda=agenda, role=Role.COORDINATOR)
        MembershipFactory(user=coordinator, agenda=agenda, role=Role.EXPERT)
        busy_agenda(agenda, version, raters=[coordinator], follower=coordinator)

    add_agenda()
    one = count_queries(client)
    for _ in range(4):
        add_agenda()
    five = count_queries(client)

    assert five == one
    assert len(todos_of(coordinator)) > 5 * 5
    assert RaterInvitation.objects.filter(user=coordinator, submitted__isnull=True).count() == 5
