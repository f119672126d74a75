"""The dashboard and the agenda home keep their agenda-wide parts per data version (issue 12).

With the page cache on: the same to-dos and blocks as computed afresh, fewer queries the second
time, the counts not growing with the data, and nothing one person may see served to another
who may not (what is kept is keyed by the agendas; who sees it is decided per request).
"""

import html
import re

import pytest

from regioagenda.accounts.models import Role
from tests.conftest import get_counting_queries
from tests.factories import AgendaFactory, MembershipFactory, UserFactory
from tests.matrix_factories import build_framework
from tests.todo_helpers import WAITING_PASSAGES, busy_agenda

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]

DASHBOARD = "/mein-bereich/"


@pytest.fixture(autouse=True)
def _page_cache(page_cache_on):
    """Every test here runs with the page cache on (tests/conftest.py)."""


@pytest.fixture
def busy(team):
    return busy_agenda(
        team.agenda,
        build_framework(),
        raters=[team.expert, team.participant],
        follower=team.expert,
        finished=team.editor,
    )


def _page(user, url):
    text, queries = get_counting_queries(user, url)
    return html.unescape(text), queries


def _uncached(settings, user, url):
    settings.REGIOAGENDA_PAGE_CACHE = False
    try:
        return _page(user, url)
    finally:
        settings.REGIOAGENDA_PAGE_CACHE = True


def test_the_coordinators_dashboard_is_the_same_from_the_cache_with_fewer_queries(
    team, busy, settings
):
    computed, computed_queries = _uncached(settings, team.coordinator, DASHBOARD)
    _page(team.coordinator, DASHBOARD)  # fills the cache
    kept, kept_queries = _page(team.coordinator, DASHBOARD)

    assert f"{WAITING_PASSAGES} Textstellen warten auf Ihre Entscheidung" in kept
    for text in (
        "Auswertung fehlgeschlagen: „Kaputt",
        "1 von 3 Bewertungen abgeschlossen.",
        "8 von 16 Handlungsfeldern noch ohne Konsens.",
        "Lücken in der Abdeckung schließen",
    ):
        assert text in computed and text in kept
    assert kept_queries < computed_queries


def test_what_the_coordinator_filled_in_is_not_shown_to_the_participant(team, busy):
    _page(team.coordinator, DASHBOARD)
    _page(team.coordinator, team.agenda.get_absolute_url())
    text, _queries = _page(team.participant, DASHBOARD)

    assert f"Bewerten: „{busy.title}“" in text
    for staff_title in (
        "Textstellen aus bestehenden Konzepten prüfen",
        "Auswertung fehlgeschlagen",
        "Konsens festlegen",
        "Lücken in der Abdeckung",
    ):
        assert staff_title not in text


def test_the_agenda_home_is_the_same_from_the_cache_with_fewer_queries(team, busy, settings):
    url = team.agenda.get_absolute_url()
    computed, computed_queries = _uncached(settings, team.coordinator, url)
    _page(team.coordinator, url)
    kept, kept_queries = _page(team.coordinator, url)

    assert kept_queries < computed_queries
    # The same blocks and counts (the tokens and nonces differ per request).
    strip = re.compile(r'(nonce|value|content)="[^"]*"|"X-CSRFToken": "[^"]*"')
    assert strip.sub("", kept) == strip.sub("", computed)


def test_a_dashboard_from_the_cache_does_not_grow_with_busy_agendas(db):
    version = build_framework()
    coordinator = UserFactory(name="Viel Beschäftigt")

    def add_agenda():
        agenda = AgendaFactory(is_public=True)
        MembershipFactory(user=coordinator, agenda=agenda, role=Role.COORDINATOR)
        MembershipFactory(user=coordinator, agenda=agenda, role=Role.EXPERT)
        busy_agenda(agenda, version, raters=[coordinator], follower=coordinator)

    add_agenda()
    _page(coordinator, DASHBOARD)
    _text, one = _page(coordinator, DASHBOARD)
    for _ in range(4):
        add_agenda()
    _page(coordinator, DASHBOARD)
    _text, five = _page(coordinator, DASHBOARD)

    assert five == one
