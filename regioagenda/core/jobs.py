"""Long-running work with visible progress: one pattern for every app.

An app registers a handler for a kind of job in its ``jobs.py``::

    @jobs.handler("regions.import_register")
    def import_register(params, progress):
        ...
        progress(40, _("Kreise eingelesen"))
        return {"created": 12}

and starts it from a service with ``jobs.start("regions.import_register", label=…, user=…,
params={…})``. The handler runs in the task worker (``manage.py db_worker`` or RQ); the page
polls ``core:job_status`` with htmx and shows a progress bar, the message and, on failure, the
reason. Progress is written with the job's own connection: a call made inside a transaction
becomes visible when that transaction commits, so long handlers should work in batches and
report between them. A handler raises ``JobFailed`` with a sentence for the user; any other exception is
logged and shown as an unexpected error, so no traceback ever reaches a page.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django_tasks import task

from regioagenda.core.models import Job, JobState

logger = logging.getLogger(__name__)

_handlers: dict[str, Callable[..., Any]] = {}


class JobFailed(Exception):
    """A failure the user can understand and act on; its message is shown as it is."""


def handler(kind):
    def register(func):
        if kind in _handlers and _handlers[kind] is not func:
            raise ValueError(f"A job handler for {kind!r} is already registered.")
        _handlers[kind] = func
        return func

    return register


def autodiscover():
    autodiscover_modules("jobs")


def start(kind, *, label, user=None, params=None, result_url=""):
    """Record a job and queue it once the surrounding transaction has committed."""
    if kind not in _handlers:
        raise ValueError(f"No job handler registered for {kind!r}.")
    job = Job.objects.create(
        kind=kind,
        label=str(label),
        created_by=user if user is not None and user.is_authenticated else None,
        params=params or {},
        result_url=result_url,
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id):
    try:
        result = run_job.enqueue(str(job_id))
    except Exception:
        # The queue (e.g. Redis) is down: say so on the job instead of losing it silently.
        logger.exception("Could not enqueue job %s", job_id)
        Job.objects.filter(pk=job_id).update(
            state=JobState.FAILED,
            error=_(
                "Die Aufgabe konnte nicht gestartet werden: Die Warteschlange ist nicht "
                "erreichbar. Bitte später erneut versuchen."
            ),
            finished=timezone.now(),
        )
        return
    Job.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id)[:64])


class Progress:
    """Callable handed to a job handler: ``progress(percent, message)``."""

    def __init__(self, job):
        self.job = job
        self._last = -1

    def __call__(self, percent, message=""):
        percent = max(0, min(100, int(percent)))
        # Writing on every tiny step would make progress the bottleneck; whole percents suffice.
        if percent == self._last and not message:
            return
        self._last = percent
        Job.objects.filter(pk=self.job.pk).update(progress=percent, message=str(message)[:300])


def execute(job_id):
    """Run one job to its end state. Called by the task worker (and directly by tests)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("Job %s vanished before it ran", job_id)
        return
    if job.is_finished:
        return
    func = _handlers.get(job.kind)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, started=timezone.now())
    if func is None:
        _finish(
            job, JobState.FAILED, error=_("Unbekannte Aufgabenart „%(kind)s“.") % {"kind": job.kind}
        )
        return
    try:
        outcome = func(job.params, Progress(job)) or {}
    except JobFailed as exc:
        _finish(job, JobState.FAILED, error=str(exc))
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(
            job,
            JobState.FAILED,
            error=_(
                "Unerwarteter Fehler. Es wurde nichts teilweise gespeichert; der Fehler ist "
                "protokolliert. Bitte wenden Sie sich an die Betreiber."
            ),
        )
    else:
        _finish(job, JobState.SUCCEEDED, result=outcome)


def _finish(job, state, *, error="", result=None):
    fields = {"state": state, "finished": timezone.now(), "error": error}
    if state == JobState.SUCCEEDED:
        fields.update(progress=100, result=result or {})
        if result and result.get("message"):
            fields["message"] = str(result["message"])[:300]
    Job.objects.filter(pk=job.pk).update(**fields)


@task()
def run_job(job_id):
    autodiscover()
    execute(job_id)
