import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from claims.feeds import poll_due_feeds

ROUND_SECONDS = 60


class Command(BaseCommand):
    help = (
        "Poll the watched feeds that are due and import their new entries (on the queue "
        "with CELERY_BROKER_URL, else inline). Every minute until stopped, or --once "
        "(for cron)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="One round, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for result in poll_due_feeds():
                self.stdout.write(result.describe())
            if options["once"]:
                return
            time.sleep(ROUND_SECONDS)
