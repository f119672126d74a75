"""Probe L2 (issue 10): /healthz said the task queue was fine with no worker running, and an
upload then sat at 0 % forever. Now it reports the oldest waiting task and the worker's heartbeat,
and answers 503 "stalled" when a task waits too long with no worker alive. Also: the worker
waits out a locked SQLite database (M1) and /healthz answers over plain HTTP (no 301)."""

import datetime
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.utils import OperationalError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from regioagenda.core import jobs
from regioagenda.core.management.commands import worker as worker_command
from regioagenda.core.models import Job, JobState
from regioagenda.core.worker import HEARTBEAT_KEY, heartbeat_age, record_heartbeat

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@jobs.handler("tests.probe_upload")
def pretend_upload(params, progress):
    progress(100, "fertig")
    return {"message": "Hochgeladen"}


@pytest.fixture
def db_queue(settings):
    from django.core.cache import cache

    settings.TASKS = DB_QUEUE
    settings.TASKS_STALLED_AFTER = 120
    cache.delete(HEARTBEAT_KEY)
    yield
    cache.delete(HEARTBEAT_KEY)


def _upload(django_capture_on_commit_callbacks, waited=0):
    """What an upload does: a job whose task waits in the database queue, ``waited`` seconds."""
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start("tests.probe_upload", label="Hochladen", params={})
    earlier = timezone.now() - datetime.timedelta(seconds=waited)
    DBTaskResult.objects.update(enqueued_at=earlier)
    return job


@pytest.mark.django_db
def test_no_worker_and_a_task_waiting_too_long_is_503_stalled(
    client, db_queue, django_capture_on_commit_callbacks
):
    job = _upload(django_capture_on_commit_callbacks, waited=300)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"] == {"database": "ok", "tasks": "stalled"}
    assert 300 <= body["queue"]["oldest_waiting_seconds"] < 360
    assert body["queue"]["worker_seen_seconds_ago"] is None
    assert body["queue"]["stalled_after_seconds"] == 120
    # Reporting changes nothing: the task still waits, the job is still queued.
    assert DBTaskResult.objects.get().status == "READY"
    assert Job.objects.get(pk=job.pk).state == JobState.QUEUED


@pytest.mark.django_db
def test_a_fresh_task_is_not_stalled(client, db_queue, django_capture_on_commit_callbacks):
    _upload(django_capture_on_commit_callbacks, waited=5)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["tasks"] == "ok"
    assert 5 <= response.json()["queue"]["oldest_waiting_seconds"] < 60


@pytest.mark.django_db
def test_a_busy_worker_with_a_recent_heartbeat_is_not_stalled(
    client, db_queue, django_capture_on_commit_callbacks
):
    _upload(django_capture_on_commit_callbacks, waited=300)
    record_heartbeat(time.time() - 10)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["tasks"] == "ok"
    assert 10 <= response.json()["queue"]["worker_seen_seconds_ago"] < 60


@pytest.mark.django_db
def test_an_old_heartbeat_does_not_save_a_stalled_queue(
    client, db_queue, django_capture_on_commit_callbacks
):
    _upload(django_capture_on_commit_callbacks, waited=300)
    record_heartbeat(time.time() - 600)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["tasks"] == "stalled"
    assert response.json()["queue"]["worker_seen_seconds_ago"] >= 600


@pytest.mark.django_db
def test_an_empty_queue_is_fine_without_a_worker(client, db_queue):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["queue"] == {
        "oldest_waiting_seconds": None,
        "worker_seen_seconds_ago": None,
        "stalled_after_seconds": 120,
    }


@pytest.mark.django_db
def test_healthz_stays_cheap(client, db_queue, django_capture_on_commit_callbacks):
    _upload(django_capture_on_commit_callbacks, waited=300)

    with CaptureQueriesContext(connection) as queries:
        client.get("/healthz")

    # SELECT 1, the oldest waiting task, the heartbeat (in the database cache).
    assert len(queries) <= 3


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_task_and_records_its_heartbeat(
    client, db_queue, django_capture_on_commit_callbacks
):
    job = _upload(django_capture_on_commit_callbacks, waited=300)
    assert client.get("/healthz").status_code == 503

    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)

    assert Job.objects.get(pk=job.pk).state == JobState.SUCCEEDED
    assert heartbeat_age() is not None and heartbeat_age() < 60
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["queue"]["oldest_waiting_seconds"] is None


def _worker():
    return worker_command.PatientWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="probe",
        excluded_queue_names=[],
    )


def test_the_worker_waits_out_a_locked_database(monkeypatch):
    """db_worker exited on "database is locked" in its poll loop and stayed dead."""
    calls = []

    def poll_once(self):
        calls.append(len(calls))
        if len(calls) < 3:
            raise OperationalError("database is locked")

    monkeypatch.setattr(Worker, "run", poll_once)
    monkeypatch.setattr(worker_command.time, "sleep", lambda seconds: None)

    _worker().run()

    assert calls == [0, 1, 2]


def test_the_worker_still_fails_on_other_database_errors(monkeypatch):
    def broken(self):
        raise OperationalError("no such table: django_tasks_database_dbtaskresult")

    monkeypatch.setattr(Worker, "run", broken)

    with pytest.raises(OperationalError, match="no such table"):
        _worker().run()


# Plain HTTP (item 3) ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_plain_http_under_the_ssl_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    health = client.get("/healthz")
    page = client.get("/")

    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    assert page.status_code == 301 and page["Location"].startswith("https://")
    assert client.get("/healthz/").status_code in (301, 404)  # only the exact path is exempt
