"""Turn an input file into a cleaned article. Pure Python, no database.

The plain-text format is the one of `seeds/`: the first non-empty line is the
headline, an optional line of `#hashtags` gives the tags, the rest is the body.
Paragraphs of the cleaned body are separated by one blank line.
"""

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from sources.cleaning import split_boilerplate

_HASHTAG_LINE = re.compile(r"^\s*#\w+(?:[\s,]+#\w+)*\s*$")
_HASHTAG = re.compile(r"#(\w+)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ParseError(ValueError):
    """The input cannot be turned into an article; the message says why."""


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
    extra: dict[str, str] = field(default_factory=dict)


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse anything else clearly."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ParseError(f"not valid UTF-16: {error.reason} at byte {error.start}") from None
    if b"\x00" in data:
        raise ParseError("looks like a binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ParseError(
            f"not valid UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}"
        ) from None


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, no control characters: the form every offset refers to."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def parse_plain_text(raw: str) -> ParsedArticle:
    lines = normalize_text(raw).split("\n")
    stripped = [line.strip() for line in lines]
    content = [i for i, line in enumerate(stripped) if line]
    if not content:
        raise ParseError("the file is empty")
    title = stripped[content[0]]
    rest = content[1:]
    tags: tuple[str, ...] = ()
    if rest and _HASHTAG_LINE.match(stripped[rest[0]]):
        tags = tuple(_HASHTAG.findall(stripped[rest[0]]))
        rest = rest[1:]
    paragraphs, removed = split_boilerplate([stripped[i] for i in rest])
    body = "\n\n".join(paragraphs)
    if not body:
        raise ParseError("the article has a headline but no body text")
    return ParsedArticle(title=title, body=body, raw=raw, tags=tags, removed=tuple(removed))
