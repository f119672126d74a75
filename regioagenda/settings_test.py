"""Test settings: the production settings with the few changes a test run needs."""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("MANIFEST_STATIC", "false")
os.environ.setdefault("TASK_BACKEND", "immediate")
# Production settings refuse to start without a key outside DEBUG; tests bring their own.
os.environ.setdefault("SECRET_KEY", "test-only-regioagenda-key-not-for-any-server-0123456789")

from regioagenda.settings import *  # noqa: E402,F403

# Hashing with the default PBKDF2 costs ~0.3 s per login; tests log in a lot.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_RATE_LIMITS = False
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
# whitenoise warns on every request when STATIC_ROOT is missing; tests serve through finders.
STATIC_ROOT = VAR_DIR / "test-static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
# Public pages are cached only in the tests about the cache (tests/core/test_pagecache.py): a test
# runs inside one transaction that never commits, so the version bump after commit never comes.
REGIOAGENDA_PAGE_CACHE = False
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}  # noqa: F405
