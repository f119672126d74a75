"""The job pattern through the real queues: the database worker and RQ on Redis."""

import os

import pytest
from django.core.management import call_command

from regioagenda.core import jobs
from regioagenda.core.models import Job, JobState

pytestmark = pytest.mark.django_db(transaction=True)

RQ_DB = 15  # a Redis database of its own, emptied before and after


@jobs.handler("tests.queue_count")
def count_to(params, progress):
    for step in range(params["steps"]):
        progress(100 * (step + 1) // params["steps"], f"Schritt {step + 1}")
    return {"message": f"{params['steps']} Schritte gezählt", "steps": params["steps"]}


def _start(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start("tests.queue_count", label="Zählen", params={"steps": 4})
    return job


def test_database_queue_runs_job_in_db_worker(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = _start(django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert job.task_id, "the enqueued task's id is kept on the job"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert job.progress == 100
    assert job.result["steps"] == 4
    assert job.message == "4 Schritte gezählt"


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(f"redis://127.0.0.1:6379/{RQ_DB}")
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    return client


def test_rq_queue_runs_job_in_rq_worker(settings, django_capture_on_commit_callbacks):
    client = _redis_or_skip()
    client.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:6379/{RQ_DB}"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    try:
        job = _start(django_capture_on_commit_callbacks)
        assert Job.objects.get(pk=job.pk).state == JobState.QUEUED

        import django_rq
        from django_tasks_rq.backend import Job as RQJob
        from rq import SimpleWorker

        queue = django_rq.get_queue("default", job_class=RQJob)
        assert queue.count == 1
        SimpleWorker([queue], connection=queue.connection, job_class=RQJob).work(burst=True)

        job.refresh_from_db()
        assert job.state == JobState.SUCCEEDED
        assert job.result["steps"] == 4
    finally:
        client.flushdb()


def test_unreachable_queue_marks_job_failed(settings, django_capture_on_commit_callbacks):
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    job = _start(django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "Warteschlange ist nicht erreichbar" in job.error
