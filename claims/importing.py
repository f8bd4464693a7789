"""The one import workflow, used by the `import_articles` command and the API: store
what `sources.importing` read, and record what the extraction engine finds in it.

Reading, fetching, parsing and extraction happen outside any transaction; each
article is then written in a transaction of its own, so a failure leaves nothing of
that article behind and does not undo the articles before it.
"""

import multiprocessing
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import BinaryIO

from django.db import (
    DatabaseError,
    IntegrityError,
    OperationalError,
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
from sources.models import Article, ImportRun, Outlet, content_hash, fit
from sources.parsing import Format, ParsedArticle, UnreadableInput

# A deadlock between two importers touching the same speakers is resolved by the
# database aborting one transaction; trying that article again then succeeds.
WRITE_ATTEMPTS = 3


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

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    @property
    def failures(self) -> list[ItemResult]:
        return [item for item in self.items if item.outcome == Outcome.FAILED]

    @property
    def ok(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict[str, object]:
        return {
            "run": self.run.pk if self.run else None,
            "dry_run": self.dry_run,
            **{outcome.value: self.count(outcome) for outcome in Outcome},
            "quotes_added": self.recorded.quotes_added,
            "claims_added": self.recorded.claims_added,
            "speakers_added": self.recorded.speakers_added,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(len(self.items) / self.seconds, 1)
            if self.seconds
            else 0.0,
            "errors": [{"input": i.source, "reason": i.reason} for i in self.failures],
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
    """
    options = options or ImportOptions()
    inputs, urls = list(inputs), list(urls)
    started = time.perf_counter()
    run = None if options.dry_run else ImportRun.objects.create(inputs="\n".join(inputs + urls))
    report = ImportReport(run=run, dry_run=options.dry_run)
    given = list(expand_inputs(inputs, urls=urls, stdin=stdin))
    parallel = (
        workers > 1
        and connection.vendor == "postgresql"
        and not (options.dry_run or options.fail_fast or options.limit)
    )
    if parallel:
        files = [item for item in given if item.path is not None]
        others = [item for item in given if item.path is None]
        _import_sequentially(others, run, options, report, on_item)
        _import_in_workers(files, run, options, workers, report, on_item)
    else:
        _import_sequentially(given, run, options, report, on_item)
    report.seconds = time.perf_counter() - started
    _finish(report)
    return report


def import_record(record: object, *, source: str) -> ImportReport:
    """Import one article object (the JSON import shape), e.g. submitted through the API."""
    started = time.perf_counter()
    report = ImportReport(run=ImportRun.objects.create(inputs=source))
    parsed = read_record(record)
    report.items.append(_import_one(source, parsed, report.run, ImportOptions(), report.recorded))
    report.seconds = time.perf_counter() - started
    _finish(report)
    return report


def _finish(report: ImportReport) -> None:
    run = report.run
    if run is None:
        return
    run.created = report.count(Outcome.CREATED)
    run.updated = report.count(Outcome.UPDATED)
    run.unchanged = report.count(Outcome.UNCHANGED)
    run.failed = report.count(Outcome.FAILED)
    run.errors = [{"input": item.source, "reason": item.reason} for item in report.failures]
    run.finished_at = timezone.now()
    run.save()


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
            result = _import_one(label, parsed, run, options, report.recorded)
            report.items.append(result)
            if on_item is not None:
                on_item(result)
            if options.fail_fast and result.outcome == Outcome.FAILED:
                return


# Files per task of a parallel import: small enough that the workers finish together,
# large enough that starting a task costs little beside its articles.
SHARD_SIZE = 25


def _import_in_workers(
    files: list[Input],
    run: ImportRun | None,
    options: ImportOptions,
    workers: int,
    report: ImportReport,
    on_item: Callable[[ItemResult], None] | None,
) -> None:
    shards = [files[i : i + SHARD_SIZE] for i in range(0, len(files), SHARD_SIZE)]
    tasks = [(shard, run.pk if run else None, options) for shard in shards]
    # Forked workers must not share this process's database connection.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for items, recorded in pool.imap_unordered(_import_shard, tasks):
            report.recorded += recorded
            for item in items:
                report.items.append(item)
                if on_item is not None:
                    on_item(item)


def _import_shard(
    task: tuple[list[Input], int | None, ImportOptions],
) -> tuple[list[ItemResult], RecordingSummary]:
    shard, run_id, options = task
    run = ImportRun.objects.get(pk=run_id) if run_id else None
    report = ImportReport(run=run)
    _import_sequentially(shard, run, options, report, None)
    return report.items, report.recorded


def _import_one(
    label: str,
    parsed: ParsedArticle | UnreadableInput,
    run: ImportRun | None,
    options: ImportOptions,
    recorded: RecordingSummary,
) -> ItemResult:
    if isinstance(parsed, UnreadableInput):
        return ItemResult(label, Outcome.FAILED, str(parsed))
    if options.outlet and not parsed.outlet:
        parsed = replace(parsed, outlet=options.outlet)
    if options.since and (parsed.published_at is None or parsed.published_at < options.since):
        return ItemResult(label, Outcome.SKIPPED, "published before --since or undated")
    if options.dry_run:
        return _preview(label, parsed, options, recorded)
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            return store_article(
                parsed,
                source=label,
                run=run,
                run_extraction=options.run_extraction,
                recorded=recorded,
            )
        except OperationalError as error:
            if attempt == WRITE_ATTEMPTS:
                return ItemResult(label, Outcome.FAILED, f"database error: {error}")
        except DatabaseError as error:
            return ItemResult(label, Outcome.FAILED, f"database error: {error}")
        except ReviewedWorkWouldBeLost as error:
            return ItemResult(label, Outcome.FAILED, str(error))
    raise AssertionError("unreachable")  # pragma: no cover


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
            _relax_durability()
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
            if extraction is not None:
                summary = record_extraction(article, extraction, fresh=outcome == Outcome.CREATED)
                if recorded is not None:
                    recorded += summary
    except IntegrityError:
        existing = Article.objects.filter(content_hash=digest).only("id").first()
        if existing is None:
            raise
        return ItemResult(source, Outcome.UNCHANGED, article_id=existing.pk)
    return ItemResult(source, outcome, article_id=article.pk)


def _relax_durability() -> None:
    """Let PostgreSQL acknowledge this article's commit before its WAL reaches disk.

    A crash can then lose only the last few imported articles, never corrupt
    anything, and re-running the import (idempotent) restores them; in exchange each
    article skips a disk flush, which is most of its cost.
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
