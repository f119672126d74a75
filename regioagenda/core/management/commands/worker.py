"""``manage.py worker``: django-tasks-db's ``db_worker`` with a heartbeat and patience for SQLite.

Takes the same options as ``db_worker``. Two additions:

- a thread records a heartbeat every ``core.worker.HEARTBEAT_SECONDS`` (also while a long task
  runs), which ``/healthz`` reads to tell a busy worker from a missing one;
- "database is locked" from SQLite, wherever in the poll loop it happens, is logged and retried
  after a pause instead of ending the worker (``db_worker`` retries it only while claiming a task).

``make demo`` also restarts the worker whenever it exits for another reason.
"""

import logging
import threading
import time

from django.core.management.base import CommandError
from django.db import close_old_connections, connections
from django.db.utils import OperationalError
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.utils import is_locked_database_exception

from regioagenda.core.worker import HEARTBEAT_SECONDS, record_heartbeat

logger = logging.getLogger("regioagenda.worker")

LOCKED_PAUSE_SECONDS = 2.0


class PatientWorker(Worker):
    """A database worker that waits out a locked SQLite database instead of exiting."""

    def run(self) -> None:
        while True:
            try:
                super().run()
                return
            except OperationalError as exc:
                if not (self.running and is_locked_database_exception(exc)):
                    raise
                logger.warning(
                    "Task worker: the database is locked (%s); trying again in %.0f s.",
                    exc,
                    LOCKED_PAUSE_SECONDS,
                )
                connections.close_all()  # a fresh connection, out of any broken transaction
                time.sleep(LOCKED_PAUSE_SECONDS)
                self.startup_delay = False


class Heartbeat(threading.Thread):
    """Records a heartbeat every ``interval`` seconds until stopped (the first one is written by
    the main thread before the worker starts, so it never races the worker's first query)."""

    def __init__(self, interval: float = HEARTBEAT_SECONDS) -> None:
        super().__init__(name="task-worker-heartbeat", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def beat(self) -> None:
        try:
            close_old_connections()
            record_heartbeat()
        except Exception as exc:  # a missed beat must never stop the worker
            logger.warning("Task worker: could not record the heartbeat: %s", exc)

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                self.beat()
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()


class Command(DBWorkerCommand):
    help = "Run the database task worker with a heartbeat for /healthz (options as db_worker)."

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: object,
    ) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        if reload:
            logger.warning("Task worker: --reload is not supported here; running without it.")
        worker = PatientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        record_heartbeat()
        heartbeat = Heartbeat()
        heartbeat.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            heartbeat.stop()
            worker.reset_signals()
        record_heartbeat()  # a batch run that just emptied the queue was alive until now
