"""The optional semantic stage of claim matching: how close in meaning a text is to
the titles of the verdicts on its candidate claims.

Fact-checkers title a verdict the way people put the claim ("Did 122 prisoners
released from Guantanamo return to the battlefield?"), so a post that says the claim
in other words is often closer to the title than to the claim's own wording. The
closeness is the cosine of average token embeddings from WordLlama's 256-dimension
model, which ships inside the `wordllama` package (nothing is downloaded): installed
with `pip install "factbase[semantic]"`, used when installed unless
FACTBASE_SEMANTIC_MATCHING=0. Embedding fifty titles takes about a millisecond.
"""

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from django.conf import settings

from claims.match_terms import without_links

if TYPE_CHECKING:
    from wordllama.inference import WordLlamaInference

__all__ = ["enabled", "title_closeness"]

# The model and tokenizer files inside the wordllama package.
WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"

# The byline of a pasted post, "— Name (@handle) January 14, 2020": who posted it,
# not what it says.
_BYLINE = re.compile(r"[—–-]+\s*[^—–\n]{0,80}\(@\w+\)\s*\w+ \d{1,2}, \d{4}\s*$")


@cache
def _model() -> "WordLlamaInference | None":
    """WordLlama's model from the files its package ships, or None if it is not
    installed. (`WordLlama.load()` looks for the tokenizer in a folder the package
    does not have, then tries to download it.)"""
    try:
        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference
    except ImportError:
        return None
    package = resources.files("wordllama")
    with resources.as_file(package / TOKENIZER) as path:
        tokenizer = Tokenizer.from_file(str(path))
    with (
        resources.as_file(package / WEIGHTS) as path,
        safe_open(str(path), framework="np", device="cpu") as weights,
    ):
        embedding = weights.get_tensor("embedding.weight")
    return WordLlamaInference(embedding, tokenizer)


def enabled() -> bool:
    """Whether matching uses the semantic stage: installed and not turned off."""
    return settings.FACTBASE_SEMANTIC_MATCHING and _model() is not None


def title_closeness(text: str, titles: list[str]) -> list[float]:
    """The cosine similarity (-1 to 1) of `text` with each title; 0.0 for a text or a
    title without a word."""
    model = _model()
    if model is None:
        raise RuntimeError('The semantic stage needs `pip install "factbase[semantic]"`.')
    text = _BYLINE.sub(" ", without_links(text)).strip()
    worded = [i for i, title in enumerate(titles) if title.strip()]
    closeness = [0.0] * len(titles)
    if not text or not worded:
        return closeness
    # Apart: a batch is padded to its longest text, and the text may be long.
    (vector,) = model.embed([text])
    length = float((vector * vector).sum() ** 0.5)
    if not length:
        return closeness
    vectors = model.embed([titles[i] for i in worded])
    lengths = ((vectors * vectors).sum(axis=1) ** 0.5).clip(min=1e-12)
    cosines = vectors @ vector / (lengths * length)
    for i, cosine in zip(worded, cosines.tolist(), strict=True):
        closeness[i] = float(cosine)
    return closeness
