"""Long-running jobs: start, run to an end state, and the page that shows their progress."""

import uuid

import pytest
from django.urls import reverse

from regioagenda.core import jobs
from regioagenda.core.models import Job, JobState
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


@jobs.handler("tests.demo.count")
def count_handler(params, progress):
    progress(40, "Halbzeit")
    seen = Job.objects.get(pk=params["job_marker"]) if "job_marker" in params else None
    return {
        "message": f"{params['n']} Dinge gezählt",
        "n": params["n"],
        "seen_progress": seen.progress if seen else None,
        "seen_message": seen.message if seen else None,
    }


@jobs.handler("tests.demo.refuse")
def refuse_handler(params, progress):
    progress(10, "Prüfe die Datei")
    raise jobs.JobFailed("Die Datei enthält keine Gemeinden.")


@jobs.handler("tests.demo.crash")
def crash_handler(params, progress):
    raise KeyError("secret-internal-detail")


@jobs.handler("tests.demo.silent")
def silent_handler(params, progress):
    progress(250)  # out of range: clamped
    return None


def start(kind, user=None, **params):
    return jobs.start(kind, label="Testaufgabe", user=user, params=params)


def reload(job):
    return Job.objects.get(pk=job.pk)


# Running jobs ----------------------------------------------------------------------------------


def test_start_records_a_queued_job_without_running_it(db):
    user = UserFactory()
    job = start("tests.demo.count", user=user, n=3)

    job = reload(job)
    assert job.state == JobState.QUEUED
    assert job.progress == 0
    assert job.created_by == user
    assert job.params == {"n": 3}
    assert job.kind == "tests.demo.count"


def test_successful_job_ends_at_100_with_result_and_message(db):
    job = start("tests.demo.count", n=3)
    job.params["job_marker"] = str(job.pk)
    Job.objects.filter(pk=job.pk).update(params=job.params)

    jobs.execute(job.pk)

    job = reload(job)
    assert job.state == JobState.SUCCEEDED
    assert job.progress == 100
    assert job.message == "3 Dinge gezählt"
    assert job.result["n"] == 3
    # While the handler ran, the progress it reported was visible to others.
    assert job.result["seen_progress"] == 40
    assert job.result["seen_message"] == "Halbzeit"
    assert job.error == ""
    assert job.started is not None
    assert job.finished is not None
    assert job.finished >= job.started


def test_job_failed_shows_the_handlers_sentence(db):
    job = start("tests.demo.refuse")

    jobs.execute(job.pk)

    job = reload(job)
    assert job.state == JobState.FAILED
    assert job.error == "Die Datei enthält keine Gemeinden."
    assert job.progress == 10
    assert job.finished is not None


def test_unexpected_exception_gives_a_generic_error_without_traceback(db, caplog):
    job = start("tests.demo.crash")

    jobs.execute(job.pk)

    job = reload(job)
    assert job.state == JobState.FAILED
    assert job.error.startswith("Unerwarteter Fehler.")
    assert "secret-internal-detail" not in job.error
    assert "Traceback" not in job.error
    assert "KeyError" not in job.error
    # ... but the operators find the details in the log.
    assert "secret-internal-detail" in caplog.text


def test_progress_is_clamped_and_none_result_is_empty(db):
    job = start("tests.demo.silent")

    jobs.execute(job.pk)

    job = reload(job)
    assert job.state == JobState.SUCCEEDED
    assert job.progress == 100
    assert job.result == {}
    assert job.message == ""


def test_unknown_kind_at_start_raises_and_records_nothing(db):
    with pytest.raises(ValueError, match="tests.demo.nope"):
        start("tests.demo.nope")

    assert not Job.objects.exists()


def test_job_whose_handler_disappeared_fails_with_a_message(db):
    job = Job.objects.create(kind="tests.demo.gone", label="Alte Aufgabe")

    jobs.execute(job.pk)

    job = reload(job)
    assert job.state == JobState.FAILED
    assert "tests.demo.gone" in job.error


def test_finished_job_is_not_run_again(db):
    job = start("tests.demo.refuse")
    jobs.execute(job.pk)
    Job.objects.filter(pk=job.pk).update(error="schon erledigt")

    jobs.execute(job.pk)

    assert reload(job).error == "schon erledigt"


def test_vanished_job_is_ignored(db):
    jobs.execute(uuid.uuid4())  # must not raise

    assert not Job.objects.exists()


def test_on_commit_enqueues_through_the_immediate_backend(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = start("tests.demo.count", n=7)
        assert reload(job).state == JobState.QUEUED  # nothing runs before the commit

    assert len(callbacks) == 1
    job = reload(job)
    assert job.state == JobState.SUCCEEDED
    assert job.message == "7 Dinge gezählt"
    assert job.result["n"] == 7
    assert job.task_id != ""


def test_unreachable_queue_fails_the_job_with_a_message(
    db, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}

    with django_capture_on_commit_callbacks(execute=True):
        job = start("tests.demo.count", n=1)

    job = reload(job)
    assert job.state == JobState.FAILED
    assert "Warteschlange ist nicht erreichbar" in job.error
    assert job.finished is not None


# The status page -------------------------------------------------------------------------------


@pytest.fixture
def owner(db):
    return UserFactory(name="Olga Owner")


@pytest.fixture
def running_job(owner):
    job = start("tests.demo.count", user=owner, n=1)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, progress=40, message="Kreise eingelesen"
    )
    return reload(job)


def status_url(job_id):
    return reverse("core:job_status", args=[job_id])


def test_owner_sees_the_progress_page(login, owner, running_job):
    response = login(owner).get(status_url(running_job.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "Testaufgabe" in html
    assert 'max="100" value="40"' in html
    assert "Kreise eingelesen" in html
    # still running: the partial polls itself
    assert 'hx-trigger="every 1s"' in html


def test_htmx_request_gets_only_the_partial(login, owner, running_job):
    response = login(owner).get(status_url(running_job.pk), headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "<progress" in html
    assert 'value="40"' in html
    assert f'id="job-{running_job.pk}"' in html


def test_finished_job_page_stops_polling_and_shows_the_error(login, owner):
    job = start("tests.demo.refuse", user=owner)
    jobs.execute(job.pk)

    response = login(owner).get(status_url(job.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Datei enthält keine Gemeinden." in html
    assert "Die Aufgabe ist fehlgeschlagen" in html
    assert "hx-trigger" not in html


def test_crashed_job_page_shows_no_internals(login, owner):
    job = start("tests.demo.crash", user=owner)
    jobs.execute(job.pk)

    html = login(owner).get(status_url(job.pk)).content.decode()

    assert "Unerwarteter Fehler" in html
    assert "secret-internal-detail" not in html
    assert "Traceback" not in html


def test_another_user_gets_403(login, running_job):
    response = login(UserFactory()).get(status_url(running_job.pk))

    assert response.status_code == 403
    html = response.content.decode()
    assert "von einer anderen Person gestartet" in html
    assert "Kreise eingelesen" not in html


def test_anonymous_gets_no_job(client, running_job):
    response = client.get(status_url(running_job.pk))

    # Refused like every page a visitor may not see: 403, with the way to log in and come back.
    assert response.status_code == 403
    html = response.content.decode()
    assert f"{reverse('account_login')}?next={status_url(running_job.pk)}" in html
    assert "Kreise eingelesen" not in html


def test_unknown_job_is_404(login, owner):
    response = login(owner).get(status_url(uuid.uuid4()))

    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.content.decode()
