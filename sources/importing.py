"""The one import workflow, used by the management command (and later the API and admin).

Reading and parsing happen outside any transaction; each article is written in a
transaction of its own, so a failure leaves nothing of that article behind and does
not undo the articles before it.
"""

from __future__ import annotations

import glob
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from claims.extraction import extract
from claims.recording import RecordingSummary, record_extraction
from sources.models import Article, ImportRun, Outlet, content_hash
from sources.parsing import ParsedArticle, ParseError, decode, parse_plain_text

ARTICLE_SUFFIXES = frozenset({".txt", ".text"})


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class ItemResult:
    source: str
    outcome: Outcome
    reason: str = ""
    article_id: int | None = None


@dataclass
class ImportReport:
    run: ImportRun | None
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


def expand_inputs(inputs: Iterable[str]) -> Iterator[tuple[str, Path | None, str]]:
    """(source label, file path, error) for every file named by paths, directories and globs."""
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _importable(p))
            if not files:
                yield given, None, "directory contains no article files (*.txt)"
            for file in files:
                yield str(file), file, ""
        elif path.is_file():
            yield given, path, ""
        elif glob.has_magic(given):
            matches = sorted(Path(p) for p in glob.glob(given, recursive=True))
            files = [p for p in matches if p.is_file()]
            if not files:
                yield given, None, "pattern matches no files"
            for file in files:
                yield str(file), file, ""
        else:
            yield given, None, "no such file or directory"


def _importable(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")


def read_article(path: Path) -> ParsedArticle:
    max_chars = settings.FACTBASE_MAX_ARTICLE_CHARS
    try:
        size = path.stat().st_size
        if size > max_chars * 4:
            raise ParseError(f"the file is {size:,} bytes; the limit is {max_chars:,} characters")
        data = path.read_bytes()
    except OSError as error:
        raise ParseError(f"cannot read: {error.strerror}") from None
    text = decode(data)
    if len(text) > max_chars:
        raise ParseError(f"the article is {len(text):,} characters; the limit is {max_chars:,}")
    return parse_plain_text(text)


def import_articles(
    inputs: Iterable[str],
    *,
    run_extraction: bool = True,
    on_item: Callable[[ItemResult], None] | None = None,
) -> ImportReport:
    """Import every article named by `inputs`; record the run with its counts and errors."""
    inputs = list(inputs)
    started = time.perf_counter()
    run = ImportRun.objects.create(inputs="\n".join(inputs))
    report = ImportReport(run=run)
    for source, path, error in expand_inputs(inputs):
        if path is None:
            result = ItemResult(source, Outcome.FAILED, error)
        else:
            try:
                parsed = read_article(path)
            except ParseError as parse_error:
                result = ItemResult(source, Outcome.FAILED, str(parse_error))
            else:
                try:
                    result = store_article(
                        parsed,
                        source=source,
                        run=run,
                        run_extraction=run_extraction,
                        recorded=report.recorded,
                    )
                except DatabaseError as db_error:
                    # The article's transaction was rolled back; report it and go on.
                    result = ItemResult(source, Outcome.FAILED, f"database error: {db_error}")
        report.items.append(result)
        if on_item is not None:
            on_item(result)
    report.seconds = time.perf_counter() - started
    run.created = report.count(Outcome.CREATED)
    run.updated = report.count(Outcome.UPDATED)
    run.unchanged = report.count(Outcome.UNCHANGED)
    run.failed = report.count(Outcome.FAILED)
    run.errors = [{"input": item.source, "reason": item.reason} for item in report.failures]
    run.finished_at = timezone.now()
    run.save()
    return report


def store_article(
    parsed: ParsedArticle,
    *,
    source: str,
    run: ImportRun | None,
    run_extraction: bool = True,
    recorded: RecordingSummary | None = None,
) -> ItemResult:
    """Write one parsed article and its extraction in a single transaction.

    The same text again is a no-op; the same URL with new text updates the article.
    A concurrent importer that inserts the same article first wins the unique
    constraint; this one then reports the article unchanged.
    """
    digest = content_hash(parsed.body)
    existing = Article.objects.filter(content_hash=digest).only("id").first()
    if existing is not None:
        return ItemResult(source, Outcome.UNCHANGED, article_id=existing.pk)
    extraction = extract(parsed.body) if run_extraction else None
    try:
        with transaction.atomic():
            outlet = _outlet(parsed.outlet)
            article = (
                Article.objects.select_for_update().filter(url=parsed.url).first()
                if parsed.url
                else None
            )
            outcome = Outcome.CREATED if article is None else Outcome.UPDATED
            if article is None:
                article = Article()
            else:
                # The text changed: spans of machine quotes no longer point anywhere.
                article.quotes.filter(attribution_status="unreviewed").delete()
            article.outlet = outlet
            article.url = parsed.url
            article.title = parsed.title[:500]
            article.byline = parsed.byline[:500]
            article.published_at = parsed.published_at
            article.language = parsed.language
            article.tags = list(parsed.tags)
            article.body = parsed.body
            article.raw = parsed.raw
            article.content_hash = digest
            article.import_run = run
            article.source_file = source[:1000]
            article.save()
            if extraction is not None:
                summary = record_extraction(article, extraction)
                if recorded is not None:
                    recorded += summary
    except IntegrityError:
        existing = Article.objects.filter(content_hash=digest).only("id").first()
        if existing is None:
            raise
        return ItemResult(source, Outcome.UNCHANGED, article_id=existing.pk)
    return ItemResult(source, outcome, article_id=article.pk)


def _outlet(name: str) -> Outlet | None:
    if not name:
        return None
    outlet, _ = Outlet.objects.get_or_create(name=name[:200])
    return outlet
