from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from claims.ingest_report import ingest_status


class Command(BaseCommand):
    help = (
        "The import queue at a glance: the broker and its queue depth, jobs by state, the "
        "runs still running and the last failures with their reasons."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--failures",
            type=int,
            default=10,
            metavar="N",
            help="Show the last N failed jobs (default 10).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("\n".join(ingest_status(failures=options["failures"])))
