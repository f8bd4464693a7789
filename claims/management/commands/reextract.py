from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.recording import RecordingSummary, record_extraction
from extraction import extract
from sources.models import Article


class Command(BaseCommand):
    help = (
        "Run the extraction engine again on stored articles. Quotes a reviewer has judged "
        "and claims a reviewer has touched are kept as they are; claims keep their ids."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--article", type=int, action="append", default=[], metavar="ID")

    def handle(self, *args: Any, **options: Any) -> None:
        articles = Article.objects.order_by("id")
        if options["article"]:
            articles = articles.filter(id__in=options["article"])
            missing = set(options["article"]) - set(articles.values_list("id", flat=True))
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, sorted(missing)))}.")
        total = RecordingSummary()
        count = 0
        for article in articles.iterator(chunk_size=200):
            result = extract(article.body)
            with transaction.atomic():
                total += record_extraction(article, result)
            count += 1
        self.stdout.write(
            f"Re-extracted {count} article(s): quotes {total.quotes_added} added, "
            f"{total.quotes_updated} updated, {total.quotes_removed} removed, "
            f"{total.quotes_kept} kept as reviewed; claims {total.claims_added} added, "
            f"{total.claims_kept} kept as reviewed; {total.speakers_added} new speakers."
        )
