"""Benchmarks of the foundation: register import and the shell pages.

Run with `make bench`. Figures are medians over repeated runs, quoted as ratios to a baseline
measured in the same run (the /healthz request for pages, parsing without the database for the
import), because the machine is small and noisy. Each run uses a fresh SQLite database in a
temporary folder, or the database in DATABASE_URL when set (it must be a scratch database).
"""

import io
import time
from pathlib import Path

from common import count_queries, healthz_baseline, median_seconds

# isort: split
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from regioagenda.regions.register import import_register, parse_register


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
    base = healthz_baseline(client)
    print("\nPages (median of 20 requests, logged in as coordinator)")
    print(f"  baseline: /healthz               {base * 1000:7.2f} ms    1.0×   queries")
    for name, url in PAGES:
        url = url or bezirk.get_absolute_url()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries = count_queries(lambda url=url: client.get(url))
        took = median_seconds(lambda url=url: client.get(url), 20)
        print(f"  {name:<32} {took * 1000:7.2f} ms {took / base:6.1f}×   {queries:5d}")


def main():
    call_command("migrate", verbosity=0)
    bench_import()
    call_command("load_demo", stdout=io.StringIO())
    bench_pages()


if __name__ == "__main__":
    main()
