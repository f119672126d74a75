"""The classifier and the database: errors are raised, a database not migrated yet is empty.

``classify_passages`` and ``analyze_document`` store nothing, so they work on a fresh checkout
before ``migrate``, with the default framework file. A database that fails (no connection) is
never taken for "no framework loaded": the analysis job would then tell the user a wrong reason.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError

from regioagenda.matrix.queries import framework as framework_queries
from regioagenda.sources import classifier


def _broken_database(*args, **kwargs):
    raise OperationalError("connection refused")


@pytest.mark.django_db
def test_a_failing_database_is_raised_not_taken_for_an_empty_one(monkeypatch):
    monkeypatch.setattr(framework_queries, "active_version", _broken_database)

    with pytest.raises(OperationalError):
        classifier.active_framework()
    with pytest.raises(OperationalError):
        classifier.classifier_for_active_framework()


def test_the_command_line_classifies_before_migrate(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"text": "Der Glasfaserausbau bringt schnelles Internet in jede Gemeinde."})
        + "\n",
        encoding="utf-8",
    )
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="regioagenda.settings_test",
        VAR_DIR=str(tmp_path / "var"),  # a new SQLite file without any table
    )
    env.pop("DATABASE_URL", None)
    process = subprocess.run(
        [sys.executable, "manage.py", "classify_passages", str(source)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert process.returncode == 0, process.stderr
    (line,) = process.stdout.splitlines()
    assert len(json.loads(line)["fields"]) == 16
