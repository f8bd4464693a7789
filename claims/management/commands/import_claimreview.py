from argparse import ArgumentParser
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.claimreview_import import ClaimReviewError, import_document, read_document
from claims.models import RatingLabel
from sources.importing import file_input, url_input


class Command(BaseCommand):
    help = (
        "Import other fact-checkers' verdicts from ClaimReview JSON-LD (objects, lists, "
        "@graph, DataFeed, the JSON-LD of fact-check pages) or Google Fact Check Tools "
        "claims:search responses. Each document is imported whole or not at all. Safe to re-run."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "files", nargs="*", type=Path, help="JSON or JSON-LD files, HTML pages."
        )
        parser.add_argument(
            "--url", action="append", default=[], help="Fetch a fact-check page or feed."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        inputs = [file_input(path) for path in options["files"]]
        inputs += [url_input(url) for url in options["url"]]
        if not inputs:
            raise CommandError("Name at least one file or --url.")
        labels = list(RatingLabel.objects.of_default_scale())
        counts: Counter[str] = Counter()
        not_imported: list[str] = []
        for given in inputs:
            try:
                document = read_document(given)  # may fetch: outside any transaction
            except ClaimReviewError as error:
                self._fail(counts, given.label, str(error))
                not_imported.append(given.label)
                continue
            outcome = import_document(document, given.label, labels)
            counts.update(outcome.counts)
            for where, reason in outcome.failures:
                self._fail(counts, where, reason)
            if not outcome.imported:
                not_imported.append(given.label)
        self.stdout.write(
            f"ClaimReview import: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['failed']} failed."
        )
        if not_imported:
            raise CommandError(
                f"{counts['failed']} review(s) failed; {len(not_imported)} document(s) not "
                f"imported, nothing stored from them: {', '.join(not_imported)}. "
                "See the messages above."
            )

    def _fail(self, counts: Counter[str], where: str, reason: str) -> None:
        counts["failed"] += 1
        self.stderr.write(self.style.ERROR(f"FAILED {where}: {reason}"))
