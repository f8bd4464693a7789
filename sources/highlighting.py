"""Render an article body with its quotes highlighted in place, as safe HTML."""

from collections.abc import Iterable
from typing import Protocol

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


class QuoteLike(Protocol):
    start: int
    end: int
    attribution_status: str

    @property
    def speaker_label(self) -> str: ...


def highlight(body: str, quotes: Iterable[QuoteLike]) -> SafeString:
    """Body paragraphs with each quote in a <mark> labelled with its speaker.

    Overlapping spans (a quote inside a quote) are shown once: the first one wins.
    """
    parts: list[str] = []
    position = 0
    for quote in sorted(quotes, key=lambda q: (q.start, -q.end)):
        if quote.start < position or quote.end > len(body):
            continue
        parts.append(escape(body[position : quote.start]))
        parts.append(
            format_html(
                '<mark class="fb-quote fb-{}" title="{}">{}</mark><sup class="fb-speaker">{}</sup>',
                quote.attribution_status,
                quote.speaker_label,
                body[quote.start : quote.end],
                quote.speaker_label,
            )
        )
        position = quote.end
    parts.append(escape(body[position:]))
    html = "".join(parts).replace("\n\n", "</p><p>").replace("\n", "<br>")
    return mark_safe(f'<div class="fb-article"><p>{html}</p></div>')
