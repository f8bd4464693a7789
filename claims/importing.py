"""The one import workflow, used by the `import_articles` command and the API: store
what `sources.importing` read, and record what the extraction engine finds in it.

Reading, fetching, parsing and extraction happen outside any transaction; each
article is then written in a transaction of its own, so a failure leaves nothing of
that article behind and does not undo the articles before it.
"""

import logging
import multiprocessing
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import BinaryIO

from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    connections,
    transaction,
)
from django.utils import timezone

from claims.recording import (
    RecordingSummary,
    ReviewedWorkWouldBeLost,
    record_extraction,
    relocate_reviewed_spans,
)
from extraction import Extraction, extract
from sources.importing import Input, expand_inputs, read_input, read_record
from sources.models import Article, ImportRun, ImportStatus, Outlet, content_hash, fit
from sources.parsing import Format, ParsedArticle, UnreadableInput

# A deadlock between two importers touching the same speakers is resolved by the
# database aborting one transaction, and a dropped connection aborts it too; trying
# that article again (on a new connection) then succeeds.
WRITE_ATTEMPTS = 3

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class ItemResult:
    source: str
    outcome: Outcome
    reason: str = ""
    article_id: int | None = None
    warnings: tuple[str, ...] = ()
    # The failure is the server's (database, a bug), not the input's.
    internal: bool = False


@dataclass(frozen=True)
class ImportOptions:
    run_extraction: bool = True
    dry_run: bool = False
    fail_fast: bool = False
    limit: int | None = None
    since: datetime | None = None
    outlet: str = ""
    encoding: str | None = None
    format: Format | None = None


@dataclass
class ImportReport:
    run: ImportRun | None
    dry_run: bool = False
    items: list[ItemResult] = field(default_factory=list)
    recorded: RecordingSummary = field(default_factory=RecordingSummary)
    seconds: float = 0.0
    status: ImportStatus = ImportStatus.FINISHED

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    @property
    def failures(self) -> list[ItemResult]:
        return [item for item in self.items if item.outcome == Outcome.FAILED]

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def warnings(self) -> list[dict[str, str]]:
        return [{"input": i.source, "warning": w} for i in self.items for w in i.warnings]

    def as_dict(self) -> dict[str, object]:
        return {
            "run": self.run.pk if self.run else None,
            "status": self.status.value,
            "dry_run": self.dry_run,
            **{outcome.value: self.count(outcome) for outcome in Outcome},
            "quotes_added": self.recorded.quotes_added,
            "claims_added": self.recorded.claims_added,
            "speakers_added": self.recorded.speakers_added,
            "claims_dropped": self.recorded.claims_dropped,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(len(self.items) / self.seconds, 1)
            if self.seconds
            else 0.0,
            "errors": [{"input": i.source, "reason": i.reason} for i in self.failures],
            "warnings": self.warnings,
        }


def import_articles(
    inputs: Iterable[str],
    *,
    urls: Iterable[str] = (),
    stdin: BinaryIO | None = None,
    options: ImportOptions | None = None,
    workers: int = 1,
    on_item: Callable[[ItemResult], None] | None = None,
) -> ImportReport:
    """Import every article named by `inputs` and `urls`; record the run and its errors.

    With `workers` > 1 on PostgreSQL, files are split into shards imported by that
    many processes, each article still in its own transaction.

    The run's record gets its true counts however the run ends: `interrupted` on
    KeyboardInterrupt (re-raised), `failed` if a worker process died.
    """
    options = options or ImportOptions()
    inputs, urls = list(inputs), list(urls)
    started = time.perf_counter()
    run = None if options.dry_run else ImportRun.objects.create(inputs="\n".join(inputs + urls))
    report = ImportReport(run=run, dry_run=options.dry_run)
    parallel = (
        workers > 1
        and connection.vendor == "postgresql"
        and not (options.dry_run or options.fail_fast or options.limit)
    )
    try:
        given = list(expand_inputs(inputs, urls=urls, stdin=stdin))
        if parallel:
            files = [item for item in given if item.path is not None]
            others = [item for item in given if item.path is None]
            _import_sequentially(others, run, options, report, on_item)
            _import_in_workers(files, run, options, workers, report, on_item)
        else:
            _import_sequentially(given, run, options, report, on_item)
    except KeyboardInterrupt:
        report.status = ImportStatus.INTERRUPTED
        raise
    except BaseException:
        report.status = ImportStatus.FAILED
        raise
    finally:
        report.seconds = time.perf_counter() - started
        _finish(report)
    return report


def import_record(record: object, *, source: str) -> ImportReport:
    """Import one article object (the JSON import shape), e.g. submitted through the API."""
    return import_article(read_record(record), source=source)


def import_article(parsed: ParsedArticle | UnreadableInput, *, source: str) -> ImportReport:
    """Import one article already read (e.g. pasted on the admin's Add article page),
    recorded as an import run of its own."""
    started = time.perf_counter()
    report = ImportReport(run=ImportRun.objects.create(inputs=source))
    try:
        report.items.append(
            import_parsed(source, parsed, report.run, ImportOptions(), report.recorded)
        )
    finally:
        report.seconds = time.perf_counter() - started
        _finish(report)
    return report


def _finish(report: ImportReport) -> None:
    """Record the run's counts; on a connection that an error left broken, on a new one."""
    run = report.run
    if run is None:
        return
    run.status = report.status
    run.created = report.count(Outcome.CREATED)
    run.updated = report.count(Outcome.UPDATED)
    run.unchanged = report.count(Outcome.UNCHANGED)
    run.failed = report.count(Outcome.FAILED)
    run.errors = [{"input": item.source, "reason": item.reason} for item in report.failures]
    run.warnings = report.warnings
    run.finished_at = timezone.now()
    try:
        run.save()
    except (OperationalError, InterfaceError):
        _drop_broken_connection()
        run.save()


def _drop_broken_connection() -> None:
    """Close the connection if an error left it unusable; the next query opens a new one.

    Inside a transaction (a caller's, or a test's) the connection is left alone: closing
    it would end that transaction.
    """
    if not connection.in_atomic_block:
        close_old_connections()


def _import_sequentially(
    given: Iterable[Input],
    run: ImportRun | None,
    options: ImportOptions,
    report: ImportReport,
    on_item: Callable[[ItemResult], None] | None,
) -> None:
    for item in given:
        for label, parsed in read_input(item, encoding=options.encoding, format=options.format):
            if options.limit is not None and len(report.items) >= options.limit:
                return
            result = import_parsed(label, parsed, run, options, report.recorded)
            report.items.append(result)
            if on_item is not None:
                on_item(result)
            if options.fail_fast and result.outcome == Outcome.FAILED:
                return


# Files per task of a parallel import: small enough that the workers finish together,
# large enough that starting a task costs little beside its articles.
SHARD_SIZE = 25


@dataclass
class _Worker:
    process: BaseProcess
    results: Connection
    shard: list[Input]


def _import_in_workers(
    files: list[Input],
    run: ImportRun | None,
    options: ImportOptions,
    workers: int,
    report: ImportReport,
    on_item: Callable[[ItemResult], None] | None,
) -> None:
    """Import shards of files in up to `workers` processes at a time, one process a shard.

    A process that dies without answering (killed, out of memory) fails the files of
    its shard, named, and the run; the other shards go on. On an interrupt the
    processes are terminated: the database rolls back the article each was writing.
    """
    shards = [files[i : i + SHARD_SIZE] for i in range(0, len(files), SHARD_SIZE)]
    run_id = run.pk if run else None
    context = multiprocessing.get_context("fork")
    # Forked workers must not share this process's database connection.
    connections.close_all()
    running: list[_Worker] = []
    try:
        while shards or running:
            while shards and len(running) < workers:
                shard = shards.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(
                    target=_import_shard, args=(shard, run_id, options, sender), daemon=True
                )
                process.start()
                sender.close()
                running.append(_Worker(process, receiver, shard))
            ready = wait([w.results for w in running] + [w.process.sentinel for w in running])
            for worker in [w for w in running if w.results in ready or w.process.sentinel in ready]:
                results = _shard_results(worker)
                running.remove(worker)
                if results is None:
                    report.status = ImportStatus.FAILED
                    reason = (
                        f"worker process {worker.process.pid} died (exit code "
                        f"{worker.process.exitcode}) while importing this file; "
                        "run the import again"
                    )
                    items = [ItemResult(i.label, Outcome.FAILED, reason) for i in worker.shard]
                    logger.error("worker process %s died", worker.process.pid)
                else:
                    items, recorded = results
                    report.recorded += recorded
                for item in items:
                    report.items.append(item)
                    if on_item is not None:
                        on_item(item)
    finally:
        for worker in running:
            worker.process.terminate()
        for worker in running:
            worker.process.join()


def _shard_results(worker: _Worker) -> tuple[list[ItemResult], RecordingSummary] | None:
    """What the worker sent, or None if it died without sending it."""
    try:
        results: tuple[list[ItemResult], RecordingSummary] = worker.results.recv()
    except (EOFError, OSError):
        worker.process.join()
        return None
    finally:
        worker.results.close()
    worker.process.join()
    return results


def _import_shard(
    shard: list[Input], run_id: int | None, options: ImportOptions, sender: Connection
) -> None:
    """In a worker process: import one shard and send back its results."""
    # Ctrl-C reaches the whole process group: the parent alone decides, and terminates us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        run = ImportRun.objects.get(pk=run_id) if run_id else None
        report = ImportReport(run=run)
        _import_sequentially(shard, run, options, report, None)
        sender.send((report.items, report.recorded))
    finally:
        sender.close()
        connections.close_all()


def import_parsed(
    label: str,
    parsed: ParsedArticle | UnreadableInput,
    run: ImportRun | None,
    options: ImportOptions,
    recorded: RecordingSummary,
) -> ItemResult:
    """Store one article read from `label` (unless it is the reason it cannot be read):
    its outcome. Every exception is this item's failure, with its reason."""
    if isinstance(parsed, UnreadableInput):
        return ItemResult(label, Outcome.FAILED, str(parsed))
    if options.outlet and not parsed.outlet:
        parsed = replace(parsed, outlet=options.outlet)
    if options.since and (parsed.published_at is None or parsed.published_at < options.since):
        return ItemResult(label, Outcome.SKIPPED, "published before --since or undated")
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            if options.dry_run:
                result = _preview(label, parsed, options, recorded)
            else:
                result = store_article(
                    parsed,
                    source=label,
                    run=run,
                    run_extraction=options.run_extraction,
                    recorded=recorded,
                )
        except (OperationalError, InterfaceError) as error:
            # A deadlock victim or a dropped connection: the article's transaction is
            # rolled back, so it can be tried again from the start.
            if attempt == WRITE_ATTEMPTS:
                return _internal_failure(label, error)
            _drop_broken_connection()
            continue
        except ReviewedWorkWouldBeLost as error:
            return ItemResult(label, Outcome.FAILED, str(error))
        except Exception as error:
            return _internal_failure(label, error)
        return replace(result, warnings=parsed.warnings)
    raise AssertionError("unreachable")  # pragma: no cover


def _internal_failure(label: str, error: Exception) -> ItemResult:
    logger.error("importing %s failed", label, exc_info=error)
    kind = "database error" if isinstance(error, DatabaseError) else "unexpected error"
    first_line = str(error).strip().split("\n", 1)[0][:300]
    reason = f"{kind}: {type(error).__name__}: {first_line}"
    return ItemResult(label, Outcome.FAILED, reason, internal=True)


def _preview(
    label: str, parsed: ParsedArticle, options: ImportOptions, recorded: RecordingSummary
) -> ItemResult:
    """What import would do, reading the database but writing nothing."""
    digest = content_hash(parsed.body)
    existing = Article.objects.filter(content_hash=digest).only("id").first()
    if existing is not None:
        return ItemResult(label, Outcome.UNCHANGED, article_id=existing.pk)
    if options.run_extraction:
        found = extract(parsed.body)
        recorded.quotes_added += len(found.quotes)
        recorded.claims_added += len(found.claims)
    same_url = bool(parsed.url) and Article.objects.filter(url=parsed.url).exists()
    return ItemResult(label, Outcome.UPDATED if same_url else Outcome.CREATED)


def store_article(
    parsed: ParsedArticle,
    *,
    source: str,
    run: ImportRun | None,
    run_extraction: bool = True,
    recorded: RecordingSummary | None = None,
) -> ItemResult:
    """Write one parsed article and its extraction in a single transaction.

    The same text again is a no-op; the same URL with new text updates the article,
    keeping every quote and claim a reviewer has handled (their spans are moved to
    where the same words stand in the new text). A concurrent importer that inserts
    the same article first wins the unique constraint; this one reports it unchanged.
    """
    digest = content_hash(parsed.body)
    existing = Article.objects.filter(content_hash=digest).only("id").first()
    if existing is not None:
        return ItemResult(source, Outcome.UNCHANGED, article_id=existing.pk)
    extraction: Extraction | None = extract(parsed.body) if run_extraction else None
    try:
        with transaction.atomic():
            relax_durability()
            outcome = Outcome.CREATED
            article = None
            if parsed.url:
                article = Article.objects.select_for_update().filter(url=parsed.url).first()
            if article is None:
                article = Article()
            else:
                outcome = Outcome.UPDATED
                relocate_reviewed_spans(article, parsed.body)
            _fill(article, parsed, digest, source, run)
            article.save()
            summary = None
            if extraction is not None:
                summary = record_extraction(article, extraction, fresh=outcome == Outcome.CREATED)
    except IntegrityError:
        existing = Article.objects.filter(content_hash=digest).only("id").first()
        if existing is None:
            raise
        return ItemResult(source, Outcome.UNCHANGED, article_id=existing.pk)
    if recorded is not None and summary is not None:
        recorded += summary  # counted once committed
    return ItemResult(source, outcome, article_id=article.pk)


def relax_durability() -> None:
    """Let PostgreSQL acknowledge the current transaction's commit before its WAL reaches
    disk (call inside `transaction.atomic()`).

    For an article: a crash can then lose only the last few imported articles, never
    corrupt anything, and re-running the import (idempotent) restores them; in exchange
    each article skips a disk flush, which is most of its cost. A later commit that
    waits for the disk (a queued job's outcome) flushes it too.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _fill(
    article: Article, parsed: ParsedArticle, digest: str, source: str, run: ImportRun | None
) -> None:
    article.outlet = _outlet(parsed.outlet)
    article.url = parsed.url
    article.title = parsed.title
    article.byline = fit(parsed.byline, Article.byline)
    article.published_at = parsed.published_at
    article.language = fit(parsed.language, Article.language)
    article.tags = list(parsed.tags)
    article.body = parsed.body
    article.raw = parsed.raw
    article.metadata = parsed.metadata
    article.content_hash = digest
    article.import_run = run
    article.source_file = fit(source, Article.source_file)


def _outlet(name: str) -> Outlet | None:
    if not name:
        return None
    outlet, _ = Outlet.objects.get_or_create(name=fit(name, Outlet.name))
    return outlet
