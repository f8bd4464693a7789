"""What an import reads: files, directories, glob patterns, standard input and URLs,
each read, decoded and parsed into articles, or into the reason it cannot be.

Nothing here touches the database; storing what was read is the import workflow's
job (`claims.importing`). Reading may fetch over the network, so call it outside
any transaction.
"""

import glob
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from sources.fetching import fetch_url
from sources.parsing import (
    IMPORTABLE_SUFFIXES,
    Format,
    ParsedArticle,
    UnreadableInput,
    decode_text,
    detect_format,
    parse_document,
    parse_record,
)

Read = tuple[bytes, str | None, Format | None, str]  # data, charset, format, final URL

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Input:
    """One input to read: a file, standard input or a URL (or why it cannot be read)."""

    label: str
    read: Callable[[], Read] | None
    error: str = ""
    path: Path | None = None


def expand_inputs(
    inputs: Iterable[str], *, urls: Iterable[str] = (), stdin: BinaryIO | None = None
) -> Iterator[Input]:
    """Inputs for every file named by paths, directories and globs, plus `-` and URLs."""
    for given in inputs:
        if given == "-":
            yield Input("<stdin>", partial(_read_stream, stdin or sys.stdin.buffer))
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _importable(p))
            if not files:
                yield Input(given, None, "directory contains no article files")
            yield from (file_input(file) for file in files)
        elif path.is_file():
            yield file_input(path)
        elif glob.has_magic(given):
            files = sorted(p for p in map(Path, glob.glob(given, recursive=True)) if p.is_file())
            if not files:
                yield Input(given, None, "pattern matches no files")
            yield from (file_input(file) for file in files)
        else:
            yield Input(given, None, "no such file or directory")
    for url in urls:
        yield Input(url, partial(_fetch, url))


def _importable(path: Path) -> bool:
    return path.suffix.lower() in IMPORTABLE_SUFFIXES and not path.name.startswith(".")


def file_input(path: Path) -> Input:
    return Input(str(path), partial(_read_file, path), path=path)


def _read_file(path: Path) -> Read:
    limit = settings.FACTBASE_MAX_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise UnreadableInput(f"the file is {size:,} bytes; the limit is {limit:,}")
        return path.read_bytes(), None, None, ""
    except OSError as error:
        raise UnreadableInput(f"cannot read: {error.strerror}") from None


def _read_stream(stream: BinaryIO) -> Read:
    limit = settings.FACTBASE_MAX_FILE_BYTES
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise UnreadableInput(f"standard input is larger than the limit of {limit:,} bytes")
    return data, None, None, ""


def _fetch(url: str) -> Read:
    fetched = fetch_url(
        url,
        timeout=settings.FACTBASE_FETCH_TIMEOUT,
        max_bytes=settings.FACTBASE_MAX_FILE_BYTES,
    )
    return fetched.data, fetched.charset, fetched.format, fetched.url


def read_input(
    given: Input, *, encoding: str | None = None, format: Format | None = None
) -> Iterator[tuple[str, ParsedArticle | UnreadableInput]]:
    """Read, decode and parse one input into its articles (or per-article errors).

    `encoding` and `format` force what would otherwise be detected.
    """
    if given.read is None:
        yield given.label, UnreadableInput(given.error)
        return
    try:
        data, charset, fetched_format, fetched_url = given.read()
        decoded = decode_text(data, encoding or charset)
        fmt = format or fetched_format or detect_format(given.label, decoded.text)
    except UnreadableInput as error:
        yield given.label, error
        return
    except Exception as error:  # one input's surprise must not end the run
        yield given.label, unexpected(given.label, error)
        return
    for label, parsed in parse_document(decoded.text, fmt, given.label):
        if isinstance(parsed, ParsedArticle):
            parsed = within_size_limit(parsed)
        if isinstance(parsed, ParsedArticle):
            parsed = replace(parsed, url=parsed.url or fetched_url, warnings=decoded.warnings)
        yield label, parsed


def unexpected(label: str, error: Exception) -> UnreadableInput:
    """An error nobody foresaw, as that input's failure; the traceback goes to the log."""
    logger.error("reading %s failed", label, exc_info=error)
    return UnreadableInput(f"unexpected error: {type(error).__name__}: {str(error)[:300]}")


def read_record(record: object) -> ParsedArticle | UnreadableInput:
    """One article object (the JSON import shape), e.g. submitted through the API."""
    try:
        return within_size_limit(parse_record(record))
    except UnreadableInput as error:
        return error
    except Exception as error:
        return unexpected("a submitted article", error)


def within_size_limit(parsed: ParsedArticle) -> ParsedArticle | UnreadableInput:
    """The article, or the reason it is over FACTBASE_MAX_ARTICLE_CHARS."""
    limit = settings.FACTBASE_MAX_ARTICLE_CHARS
    size = max(len(parsed.raw), len(parsed.body))
    if size > limit:
        return UnreadableInput(f"the article is {size:,} characters; the limit is {limit:,}")
    return parsed


def read_article(
    path: Path, *, encoding: str | None = None, format: Format | None = None
) -> ParsedArticle:
    """The (first) article of one file, read exactly as import would."""
    for _, parsed in read_input(file_input(path), encoding=encoding, format=format):
        if isinstance(parsed, UnreadableInput):
            raise parsed
        return parsed
    raise UnreadableInput("the file holds no article")
