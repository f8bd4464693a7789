import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from extraction.evaluation import GoldFormatError, evaluate, load_gold
from sources.importing import read_article
from sources.parsing import UnreadableInput


def _load_article_file(path: Path) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    try:
        article = read_article(path)
    except UnreadableInput as error:
        raise GoldFormatError(f"{path}: {error}") from None
    return article.title, article.body, article.tags, article.removed


class Command(BaseCommand):
    help = "Score the extraction engine against a factbase-gold/1 annotation file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("gold", type=Path)
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            articles = load_gold(options["gold"], _load_article_file)
        except GoldFormatError as error:
            raise CommandError(str(error)) from None
        scores = evaluate(articles).as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(scores, indent=2))
            return
        header = f"{'kind':<9}{'gold':>6}{'pred':>6}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}"
        header += f"{'attr':>8}{'e2e F1':>8}"
        self.stdout.write(header)
        for kind in ("direct", "indirect"):
            s = scores[kind]
            self.stdout.write(
                f"{kind:<9}{s['gold']:>6}{s['predicted']:>6}{s['matched']:>7}"
                f"{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
                f"{s['attribution_accuracy']:>8.3f}{s['end_to_end']['f1']:>8.3f}"
            )
        c = scores["claims"]
        self.stdout.write(
            f"{'claims':<9}{c['gold']:>6}{c['predicted']:>6}{c['matched']:>7}"
            f"{c['precision']:>8.3f}{c['recall']:>8.3f}"
        )
        for article in scores["articles"]:
            problems = []
            if not article["title_ok"]:
                problems.append("title differs")
            if not article["tags_ok"]:
                problems.append("tags differ")
            if article["boilerplate_left"]:
                problems.append(f"{len(article['boilerplate_left'])} boilerplate line(s) kept")
            if problems:
                self.stdout.write(f"{article['id']}: {'; '.join(problems)}")
