"""Turn input bytes into cleaned articles. Pure Python, no database.

Formats: plain text (the one of `seeds/`: first non-empty line is the headline, an
optional line of `#hashtags` gives the tags, the rest is the body), Markdown, HTML
pages, JSON (one object or a list) and JSON Lines. Paragraphs of every cleaned body
are separated by one blank line; all quote offsets point into that body.
"""

import codecs
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

from sources.cleaning import split_boilerplate
from sources.weblinks import WEB_URL_RULE, is_web_url

logger = logging.getLogger(__name__)
_HASHTAG_LINE = re.compile(r"^\s*#\w+(?:[\s,]+#\w+)*\s*$")
_HASHTAG = re.compile(r"#(\w+)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TITLE_CHARS = 500
# Deeper JSON than this is refused: article objects and JSON-LD need a few levels,
# and a deep document would exhaust the stack of every recursive reader after us.
MAX_JSON_DEPTH = 64
# How many byte offsets a warning about bytes that are not UTF-8 names.
MAX_REPORTED_OFFSETS = 10


class UnreadableInput(ValueError):
    """The input cannot be turned into an article; the message says why."""


class FetchFailedForNow(UnreadableInput):
    """A fetch that may succeed later: a timeout, a refused or dropped connection, an
    HTTP 429 or 5xx. The queue tries such an input again; an inline import reports it."""


class Format(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
    JSONL = "jsonl"


_SUFFIXES = {
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".json": Format.JSON,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
}
IMPORTABLE_SUFFIXES = frozenset(_SUFFIXES)


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    body: str
    raw: str
    tags: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    url: str = ""
    byline: str = ""
    outlet: str = ""
    language: str = "en"
    published_at: datetime | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decoded:
    text: str
    warnings: tuple[str, ...] = ()


def decode(data: bytes, encoding: str | None = None) -> str:
    """Bytes to text; see decode_text."""
    return decode_text(data, encoding).text


def decode_text(data: bytes, encoding: str | None = None) -> Decoded:
    """Bytes to text: BOMs honoured, UTF-8 first, then Windows-1252/Latin-1 detection.

    Text written as UTF-8 (a BOM, or valid multi-byte characters outnumbering the
    stray bytes) stays UTF-8: its few invalid bytes become U+FFFD and a warning names
    their offsets. Only text with no sign of UTF-8 is read as a legacy encoding.
    With `encoding` the bytes must be valid in that encoding.
    """
    if encoding:
        try:
            return Decoded(data.decode(encoding))
        except LookupError:
            raise UnreadableInput(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as error:
            raise UnreadableInput(
                f"not valid {encoding}: byte 0x{data[error.start]:02x} at offset {error.start}"
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        return _lenient_utf8(data, start=len(codecs.BOM_UTF8))[0]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(_strict(data, "utf-16"))
    if b"\x00" in data:
        raise UnreadableInput("looks like a binary file (contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    decoded, stray = _lenient_utf8(data, start=0)
    multibyte = sum(1 for char in decoded.text if char > "\x7f") - decoded.text.count("\ufffd")
    if multibyte > stray:
        return decoded
    from charset_normalizer import from_bytes  # imported here: only legacy files need it

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1"]).best()
    if best is None:
        raise UnreadableInput(
            "not UTF-8 and not recognisably Windows-1252 or Latin-1; pass --encoding"
        )
    return Decoded(str(best))


_stray_bytes: ContextVar[list[int]] = ContextVar("_stray_bytes")


def _replace_and_record(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    _stray_bytes.get().extend(range(error.start, error.end))
    return "\ufffd", error.end


codecs.register_error("factbase-record-stray-bytes", _replace_and_record)


def _lenient_utf8(data: bytes, *, start: int) -> tuple[Decoded, int]:
    """UTF-8 with invalid bytes replaced; the warning names their offsets in `data`."""
    offsets: list[int] = []
    token = _stray_bytes.set(offsets)
    try:
        text = data[start:].decode("utf-8", errors="factbase-record-stray-bytes")
    finally:
        _stray_bytes.reset(token)
    if not offsets:
        return Decoded(text), 0
    named = ", ".join(str(start + offset) for offset in offsets[:MAX_REPORTED_OFFSETS])
    more = len(offsets) - MAX_REPORTED_OFFSETS
    if more > 0:
        named += f" and {more:,} more"
    noun = "byte that is" if len(offsets) == 1 else "bytes that are"
    plural = "offset" if len(offsets) == 1 else "offsets"
    warning = f"replaced {len(offsets):,} {noun} not UTF-8 at {plural} {named}"
    return Decoded(text, (warning,)), len(offsets)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableInput(
            f"not valid {encoding.upper()}: {error.reason} at byte {error.start}"
        ) from None


def load_json(text: str) -> Any:
    """json.loads, refusing documents nested deeper than MAX_JSON_DEPTH with a UnreadableInput.

    A syntax error is left to the caller as json.JSONDecodeError.
    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise UnreadableInput(too_deep()) from None
    check_json_depth(value)
    return value


def too_deep() -> str:
    return f"JSON nested more than {MAX_JSON_DEPTH} levels deep"


def check_json_depth(value: Any) -> None:
    """UnreadableInput if lists and objects in `value` nest deeper than MAX_JSON_DEPTH."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise UnreadableInput(too_deep())
        pending.extend((child, depth + 1) for child in children)


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, no control characters: the form every offset refers to."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def detect_format(name: str, text: str) -> Format:
    """By file extension first, then by content."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    head = text.lstrip()[:500].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head or "<article" in head:
        return Format.HTML
    if head.startswith("["):
        return Format.JSON
    if head.startswith("{"):
        first_line = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first_line)
        except (json.JSONDecodeError, RecursionError):
            return Format.JSON
        return Format.JSONL if "\n{" in text.strip() else Format.JSON
    if head.startswith(("# ", "---\n")):
        return Format.MARKDOWN
    return Format.TEXT


def parse_document(
    text: str, fmt: Format, source: str
) -> Iterator[tuple[str, ParsedArticle | UnreadableInput]]:
    """Every article in one document, labelled with where it came from.

    A JSON Lines file yields one result per line, so a bad line fails alone.
    """
    if fmt == Format.JSONL:
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                yield f"{source}:{number}", _guard(lambda line=line: _json_line(line))
        return
    if fmt == Format.JSON:
        try:
            document = load_json(text)
        except json.JSONDecodeError as error:
            yield source, UnreadableInput(f"invalid JSON: {error.msg} at line {error.lineno}")
            return
        except UnreadableInput as error:
            yield source, error
            return
        records = document if isinstance(document, list) else [document]
        for index, record in enumerate(records):
            label = f"{source}[{index}]" if isinstance(document, list) else source
            yield label, _guard(lambda record=record: parse_record(record))
        return
    parser = {
        Format.TEXT: parse_plain_text,
        Format.MARKDOWN: parse_markdown,
        Format.HTML: parse_html,
    }[fmt]
    yield source, _guard(lambda: parser(text))


def _guard(parse: Any) -> ParsedArticle | UnreadableInput:
    try:
        article: ParsedArticle = parse()
    except UnreadableInput as error:
        return error
    except Exception as error:  # e.g. a library failing on hostile HTML: this item fails
        logger.error("parsing failed", exc_info=error)
        return UnreadableInput(f"unexpected error: {type(error).__name__}: {str(error)[:300]}")
    return article


def _json_line(line: str) -> ParsedArticle:
    try:
        record = load_json(line)
    except json.JSONDecodeError as error:
        raise UnreadableInput(f"invalid JSON: {error.msg} at column {error.colno}") from None
    return parse_record(record)


def build_article(title: str, lines: list[str], raw: str, **fields: Any) -> ParsedArticle:
    """Clean candidate paragraphs into a body; refuse an article without title or body."""
    title = " ".join(normalize_text(title).split())
    url = fields.get("url") or ""
    if url and not is_web_url(url):
        raise UnreadableInput(f"the article URL {url[:200]!r} {WEB_URL_RULE}")
    if not title:
        raise UnreadableInput("the article has no headline")
    if len(title) > MAX_TITLE_CHARS:
        raise UnreadableInput(
            f"the headline is {len(title):,} characters long; at most {MAX_TITLE_CHARS} allowed"
        )
    stripped = [normalize_text(line).strip() for line in lines]
    paragraphs, removed = split_boilerplate([line for line in stripped if line])
    body = "\n\n".join(paragraphs)
    if not body:
        raise UnreadableInput("the article has a headline but no body text")
    return ParsedArticle(title=title, body=body, raw=raw, removed=tuple(removed), **fields)


def parse_plain_text(raw: str) -> ParsedArticle:
    lines = [line.strip() for line in normalize_text(raw).split("\n")]
    content = [line for line in lines if line]
    if not content:
        raise UnreadableInput("the file is empty")
    title, rest = content[0], content[1:]
    tags: tuple[str, ...] = ()
    if rest and _HASHTAG_LINE.match(rest[0]):
        tags = tuple(_HASHTAG.findall(rest[0]))
        rest = rest[1:]
    return build_article(title, rest, raw, tags=tags)


_FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n", re.DOTALL)
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_LIST = re.compile(r"^(?:[-*+]|\d+[.)])\s+")


def parse_markdown(raw: str) -> ParsedArticle:
    """Markdown: optional `key: value` front matter, first heading is the headline."""
    text = normalize_text(raw)
    meta: dict[str, str] = {}
    front = _FRONT_MATTER.match(text)
    if front:
        for line in front.group("meta").split("\n"):
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[front.end() :]
    lines = [line.strip() for line in text.split("\n")]
    content = [line for line in lines if line]
    if not content and not meta.get("title"):
        raise UnreadableInput("the file is empty")
    title = meta.get("title", "")
    if not title:
        title, content = _MD_HEADING.sub("", content[0]), content[1:]
    tags = tuple(t.strip() for t in meta.get("tags", "").strip("[]").split(",") if t.strip())
    if content and _HASHTAG_LINE.match(content[0]):
        tags, content = tuple(_HASHTAG.findall(content[0])), content[1:]
    body_lines = [_plain_markdown(line) for line in content if not line.startswith(("```", "---"))]
    return build_article(
        title,
        body_lines,
        raw,
        tags=tags,
        url=meta.get("url", ""),
        byline=meta.get("author", meta.get("byline", "")),
        outlet=meta.get("outlet", ""),
        language=meta.get("language", "en") or "en",
        published_at=parse_datetime(meta["date"]) if meta.get("date") else None,
    )


def _plain_markdown(line: str) -> str:
    line = _MD_LIST.sub("", _MD_HEADING.sub("", line.lstrip("> ")))
    line = _MD_LINK.sub(r"\1", line)
    return _MD_EMPHASIS.sub(r"\2", line)


def parse_html(raw: str, url: str = "") -> ParsedArticle:
    """The main text and metadata of a news page, via trafilatura; JSON-LD kept as metadata."""
    import trafilatura  # imported here: loading it is slow and only HTML needs it

    if not raw.strip():
        raise UnreadableInput("the file is empty")
    extracted = trafilatura.bare_extraction(
        raw,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if extracted is None:
        raise UnreadableInput("no article text found in the HTML page")
    page = extracted if isinstance(extracted, dict) else extracted.as_dict()
    news = _news_article_json_ld(raw)
    title = str(news.get("headline") or page.get("title") or "")
    lines = (page.get("text") or "").split("\n")
    if lines and " ".join(lines[0].split()) == " ".join(title.split()):
        lines = lines[1:]  # trafilatura repeats the headline as the first line
    author = _names(news.get("author")) or page.get("author") or ""
    publisher = _names(news.get("publisher")) or page.get("sitename") or ""
    published = news.get("datePublished") or page.get("date")
    return build_article(
        title,
        lines,
        raw,
        url=str(news.get("url") or page.get("url") or url or ""),
        byline=str(author),
        outlet=str(publisher),
        language=str(page.get("language") or news.get("inLanguage") or "en"),
        published_at=parse_datetime(str(published)) if published else None,
        tags=tuple(str(t) for t in (page.get("tags") or []) if t),
        metadata={"json_ld": news} if news else {},
    )


_JSON_LD = re.compile(
    r"<script[^>]+type=[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", re.DOTALL | re.I
)


_SCRIPT_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")


def json_ld_scripts(html: str) -> list[str]:
    """The text of each `<script type="application/ld+json">` block of a page, in order,
    without the CDATA or comment wrapper some pages put around it."""
    return [_SCRIPT_WRAPPER.sub("", match.group(1)) for match in _JSON_LD.finditer(html)]


def _news_article_json_ld(html: str) -> dict[str, Any]:
    for number, script in enumerate(json_ld_scripts(html), start=1):
        try:
            data = load_json(script)
        except json.JSONDecodeError:
            continue
        except UnreadableInput as error:
            raise UnreadableInput(f"JSON-LD block {number}: {error}") from None
        for node in _nodes(data):
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(k in ("NewsArticle", "Article", "ReportageNewsArticle") for k in kinds):
                return node
    return {}


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _nodes(data.get("@graph", []))


def _names(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(filter(None, (_names(v) for v in value)))
    if isinstance(value, dict):
        return str(value.get("name") or "")
    return str(value or "")


RECORD_FIELDS = frozenset(
    {"title", "body", "html", "url", "published_at", "outlet", "byline", "tags", "language"}
)


def parse_record(record: Any) -> ParsedArticle:
    """One article object of a JSON or JSON Lines file."""
    if not isinstance(record, dict):
        raise UnreadableInput(f"expected an article object, got {type(record).__name__}")
    for name in RECORD_FIELDS & record.keys():
        value = record[name]
        if name == "tags":
            if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
                raise UnreadableInput('"tags" must be a list of strings')
        elif value is not None and not isinstance(value, str):
            raise UnreadableInput(f'"{name}" must be a string')
    check_json_depth(record)
    url = record.get("url") or ""
    if url and not is_web_url(url):
        raise UnreadableInput(f'"url" {WEB_URL_RULE}: {url[:200]!r}')
    fields: dict[str, Any] = {
        "url": url,
        "byline": record.get("byline") or "",
        "outlet": record.get("outlet") or "",
        "language": record.get("language") or "en",
        "tags": tuple(record.get("tags") or ()),
    }
    if record.get("published_at"):
        fields["published_at"] = parse_datetime(record["published_at"])
    raw = json.dumps(record, ensure_ascii=False)
    if record.get("body"):
        body = normalize_text(record["body"])
        return build_article(record.get("title") or "", body.split("\n"), raw, **fields)
    if record.get("html"):
        page = parse_html(record["html"], url=url)
        overrides = {k: v for k, v in fields.items() if v}
        return replace(page, raw=raw, title=record.get("title") or page.title, **overrides)
    raise UnreadableInput('the article needs "body" or "html"')


def parse_datetime(value: str) -> datetime:
    """ISO 8601 date or date-time; a date alone is midnight UTC, a naive time is UTC."""
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UnreadableInput(f"not an ISO 8601 date: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
