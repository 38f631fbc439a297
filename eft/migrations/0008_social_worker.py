from django.db import migrations


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="social_worker")
    Group.objects.get_or_create(name="followup")


class Migration(migrations.Migration):
    """The fifth role, the social worker, and the grant that lets a coordinator
    read the follow-up (each reading logged)."""

    dependencies = [("eft", "0007_form_submission")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
