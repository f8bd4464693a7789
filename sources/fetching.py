"""Fetch an article page over HTTP. Never call this inside a database transaction."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message

from sources.parsing import Format, UnreadableInput

USER_AGENT = "factbase-importer/1 (+https://github.com/factbase)"


@dataclass(frozen=True)
class Fetched:
    url: str
    data: bytes
    charset: str | None
    format: Format | None


def fetch_url(url: str, *, timeout: float, max_bytes: int) -> Fetched:
    """GET `url`; errors become UnreadableInput with a reason a person can act on."""
    if not url.startswith(("http://", "https://")):
        raise UnreadableInput("only http:// and https:// URLs can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            headers: Message = response.headers
            final_url = response.geturl()
    except urllib.error.HTTPError as error:
        raise UnreadableInput(f"HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise UnreadableInput(f"cannot fetch: {error.reason}") from None
    except TimeoutError:
        raise UnreadableInput(f"timed out after {timeout:g} s") from None
    except OSError as error:
        raise UnreadableInput(f"cannot fetch: {error}") from None
    if len(data) > max_bytes:
        raise UnreadableInput(f"the response is larger than the limit of {max_bytes:,} bytes")
    content_type = headers.get_content_type()
    fmt = {
        "text/html": Format.HTML,
        "application/xhtml+xml": Format.HTML,
        "application/json": Format.JSON,
        "text/plain": Format.TEXT,
        "text/markdown": Format.MARKDOWN,
    }.get(content_type)
    return Fetched(url=final_url, data=data, charset=headers.get_content_charset(), format=fmt)
