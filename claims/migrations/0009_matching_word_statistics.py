"""PostgreSQL keeps statistics on ten times more words of the claim search vector.

Claim matching (claims/matching.py) reads how common each word is from
`pg_stats.most_common_elems`; the default statistics target keeps the thousand most
common lexemes, 1000 keeps ten thousand, enough to weigh the words of most queries.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def set_statistics(target: int):  # type: ignore[no-untyped-def]
    def run(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE claims_claim ALTER COLUMN search_vector SET STATISTICS {target}"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_web_links_only")]

    operations = [migrations.RunPython(set_statistics(1000), set_statistics(-1))]
