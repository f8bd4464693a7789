"""Boilerplate removal for scraped news pages. Pure Python: text in, text out."""

import re

# Whole lines that scraped pages add around an article: related-article links, comment
# forms, share prompts, newsletter and cookie notices. Anchored on both ends or kept
# short so that a sentence of the article that merely starts the same way survives.
_BOILERPLATE_PATTERNS = [
    r"also read\b.{0,200}",
    r"(read more|related|see also|more from \w+|recommended|watch)\s*:.{0,200}",
    r"read (more|next)\s*[:›»>]?",
    r"leave a (reply|comment)",
    r"(cancel reply|post comment|submit comment)",
    r"your email address will not be published\b.*",
    r"required fields are marked.*",
    r"(share|share this|share this article|share on \w+|tweet|email|print)\s*:?",
    r"(click|tap) here to (subscribe|sign up|read more|share).{0,120}",
    r"(sign up|subscribe) (for|to) (our|the) (free )?newsletter.{0,120}",
    r"follow us on .{1,80}",
    r"advertisement|sponsored( content)?",
    r"(?:this (?:site|website) uses|we use) cookies (?:to|so that|for)\b.{0,300}",
    r"(accept|reject) (all )?cookies",
    r"(copyright|©) .{0,120}all rights reserved\.?",
]
_BOILERPLATE = re.compile(r"^\s*(?:" + "|".join(_BOILERPLATE_PATTERNS) + r")\s*$", re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE.match(line))


def split_boilerplate(lines: list[str]) -> tuple[list[str], list[str]]:
    """Partition lines into (kept, removed), keeping order."""
    kept: list[str] = []
    removed: list[str] = []
    for line in lines:
        (removed if is_boilerplate(line) else kept).append(line)
    return kept, removed
