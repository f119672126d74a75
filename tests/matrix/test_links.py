"""Every matrix page is reachable by following links from the agenda home, for every role,
and no link shown leads to a refusal (issue 10)."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from regioagenda.core import permissions
from regioagenda.matrix.models import RoundStatus
from regioagenda.matrix.services import survey as survey_services

HOME = "/agenden/teamhausen/"
MATRIX = HOME + "matrix/"
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
    """GET the agenda home and every matrix page linked from there, transitively.

    Returns {path: status} of every matrix link shown on a page visited."""
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
            if not href.startswith(MATRIX) or href in seen or href in queue:
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
    survey_services.set_survey_open(actor=team.coordinator, assessment_round=running, is_open=True)
    for user in vars(team).values():
        if hasattr(user, "is_authenticated"):
            permissions.forget_roles(user)
    assessed.running = running
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
        "survey": f"{MATRIX}runden/{running}/umfrage/",
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
def test_round_detail_opens_and_closes_the_survey(client, linked):
    coordinator = linked.team.coordinator
    client.force_login(coordinator)
    url = f"{MATRIX}runden/{linked.running.pk}/"
    html = client.get(url).content.decode()
    toggle = f"{url}umfrage/oeffnen/"
    assert f'action="{toggle}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Selbsteinschätzung schließen" in html
    response = client.post(toggle, {"open": "0", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    linked.running.refresh_from_db()
    assert not linked.running.survey_open
    html = client.get(url).content.decode()
    assert "Selbsteinschätzung öffnen" in html
    assert f'{url}umfrage/"' not in html  # no link to a closed survey
    # The moderator sees neither the button nor, once closed, a survey link.
    client.force_login(linked.team.moderator)
    html = client.get(url).content.decode()
    assert toggle not in html


@pytest.mark.django_db
def test_agenda_home_links_the_open_survey_for_anonymous(client, linked):
    html = client.get(HOME).content.decode()
    assert f'href="{MATRIX}runden/{linked.running.pk}/umfrage/"' in html
    survey_services.set_survey_open(
        actor=linked.team.coordinator, assessment_round=linked.running, is_open=False
    )
    html = client.get(HOME).content.decode()
    assert "/umfrage/" not in html
