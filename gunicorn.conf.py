"""Gunicorn's hooks for persistent database connections (read from the working directory).

Settings stay on the command line (docs/deployment.md); this file only makes connections safe
when a worker is forked and when it ends (``--max-requests`` recycling, HUP, shutdown).
"""

import sys


def _close_database_connections():
    if "django.db" in sys.modules:  # only when the worker has loaded Django
        from django.db import connections

        connections.close_all()


def post_fork(server, worker):
    # With --preload the master may have opened a connection; a socket shared by two processes
    # mixes their queries. Each worker opens its own.
    _close_database_connections()


def worker_exit(server, worker):
    # End the session cleanly instead of leaving PostgreSQL to notice a dropped socket.
    _close_database_connections()
