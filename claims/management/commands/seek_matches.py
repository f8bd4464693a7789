from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.possible_matches import seek_pending_matches


class Command(BaseCommand):
    help = (
        "Look for possible matches of the claims never matched yet (open work first) and "
        "store them for the queue and the claim pages. Safe to run again."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=None, metavar="N", help="match at most N claims"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be a positive number of claims.")
        count = seek_pending_matches(limit=options["limit"])
        self.stdout.write(f"Looked for matches of {count} claim(s).")
