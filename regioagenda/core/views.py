"""Views of the shell: health check, error pages and job progress."""

import logging

from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from regioagenda.core import permissions
from regioagenda.core.models import Job

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness: the database answers and the task queue is reachable and worked.

    With the database queue, ``"tasks": "stalled"`` (503) when a task has waited longer than
    ``TASKS_STALLED_AFTER`` seconds and no worker has reported within that time; ``"queue"``
    gives the oldest waiting task's age and the worker's last heartbeat.
    """
    checks = {}
    payload = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # the point of a health check is to report, not to raise
        logger.warning("healthz: database check failed: %s", exc)
        checks["database"] = "error"
    checks["tasks"] = _task_queue_status(payload)
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks, **payload},
        status=200 if healthy else 503,
    )


def _task_queue_status(payload: dict) -> str:
    from django.conf import settings
    from django_tasks import task_backends

    try:
        backend = task_backends["default"]
        backend_path = settings.TASKS["default"]["BACKEND"]
        if backend_path.endswith("RQBackend"):
            import django_rq

            django_rq.get_connection("default").ping()
        elif backend_path.endswith("DatabaseBackend"):
            from regioagenda.core.worker import database_queue_health

            queue = database_queue_health()
            payload["queue"] = queue.as_json()
            if queue.stalled:
                logger.warning("healthz: task queue stalled: %s", payload["queue"])
                return "stalled"
        # The backend's own system checks (e.g. its app is installed) are a generator.
        if any(True for _issue in backend.check()):
            return "error"
        return "ok"
    except Exception as exc:
        logger.warning("healthz: task queue check failed: %s", exc)
        return "error"


@never_cache
def job_status(request, job_id):
    """The progress of one job; htmx polls the partial until the job has finished."""
    job = get_object_or_404(Job, pk=job_id)
    permissions.require(permissions.can_view_job, request.user, job)
    template = "core/job.html#job-progress" if request.htmx else "core/job.html"
    return render(request, template, {"job": job})


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    reason = ""
    if isinstance(exception, Http404) and exception.args:
        candidate = exception.args[0]
        # Django's own 404 messages name models and URL patterns; only ours are for people.
        if isinstance(candidate, str) and not candidate.startswith(("No ", "Tried ")):
            reason = candidate
    return render(request, "errors/404.html", {"reason": reason}, status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them to the SVG icon."""
    from django.templatetags.static import static

    return redirect(static("regioagenda/favicon.svg"), permanent=True)
