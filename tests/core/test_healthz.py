"""The health check answers for the database and the task queue, with the real database."""

import pytest


@pytest.fixture
def healthz(client, db):
    def get():
        return client.get("/healthz")

    return get


def test_healthy_with_the_immediate_backend(healthz):
    response = healthz()

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "tasks": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_healthy_with_the_database_queue(healthz, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    response = healthz()

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["checks"]) == ("ok", {"database": "ok", "tasks": "ok"})
    assert body["queue"]["oldest_waiting_seconds"] is None  # details: test_healthz_worker.py


def test_unreachable_redis_reports_503(healthz, settings):
    # django_rq reads RQ_QUEUES on every call (django_rq.settings.__getattr__), so overriding works.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}

    response = healthz()

    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "ok", "tasks": "error"}}


def test_only_get_is_allowed(client, db):
    response = client.post("/healthz")

    assert response.status_code == 405


def test_healthz_is_reachable_for_staff_without_second_factor(login, db, settings):
    """The MFA redirect must never hide the health check (load balancers follow no redirects)."""
    from tests.factories import UserFactory

    settings.REGIOAGENDA_REQUIRE_STAFF_MFA = True
    response = login(UserFactory(is_superuser=True, is_staff=True)).get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_favicon_ico_leads_to_the_svg_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
    assert client.get("/").content.decode().count('rel="icon"') == 1
