"""Public pages cached per data version: rendered once for anonymous visitors, served from the cache.

What an anonymous visitor sees of a public page (landing, agenda home, matrix page, network,
public actors, concept coverage) is the same for every anonymous visitor. ``@public_page`` keeps
its HTML per data version, language, day and path; nobody signed in ever reads or fills it.

The data version is one random token in the shared cache (the database table or Redis, so every
gunicorn worker and the task worker see the same one). ``data_changed()`` replaces it after the
transaction commits. It is called in one place per kind of write:

- ``regions.audit.record_event`` — every service records an event for its change;
- ``post_save``/``post_delete``/``m2m_changed`` of the project's models (``connect_signals``) —
  writes without an event: the admin, management commands, demo data, job results;
- ``post_migrate`` — a deployment (new templates and static file names) runs ``migrate``;
- the framework and register loaders, which write in bulk (no signals).

So a page is never served stale after a change, whichever service made it. A lost or evicted
token is replaced by a new random one: every page is then rendered again, never an old one served.

The HTML is kept with placeholders for the two values that differ per visitor — the CSP nonce and
the CSRF token (the language switch and htmx's header carry it) — and each visitor gets their own
filled in (docs/decisions.md, 2026-12).
"""

import functools
import hashlib
import logging
import re
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache, caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

T = TypeVar("T")
logger = logging.getLogger(__name__)

VERSION_KEY = "regioagenda:pagecache:version"
# The version is kept until it changes; a page a day at most (the key holds the date, too).
VERSION_SECONDS = None
PAGE_SECONDS = 24 * 60 * 60
NONCE_PLACEHOLDER = "regioagenda-pagecache-csp-nonce-placeholder"
CSRF_PLACEHOLDER = "regioagenda-pagecache-csrf-token-placeholder"
# How Django's {% csrf_token %} and the base template's htmx header write the token.
CSRF_TOKEN_PATTERNS = (
    re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,64})"'),
    re.compile(r'"X-CSRFToken": "([A-Za-z0-9]{32,64})"'),
)

# Rows that no public page shows: the job queue's progress, staged imports, one-time tokens.
# Their writes (every second while a job runs) would otherwise throw the cache away.
IGNORED_MODELS = frozenset(
    {"core.job", "core.stagedimport", "core.submissiontoken", "regions.auditevent"}
)


@functools.cache
def release() -> str:
    """This process's code, templates, translations and static file names, as a short digest.

    In every key, so that during a deployment a worker still running the old code never fills
    the new code's keys (nor unpickles a result in an old shape): the newest modification time
    of the project's files, and the static files' manifest.
    """
    root = Path(settings.BASE_DIR) / "regioagenda"
    newest = max(
        (
            path.stat().st_mtime_ns
            for pattern in ("*.py", "*.html", "*.mo")
            for path in root.rglob(pattern)
        ),
        default=0,
    )
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    static = manifest.stat().st_mtime_ns if manifest.exists() else 0
    return hashlib.sha256(f"{newest}:{static}".encode()).hexdigest()[:12]


# The data version -------------------------------------------------------------------------------


# Within a request the version is read once (a page asks for it per kept piece); a change made
# by the request itself forgets it.
_request = threading.local()


def data_version() -> str | None:
    """The current data version (a new random one when none is kept); None when the cache
    cannot keep one — then nothing is served from the cache either."""
    version = getattr(_request, "version", None)
    if version is not None:
        return version
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, secrets.token_hex(8), VERSION_SECONDS)
            version = cache.get(VERSION_KEY)
    except Exception:  # the cache is down: render every page, serve none stale
        logger.warning("pagecache: the data version cannot be read", exc_info=True)
        return None
    if version is not None and getattr(_request, "active", False):
        _request.version = version
    return version


def _request_started(**kwargs) -> None:
    _request.active, _request.version = True, None


def _request_finished(**kwargs) -> None:
    _request.active, _request.version = False, None


def _bump() -> None:
    _request.version = None
    try:
        cache.set(VERSION_KEY, secrets.token_hex(8), VERSION_SECONDS)
    except Exception:
        # Not fatal to the change that was committed; pages may be old until the cache is back.
        logger.error("pagecache: the data version could not be changed", exc_info=True)


class _Pending:
    """The changes of one transaction: the first of its commit hooks bumps, the others skip."""

    done = False

    def hook(self) -> None:
        if not self.done:
            self.done = True
            _bump()


def data_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """What public pages show has changed: a new data version once the transaction commits.

    A rolled-back transaction (or savepoint) drops its hooks and changes nothing; a transaction
    that saves thousands of rows (the demo load) bumps once.
    """
    if not settings.REGIOAGENDA_PAGE_CACHE:  # nothing reads the version
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        _bump()
        return
    pending = getattr(connection, "_pagecache_pending", None)
    if pending is None or pending.done:
        pending = connection._pagecache_pending = _Pending()
    # One hook per change, not one per transaction: which of them survives a savepoint rollback
    # cannot be known now. They are cheap; only the first one that runs writes.
    transaction.on_commit(pending.hook, using=using, robust=True)


def _model_changed(sender, instance=None, using=DEFAULT_DB_ALIAS, update_fields=None, **kwargs):
    if not sender.__module__.startswith("regioagenda."):
        return
    if sender._meta.label_lower in IGNORED_MODELS:
        return
    # A login writes the user's last_login, which no page shows.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    data_changed(using)


def _migrated(**kwargs) -> None:
    data_changed(kwargs.get("using", DEFAULT_DB_ALIAS))


def connect_signals() -> None:
    """Called once from ``CoreConfig.ready``."""
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

    request_started.connect(_request_started, dispatch_uid="regioagenda.pagecache.started")
    request_finished.connect(_request_finished, dispatch_uid="regioagenda.pagecache.finished")

    post_save.connect(_model_changed, dispatch_uid="regioagenda.pagecache.save")
    post_delete.connect(_model_changed, dispatch_uid="regioagenda.pagecache.delete")
    m2m_changed.connect(_model_changed, dispatch_uid="regioagenda.pagecache.m2m")
    post_migrate.connect(_migrated, dispatch_uid="regioagenda.pagecache.migrate")


# Serving pages -----------------------------------------------------------------------------------


def page_cache():
    """Where the HTML is kept: the ``pages`` cache (Redis, or files under VAR_DIR)."""
    return caches["pages"]


def cacheable(request: HttpRequest) -> bool:
    """Whether this request sees the page every anonymous visitor sees.

    Only anonymous GET/HEAD requests without query parameters (filters, pages, a chosen round)
    and without a message waiting to be shown (``len`` does not mark messages as read).
    """
    if not settings.REGIOAGENDA_PAGE_CACHE:
        return False
    if request.method not in ("GET", "HEAD") or request.GET:
        return False
    if request.user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


def _get(key: str) -> object:
    try:
        return page_cache().get(key, _MISSING)
    except Exception:  # a cache that does not answer costs a rendering, never the page
        logger.warning("pagecache: cannot read %s", key, exc_info=True)
        return _MISSING


def _set(key: str, value: object) -> bool:
    try:
        page_cache().set(key, value, PAGE_SECONDS)
    except Exception:
        logger.warning("pagecache: cannot keep %s", key, exc_info=True)
        return False
    return True


_MISSING = object()


def page_key(request: HttpRequest, version: str) -> str:
    """The cache key of ``request``'s page in ``version``: path, language, day, htmx or not."""
    parts = "|".join(
        [
            release(),
            version,
            translation.get_language() or "",
            timezone.localdate().isoformat(),  # activity states, "today" on pages
            "htmx" if request.headers.get("HX-Request") == "true" else "page",
            request.path,
        ]
    )
    return "regioagenda:page:" + hashlib.sha256(parts.encode()).hexdigest()


def _with_placeholders(request: HttpRequest, html: str) -> str | None:
    """``html`` with this visitor's nonce and CSRF tokens replaced by placeholders (None: a value
    that cannot be told apart safely, so the page is not kept)."""
    if NONCE_PLACEHOLDER in html or CSRF_PLACEHOLDER in html:
        return None
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        html = html.replace(nonce, NONCE_PLACEHOLDER)
    for pattern in CSRF_TOKEN_PATTERNS:
        for token in set(pattern.findall(html)):
            html = html.replace(token, CSRF_PLACEHOLDER)
    if "csrfmiddlewaretoken" in html and CSRF_PLACEHOLDER not in html:
        return None
    return html


def _filled_in(request: HttpRequest, html: str) -> str:
    if NONCE_PLACEHOLDER in html:
        html = html.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))  # type: ignore[attr-defined]
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return html


def caching() -> bool:
    """Whether pieces and results are kept at all (``PAGE_CACHE``): callers skip the work of
    computing a key (a viewer's class) when they are not."""
    return bool(settings.REGIOAGENDA_PAGE_CACHE)


def per_version(name: str, *parts: object, compute: Callable[[], T]) -> T:
    """``compute()`` once per data version, language and day, then from the pages cache.

    For expensive read results that do not depend on who asks (the matrix page's scores and
    charts), so that signed-in users' pages are cheap too. ``parts`` name what the result depends
    on besides the data (an agenda's id, a round's id). Only in read paths: inside a transaction
    that writes, the version changes only after the commit.
    """
    key = _result_key("result", name, parts) if settings.REGIOAGENDA_PAGE_CACHE else None
    if key is None:
        return compute()
    found = _get(key)
    if found is _MISSING:
        found = compute()
        _set(key, found)
    return found  # type: ignore[return-value]


def fragment(
    request: HttpRequest | None, name: str, *parts: object, render: Callable[[], str]
) -> str:
    """A rendered piece of a page, once per data version, language and day (``{% per_version %}``
    in ``core/templatetags/pagecache.py``): for markup that depends on no viewer. A nonce or CSRF
    token inside is kept as a placeholder and filled in for each visitor."""
    if not settings.REGIOAGENDA_PAGE_CACHE or request is None:
        return render()
    key = _result_key("fragment", name, parts)
    if key is None:
        return render()
    html = _get(key)
    if isinstance(html, str):
        return _filled_in(request, html)
    rendered = render()
    kept = _with_placeholders(request, rendered)
    if kept is not None:
        _set(key, kept)
    return rendered


def _result_key(kind: str, name: str, parts: tuple[object, ...]) -> str | None:
    version = data_version()  # read before the data: a change wins
    if version is None:
        return None
    key = "|".join(
        [
            release(),
            version,
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            *map(str, parts),
        ]
    )
    return f"regioagenda:{kind}:{name}:" + hashlib.sha256(key.encode()).hexdigest()


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve ``view``'s page to anonymous visitors from the cache, per data version.

    For pages whose anonymous view depends on nothing but the data, the language and the path.
    Signed-in users always get the page rendered for them; only a 200 answer is kept.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not cacheable(request):
            return view(request, *args, **kwargs)
        version = data_version()  # read before the data: a change wins
        if version is None:
            return view(request, *args, **kwargs)
        key = page_key(request, version)
        hit = _get(key)
        if isinstance(hit, tuple):
            content_type, html = hit
            response = HttpResponse(_filled_in(request, html), content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies  # e.g. a session the view started
            and not response.has_header("Cache-Control")
        ):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            html = _with_placeholders(request, response.content.decode(response.charset))
            if html is not None and _set(key, (response["Content-Type"], html)):
                response["X-Page-Cache"] = "miss"
        return response

    return wrapper
