"""The cache table of the DatabaseCache (settings.CACHES without REDIS_URL).

The login limits count in the cache; it lives in the database so that every web process sees the
same counts (docs/decisions.md, 2026-12). ``migrate`` is all a deployment runs, so the table comes
with a migration; ``createcachetable`` is idempotent and does nothing for other cache backends.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_stagedimport")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
