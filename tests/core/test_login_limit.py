"""Probe L3 (issue 10): without Redis the login limit counted in each gunicorn process's memory
(LocMemCache): 5 attempts per worker, and a restart forgot them. The default cache is now the
database, so the count is the same for every process and survives a restart."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"  # the UserFactory's password
LIMITS = {"login_failed": "10/m/ip,5/5m/key"}  # the production default (settings.py)

pytestmark = pytest.mark.django_db


def _forget_process_state():
    """What a second gunicorn worker or a restarted one sees: no cache object of this process."""
    for alias in list(caches.settings):
        if hasattr(caches._connections, alias):
            delattr(caches._connections, alias)


def _log_in(password, address="10.0.0.1"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        reverse("account_login"), {"login": "lena@example.org", "password": password}
    )
    return client, response


def test_the_default_cache_without_redis_is_the_database(settings):
    assert not settings.REDIS_URL
    assert isinstance(caches["default"], DatabaseCache)


def test_the_limit_holds_across_processes(settings):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    UserFactory(email="lena@example.org")

    for attempt in range(5):
        _forget_process_state()  # each attempt as if on another worker process
        _client, response = _log_in("falsch-falsch", address=f"10.0.0.{attempt}")
        assert response.status_code == 200  # the form again, with its error

    _forget_process_state()
    client, response = _log_in(PASSWORD, address="10.0.0.99")

    # The right password no longer helps within the five minutes: the sixth attempt is refused.
    assert response.status_code == 200
    assert "Zu viele gescheiterte Anmeldeversuche" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_separate_cache_connection_sees_the_same_counts(settings):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    UserFactory(email="lena@example.org")
    _log_in("falsch-falsch")

    other = caches.create_connection("default")  # as a separate process opens it

    assert other is not caches["default"]
    counted = [key for key in _stored_keys() if "login_failed" in key and key.endswith("10.0.0.1")]
    assert len(counted) == 1
    # Stored as ":1:<key>" (version prefix); the other connection reads the one failed attempt.
    assert len(other.get(counted[0].split(":", 2)[2])) == 1


def _stored_keys():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM regioagenda_cache")
        return [row[0] for row in cursor.fetchall()]
