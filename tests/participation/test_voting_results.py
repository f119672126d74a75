"""Results of a dot vote: the maths, sectors below five voters suppressed, who sees them when,
the CSV, and a fixed number of queries."""

import pytest
from django.test import Client
from django.urls import reverse

from regioagenda.participation.models import VoteRelease
from regioagenda.participation.queries.voting import results
from regioagenda.participation.services.voting import publish_results
from tests.conftest import get_counting_queries
from tests.participation_factories import IdeaFactory
from tests.voting_factories import end_vote, give, open_vote, voter


@pytest.fixture
def voted(team):
    agenda = team.agenda
    open_vote(agenda, points=10)
    a, b, c = (IdeaFactory(agenda=agenda, step="projects", title=t) for t in "ABC")
    for _ in range(5):
        give(agenda, voter(agenda, "economy"), {a: 6, b: 4})
    for _ in range(3):
        give(agenda, voter(agenda, "education"), {b: 10})
    give(agenda, voter(agenda, ""), {c: 2, a: 1})
    return team, (a, b, c)


def test_points_voters_and_shares(voted):
    team, (a, b, c) = voted
    result = results(team.agenda, "projects")

    assert [(r.idea.title, r.points, r.voters) for r in result.rows] == [
        ("B", 50, 8),
        ("A", 31, 6),
        ("C", 2, 1),
    ]
    assert result.points == 83
    assert result.voters == 9
    assert [r.share for r in result.rows] == [60.2, 37.3, 2.4]


def test_sectors_below_five_voters_are_not_shown(voted):
    team, (a, b, _c) = voted
    result = results(team.agenda, "projects")

    labels = {s.key: s.voters_label for s in result.sectors}
    assert labels == {"economy": "5", "education": "< 5", "": "< 5"}
    assert [s.key for s in result.shown_sectors] == ["economy"]
    row_b = next(r for r in result.rows if r.idea == b)
    assert result.sector_cells(row_b) == [20]


def test_results_are_for_the_team_while_the_vote_runs(voted, no_staff_mfa):
    team, _ideas = voted
    url = reverse("participation:voting_results", args=[team.agenda.slug, "projects"])
    assert Client().get(url).status_code == 403
    participant = Client()
    participant.force_login(team.participant)
    assert participant.get(url).status_code == 403
    html, _count = get_counting_queries(team.moderator, url)
    assert "Zwischenstand" in html


def test_results_are_public_after_the_end(voted):
    team, _ideas = voted
    end_vote(team.agenda)
    response = Client().get(
        reverse("participation:voting_results", args=[team.agenda.slug, "projects"])
    )
    assert response.status_code == 200
    assert "< 5" in response.content.decode() or "&lt; 5" in response.content.decode()


def test_the_coordinator_publishes_early_and_withdraws(voted):
    team, _ideas = voted
    url = reverse("participation:voting_results", args=[team.agenda.slug, "projects"])
    publish_results(actor=team.coordinator, agenda=team.agenda, step="projects")
    assert Client().get(url).status_code == 200
    publish_results(actor=team.coordinator, agenda=team.agenda, step="projects", publish=False)
    assert not VoteRelease.objects.exists()
    assert Client().get(url).status_code == 403


def test_only_the_coordinator_publishes(voted, client, no_staff_mfa):
    team, _ideas = voted
    client.force_login(team.moderator)
    url = reverse("participation:voting_publish", args=[team.agenda.slug, "projects"])
    assert client.post(url, {"action": "publish"}).status_code == 403
    assert not VoteRelease.objects.exists()


def test_csv_has_one_row_per_idea_and_only_shown_sectors(voted):
    team, _ideas = voted
    end_vote(team.agenda)
    response = Client().get(
        reverse("participation:voting_results_csv", args=[team.agenda.slug, "projects"])
    )
    lines = response.content.decode("utf-8-sig").strip().split("\r\n")
    assert lines[0] == "Idee;Nr.;Punkte;Anteil in %;Personen;Punkte: Wirtschaft"
    assert lines[1].startswith("B;") and lines[1].endswith(";50;60,2;8;20")
    assert len(lines) == 4
    assert "Bildung" not in response.content.decode("utf-8-sig")


def test_the_results_page_has_a_fixed_number_of_queries(voted):
    team, _ideas = voted
    end_vote(team.agenda)
    url = reverse("participation:voting_results", args=[team.agenda.slug, "projects"])
    _html, small = get_counting_queries(team.participant, url)
    for _ in range(20):
        idea = IdeaFactory(agenda=team.agenda, step="projects")
        give(team.agenda, voter(team.agenda, "science"), {idea: 3})
    _html, large = get_counting_queries(team.participant, url)
    assert large == small


def test_the_voting_page_has_a_fixed_number_of_queries(voted):
    team, _ideas = voted
    url = reverse("participation:voting", args=[team.agenda.slug, "projects"])
    _html, small = get_counting_queries(team.participant, url)
    for _ in range(20):
        IdeaFactory(agenda=team.agenda, step="projects")
    _html, large = get_counting_queries(team.participant, url)
    assert large == small


def test_the_agenda_home_links_the_vote_and_after_the_end_its_result(voted):
    team, _ideas = voted
    home = team.agenda.get_absolute_url()
    html = Client().get(home).content.decode()
    assert reverse("participation:voting", args=[team.agenda.slug, "projects"]) in html
    assert reverse("participation:voting_results", args=[team.agenda.slug, "projects"]) not in html
    end_vote(team.agenda)
    html = Client().get(home).content.decode()
    assert reverse("participation:voting_results", args=[team.agenda.slug, "projects"]) in html
