"""Score the engine against a gold file in the `factbase-gold/1` format.

Matching follows the format's rules: both sides are normalised (NFKC, straight
quotes, one space, casefolded, edge punctuation stripped), a prediction matches a
gold item when the multiset token overlap divided by the longer token count is at
least 0.8, one-to-one, best score first.
"""

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extraction.engine import extract
from extraction.names import normalize
from extraction.types import Extraction

MATCH_THRESHOLD = 0.8
GOLD_FORMAT = "factbase-gold/1"


class GoldFormatError(ValueError):
    """The gold file is not a valid factbase-gold/1 document."""


def overlap(a: str, b: str) -> float:
    left, right = normalize(a).split(), normalize(b).split()
    if not left or not right:
        return 0.0
    common = sum((Counter(left) & Counter(right)).values())
    return common / max(len(left), len(right))


def match_pairs(predicted: list[str], gold: list[str]) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs at or above the threshold, best first."""
    scored = [
        (score, p, g)
        for p, ptext in enumerate(predicted)
        for g, gtext in enumerate(gold)
        if (score := overlap(ptext, gtext)) >= MATCH_THRESHOLD
    ]
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, p, g in scored:
        if p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
            pairs.append((p, g))
    return pairs


@dataclass
class KindScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    attributed: int = 0

    def as_dict(self) -> dict[str, Any]:
        precision = _ratio(self.matched, self.predicted)
        recall = _ratio(self.matched, self.gold)
        e2e_precision = _ratio(self.attributed, self.predicted)
        e2e_recall = _ratio(self.attributed, self.gold)
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": precision,
            "recall": recall,
            "f1": _f1(precision, recall),
            "attribution_accuracy": _ratio(self.attributed, self.matched),
            "end_to_end": {
                "precision": e2e_precision,
                "recall": e2e_recall,
                "f1": _f1(e2e_precision, e2e_recall),
            },
        }


@dataclass
class Report:
    kinds: dict[str, KindScore] = field(
        default_factory=lambda: {"direct": KindScore(), "indirect": KindScore()}
    )
    claims_gold: int = 0
    claims_predicted: int = 0
    claims_matched: int = 0
    articles: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {kind: score.as_dict() for kind, score in self.kinds.items()}
        result["claims"] = {
            "gold": self.claims_gold,
            "predicted": self.claims_predicted,
            "matched": self.claims_matched,
            "precision": _ratio(self.claims_matched, self.claims_predicted),
            "recall": _ratio(self.claims_matched, self.claims_gold),
        }
        result["articles"] = self.articles
        return result


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


@dataclass(frozen=True)
class GoldArticle:
    id: str
    body: str
    data: dict[str, Any]
    title: str | None = None
    tags: tuple[str, ...] | None = None
    removed: tuple[str, ...] = ()


def load_gold(
    path: Path, load_file: Callable[[Path], tuple[str, str, tuple[str, ...], tuple[str, ...]]]
) -> list[GoldArticle]:
    """Read a gold file. `load_file` parses an article file like import does and returns
    (title, body, tags, removed lines); `file` paths are relative to the gold file's repo root."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoldFormatError(f"{path}: cannot read gold file: {error}") from None
    if not isinstance(document, dict) or document.get("format") != GOLD_FORMAT:
        raise GoldFormatError(f'{path}: "format" must be "{GOLD_FORMAT}"')
    articles = document.get("articles")
    if not isinstance(articles, list):
        raise GoldFormatError(f'{path}: "articles" must be a list')
    root = _repo_root(path)
    loaded: list[GoldArticle] = []
    for position, entry in enumerate(articles):
        if not isinstance(entry, dict):
            raise GoldFormatError(f"{path}: articles[{position}] must be an object")
        article_id = str(entry.get("id", position))
        if isinstance(entry.get("text"), str):
            loaded.append(GoldArticle(article_id, entry["text"], entry))
        elif isinstance(entry.get("file"), str):
            title, body, tags, removed = load_file(root / entry["file"])
            loaded.append(GoldArticle(article_id, body, entry, title, tags, removed))
        else:
            raise GoldFormatError(f'{path}: article "{article_id}" needs "file" or "text"')
    return loaded


def _repo_root(path: Path) -> Path:
    for parent in path.resolve().parents:
        if (parent / ".git").exists() or (parent / "pyproject.toml").exists():
            return parent
    return path.resolve().parent


def _same_speaker(predicted: str | None, gold: dict[str, Any]) -> bool:
    """Correct when both name the same speaker, or both leave the quote unattributed."""
    expected = gold.get("speaker")
    if expected is None or predicted is None:
        return expected is None and predicted is None
    return normalize(predicted) == normalize(str(expected))


def evaluate(articles: Iterable[GoldArticle], run: Callable[[str], Extraction] = extract) -> Report:
    report = Report()
    for article in articles:
        result = run(article.body)
        gold_quotes = [q for q in article.data.get("quotes", []) if isinstance(q, dict)]
        terms = [q["text"] for q in gold_quotes if q.get("kind") == "term"]
        detail: dict[str, Any] = {"id": article.id}
        for kind, score in report.kinds.items():
            gold = [q for q in gold_quotes if q.get("kind") == kind]
            predicted = [
                q
                for q in result.quotes
                if q.kind == kind and not any(overlap(q.text, t) >= MATCH_THRESHOLD for t in terms)
            ]
            pairs = match_pairs([q.text for q in predicted], [str(q["text"]) for q in gold])
            correct = sum(1 for p, g in pairs if _same_speaker(predicted[p].speaker, gold[g]))
            score.gold += len(gold)
            score.predicted += len(predicted)
            score.matched += len(pairs)
            score.attributed += correct
            detail[kind] = {
                "gold": len(gold),
                "predicted": len(predicted),
                "matched": len(pairs),
                "attributed": correct,
            }
        gold_claims = [str(c) for c in article.data.get("claims", [])]
        claim_pairs = match_pairs([c.text for c in result.claims], gold_claims)
        report.claims_gold += len(gold_claims)
        report.claims_predicted += len(result.claims)
        report.claims_matched += len(claim_pairs)
        detail["claims"] = {
            "gold": len(gold_claims),
            "predicted": len(result.claims),
            "matched": len(claim_pairs),
        }
        detail["title_ok"] = article.title is None or article.data.get("title") in (
            None,
            article.title,
        )
        detail["tags_ok"] = (
            article.tags is None
            or list(article.data.get("tags") or []) == list(article.tags)
            or "tags" not in article.data
        )
        detail["boilerplate_left"] = [
            line
            for line in article.data.get("boilerplate", [])
            if normalize(line) and normalize(line) in normalize(article.body)
        ]
        report.articles.append(detail)
    return report
