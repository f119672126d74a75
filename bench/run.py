"""Benchmarks of the foundation: register import and the shell pages.

Run with `make bench`. Figures are medians over repeated runs, quoted as ratios to a baseline
measured in the same run (the /healthz request for pages, parsing without the database for the
import), because the machine is small and noisy. Each run uses a fresh SQLite database in a
temporary folder, or the database in DATABASE_URL when set (it must be a scratch database).
"""

import io
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from regioagenda.regions.register import import_register, parse_register  # noqa: E402


def median_seconds(func, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_import():
    text = Path(settings.REGISTER_REFERENCE_FILE).read_text(encoding="utf-8")
    parse = median_seconds(lambda: parse_register(text), 5)
    start = time.perf_counter()
    import_register(settings.REGISTER_REFERENCE_FILE)
    first = time.perf_counter() - start
    again = median_seconds(lambda: import_register(settings.REGISTER_REFERENCE_FILE), 3)
    print("Register import (Bavaria, 3,875 records)")
    print(f"  baseline: parse only          {parse * 1000:8.1f} ms   1.0×")
    print(f"  first import (empty database) {first * 1000:8.1f} ms  {first / parse:5.1f}×")
    print(f"  re-import (nothing changes)   {again * 1000:8.1f} ms  {again / parse:5.1f}×")


PAGES = [
    ("landing", "/"),
    ("agenda home (coordinator)", "/agenden/beispielland/"),
    ("region search 'Bad'", "/regionen/?q=Bad"),
    ("region detail (Bezirk)", None),
    ("about the data", "/ueber-die-daten/"),
    ("dashboard (coordinator)", "/mein-bereich/"),
]


def bench_pages():
    from regioagenda.accounts.models import User
    from regioagenda.regions.demo import demo_email
    from regioagenda.regions.models import Region

    settings.REGIOAGENDA_REQUIRE_STAFF_MFA = False
    client = Client()
    client.force_login(User.objects.get(email=demo_email("koordination")))
    bezirk = Region.objects.get(level="bezirk", ags="091")
    client.get("/healthz")
    base = median_seconds(lambda: client.get("/healthz"), 30)
    print("\nPages (median of 20 requests, logged in as coordinator)")
    print(f"  baseline: /healthz               {base * 1000:7.2f} ms    1.0×   queries")
    for name, url in PAGES:
        url = url or bezirk.get_absolute_url()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries = []

        def count(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(url)
        took = median_seconds(lambda url=url: client.get(url), 20)
        print(f"  {name:<32} {took * 1000:7.2f} ms {took / base:6.1f}×   {len(queries):5d}")


def main():
    call_command("migrate", verbosity=0)
    bench_import()
    call_command("load_demo", stdout=io.StringIO())
    bench_pages()


if __name__ == "__main__":
    main()
