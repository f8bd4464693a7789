"""The content words of the direct quotes stored before quote variants, so that new
quotes find their variants among them too."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from claims.wording import content_words

BATCH_SIZE = 2000


def index_words(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    quote_model = apps.get_model("claims", "Quote")
    word_model = apps.get_model("claims", "QuoteWord")
    rows = []
    direct = quote_model.objects.filter(kind="direct").values_list("id", "text")
    for quote_id, text in direct.iterator(chunk_size=BATCH_SIZE):
        rows += [word_model(quote_id=quote_id, word=word[:64]) for word in content_words(text)]
        if len(rows) >= BATCH_SIZE:
            word_model.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    word_model.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("claims", "0013_quote_variants")]

    operations = [migrations.RunPython(index_words, migrations.RunPython.noop)]
