"""Train the speaker ranker's weights on an annotated corpus and write extraction/ranker_weights.py.

    python bench/train_ranker.py ../corpora/polnear-train.json [--out extraction/ranker_weights.py]

The corpus is a factbase-gold/1 file with `text` fields whose direct quotes carry a
`speaker_mention` (PolNeAR's converted train split; never its dev or test split). The
engine runs with the ranker off; every direct quote it finds, matches to a gold quote
and leaves without a speaker becomes one training example: its candidates (nobody, and
the entities named around it) with the features extraction/ranker.py computes. A
candidate is right when the last word of its name occurs in the gold mention (the
lenient rule of the PolNeAR scorer), nobody is right when the gold quote has no source;
quotes whose mention is only a pronoun, or that no candidate fits, teach nothing and
are left out. The model is a conditional logit (softmax over the candidates) fitted by
full-batch gradient descent with an L2 penalty: plain Python, deterministic. Two-fold
cross-validation over articles is printed first, so the gain on unseen articles is
known before the weights are written.
"""

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extraction.attribution import attribute, unattributed
from extraction.entities import Entities
from extraction.evaluation import load_gold, match_pairs
from extraction.names import normalize
from extraction.quotes import find_quotes
from extraction.ranker import Features
from extraction.text import Span, paragraphs

# An example: the feature dicts of its candidates and the indices of the right ones.
Example = tuple[list[Features], set[int]]

_PRONOUNS = frozenset(
    [
        *("i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them", "who"),
        *("whom", "which", "that", "his", "its", "their", "our", "my", "your", "this", "these"),
        *("those", "one", "himself", "herself", "itself", "themselves"),
    ]
)
_EDGE = "\"'.,;:!?()[]{}-–—…*’‘“”"


def _name_tokens(text: str | None) -> list[str]:
    tokens = []
    for token in normalize(text or "").split():
        token = token.strip(_EDGE)
        if token.endswith("'s"):
            token = token[:-2]
        if token:
            tokens.append(token)
    return tokens


def _no_files(path: Path) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    raise SystemExit(f"{path}: this script reads gold files whose articles carry `text`")


def examples(gold: Path) -> list[list[Example]]:
    """Training examples, grouped by article."""
    grouped: list[list[Example]] = []
    for article in load_gold(gold, _no_files):
        body = article.body
        paragraph_spans = list(paragraphs(body))
        raws = find_quotes(body, paragraph_spans)
        quoted = [Span(raw.open, min(raw.close + 1, len(body))) for raw in raws]
        entities = Entities(body, quoted)
        quotes = attribute(body, paragraph_spans, raws, entities, rank=False)
        by_start = {raw.inner.start: raw for raw in raws}
        pairs = [(by_start[quote.start], quote) for quote in quotes]
        golds = [q for q in article.data.get("quotes", []) if q.get("kind") in ("direct", "term")]
        matched = dict(
            match_pairs([quote.text for quote in quotes], [str(q.get("text", "")) for q in golds])
        )
        found: list[Example] = []
        for index, candidates in unattributed(body, paragraph_spans, pairs, entities):
            if index not in matched or golds[matched[index]].get("kind") != "direct":
                continue
            mention = golds[matched[index]].get("speaker_mention")
            mention_tokens = _name_tokens(mention)
            if mention_tokens and all(token in _PRONOUNS for token in mention_tokens):
                continue
            right = {
                position
                for position, (entity, _) in enumerate(candidates)
                if (entity is None and not mention)
                or (
                    entity is not None
                    and mention
                    and _name_tokens(entity.name)[-1:]
                    and _name_tokens(entity.name)[-1] in mention_tokens
                )
            }
            if right:
                found.append(([features for _, features in candidates], right))
        grouped.append(found)
    return grouped


def _score(weights: dict[str, float], features: Features) -> float:
    return sum(weights.get(name, 0.0) * value for name, value in features.items())


def train(data: list[Example], l2: float, steps: int, rate: float) -> dict[str, float]:
    """Full-batch gradient descent on the negative log-likelihood of the right candidates."""
    names = sorted({name for candidates, _ in data for features in candidates for name in features})
    weights = dict.fromkeys(names, 0.0)
    for _ in range(steps):
        gradient = {name: l2 * weights[name] for name in names}
        for candidates, right in data:
            scores = [_score(weights, features) for features in candidates]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            right_total = sum(exps[i] for i in right)
            for position, features in enumerate(candidates):
                # d(-log p(right)) / d score_i = p_i - p_i|right
                share = exps[position] / total
                if position in right:
                    share -= exps[position] / right_total
                if share:
                    for name, value in features.items():
                        gradient[name] += share * value / len(data)
        for name in names:
            weights[name] -= rate * gradient[name]
    return weights


def accuracy(weights: dict[str, float], data: list[Example]) -> tuple[int, int]:
    """(right choices, right if nobody were always chosen)."""
    chosen = 0
    nobody = 0
    for candidates, right in data:
        scores = [_score(weights, features) for features in candidates]
        best = max(range(len(scores)), key=lambda i: (scores[i], -i))
        chosen += best in right
        nobody += 0 in right
    return chosen, nobody


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "extraction" / "ranker_weights.py",
    )
    parser.add_argument("--l2", type=float, default=0.01)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--rate", type=float, default=0.5)
    args = parser.parse_args()
    grouped = examples(args.gold)
    for fold in (0, 1):
        fitted = [e for i, group in enumerate(grouped) if i % 2 != fold for e in group]
        held = [e for i, group in enumerate(grouped) if i % 2 == fold for e in group]
        weights = train(fitted, args.l2, args.steps, args.rate)
        right, nobody = accuracy(weights, held)
        print(f"fold {fold}: {len(held)} held-out quotes, {right} right ({nobody} with nobody)")
    data = [example for group in grouped for example in group]
    weights = train(data, args.l2, args.steps, args.rate)
    right, nobody = accuracy(weights, data)
    print(f"all: {len(data)} quotes, {right} right ({nobody} with nobody)")
    lines = [
        '"""Weights of the speaker ranker (extraction/ranker.py), written by bench/train_ranker.py',
        f'from {args.gold.name} (l2 {args.l2}, {args.steps} steps, rate {args.rate})."""',
        "",
        "WEIGHTS: dict[str, float] = {",
        *(f'    "{name}": {value:.4f},' for name, value in sorted(weights.items())),
        "}",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
