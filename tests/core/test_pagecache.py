"""Public pages cached per data version (core/pagecache.py).

Never stale: a change through a service shows on the next anonymous view of every cached page
kind. Never personal: what a signed-in coordinator sees is never kept, and never served to them
from the anonymous copy. The visitor's own CSP nonce and CSRF token in every copy served.

A test runs inside a transaction that never commits, so the version bump after commit is run with
``django_capture_on_commit_callbacks`` where a service changes data (as a commit would), and one
test commits for real (``transactional_db``).
"""

import datetime
import re

import pytest
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioagenda.actors.services import register as actor_services
from regioagenda.core import pagecache
from regioagenda.core.models import Job
from regioagenda.regions import services as region_services
from tests.factories import AgendaFactory

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'nonce="([^"]+)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache(page_cache_on):
    """Every test here runs with the page cache on (tests/conftest.py)."""


@pytest.fixture
def anonymous():
    return Client()


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def _page_urls(agenda):
    slug = agenda.slug
    return {
        "landing": reverse("regions:landing"),
        "agenda home": reverse("regions:agenda_home", args=[slug]),
        "matrix page": reverse("matrix:overview", args=[slug]),
        "network": reverse("actors:network", args=[slug]),
        "public actors": reverse("actors:public", args=[slug]),
        "concept coverage": reverse("sources:coverage", args=[slug]),
    }


# Served from the cache, each visitor with their own nonce and token ---------------------------


def test_an_anonymous_page_is_rendered_once_and_then_served_from_the_cache(team, anonymous):
    url = reverse("regions:agenda_home", args=[team.agenda.slug])
    first = _get(anonymous, url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = _get(Client(), url)
    assert second["X-Page-Cache"] == "hit"
    # Only the data version (the default cache is the database table in the tests).
    assert len(queries) <= 1, [q["sql"] for q in queries]
    assert team.agenda.title in second.content.decode()


def test_every_visitor_gets_their_own_nonce_and_csrf_token(team, anonymous):
    url = reverse("regions:agenda_home", args=[team.agenda.slug])
    _get(anonymous, url)
    visitor = Client(enforce_csrf_checks=True)
    response = _get(visitor, url)
    assert response["X-Page-Cache"] == "hit"
    html = response.content.decode()
    assert pagecache.NONCE_PLACEHOLDER not in html
    assert pagecache.CSRF_PLACEHOLDER not in html
    nonces = set(NONCE.findall(html))
    assert len(nonces) == 1
    assert f"'nonce-{nonces.pop()}'" in response["Content-Security-Policy"]
    # The language switch posts with the token of the page this visitor got.
    token = TOKEN.findall(html)[0]
    switched = visitor.post(
        reverse("set_language"), {"csrfmiddlewaretoken": token, "language": "en", "next": "/"}
    )
    assert switched.status_code == 302


def test_each_language_has_its_own_copy(team, anonymous):
    german = _get(anonymous, reverse("regions:landing"))
    english = _get(anonymous, "/en/")
    assert english["X-Page-Cache"] == "miss"
    assert german.content != english.content
    assert _get(Client(), "/en/")["X-Page-Cache"] == "hit"


def test_pages_with_query_parameters_or_waiting_messages_are_not_kept(team, anonymous):
    url = reverse("actors:network", args=[team.agenda.slug])
    assert "X-Page-Cache" not in _get(anonymous, url + "?sektor=science")
    _get(anonymous, url)
    with_message = Client()
    storage = CookieStorage(None)
    with_message.cookies["messages"] = storage._encode([Message(25, "Gespeichert.")])
    response = _get(with_message, url)
    assert "X-Page-Cache" not in response


# Never personal ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["agenda home", "matrix page", "network", "public actors"])
def test_a_coordinators_page_is_never_kept_nor_served_to_anonymous(
    team, anonymous, login, no_staff_mfa, kind
):
    url = _page_urls(team.agenda)[kind]
    coordinator = login(team.coordinator)
    own = _get(coordinator, url)
    assert "X-Page-Cache" not in own
    assert "no-store" in own["Cache-Control"]
    seen = _get(anonymous, url)
    assert seen["X-Page-Cache"] == "miss"  # the coordinator's page was not kept
    assert team.coordinator.email not in seen.content.decode()
    assert reverse("account_logout") not in seen.content.decode()
    # And the anonymous copy is never served to the coordinator.
    again = _get(coordinator, url)
    assert "X-Page-Cache" not in again
    assert reverse("account_logout") in again.content.decode()


def test_the_agenda_home_of_two_roles_differs_and_neither_leaks(
    team, anonymous, login, no_staff_mfa
):
    url = reverse("regions:agenda_home", args=[team.agenda.slug])
    settings_url = reverse("regions:agenda_settings", args=[team.agenda.slug])
    _get(anonymous, url)
    assert _get(Client(), url)["X-Page-Cache"] == "hit"
    coordinator_page = _get(login(team.coordinator), url).content.decode()
    assert settings_url in coordinator_page
    participant = Client()
    participant.force_login(team.participant)
    participant_page = _get(participant, url).content.decode()
    assert settings_url not in participant_page
    assert settings_url not in _get(Client(), url).content.decode()


def test_a_private_agenda_is_refused_to_anonymous_after_the_public_page_was_kept(team, anonymous):
    url = reverse("regions:agenda_home", args=[team.agenda.slug])
    _get(anonymous, url)
    with _committing():
        region_services.update_agenda(actor=team.coordinator, agenda=team.agenda, is_public=False)
    assert Client().get(url).status_code in (403, 404)


# Never stale --------------------------------------------------------------------------------------


class _committing:
    """Runs the commit hooks of what happens inside, as the commit of a request would."""

    def __enter__(self):
        from django.test import TestCase

        self._context = TestCase.captureOnCommitCallbacks(execute=True)
        return self._context.__enter__()

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)


@pytest.mark.parametrize(
    "kind",
    ["landing", "agenda home", "matrix page", "network", "public actors", "concept coverage"],
)
def test_a_changed_title_shows_on_every_cached_page_kind(team, anonymous, kind):
    url = _page_urls(team.agenda)[kind]
    _get(anonymous, url)
    assert _get(Client(), url)["X-Page-Cache"] == "hit"
    with _committing():
        region_services.update_agenda(
            actor=team.coordinator, agenda=team.agenda, title="Digitale Agenda Neuhausen"
        )
    response = _get(Client(), url)
    assert response["X-Page-Cache"] == "miss"
    assert "Digitale Agenda Neuhausen" in response.content.decode()


def test_a_new_organisation_shows_on_the_public_actors_page(team, matrix_v1, anonymous):
    url = reverse("actors:public", args=[team.agenda.slug])
    assert "Kreisbauernverband" not in _get(anonymous, url).content.decode()
    with _committing():
        actor_services.create_organisation(
            actor=team.coordinator,
            agenda=team.agenda,
            name="Kreisbauernverband",
            sector="agriculture",
        )
    assert "Kreisbauernverband" in _get(Client(), url).content.decode()


def test_a_changed_step_shows_on_the_agenda_home(team, anonymous):
    url = reverse("regions:agenda_home", args=[team.agenda.slug])
    _get(anonymous, url)
    with _committing():
        region_services.update_agenda(
            actor=team.coordinator, agenda=team.agenda, summary="Neu: Breitband für alle Höfe."
        )
    assert "Neu: Breitband für alle Höfe." in _get(Client(), url).content.decode()


def test_a_closed_round_written_without_a_service_shows_on_the_matrix_page(
    team, anonymous, make_assessment
):
    """The admin, commands and demo data write without an audit event: model signals bump."""
    from tests.matrix_factories import build_framework

    url = reverse("matrix:overview", args=[team.agenda.slug])
    version = build_framework()
    _get(anonymous, url)
    with _committing():
        make_assessment(team.agenda, version, consensus={"mobility": (2, 4)}, title="Runde Sonne")
    assert "Runde Sonne" in _get(Client(), url).content.decode()


def test_the_landing_page_lists_a_new_public_agenda(team, anonymous):
    _get(anonymous, reverse("regions:landing"))
    with _committing():
        AgendaFactory(title="Digitale Agenda Seehausen", is_public=True)
    assert (
        "Digitale Agenda Seehausen" in _get(Client(), reverse("regions:landing")).content.decode()
    )


# The version: once per transaction, nothing on rollback, not for bookkeeping -------------------


def test_a_rolled_back_change_keeps_the_version(team):
    before = pagecache.data_version()
    with _committing(), pytest.raises(RuntimeError), transaction.atomic():
        region_services.update_agenda(actor=team.coordinator, agenda=team.agenda, title="X")
        raise RuntimeError
    assert pagecache.data_version() == before


def test_a_change_that_survives_a_rolled_back_savepoint_still_counts(team):
    before = pagecache.data_version()
    with _committing(), transaction.atomic():
        region_services.update_agenda(actor=team.coordinator, agenda=team.agenda, title="Y")
        with pytest.raises(RuntimeError), transaction.atomic():
            region_services.update_agenda(actor=team.coordinator, agenda=team.agenda, summary="Z")
            raise RuntimeError
    assert pagecache.data_version() != before


def test_many_writes_in_one_transaction_bump_once(team, monkeypatch):
    bumps = []
    monkeypatch.setattr(pagecache, "_bump", lambda: bumps.append(1))
    with _committing(), transaction.atomic():
        for year in range(5):
            region_services.update_agenda(
                actor=team.coordinator,
                agenda=team.agenda,
                horizon_year=datetime.date.today().year + 5 + year,
            )
    assert len(bumps) == 1


def test_job_progress_and_logins_do_not_change_the_version(team, login):
    before = pagecache.data_version()
    with _committing():
        job = Job.objects.create(kind="test.kind", label="x", params={})
        job.progress = 50
        job.save()
        login(team.participant)
        from django.contrib.auth.models import update_last_login

        update_last_login(None, team.participant)
    assert pagecache.data_version() == before


def test_a_lost_version_gives_a_new_one_and_no_old_page(team, anonymous):
    url = reverse("regions:landing")
    _get(anonymous, url)
    cache.delete(pagecache.VERSION_KEY)  # evicted
    assert _get(Client(), url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_through_a_service_invalidates_without_help(team, anonymous):
    url = reverse("regions:agenda_home", args=[team.agenda.slug])
    _get(anonymous, url)
    region_services.update_agenda(
        actor=team.coordinator, agenda=team.agenda, title="Digitale Agenda Commitdorf"
    )
    assert "Digitale Agenda Commitdorf" in _get(Client(), url).content.decode()


# Results kept per data version for signed-in users too (the matrix page's scores and charts) ---


def test_the_coordinators_matrix_page_shows_a_closed_round_at_once(
    team, login, no_staff_mfa, make_assessment
):
    from tests.matrix_factories import build_framework

    coordinator = login(team.coordinator)
    matrix = reverse("matrix:overview", args=[team.agenda.slug])
    home = reverse("regions:agenda_home", args=[team.agenda.slug])
    version = build_framework()
    with _committing():
        make_assessment(team.agenda, version, consensus={"mobility": (2, 4)}, title="Runde Eins")
    assert "Runde Eins" in _get(coordinator, matrix).content.decode()
    _get(coordinator, home)
    with _committing():
        make_assessment(team.agenda, version, consensus={"mobility": (1, 3)}, title="Runde Zwei")
    assert "Runde Zwei" in _get(coordinator, matrix).content.decode()
    assert "Runde Zwei" in _get(coordinator, home).content.decode()


def test_a_kept_result_is_computed_once_per_version(team):
    calls = []

    def compute():
        calls.append(1)
        return {"answer": 42}

    assert pagecache.per_version("test", 1, compute=compute) == {"answer": 42}
    assert pagecache.per_version("test", 1, compute=compute) == {"answer": 42}
    assert pagecache.per_version("test", 2, compute=compute) == {"answer": 42}
    assert len(calls) == 2
    with _committing():
        region_services.update_agenda(actor=team.coordinator, agenda=team.agenda, title="W")
    pagecache.per_version("test", 1, compute=compute)
    assert len(calls) == 3


def test_a_kept_fragment_is_rendered_once_per_version_with_each_visitors_token(team, rf):
    from django.middleware.csrf import _unmask_cipher_token, get_token
    from django.template import Context, Template

    template = Template(
        '{% load pagecache %}{% per_version "test" 1 %}{{ x }}'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}">'
        "{% endper_version %}"
    )

    def render(x):
        request = rf.get("/")
        token = get_token(request)
        html = template.render(Context({"x": x, "request": request, "csrf_token": token}))
        return html, request.META["CSRF_COOKIE"]

    render("eins")
    second, secret = render("zwei")
    assert "eins" in second  # kept
    # The token in the kept piece is this visitor's (masked anew, so compared unmasked).
    assert _unmask_cipher_token(TOKEN.search(second).group(1)) == secret
    with _committing():
        region_services.update_agenda(actor=team.coordinator, agenda=team.agenda, title="V")
    assert "zwei" in render("zwei")[0]


def test_the_matrix_tables_of_a_signed_in_user_follow_a_new_round(
    team, login, no_staff_mfa, make_assessment
):
    """The round choice lives in a fragment kept per version: a new round appears in it."""
    from tests.matrix_factories import build_framework

    coordinator = login(team.coordinator)
    matrix = reverse("matrix:overview", args=[team.agenda.slug])
    version = build_framework()
    with _committing():
        make_assessment(team.agenda, version, consensus={"mobility": (2, 4)}, title="Runde Eins")
        make_assessment(team.agenda, version, consensus={"mobility": (2, 3)}, title="Runde Zwei")
    assert "Runde Zwei" in _get(coordinator, matrix).content.decode()
    with _committing():
        make_assessment(team.agenda, version, consensus={"mobility": (1, 3)}, title="Runde Drei")
    html = _get(coordinator, matrix).content.decode()
    assert html.count("Runde Drei") >= 2  # the heading and the round choice
    assert f'value="{_round_id(team.agenda, "Runde Eins")}"' in html


def _round_id(agenda, title):
    from regioagenda.matrix.models import AssessmentRound

    return AssessmentRound.objects.get(agenda=agenda, title=title).pk


def test_a_cache_that_does_not_answer_costs_a_rendering_not_the_page(team, settings, anonymous):
    from django.test import override_settings

    down = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
    }
    url = reverse("regions:agenda_home", args=[team.agenda.slug])
    with override_settings(CACHES=down):
        assert "X-Page-Cache" not in _get(anonymous, url)
        assert team.agenda.title in _get(Client(), url).content.decode()


def test_the_coordinators_matrix_page_needs_fewer_queries_from_the_cache(
    team, login, no_staff_mfa, make_assessment, settings
):
    from tests.matrix_factories import build_framework

    coordinator = login(team.coordinator)
    url = reverse("matrix:overview", args=[team.agenda.slug])
    make_assessment(team.agenda, build_framework(), consensus={"mobility": (2, 4)})

    def count():
        with CaptureQueriesContext(connection) as queries:
            _get(coordinator, url)
        return len(queries)

    settings.REGIOAGENDA_PAGE_CACHE = False
    computed = count()
    settings.REGIOAGENDA_PAGE_CACHE = True
    count()  # fills the cache
    assert count() < computed
