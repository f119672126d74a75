"""The load benchmark: pages under 10 concurrent clients, as ratios to a trivial view.

    .venv/bin/python bench/load.py [--seconds 6] [--redis] [--keep-database] [--only NAME …]

What it does, all on loopback and bounded in time:

1. Builds the demo on PostgreSQL in a scratch database (``BENCH_DATABASE_URL``, default
   ``postgres://postgres@127.0.0.1:5432/regioagenda_bench``; dropped and created again, so its
   name must contain "bench"): migrate, the framework, the demo data, collectstatic.
2. Starts gunicorn with the production settings (``DEBUG=false``, manifest static files, the
   persistent connections and page cache of the defaults) and two sync workers on
   127.0.0.1:``BENCH_PORT`` (default 8150), and the task worker; waits until the worker has
   taken the demo's analyses. Differences from production, all for a plain-HTTP run on one
   machine: no HTTPS redirect, cookies without ``Secure``, staff MFA off (the coordinator logs
   in with a password). ``--redis`` uses
   the Redis at ``REDIS_URL`` (default redis://127.0.0.1:6379/15, flushed) for the cache.
3. Logs the demo coordinator in through the login form and keeps the session cookie.
4. Drives each page with wrk (10 connections, 2 threads, ``--seconds`` each) — anonymous pages
   and the coordinator's pages — and the trivial view (``/favicon.ico``) before and after them.
5. Prints per page p50, p95, requests per second, errors and the ratio of its throughput to the
   trivial view's (the mean of its two runs), and writes everything as JSON under
   ``bench/results/``.

With ``--participation`` (issue 13) it also generates the agenda ``ideen-bench`` with 10,000
ideas, 30,000 comments and 100,000 supports (``bench/participation_data.py``) and drives the idea
list (plain, a page in the middle, filtered by field and status, searched, most supported), the
idea page — anonymous (page cache) and signed in (rendered every time) — and support POSTs from
40,000 pre-made sessions (``bench/wrk_support.lua``), one new (account, idea) pair per request;
afterwards the supports in the database are counted against the accepted POSTs.

Needs wrk (Debian: ``apt-get install wrk``; ``make bench`` installs it when missing). Never part
of the tests. Every page-heavy issue adds its pages to ``PAGES`` below.
"""

import argparse
import datetime
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LUA = str(ROOT / "bench" / "wrk_report.lua")
SUPPORT_LUA = str(ROOT / "bench" / "wrk_support.lua")
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"
CONNECTIONS = 10
THREADS = 2
TRIVIAL = "/favicon.ico"

# (name, role, url name, needs the agenda slug). Role None: an anonymous visitor.
# The stocktaking phase: the landing, the agenda, the matrix, existing concepts and actors.
PUBLIC_PAGES = [
    ("landing", "regions:landing", False),
    ("agenda home", "regions:agenda_home", True),
    ("matrix page", "matrix:overview", True),
    ("network", "actors:network", True),
    ("public actors", "actors:public", True),
    ("concept coverage", "sources:coverage", True),
]
COORDINATOR_PAGES = [
    ("dashboard", "regions:dashboard", False),
    *PUBLIC_PAGES,
    ("priorities", "matrix:priorities", True),
    ("rounds", "matrix:round_list", True),
    ("indicators", "matrix:indicators", True),
    ("documents", "sources:documents", True),
    ("organisations", "actors:organisations", True),
    ("activities", "actors:activities", True),
    ("actors coverage", "actors:coverage", True),
]
PAGES = [(name, None, url, slug) for name, url, slug in PUBLIC_PAGES] + [
    (name, "coordinator", url, slug) for name, url, slug in COORDINATOR_PAGES
]
DEMO_SLUG = "beispielland"


def environment(args) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DEBUG": "false",
        "GENERATE_SECRET_KEY": "true",
        "VAR_DIR": str(ROOT / "var" / "bench"),
        "STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "REQUIRE_STAFF_MFA": "false",
        "ACCOUNT_EMAIL_VERIFICATION": "optional",
        "TASK_BACKEND": "db",
        "ALLOWED_HOSTS": HOST,
        # The coordinator logs in once per run; the limit of failed logins stays as configured.
        "DJANGO_SETTINGS_MODULE": "regioagenda.settings",
    }
    env.pop("REDIS_URL", None)
    if args.redis:
        env["REDIS_URL"] = args.redis_url
    if args.no_page_cache:
        env["PAGE_CACHE"] = "false"
    if args.conn_max_age is not None:
        env["CONN_MAX_AGE"] = str(args.conn_max_age)
    if args.participation:
        # The support POSTs come from many addresses, as behind a reverse proxy: each pre-made
        # account writes from its own (the limits per address stay as configured).
        env["CLIENT_IP_HEADER"] = "HTTP_X_FORWARDED_FOR"
    return env


def run(cmd, env, timeout=600):
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, timeout=timeout, stdout=subprocess.DEVNULL)


def prepare_database(args, env):
    import psycopg

    parts = urllib.parse.urlsplit(args.database_url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the benchmark database's name must contain 'bench'.")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    for command in (
        ["migrate", "--noinput"],
        ["createcachetable"],
        ["load_framework"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
        ["load_demo"],
    ):
        print(f"  manage.py {' '.join(command)}", flush=True)
        run([PY, "manage.py", *command], env)


def flush_redis(url):
    parts = urllib.parse.urlsplit(url)
    db = parts.path.lstrip("/") or "0"
    subprocess.run(
        ["redis-cli", "-h", parts.hostname or HOST, "-p", str(parts.port or 6379), "-n", db,
         "flushdb"],
        check=True, stdout=subprocess.DEVNULL, timeout=30,
    )  # fmt: skip


def resolve(env):
    """The pages' paths (reversed by Django itself: they are translated), the login path and
    the demo coordinator's credentials."""
    code = (
        "import json, django; django.setup(); from django.urls import reverse; "
        "from regioagenda.regions.demo import DEMO_PASSWORD, demo_email; "
        f"pages = {PAGES!r}; "
        "print(json.dumps({"
        f"'paths': [reverse(u, args=[{DEMO_SLUG!r}] if s else []) for n, r, u, s in pages], "
        "'login': reverse('account_login'), 'email': demo_email('koordination'), "
        "'password': DEMO_PASSWORD}))"
    )
    out = subprocess.run(
        [PY, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def request(port, method, path, *, cookies=None, body=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Host": HOST}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        body = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    content = response.read()
    set_cookies = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            set_cookies[key] = rest.split(";", 1)[0]
    conn.close()
    return response.status, dict(response.getheaders()), content, set_cookies


def log_in(port, login_path, email, password):
    status, _headers, content, cookies = request(port, "GET", login_path)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
    status, headers, _content, new = request(
        port,
        "POST",
        login_path,
        cookies=cookies,
        body={"login": email, "password": password, "csrfmiddlewaretoken": token},
    )
    if status != 302 or "sessionid" not in new:
        sys.exit(f"Login of {email} failed: {status} {headers.get('Location')}")
    return {"sessionid": new["sessionid"]}


def wait_for(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit("gunicorn did not answer /healthz in time.")


def wait_for_queue(port, seconds=300):
    """Until the worker has taken every waiting task (the demo's analyses), so that they do not
    run during the measurement."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, _headers, content, _ = request(port, "GET", "/healthz")
        queue = json.loads(content).get("queue", {})
        if status == 200 and queue.get("oldest_waiting_seconds") is None:
            time.sleep(3)  # the last task taken may still be running
            return
        time.sleep(1)
    sys.exit("The task queue did not drain in time (is the worker failing? var/bench/worker.log)")


def drive(port, path, seconds, cookies=None, script=LUA, script_args=()):
    cmd = [
        "wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s",
        "-s", script, f"http://{HOST}:{port}{path}",
    ]  # fmt: skip
    if script_args:
        cmd += ["--", *script_args]
    if cookies:
        cmd[1:1] = ["-H", "Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items())]
    out = subprocess.run(
        cmd, capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRK-JSON "))
    data = json.loads(line.removeprefix("WRK-JSON "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors_total"] = sum(data["errors"].values())
    return data


PARTICIPATION_JSON = ROOT / "var" / "bench" / "participation.json"
SUPPORT_LINES = ROOT / "var" / "bench" / "support_lines.txt"


def generate_participation(env):
    print("  bench/participation_data.py", flush=True)
    subprocess.run(
        [PY, str(ROOT / "bench" / "participation_data.py"), "--out", str(PARTICIPATION_JSON)],
        cwd=ROOT, env=env, check=True, timeout=1800,
    )  # fmt: skip
    data = json.loads(PARTICIPATION_JSON.read_text())
    SUPPORT_LINES.write_text("\n".join(data.pop("post_lines")) + "\n")
    PARTICIPATION_JSON.write_text(json.dumps(data, indent=1) + "\n")
    return data


def count_supports(database_url):
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM participation_support").fetchone()[0]


def participation_rows(args, port, data):
    """The idea pages (anonymous and signed in) and the support POSTs, as result rows."""
    rows = []
    reader = {"sessionid": data["reader_session"]}
    signed_in = {"idea list", "idea list filtered", "idea page", "idea page, most comments"}
    runs = [(name, None, path) for name, path in data["paths"].items()]
    runs += [
        (name, "participant", data["paths"][name]) for name in data["paths"] if name in signed_in
    ]
    for name, role, path in runs:
        if args.only and name not in args.only:
            continue
        cookies = reader if role else None
        status, headers, content, _ = request(port, "GET", path, cookies=cookies)
        if status != 200:
            sys.exit(f"{name} ({role or 'anonymous'}) {path} answered {status}")
        row = drive(port, path, args.seconds, cookies)
        row.update(
            page=name,
            role=role or "anonymous",
            path=path,
            kb=round(len(content) / 1024),
            page_cache=headers.get("X-Page-Cache", ""),
        )
        rows.append(row)
        print(
            f"  {name:30} {row['role']:11} {row['rps']:8.1f} req/s  "
            f"p95 {row['p95_us'] / 1000:6.1f} ms",
            flush=True,
        )
    if args.only and "support POST" not in args.only:
        return rows
    # Fresh lines from the database: accounts that have supported nothing yet (a second run
    # on --keep-database must not repeat a pair the first one stored).
    subprocess.run(
        [PY, str(ROOT / "bench" / "participation_data.py"), "--lines", str(SUPPORT_LINES)],
        cwd=ROOT, env=args.env, check=True, timeout=600,
    )  # fmt: skip
    before = count_supports(args.database_url)
    row = drive(port, "/", args.seconds, script=SUPPORT_LUA, script_args=[str(SUPPORT_LINES)])
    after = count_supports(args.database_url)
    row.update(
        page="support POST",
        role="participant",
        path="…/ideen/<id>/unterstuetzen/",
        supports_before=before,
        supports_after=after,
        lost=row["accepted"] - (after - before),
        accepted_rps=row["accepted"] / (row["duration_us"] / 1e6),
    )
    row["errors_total"] = sum(row["errors"].values()) + row["refused"]
    rows.append(row)
    print(
        f"  {'support POST':30} participant {row['accepted_rps']:8.1f} accepted/s  "
        f"p95 {row['p95_us'] / 1000:6.1f} ms  rows added {after - before}, "
        f"accepted {row['accepted']}, refused {row['refused']}, lost {row['lost']}",
        flush=True,
    )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=6, help="per page (default 6)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/regioagenda_bench"
        ),
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8150)))
    parser.add_argument("--redis", action="store_true", help="the cache in Redis")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn sync workers (default 2, one per core)"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--keep-database", action="store_true", help="skip building the demo")
    parser.add_argument("--no-page-cache", action="store_true", help="PAGE_CACHE=false")
    parser.add_argument("--conn-max-age", type=int, default=None, help="CONN_MAX_AGE (0: off)")
    parser.add_argument("--only", nargs="*", default=None, help="page names to run")
    parser.add_argument("--label", default="", help="a word for the result file's name")
    parser.add_argument(
        "--participation",
        action="store_true",
        help="issue 13: 10,000 ideas, their list, page and support POSTs",
    )
    parser.add_argument(
        "--skip-pages", action="store_true", help="only the participation pages (with it)"
    )
    args = parser.parse_args()

    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk (or run `make bench`, which installs it).")
    env = environment(args)
    args.env = env
    load_before = os.getloadavg()
    if load_before[0] > 1.0:
        print(
            f"Note: the machine is busy (load {load_before[0]:.1f}); ratios hold up better than "
            "milliseconds, but other work on the cores moves every figure.",
            flush=True,
        )
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    if not args.keep_database:
        print("Building the demo on PostgreSQL …", flush=True)
        prepare_database(args, env)
    participation = None
    if args.participation:
        if args.keep_database and PARTICIPATION_JSON.exists() and SUPPORT_LINES.exists():
            participation = json.loads(PARTICIPATION_JSON.read_text())
        else:
            print("Generating participation at scale …", flush=True)
            participation = generate_participation(env)
    if args.redis:
        flush_redis(args.redis_url)
    shutil.rmtree(ROOT / "var" / "bench" / "cache", ignore_errors=True)
    found = resolve(env)

    server = subprocess.Popen(
        [
            GUNICORN,
            "regioagenda.wsgi",
            "--bind",
            f"{HOST}:{args.port}",
            "--workers",
            str(args.workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(ROOT / "var" / "bench" / "gunicorn.log", "w"),  # noqa: SIM115
    )
    # The task worker, as in production: the demo queues the analysis of its documents, and
    # /healthz reports a stalled queue without a worker.
    worker = subprocess.Popen(
        [PY, "manage.py", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(ROOT / "var" / "bench" / "worker.log", "w"),  # noqa: SIM115
    )
    results = []
    try:
        # The generated data delays the start: the demo's queued analyses look stalled until
        # the worker has started, so give it longer.
        wait_for(args.port, 180 if args.participation else 30)
        wait_for_queue(args.port)
        coordinator = log_in(args.port, found["login"], found["email"], found["password"])
        sessions = {None: None, "coordinator": coordinator}
        print(f"{len(PAGES)} pages, {CONNECTIONS} connections, {args.seconds} s each\n", flush=True)
        first = drive(args.port, TRIVIAL, args.seconds)
        for (name, role, _url, _slug), path in zip(PAGES, found["paths"], strict=True):
            if (args.only and name not in args.only) or args.skip_pages:
                continue
            cookies = sessions[role]
            # Each page once first: it must answer 200 for this role (a redirect to the login
            # would measure the wrong page); the anonymous pages land in the cache.
            status, headers, content, _ = request(args.port, "GET", path, cookies=cookies)
            if status != 200:
                sys.exit(f"{name} ({role or 'anonymous'}) {path} answered {status}")
            data = drive(args.port, path, args.seconds, cookies)
            data.update(
                page=name,
                role=role or "anonymous",
                path=path,
                kb=round(len(content) / 1024),
                page_cache=headers.get("X-Page-Cache", ""),
            )
            results.append(data)
            print(
                f"  {name:18} {data['role']:11} {data['rps']:8.1f} req/s  "
                f"p95 {data['p95_us'] / 1000:6.1f} ms",
                flush=True,
            )
        if participation is not None:
            results += participation_rows(args, args.port, participation)
        last = drive(args.port, TRIVIAL, args.seconds)
        healthz = drive(args.port, "/healthz", args.seconds)
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=30)

    trivial_rps = (first["rps"] + last["rps"]) / 2
    rows = [
        {"page": "/favicon.ico (trivial)", "role": "anonymous", **last, "rps": trivial_rps},
        {"page": "/healthz", "role": "anonymous", **healthz},
        *results,
    ]
    print()
    print(
        "| page | as | p50 ms | p95 ms | req/s | errors | ratio to trivial | KB |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|"
    )
    for row in rows:
        ratio = trivial_rps / row["rps"] if row["rps"] else float("inf")
        row["ratio"] = round(ratio, 1)
        print(
            f"| {row['page']} | {row['role']} | {row['p50_us'] / 1000:.1f} | "
            f"{row['p95_us'] / 1000:.1f} | {row['rps']:.0f} | {row['errors_total']} | "
            f"1/{ratio:.1f} | {row.get('kb', '')} |"
        )
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    label = f"-{args.label}" if args.label else ""
    out = RESULTS / f"load-{stamp}{label}.json"
    out.write_text(
        json.dumps(
            {
                "when": stamp,
                "seconds_per_page": args.seconds,
                "connections": CONNECTIONS,
                "workers": args.workers,
                "cache": "redis" if args.redis else "database + files",
                "page_cache": not args.no_page_cache,
                "conn_max_age": env.get("CONN_MAX_AGE", "default (600)"),
                "trivial_rps": trivial_rps,
                "trivial_runs_rps": [first["rps"], last["rps"]],
                "load_average_before": load_before,
                "load_average_after": os.getloadavg(),
                "rows": rows,
                "participation": participation,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nWritten to {out.relative_to(ROOT)}")
    failed = [r for r in rows if r["errors_total"]]
    if failed:
        sys.exit(f"Errors on: {', '.join(r['page'] for r in failed)}")


if __name__ == "__main__":
    main()
