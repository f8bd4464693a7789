"""The claim search index takes new entries at once instead of in a pending list.

With GIN's fast-update list, every search also scans the entries added since the last
vacuum, so search time would depend on when autovacuum last ran. Claims are written
far less often than searched, so each insert pays instead.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def set_fastupdate(enabled: bool):  # type: ignore[no-untyped-def]
    def run(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        value = "on" if enabled else "off"
        schema_editor.execute(f"ALTER INDEX claims_claim_search_gin SET (fastupdate = {value})")
        if not enabled:
            schema_editor.execute("SELECT gin_clean_pending_list('claims_claim_search_gin')")

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0006_claim_published_at")]

    operations = [migrations.RunPython(set_fastupdate(False), set_fastupdate(True))]
