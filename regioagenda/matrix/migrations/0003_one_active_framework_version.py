from django.db import migrations, models


def keep_the_newest_active(apps, schema_editor):
    """A database may hold several active versions of a slug from before the constraint; the
    highest version stays active, as publishing would have left it."""
    FrameworkVersion = apps.get_model("matrix", "FrameworkVersion")
    slugs = set(FrameworkVersion.objects.filter(is_active=True).values_list("slug", flat=True))
    for slug in slugs:
        active = FrameworkVersion.objects.filter(slug=slug, is_active=True).order_by("-version")
        newest = active.first()
        active.exclude(pk=newest.pk).update(is_active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("matrix", "0002_german_help_texts"),
    ]

    operations = [
        migrations.RunPython(keep_the_newest_active, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="frameworkversion",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_active", True)),
                fields=("slug",),
                name="frameworkversion_one_active_per_slug",
                violation_error_message="Von einem Rahmenwerk ist nur eine Version aktiv.",
            ),
        ),
    ]
