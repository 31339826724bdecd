"""`Observation` moved from the registry to reporting (decision 14) with its table. Its content
type moves with it, so the permissions people hold on values (and admin log entries) follow it
instead of being orphaned under `registry.observation` while a new, empty type is created."""

from django.db import migrations


def content_type_move(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    old = content_type.objects.filter(app_label="registry", model="observation").first()
    if old is None:  # a new database: the type is created for reporting after migrating
        return
    if content_type.objects.filter(app_label="reporting", model="observation").exists():
        return
    old.app_label = "reporting"
    old.save(update_fields=["app_label"])


def content_type_move_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="registry", model="observation").exists():
        content_type.objects.filter(app_label="reporting", model="observation").update(
            app_label="registry"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reporting", "0001_squashed_0003_unit_approval"),
    ]

    operations = [migrations.RunPython(content_type_move, content_type_move_back)]
