"""The database cache holds nothing but counts that may be lost (the API throttles'), so
on PostgreSQL its table is UNLOGGED: its writes skip the write-ahead log, and a request's
throttle update commits without waiting for a disk flush. After a crash PostgreSQL
empties it, which only restarts the counts."""

from django.conf import settings
from django.db import migrations


def database_cache_tables():
    return [
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    ]


def set_persistence(persistence):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        existing = set(connection.introspection.table_names())
        for table in database_cache_tables():
            if table in existing:
                schema_editor.execute(
                    f"ALTER TABLE {schema_editor.quote_name(table)} SET {persistence}"
                )

    return run


class Migration(migrations.Migration):
    dependencies = [("factbase", "0001_throttle_cache_table")]

    operations = [migrations.RunPython(set_persistence("UNLOGGED"), set_persistence("LOGGED"))]
