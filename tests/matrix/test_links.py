"""Every matrix page is reachable by following links from the agenda home, for every role,
and no link shown leads to a refusal (issue 10)."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from regioagenda.core import permissions
from regioagenda.matrix.models import RoundStatus
from regioagenda.participation.models import Survey
from regioagenda.participation.services import surveys as survey_services

HOME = "/agenden/teamhausen/"
MATRIX = HOME + "matrix/"
# The public self-assessment is a survey of the participation engine, linked from the matrix.
SURVEYS = HOME + "beteiligung/umfragen/"
# Pages whose links are not followed further: many of them, and nothing new behind them.
LEAVES = re.compile(r"/indikatoren/(?!import/)[^/]+/$|\.(csv|xlsx|json)$|/werte/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _hrefs(html):
    parser = _Links()
    parser.feed(html)
    return [urldefrag(h)[0] for h in parser.hrefs]


def _crawl(client):
    """GET the agenda home and every matrix page (and survey page) linked from there,
    transitively.

    Returns {path: status} of every such link shown on a page visited."""
    seen, queue = {}, [HOME]
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        if url != HOME and LEAVES.search(urlsplit(url).path):
            continue
        for href in _hrefs(response.content.decode()):
            if not href.startswith((MATRIX, SURVEYS)) or href in seen or href in queue:
                continue
            queue.append(href)
        assert len(seen) < 200, "the crawl does not end"
    return seen


@pytest.fixture
def linked(assessed, no_staff_mfa):
    """The assessed agenda plus an open round (the expert invited) whose public survey is open."""
    from regioagenda.matrix.services import rounds

    team = assessed.team
    running = rounds.create_round(
        actor=team.coordinator, agenda=team.agenda, title="Neubewertung", version=assessed.version
    )
    rounds.invite_raters(actor=team.coordinator, assessment_round=running, users=[team.expert])
    rounds.open_round(actor=team.coordinator, assessment_round=running)
    survey = survey_services.self_assessment_for_round(
        actor=team.coordinator, assessment_round=running
    )
    survey_services.set_survey_open(actor=team.coordinator, survey=survey, is_open=True)
    for user in vars(team).values():
        if hasattr(user, "is_authenticated"):
            permissions.forget_roles(user)
    assessed.running = running
    assessed.survey = survey
    return assessed


PUBLIC = {"overview", "indicators", "survey"}
MEMBER = PUBLIC | {"round_list", "round_detail"}
EXPECTED = {
    None: PUBLIC,
    "outsider": PUBLIC,
    "participant": MEMBER,
    "expert": MEMBER | {"rate"},
    "editor": MEMBER | {"indicator_import"},
    "moderator": MEMBER | {"indicator_import", "consensus"},
    "coordinator": MEMBER | {"indicator_import", "consensus"},
    "programme_admin": MEMBER | {"indicator_import", "consensus"},
}


def _pages(linked):
    running = linked.running.pk
    return {
        "overview": MATRIX,
        "indicators": MATRIX + "indikatoren/",
        "indicator_import": MATRIX + "indikatoren/import/",
        "survey": f"{SURVEYS}{linked.survey.pk}/",
        "round_list": MATRIX + "runden/",
        "round_detail": f"{MATRIX}runden/{running}/",
        "rate": f"{MATRIX}runden/{running}/bewerten/",
        "consensus": f"{MATRIX}runden/{running}/konsens/",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_page_is_linked_and_no_link_refuses(client, linked, role):
    if role is not None:
        client.force_login(getattr(linked.team, role))
    seen = _crawl(client)
    refused = sorted(url for url, status in seen.items() if status == 403)
    assert refused == [], f"{role}: links that answer 403"
    assert all(status == 200 for status in seen.values()), seen
    pages = _pages(linked)
    reached = {name for name, url in pages.items() if url in seen}
    assert reached == EXPECTED[role], f"{role}: reached {sorted(reached)}"


@pytest.mark.django_db
def test_links_also_reach_the_closed_rounds_consensus(client, linked):
    client.force_login(linked.team.moderator)
    linked.running.status = RoundStatus.CLOSED
    linked.running.save(update_fields=["status"])
    seen = _crawl(client)
    assert f"{MATRIX}runden/{linked.round.pk}/konsens/" in seen
    assert f"{MATRIX}runden/{linked.running.pk}/konsens/" in seen


@pytest.mark.django_db
def test_round_detail_links_the_survey_management(client, linked):
    """The round page's "Selbsteinschätzung" leads to the survey's editor (open/close there)."""
    coordinator = linked.team.coordinator
    client.force_login(coordinator)
    url = f"{MATRIX}runden/{linked.running.pk}/"
    manage = f"{SURVEYS}{linked.survey.pk}/bearbeiten/"
    html = client.get(url).content.decode()
    assert f'href="{manage}"' in html
    assert f'href="{SURVEYS}{linked.survey.pk}/"' in html
    response = client.post(f"{SURVEYS}{linked.survey.pk}/oeffnen/", {"open": "0"})
    assert response.status_code == 302 and response["Location"] == manage
    linked.survey.refresh_from_db()
    assert not linked.survey.is_open
    html = client.get(url).content.decode()
    assert f'href="{SURVEYS}{linked.survey.pk}/"' not in html  # no link to a closed survey
    # A participant does not edit content: no link to the editor.
    client.force_login(linked.team.participant)
    html = client.get(url).content.decode()
    assert manage not in html and "einrichten" not in html


@pytest.mark.django_db
def test_round_without_a_survey_offers_to_set_one_up(client, linked):
    client.force_login(linked.team.coordinator)
    url = f"{MATRIX}runden/{linked.round.pk}/"
    html = client.get(url).content.decode()
    setup = f"{SURVEYS}selbsteinschaetzung/{linked.round.pk}/"
    assert f'action="{setup}"' in html
    response = client.post(setup)
    survey = Survey.objects.get(assessment_round=linked.round)
    assert response["Location"] == f"{SURVEYS}{survey.pk}/bearbeiten/"
    assert survey.questions.get().kind == "matrix_field"
    client.post(setup)  # a second click opens the same survey
    assert Survey.objects.filter(assessment_round=linked.round).count() == 1


@pytest.mark.django_db
def test_agenda_home_links_the_open_survey_for_anonymous(client, linked):
    html = client.get(HOME).content.decode()
    assert f'href="{SURVEYS}{linked.survey.pk}/"' in html
    survey_services.set_survey_open(
        actor=linked.team.coordinator, survey=linked.survey, is_open=False
    )
    html = client.get(HOME).content.decode()
    assert f'href="{SURVEYS}{linked.survey.pk}/"' not in html
