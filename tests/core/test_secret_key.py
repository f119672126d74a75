"""Issue 10: outside DEBUG the server refused nothing and ran on the development SECRET_KEY. Now the
settings refuse to load without a key, except DEBUG and the local demo (GENERATE_SECRET_KEY), which
keeps a random key in VAR_DIR/secret_key. Each case imports the settings in a fresh interpreter."""

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_KEY = "import regioagenda.settings as s; print(s.SECRET_KEY)"


def _settings(tmp_path, code=PRINT_KEY, **env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "GENERATE_SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_without_debug_and_without_a_key_the_settings_refuse_to_load(tmp_path):
    result = _settings(tmp_path, DEBUG="false")

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_an_empty_key_is_no_key(tmp_path):
    result = _settings(tmp_path, DEBUG="false", SECRET_KEY="")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_a_key_from_the_environment_is_used(tmp_path):
    result = _settings(tmp_path, DEBUG="false", SECRET_KEY="k" * 60)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "k" * 60


def test_debug_keeps_the_development_key(tmp_path):
    result = _settings(tmp_path, DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("dev-insecure-")


def test_the_demo_generates_one_key_and_keeps_it(tmp_path):
    first = _settings(tmp_path, DEBUG="false", GENERATE_SECRET_KEY="true")
    second = _settings(tmp_path, DEBUG="false", GENERATE_SECRET_KEY="true")

    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50 and not key.startswith("dev-insecure-")
    assert second.stdout.strip() == key  # sessions survive a restart of `make demo`
    stored = tmp_path / "secret_key"
    assert stored.read_text().strip() == key
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_the_deploy_check_still_refuses_the_development_key(tmp_path):
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'regioagenda.settings'; "
        "django.setup(); from regioagenda.core.checks import check_secret_key; "
        "print([e.id for e in check_secret_key(None)])"
    )
    result = _settings(tmp_path, code=code, DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['regioagenda.E001']"
