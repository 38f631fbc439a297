from django.db import migrations

ROLES = ["coordinator", "trainer", "admin_staff", "trainee"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    """The four roles are groups; what each may do is eft.permissions.RIGHTS."""

    dependencies = [
        ("eft", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
