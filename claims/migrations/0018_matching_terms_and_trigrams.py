"""Claim matching: each claim and verdict stores its terms, and pg_trgm is enabled.

Matching read every candidate's text again for each query; now `match_terms` holds
the stemmed terms (claims/match_terms.py), written by save(), and on PostgreSQL a
trigger copies them as they are into `match_vector` (no parser, no second stemmer),
GIN-indexed, where matching finds its candidates. pg_trgm gives the trigram
similarity matching adds to its ranking.
"""

from django.apps.registry import Apps
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from claims.match_terms import match_terms

TABLES = ["claims_claim", "claims_review"]
POSTGRES_UP = [
    """CREATE FUNCTION claims_match_vector_update() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           NEW.match_vector := array_to_tsvector(
               array_remove(string_to_array(NEW.match_terms, ' '), ''));
           RETURN NEW;
       END $$""",
    *(
        statement
        for table in TABLES
        for statement in (
            f"""CREATE TRIGGER {table}_match_vector BEFORE INSERT OR UPDATE OF match_terms
                ON {table} FOR EACH ROW EXECUTE FUNCTION claims_match_vector_update()""",
            f"""CREATE INDEX {table}_match_gin ON {table} USING GIN (match_vector)
                WITH (fastupdate = off)""",
            # Matching reads how common each term is from pg_stats: keep 10,000 terms.
            f"ALTER TABLE {table} ALTER COLUMN match_vector SET STATISTICS 1000",
        )
    ),
]
POSTGRES_DOWN = [
    *(
        statement
        for table in TABLES
        for statement in (
            f"DROP TRIGGER IF EXISTS {table}_match_vector ON {table}",
            f"DROP INDEX IF EXISTS {table}_match_gin",
        )
    ),
    "DROP FUNCTION IF EXISTS claims_match_vector_update()",
]
BATCH_SIZE = 2000


def postgres_only(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def store_terms(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for model_name, field in [("Claim", "text"), ("Review", "summary")]:
        model = apps.get_model("claims", model_name)
        batch = []
        for row in model.objects.only("pk", field).iterator(chunk_size=BATCH_SIZE):
            row.match_terms = match_terms(getattr(row, field))
            batch.append(row)
            if len(batch) == BATCH_SIZE:
                model.objects.bulk_update(batch, ["match_terms"])
                batch = []
        model.objects.bulk_update(batch, ["match_terms"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0017_imported_verdicts_alone_are_known_by_their_url")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="match_terms",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="claim",
            name="match_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="review",
            name="match_terms",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="review",
            name="match_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        TrigramExtension(),
        migrations.RunPython(postgres_only(POSTGRES_UP), postgres_only(POSTGRES_DOWN)),
        migrations.RunPython(store_terms, migrations.RunPython.noop),
    ]
