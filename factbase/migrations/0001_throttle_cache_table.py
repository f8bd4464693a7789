from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The API throttles count in the database cache unless CACHE_URL names Redis; the
    # command creates the table of every database cache in CACHES, once.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
