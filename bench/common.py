"""What the benchmarks share: Django on a scratch database, timing and counting queries.

A benchmark runs as a script (``.venv/bin/python bench/<name>.py``), so its folder is on the
path and ``from common import …`` finds this module. Import it right after the standard library
and before anything from Django or regioagenda: importing it puts the project on the path, points
the settings at a fresh SQLite database in a temporary folder (or at the database in
DATABASE_URL, which must be a scratch database) and sets Django up.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="regioagenda-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regioagenda.settings")
os.environ.update(SECURE_SSL_REDIRECT="false", TASK_BACKEND="immediate", MANIFEST_STATIC="false")
os.environ.setdefault("STATIC_ROOT", os.environ.get("VAR_DIR", tempfile.gettempdir()))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402


def median_seconds(func, repeat):
    """The median wall time of ``repeat`` calls of ``func``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def count_queries(func):
    """How many SQL queries one call of ``func`` runs."""
    queries = []

    def count(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        func()
    return len(queries)


def healthz_baseline(client, repeat=30):
    """The median time of a /healthz request (after one to warm up): the yardstick the page
    figures are quoted against, since the machine is small and noisy."""
    client.get("/healthz")
    return median_seconds(lambda: client.get("/healthz"), repeat)


def active_framework():
    """The active framework version loaded from the files under frameworks/, or the 16-field
    test framework when they do not load."""
    from django.core.management import call_command

    from regioagenda.matrix.models import FrameworkVersion

    try:
        call_command("load_framework", verbosity=0)
    except Exception as exc:  # the framework file is someone else's work in progress
        print(f"  (framework files did not load: {exc}; using the 16-field test framework)")
    version = FrameworkVersion.objects.filter(is_active=True).order_by("-published").first()
    if version is None or version.fields.count() == 0:
        from tests.matrix_factories import build_framework

        version = build_framework()
    return version
