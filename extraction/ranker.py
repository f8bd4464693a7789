"""A learned choice of speaker for a direct quote the rules leave without one.

When no reporting frame names a speaker ("“…”" alone after narrative, a partial quote
whose subject cannot be resolved), the people and organisations named around the quote
(in its paragraph or the one before, or just after it) are candidates, and so is
nobody. Each candidate is described by a few numbers (how near its mention stands,
before or after the quote, in the same paragraph or not, whether a reporting verb
follows it, whether it spoke elsewhere, gender agreement with a pronoun in the frame
…), and a log-linear model scores them: the best candidate wins, nobody included. The
weights are trained on PolNeAR's train split by `bench/train_ranker.py`; inference is
a dot product per candidate, deterministic and linear in the text.
"""

import bisect
import math
import re
from collections.abc import Sequence

from extraction.entities import Entities, Entity
from extraction.lexicon import FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, PLACE_NAMES
from extraction.quotes import RawQuote
from extraction.ranker_weights import WEIGHTS
from extraction.text import Span
from extraction.types import QuoteSpan
from extraction.verbs import lookup

# How far after a quote a mention still counts, in characters.
_AFTER = 300
# At most this many mentions are read around one quote: a bound that keeps any text linear.
_MENTIONS = 60
_WORD = re.compile(r"[A-Za-z]+")
# "“…” a spokeswoman for the group said", "“…,” one voter said": a frame after the quote
# whose speaker is described, not named.
_DESCRIBED = re.compile(r"[^\w]{0,4}\s*(?:the|a|an|one|another|some|his|her|their|its)\s+[a-z]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:][\"”’']?\s+|\n\s*)$")

Features = dict[str, float]


def candidates(
    body: str,
    paragraph_spans: Sequence[Span],
    raw: RawQuote,
    quote: QuoteSpan,
    entities: Entities,
    previous: Entity | None,
) -> list[tuple[Entity | None, Features]]:
    """Nobody, then every entity named near the quote, with the features the model reads."""
    paragraph = paragraph_spans[raw.paragraph]
    floor = paragraph_spans[max(raw.paragraph - 1, 0)].start
    ceiling = min(paragraph.end, raw.close + _AFTER)
    words = len(quote.text.split())
    pronoun = quote.mention.casefold()
    nobody: Features = {
        "nobody": 1.0,
        "nobody:unattributed": float(quote.method == "unattributed"),
        "nobody:framed": float(quote.method != "unattributed"),
        "nobody:short": float(words <= 4),
        "nobody:opens-paragraph": float(raw.open <= paragraph.start + 1),
        "nobody:has-mention": float(bool(quote.mention)),
        "nobody:described-after": float(
            _DESCRIBED.match(body, raw.close + 1, min(paragraph.end, raw.close + 40)) is not None
        ),
    }
    found: list[tuple[Entity | None, Features]] = [(None, nobody)]
    nearest: dict[int, list[tuple[int, bool, int]]] = {}  # entity id → (distance, after, start)
    by_id: dict[int, Entity] = {}
    low = bisect.bisect_left(entities.starts, floor)
    high = bisect.bisect_left(entities.starts, ceiling)
    low = max(low, high - _MENTIONS)
    for mention in entities.mentions[low:high]:
        if raw.open <= mention.start < raw.close or entities.in_quote(mention.start):
            continue
        after = mention.start >= raw.close
        distance = mention.start - raw.close if after else raw.open - mention.end
        by_id[id(mention.entity)] = mention.entity
        nearest.setdefault(id(mention.entity), []).append((max(distance, 0), after, mention.start))
    closest_before = min(
        (d for spots in nearest.values() for d, a, _ in spots if not a), default=None
    )
    closest_after = min((d for spots in nearest.values() for d, a, _ in spots if a), default=None)
    for key, entity in by_id.items():
        spots = nearest[key]
        before = [spot for spot in spots if not spot[1]]
        following = [spot for spot in spots if spot[1]]
        features: Features = {
            "entity": 1.0,
            "person": float(entity.kind == "person"),
            "organization": float(entity.kind == "organization"),
            "person-evidence": float(entity.person_evidence),
            "spoke": float(entity.spoke),
            "previous-speaker": float(entity is previous),
            "salience": math.log1p(sum(entity.mentions.values())),
            "mentions-here": math.log1p(len(spots)),
            "first-name": float(_first_name(entity.name)),
            "one-word": float(" " not in entity.name),
            "capitals": float(entity.name.isupper()),
            "gender-known": float(bool(entity.gender)),
            "place": float(entity.name.casefold() in PLACE_NAMES),
        }
        if before:
            distance, _, start = min(before)
            features["before"] = 1.0
            features["before:distance"] = math.log1p(distance / 10)
            features["before:nearest"] = float(distance == closest_before)
            features["before:same-paragraph"] = float(start >= paragraph.start)
            features["before:sentence-start"] = float(_opens_sentence(body, start, floor))
            features["before:verb-after"] = float(_verb_after(body, start, raw.open))
        if following:
            distance, _, start = min(following)
            features["after"] = 1.0
            features["after:distance"] = math.log1p(distance / 10)
            features["after:nearest"] = float(distance == closest_after)
            features["after:verb-near"] = float(_verb_after(body, start, ceiling))
        if pronoun in ("he", "she") and entity.gender:
            agrees = entity.gender == ("m" if pronoun == "he" else "f")
            features["gender-agrees" if agrees else "gender-disagrees"] = 1.0
        found.append((entity, features))
    return found


def score(features: Features) -> float:
    return sum(WEIGHTS.get(name, 0.0) * value for name, value in features.items())


def choose(found: list[tuple[Entity | None, Features]]) -> Entity | None:
    """The best-scoring candidate; the first of equals, nobody before any entity."""
    best, best_score = found[0][0], score(found[0][1])
    for entity, features in found[1:]:
        value = score(features)
        if value > best_score:
            best, best_score = entity, value
    return best


def _first_name(name: str) -> bool:
    first = name.split()[0].casefold()
    return first in MALE_FIRST_NAMES or first in FEMALE_FIRST_NAMES


def _opens_sentence(body: str, start: int, floor: int) -> bool:
    return _SENTENCE_START.search(body, max(floor, start - 4), start) is not None


def _verb_after(body: str, start: int, limit: int) -> bool:
    """A reporting verb among the three words after the mention that starts at `start`."""
    window = body[start : min(limit, start + 80)]
    for index, match in enumerate(_WORD.finditer(window)):
        if index > 4:
            break
        if index and lookup(match.group().casefold()) is not None:
            return True
    return False
