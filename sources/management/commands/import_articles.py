from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sources.importing import ItemResult, Outcome, import_articles


class Command(BaseCommand):
    help = (
        "Import articles from files, directories (recursively) and glob patterns. "
        "Safe to re-run: an article already imported is left unchanged."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", help="Files, directories or glob patterns.")
        parser.add_argument(
            "--no-extract", action="store_true", help="Store articles without finding quotes."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def show(item: ItemResult) -> None:
            if item.outcome == Outcome.FAILED:
                self.stderr.write(self.style.ERROR(f"FAILED {item.source}: {item.reason}"))
            elif options["verbosity"] >= 2:
                self.stdout.write(f"{item.outcome.value:<9} {item.source}")

        report = import_articles(
            options["paths"], run_extraction=not options["no_extract"], on_item=show
        )
        rate = len(report.items) / report.seconds if report.seconds else 0.0
        self.stdout.write(
            f"Import #{report.run.pk if report.run else '-'}: "
            f"{report.count(Outcome.CREATED)} created, {report.count(Outcome.UPDATED)} updated, "
            f"{report.count(Outcome.UNCHANGED)} unchanged, {report.count(Outcome.FAILED)} failed; "
            f"{report.recorded.quotes_added} quotes and {report.recorded.claims_added} claims "
            f"added in {report.seconds:.2f}s ({rate:.1f} articles/s)."
        )
        if report.count(Outcome.UNCHANGED) and not report.count(Outcome.CREATED):
            self.stdout.write("Nothing new: every article was already imported.")
        if not report.ok:
            raise CommandError(f"{len(report.failures)} input(s) failed; see the messages above.")
