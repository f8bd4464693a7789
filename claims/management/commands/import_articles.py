import json
import signal
import sys
from argparse import ArgumentParser, ArgumentTypeError
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from claims.api.runs import ImportRunSerializer
from claims.importing import ImportOptions, ImportReport, ItemResult, Outcome, import_articles
from claims.jobs import enqueue_import, queue_configured
from claims.runs import describe_run, wait_for
from sources.parsing import Format, UnreadableInput, parse_datetime


def since_date(value: str) -> datetime:
    try:
        return parse_datetime(value)
    except UnreadableInput as error:
        raise ArgumentTypeError(str(error)) from None


class Progress:
    """One self-rewriting status line on a terminal; silent otherwise."""

    def __init__(self, stream: OutputWrapper, enabled: bool) -> None:
        self.stream, self.enabled = stream, enabled
        self.counts = dict.fromkeys(Outcome, 0)

    def update(self, item: ItemResult) -> None:
        self.counts[item.outcome] += 1
        if self.enabled:
            done = sum(n for n in self.counts.values())
            parts = ", ".join(f"{n} {o.value}" for o, n in self.counts.items() if n)
            self.stream.write(f"\r{done} articles: {parts}\x1b[K", ending="")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and any(self.counts.values()):
            self.stream.write("")


class Command(BaseCommand):
    help = (
        "Import articles from files, directories (recursively), glob patterns, standard "
        "input (-) and URLs. Formats: plain text, Markdown, HTML, JSON, JSON Lines. Safe to "
        "re-run: an article already imported is left unchanged."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="*", help="Files, directories, glob patterns or -.")
        parser.add_argument("--url", action="append", default=[], help="Fetch a page over HTTP.")
        parser.add_argument("--format", choices=[f.value for f in Format], default=None)
        parser.add_argument("--encoding", default=None, help="Force an input encoding.")
        parser.add_argument("--outlet", default="", help="Outlet for articles that name none.")
        parser.add_argument(
            "--since",
            type=since_date,
            default=None,
            metavar="DATE",
            help="Only articles published on or after DATE (ISO 8601).",
        )
        parser.add_argument("--limit", type=int, default=None, metavar="N")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse, clean and extract; write nothing."
        )
        parser.add_argument(
            "--no-extract",
            action="store_true",
            help="Store articles without finding quotes and claims.",
        )
        parser.add_argument("--fail-fast", action="store_true", help="Stop at the first failure.")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            metavar="N",
            help="Import files in N parallel processes (PostgreSQL only, without a queue: "
            "with CELERY_BROKER_URL, start workers with `celery -A factbase worker`).",
        )
        parser.add_argument(
            "--wait",
            action="store_true",
            help="With a queue (CELERY_BROKER_URL): wait for the workers to finish the run "
            "and print its summary.",
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")
        parser.add_argument("--quiet", action="store_true", help="No progress line.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["paths"] and not options["url"]:
            raise CommandError("Name at least one path, - for standard input, or --url.")
        if options["workers"] < 1:
            raise CommandError("--workers must be a positive number.")
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be a positive number.")
        import_options = ImportOptions(
            run_extraction=not options["no_extract"],
            dry_run=options["dry_run"],
            fail_fast=options["fail_fast"],
            limit=options["limit"],
            since=options["since"],
            outlet=options["outlet"],
            encoding=options["encoding"],
            format=Format(options["format"]) if options["format"] else None,
        )
        progress = Progress(self.stderr, not options["quiet"] and self.stderr.isatty())
        inline_only = import_options.dry_run or import_options.fail_fast or import_options.limit
        if queue_configured() and not inline_only:
            if options["workers"] != 1:
                raise CommandError(
                    "--workers starts local processes for an inline import; with "
                    "CELERY_BROKER_URL set, start workers with `celery -A factbase worker`."
                )
            self.enqueue(options, import_options)
            return

        def show(item: ItemResult) -> None:
            progress.update(item)
            if item.outcome == Outcome.FAILED:
                progress.close()
                self.stderr.write(self.style.ERROR(f"FAILED {item.source}: {item.reason}"))
            elif options["verbosity"] >= 2:
                self.stdout.write(f"{item.outcome.value:<9} {item.source}")
            for warning in item.warnings:
                progress.close()
                self.stderr.write(self.style.WARNING(f"WARNING {item.source}: {warning}"))

        # SIGTERM (a service manager stopping us) ends the run like Ctrl-C: the article
        # being written is rolled back and the run's record gets its counts.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            report = import_articles(
                options["paths"],
                urls=options["url"],
                stdin=sys.stdin.buffer,
                options=import_options,
                workers=options["workers"],
                on_item=show,
            )
        except KeyboardInterrupt:
            progress.close()
            raise CommandError(
                "Interrupted; the import run is recorded as interrupted.", returncode=130
            ) from None
        finally:
            signal.signal(signal.SIGTERM, previous)
        progress.close()
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        else:
            self.stdout.write(self.summary(report))
        if not report.ok:
            raise CommandError(f"{len(report.failures)} input(s) failed; see the messages above.")

    def enqueue(self, options: dict[str, Any], import_options: ImportOptions) -> None:
        run = enqueue_import(
            options["paths"], urls=options["url"], stdin=sys.stdin.buffer, options=import_options
        )
        if not options["wait"]:
            self.stdout.write(
                f"Import #{run.pk}: {run.jobs.count()} inputs queued for the workers; "
                "`manage.py ingest_status` shows their progress."
            )
            return
        show = not options["quiet"] and self.stderr.isatty()
        run = wait_for(run, on_progress=self.show_progress if show else None)
        if show:
            self.stderr.write("")
        if options["json"]:
            self.stdout.write(json.dumps(ImportRunSerializer(run).data, indent=2))
        else:
            self.stdout.write(describe_run(run))
        if run.failed:
            for error in run.errors:
                self.stderr.write(self.style.ERROR(f"FAILED {error['input']}: {error['reason']}"))
            raise CommandError(f"{run.failed} input(s) failed; see the messages above.")

    def show_progress(self, counts: dict[str, int]) -> None:
        parts = ", ".join(f"{n} {state}" for state, n in counts.items())
        self.stderr.write(f"\r{parts}\x1b[K", ending="")
        self.stderr.flush()

    @staticmethod
    def summary(report: ImportReport) -> str:
        rate = len(report.items) / report.seconds if report.seconds else 0.0
        prefix = "Dry run (nothing written)" if report.dry_run else f"Import #{report.run.pk}"  # type: ignore[union-attr]
        counts = ", ".join(f"{report.count(o)} {o.value}" for o in Outcome if o != Outcome.SKIPPED)
        if report.count(Outcome.SKIPPED):
            counts += f", {report.count(Outcome.SKIPPED)} skipped"
        lines = [
            f"{prefix}: {counts}; {report.recorded.quotes_added} quotes and "
            f"{report.recorded.claims_added} claims added in {report.seconds:.2f}s "
            f"({rate:.1f} articles/s)."
        ]
        if report.recorded.claims_dropped:
            lines.append(
                f"{report.recorded.claims_dropped} claim candidates dropped: over "
                "FACTBASE_MAX_CLAIMS_PER_ARTICLE in one article, the lowest scored go."
            )
        if report.items and report.count(Outcome.UNCHANGED) == len(report.items):
            lines.append("Nothing new: every article was already imported.")
        return "\n".join(lines)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
