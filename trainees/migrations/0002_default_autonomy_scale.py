from django.db import migrations

LEVELS = [
    (1, "Découverte", "A découvert le geste, l'a vu faire ou essayé."),
    (2, "Avec aide", "Réalise avec l'aide ou les conseils du formateur."),
    (3, "Autonome", "Réalise seul·e, du début à la fin."),
    (4, "Maîtrise", "Réalise avec aisance et peut l'expliquer à un autre."),
]


def create_levels(apps, schema_editor):
    AutonomyLevel = apps.get_model("trainees", "AutonomyLevel")
    for rank, name, description in LEVELS:
        AutonomyLevel.objects.get_or_create(
            rank=rank, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    """The default autonomy scale; the centre may rename its levels."""

    dependencies = [("trainees", "0001_initial")]

    operations = [migrations.RunPython(create_levels, migrations.RunPython.noop)]
