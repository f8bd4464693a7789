"""Full-text search on PostgreSQL (trigger-maintained tsvector + GIN index), and the
default mapping of other fact-checkers' rating labels onto the local scale."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

POSTGRES_UP = [
    "CREATE INDEX claims_claim_search_gin ON claims_claim USING GIN (search_vector)",
    """CREATE TRIGGER claims_claim_search_vector BEFORE INSERT OR UPDATE OF text
       ON claims_claim FOR EACH ROW EXECUTE FUNCTION
       tsvector_update_trigger(search_vector, 'pg_catalog.english', text)""",
    "UPDATE claims_claim SET search_vector = to_tsvector('pg_catalog.english', text)",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS claims_claim_search_vector ON claims_claim",
    "DROP INDEX IF EXISTS claims_claim_search_gin",
]

FOREIGN_LABELS = {
    "true": "true",
    "correct": "true",
    "accurate": "true",
    "verdadero": "true",
    "mostly true": "mostly-true",
    "mostly correct": "mostly-true",
    "largely accurate": "mostly-true",
    "half true": "half-true",
    "half-true": "half-true",
    "mixture": "half-true",
    "partly true": "half-true",
    "partly false": "half-true",
    "mixed": "half-true",
    "mostly false": "mostly-false",
    "exaggerated": "mostly-false",
    "largely false": "mostly-false",
    "false": "false",
    "incorrect": "false",
    "inaccurate": "false",
    "wrong": "false",
    "pants on fire": "false",
    "pants on fire!": "false",
    "fake": "false",
    "falso": "false",
    "misleading": "misleading",
    "missing context": "misleading",
    "out of context": "misleading",
    "distorts the facts": "misleading",
    "cherry picks": "misleading",
    "unproven": "unproven",
    "unverified": "unproven",
    "unsupported": "unproven",
    "no evidence": "unproven",
    "research in progress": "unproven",
}


def postgres_only(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def add_mappings(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    RatingLabel = apps.get_model("claims", "RatingLabel")
    RatingMapping = apps.get_model("claims", "RatingMapping")
    labels = {label.slug: label for label in RatingLabel.objects.filter(scale__is_default=True)}
    for foreign, slug in FOREIGN_LABELS.items():
        if slug in labels:
            RatingMapping.objects.get_or_create(
                foreign_label=foreign, defaults={"label": labels[slug]}
            )


def remove_mappings(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("claims", "RatingMapping").objects.filter(
        foreign_label__in=FOREIGN_LABELS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_interop_and_search")]

    operations = [
        migrations.RunPython(postgres_only(POSTGRES_UP), postgres_only(POSTGRES_DOWN)),
        migrations.RunPython(add_mappings, remove_mappings),
    ]
