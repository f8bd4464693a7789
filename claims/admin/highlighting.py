"""Render article text with marked spans (quotes, claim sentences) as safe HTML."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str
    label: str = ""
    title: str = ""


def highlight(text: str, marks: Iterable[Mark]) -> SafeString:
    """Paragraphs of `text` with each mark wrapped in <mark>, labelled after its end.

    Marks may nest (a claim sentence inside a quote); a mark that crosses another is
    left out rather than producing broken markup.
    """
    parts: list[str] = []
    position = 0
    open_marks: list[Mark] = []

    def close_until(limit: int) -> None:
        nonlocal position
        while open_marks and open_marks[-1].end <= limit:
            mark = open_marks.pop()
            parts.append(escape(text[position : mark.end]))
            parts.append("</mark>")
            if mark.label:
                parts.append(format_html('<sup class="fb-label">{}</sup>', mark.label))
            position = mark.end

    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if not 0 <= mark.start < mark.end <= len(text):
            continue
        close_until(mark.start)
        if open_marks and mark.end > open_marks[-1].end:
            continue
        parts.append(escape(text[position : mark.start]))
        parts.append(format_html('<mark class="{}" title="{}">', mark.css, mark.title))
        open_marks.append(mark)
        position = mark.start
    close_until(len(text))
    parts.append(escape(text[position:]))
    html = "".join(parts).replace("\n\n", "</p><p>").replace("\n", "<br>")
    return mark_safe(f'<div class="fb-article"><p>{html}</p></div>')


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the paragraph(s) holding text[start:end]."""
    before = text.rfind("\n\n", 0, start)
    after = text.find("\n\n", end)
    return (0 if before < 0 else before + 2), (len(text) if after < 0 else after)
