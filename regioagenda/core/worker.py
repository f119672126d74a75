"""Is the database task queue being worked? The worker's heartbeat and the queue's oldest task.

``manage.py worker`` (the database worker with a heartbeat) writes the time of its last sign of
life into the cache, which is shared by all processes (the database, or Redis). ``/healthz``
reads the age of the oldest task still waiting; a task that waits longer than
``settings.TASKS_STALLED_AFTER`` while no worker has reported within that time means the queue is
stalled (an upload would sit at 0 % forever).
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "regioagenda:task-worker:heartbeat"
HEARTBEAT_SECONDS = 15
# Kept for a day: an old value still says "last seen 5 hours ago" instead of "never".
HEARTBEAT_KEEP_SECONDS = 24 * 60 * 60


def record_heartbeat(now: float | None = None) -> None:
    """Note that a worker is alive (called by ``manage.py worker`` every HEARTBEAT_SECONDS)."""
    cache.set(HEARTBEAT_KEY, time.time() if now is None else now, HEARTBEAT_KEEP_SECONDS)


def heartbeat_age() -> float | None:
    """Seconds since a worker last reported, or None when none has (within a day)."""
    seen = cache.get(HEARTBEAT_KEY)
    if not isinstance(seen, int | float):
        return None
    return max(0.0, time.time() - seen)


def oldest_waiting_age() -> float | None:
    """Seconds the oldest task ready to run has been waiting in the database queue (None: none).

    One query. A task with ``run_after`` waits from that moment on, any other from its enqueueing.
    """
    from django_tasks_db.models import DBTaskResult, get_date_max

    oldest = (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", "run_after")
        .first()
    )
    if oldest is None:
        return None
    enqueued_at, run_after = oldest
    since = enqueued_at if run_after is None or run_after == get_date_max() else run_after
    since = max(since, enqueued_at)
    return max(0.0, (timezone.now() - since).total_seconds())


@dataclass(frozen=True)
class QueueHealth:
    oldest_waiting_seconds: float | None
    heartbeat_seconds: float | None
    stalled_after: int

    @property
    def stalled(self) -> bool:
        waiting = self.oldest_waiting_seconds
        if waiting is None or waiting <= self.stalled_after:
            return False
        # A worker busy with a long task still reports; tasks then wait, but nothing is stuck.
        return self.heartbeat_seconds is None or self.heartbeat_seconds > self.stalled_after

    def as_json(self) -> dict[str, int | None]:
        def whole(seconds: float | None) -> int | None:
            return None if seconds is None else int(seconds)

        return {
            "oldest_waiting_seconds": whole(self.oldest_waiting_seconds),
            "worker_seen_seconds_ago": whole(self.heartbeat_seconds),
            "stalled_after_seconds": self.stalled_after,
        }


def database_queue_health() -> QueueHealth:
    """The queue's state: the oldest waiting task (one query) and the heartbeat (one cache read)."""
    return QueueHealth(oldest_waiting_age(), heartbeat_age(), settings.TASKS_STALLED_AFTER)
