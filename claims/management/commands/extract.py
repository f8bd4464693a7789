import json
from argparse import ArgumentParser
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from extraction import extract
from sources.importing import read_article
from sources.parsing import UnreadableInput


class Command(BaseCommand):
    help = "Show what import would extract from an article file. Writes nothing."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="Print one JSON document.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            article = read_article(path)
        except UnreadableInput as error:
            raise CommandError(f"{path}: {error}") from None
        result = extract(article.body)
        if options["json"]:
            document = {
                "title": article.title,
                "tags": list(article.tags),
                "removed": list(article.removed),
                "quotes": [asdict(q) for q in result.quotes],
                "speakers": [asdict(s) for s in result.speakers],
                "claims": [asdict(c) for c in result.claims],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{article.title}\ntags: {', '.join(article.tags) or '-'}\n")
        self.stdout.write(f"Quotes ({len(result.quotes)}):")
        for q in result.quotes:
            self.stdout.write(
                f"  [{q.start}:{q.end}] {q.kind:<8} {q.speaker or '(unattributed)'}"
                f" ← {q.mention or '-'} / {q.cue or '-'} ({q.confidence:.2f})\n    {q.text}"
            )
        self.stdout.write(f"\nSpeakers ({len(result.speakers)}):")
        for s in result.speakers:
            details = ", ".join(x for x in (s.role, s.organization) if x)
            self.stdout.write(f"  {s.name} ({s.kind}){': ' + details if details else ''}")
        self.stdout.write(f"\nClaim candidates ({len(result.claims)}):")
        for c in result.claims:
            self.stdout.write(f"  {c.score:.2f} {c.text}\n       {'; '.join(c.reasons)}")
