"""The forum's own follows become community follows (the platform's one notification service);
then the forum's table goes."""

from django.db import migrations


def copy_follows(apps, schema_editor):
    """Every ThreadFollow becomes a community Follow of the thread (same user, same time);
    a follow that already exists there is kept as it is."""
    ThreadFollow = apps.get_model("actors", "ThreadFollow")
    Follow = apps.get_model("community", "Follow")
    ContentType = apps.get_model("contenttypes", "ContentType")
    thread_type, _created = ContentType.objects.get_or_create(app_label="actors", model="thread")
    existing = set(
        Follow.objects.filter(target_type=thread_type).values_list("user_id", "target_id")
    )
    rows = []
    for follow in ThreadFollow.objects.select_related("thread").iterator(chunk_size=2000):
        if (follow.user_id, follow.thread_id) in existing:
            continue
        existing.add((follow.user_id, follow.thread_id))
        rows.append(
            Follow(
                user_id=follow.user_id,
                agenda_id=follow.thread.agenda_id,
                target_type=thread_type,
                target_id=follow.thread_id,
            )
        )
    Follow.objects.bulk_create(rows, batch_size=2000)


def copy_back(apps, schema_editor):
    ThreadFollow = apps.get_model("actors", "ThreadFollow")
    Thread = apps.get_model("actors", "Thread")
    Follow = apps.get_model("community", "Follow")
    ContentType = apps.get_model("contenttypes", "ContentType")
    thread_type = ContentType.objects.filter(app_label="actors", model="thread").first()
    if thread_type is None:
        return
    threads = set(Thread.objects.values_list("pk", flat=True))
    ThreadFollow.objects.bulk_create(
        [
            ThreadFollow(user_id=f.user_id, thread_id=f.target_id)
            for f in Follow.objects.filter(target_type=thread_type)
            if f.target_id in threads
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0005_activitylink_published"),
        ("community", "0001_notifications_reports"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_follows, copy_back),
        migrations.DeleteModel(name="ThreadFollow"),
    ]
