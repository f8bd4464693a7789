"""Claim matching: verdict titles searchable on PostgreSQL, and statistics on more words.

A fact-check's title (`Review.summary`) often words a claim as people post it, so
matching finds candidates by it too: a trigger-maintained tsvector with a GIN index,
like the claim's. Matching weighs words by how common they are from
`pg_stats.most_common_elems`; the default statistics target keeps the thousand most
common lexemes of a vector column, 1000 keeps ten thousand.
"""

import django.contrib.postgres.search
from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

POSTGRES_UP = [
    """CREATE INDEX claims_review_search_gin ON claims_review USING GIN (search_vector)
       WITH (fastupdate = off)""",
    """CREATE TRIGGER claims_review_search_vector BEFORE INSERT OR UPDATE OF summary
       ON claims_review FOR EACH ROW EXECUTE FUNCTION
       tsvector_update_trigger(search_vector, 'pg_catalog.english', summary)""",
    "UPDATE claims_review SET search_vector = to_tsvector('pg_catalog.english', summary)",
    "ALTER TABLE claims_claim ALTER COLUMN search_vector SET STATISTICS 1000",
    "ALTER TABLE claims_review ALTER COLUMN search_vector SET STATISTICS 1000",
]
POSTGRES_DOWN = [
    "ALTER TABLE claims_claim ALTER COLUMN search_vector SET STATISTICS -1",
    "DROP TRIGGER IF EXISTS claims_review_search_vector ON claims_review",
    "DROP INDEX IF EXISTS claims_review_search_gin",
]


def postgres_only(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_appearance_no_longer_in_article")]

    operations = [
        migrations.AddField(
            model_name="review",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(postgres_only(POSTGRES_UP), postgres_only(POSTGRES_DOWN)),
    ]
