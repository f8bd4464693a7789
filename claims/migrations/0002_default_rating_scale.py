from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# (name, slug, value): value None marks a non-scalar label.
DEFAULT_LABELS = [
    ("True", "true", 5, "The statement is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 4, "Accurate but needs clarification or context."),
    ("Half true", "half-true", 3, "Partially accurate; leaves out important details."),
    ("Mostly false", "mostly-false", 2, "Contains an element of truth but ignores key facts."),
    ("False", "false", 1, "The statement is not accurate."),
    ("Unproven", "unproven", None, "The evidence available does not settle it either way."),
    ("Misleading", "misleading", None, "Accurate in parts but gives a false impression."),
]


def create_default_scale(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    RatingScale = apps.get_model("claims", "RatingScale")
    RatingLabel = apps.get_model("claims", "RatingLabel")
    scale, _ = RatingScale.objects.get_or_create(name="factbase default", is_default=True)
    for position, (name, slug, value, description) in enumerate(DEFAULT_LABELS):
        RatingLabel.objects.get_or_create(
            scale=scale,
            slug=slug,
            defaults={
                "name": name,
                "value": value,
                "position": position,
                "description": description,
            },
        )


def remove_default_scale(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("claims", "RatingScale").objects.filter(name="factbase default").delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(create_default_scale, remove_default_scale)]
