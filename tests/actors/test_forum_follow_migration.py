"""The forum's own follows (``actors.ThreadFollow``) become community follows: the data migration
copies every row (same person, same thread, the thread's agenda) and keeps existing ones."""

import importlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from regioagenda.actors.models import Thread
from regioagenda.community.models import Follow
from tests.actor_factories import ThreadFactory
from tests.factories import UserFactory

BEFORE = [("actors", "0005_activitylink_published"), ("community", "0001_notifications_reports")]
AFTER = [("actors", "0006_thread_follows_to_community")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_thread_follows_are_copied_into_community_follows():
    first, second = ThreadFactory(), ThreadFactory()
    anna, ben = UserFactory(), UserFactory()
    try:
        old = migrate(BEFORE)
        ThreadFollow = old.get_model("actors", "ThreadFollow")
        ThreadFollow.objects.create(thread_id=first.pk, user_id=anna.pk)
        ThreadFollow.objects.create(thread_id=first.pk, user_id=ben.pk)
        ThreadFollow.objects.create(thread_id=second.pk, user_id=anna.pk)
        # Ben already follows the second thread in community: kept, not doubled.
        thread_type = ContentType.objects.get_for_model(Thread)
        old.get_model("community", "Follow").objects.create(
            user_id=ben.pk,
            agenda_id=second.agenda_id,
            target_type_id=thread_type.pk,
            target_id=second.pk,
        )
        migrate(AFTER)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    rows = set(Follow.objects.values_list("user_id", "agenda_id", "target_type_id", "target_id"))
    assert rows == {
        (anna.pk, first.agenda_id, thread_type.pk, first.pk),
        (ben.pk, first.agenda_id, thread_type.pk, first.pk),
        (anna.pk, second.agenda_id, thread_type.pk, second.pk),
        (ben.pk, second.agenda_id, thread_type.pk, second.pk),
    }
    assert "actors_threadfollow" not in connection.introspection.table_names()


def test_the_migration_module_has_both_directions():
    module = importlib.import_module(
        "regioagenda.actors.migrations.0006_thread_follows_to_community"
    )
    operation = module.Migration.operations[0]
    assert operation.code is module.copy_follows and operation.reverse_code is module.copy_back
