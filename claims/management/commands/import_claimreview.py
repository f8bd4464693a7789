from argparse import ArgumentParser
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from claims.claimreview_import import (
    ClaimReviewError,
    foreign_reviews,
    read_document,
    store_foreign_review,
)
from claims.models import RatingLabel


class Command(BaseCommand):
    help = (
        "Import other fact-checkers' verdicts from ClaimReview JSON-LD (objects, lists, "
        "@graph, DataFeed) or Google Fact Check Tools claims:search responses. Safe to re-run."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        labels = list(RatingLabel.objects.of_default_scale())
        counts: Counter[str] = Counter()
        for path in options["files"]:
            try:
                document = read_document(path)
            except ClaimReviewError as error:
                self._fail(counts, str(path), str(error))
                continue
            found = False
            for where, review in foreign_reviews(document, f"{path}:"):
                found = True
                if isinstance(review, ClaimReviewError):
                    self._fail(counts, where, str(review))
                    continue
                try:
                    counts[store_foreign_review(review, labels)] += 1
                except DatabaseError as error:
                    self._fail(counts, where, f"database error: {error}")
            if not found:
                self._fail(counts, str(path), "no ClaimReview or claims:search data found")
        self.stdout.write(
            f"ClaimReview import: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['failed']} failed."
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} review(s) failed; see the messages above.")

    def _fail(self, counts: Counter[str], where: str, reason: str) -> None:
        counts["failed"] += 1
        self.stderr.write(self.style.ERROR(f"FAILED {where}: {reason}"))
