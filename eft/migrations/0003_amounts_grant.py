from django.db import migrations


def create_grant(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="amounts")


class Migration(migrations.Migration):
    """A grant on top of a role: the people in it see prices and amounts."""

    dependencies = [("eft", "0002_roles")]

    operations = [migrations.RunPython(create_grant, migrations.RunPython.noop)]
