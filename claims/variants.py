"""Quote variants found on import: each new direct quote is compared word by word with
the few earlier quotes that share its rarest words and may be by the same speaker,
never with every quote.

A quote's content words (`claims.wording.content_words`) are stored with it
(`QuoteWord`); a new quote looks up earlier quotes by the RARE_WORDS of its words that
the fewest earlier quotes contain, and compares at most MAX_COMPARED of them, those
sharing most of those words first.
"""

from collections import Counter

from django.db import connection

from claims.models import Quote, QuoteKind, QuoteVariant, QuoteWord
from claims.wording import content_words, is_variant, similarity

RARE_WORDS = 3
MAX_COMPARED = 20
# A word more earlier quotes contain than this finds too many to be worth following.
MAX_WORD_FREQUENCY = 1000
BATCH_SIZE = 500
# Words counted in one statement (SQLite allows 500 terms in a compound SELECT).
COUNTED_TOGETHER = 200


def link_variants(quotes: list[Quote]) -> int:
    """Index the words of new quotes and link each to the earlier quotes it nearly
    repeats; returns how many links were made. Five queries, whatever the number of
    quotes; call inside the transaction that stored them."""
    new = {q.pk: q for q in quotes if q.kind == QuoteKind.DIRECT and q.pk is not None and q.text}
    vocabulary = {pk: content_words(q.text) for pk, q in new.items()}
    vocabulary = {pk: found for pk, found in vocabulary.items() if found}
    if not vocabulary:
        return 0
    frequency = _frequencies(set().union(*vocabulary.values()))
    QuoteWord.objects.bulk_create(
        [
            QuoteWord(quote_id=pk, word=word[:64])
            for pk, found in vocabulary.items()
            for word in found
        ],
        ignore_conflicts=True,
        batch_size=BATCH_SIZE,
    )
    rare = {
        pk: sorted(
            (w for w in found if 0 < frequency.get(w, 0) <= MAX_WORD_FREQUENCY),
            key=lambda w: (frequency[w], w),
        )[:RARE_WORDS]
        for pk, found in vocabulary.items()
    }
    looked_up = set().union(*rare.values())
    if not looked_up:
        return 0
    articles = {q.article_id for q in new.values()}
    holders: dict[str, set[int]] = {}
    for quote_id, word in (
        QuoteWord.objects.filter(word__in=looked_up)
        .exclude(quote__article_id__in=articles)
        .values_list("quote_id", "word")
    ):
        holders.setdefault(word, set()).add(quote_id)
    compared: dict[int, list[int]] = {}
    for pk, words in rare.items():
        shared = Counter(quote_id for w in words for quote_id in holders.get(w, ()))
        compared[pk] = [quote_id for quote_id, _ in shared.most_common(MAX_COMPARED)]
    earlier = Quote.objects.only("id", "text", "speaker_id").in_bulk(
        {quote_id for ids in compared.values() for quote_id in ids}
    )
    links = []
    for pk, candidates in compared.items():
        quote = new[pk]
        for candidate in (earlier[i] for i in candidates if i in earlier):
            if _may_be_the_same_speaker(quote, candidate) and is_variant(
                candidate.text, quote.text
            ):
                links.append(
                    QuoteVariant(
                        quote=quote,
                        variant_of=candidate,
                        similarity=round(similarity(candidate.text, quote.text), 3),
                    )
                )
    QuoteVariant.objects.bulk_create(links, ignore_conflicts=True, batch_size=BATCH_SIZE)
    return len(links)


def _frequencies(words: set[str]) -> dict[str, int]:
    """How many earlier quotes hold each of `words`, counted no further than one past
    MAX_WORD_FREQUENCY (a word that common is not followed anyway): each count reads at
    most that many index entries, however many quotes the database holds."""
    quote_words = connection.ops.quote_name(QuoteWord._meta.db_table)
    word = connection.ops.quote_name(QuoteWord._meta.get_field("word").column)
    one_count = (
        f"SELECT CAST(%s AS varchar), (SELECT COUNT(*) FROM (SELECT 1 FROM {quote_words} "
        f"WHERE {word} = %s LIMIT {MAX_WORD_FREQUENCY + 1}) AS holding)"
    )
    ordered = sorted(words)
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), COUNTED_TOGETHER):
            batch = ordered[start : start + COUNTED_TOGETHER]
            cursor.execute(
                " UNION ALL ".join([one_count] * len(batch)),
                [value for w in batch for value in (w, w)],
            )
            found.update((w, count) for w, count in cursor.fetchall() if count)
    return found


def _may_be_the_same_speaker(quote: Quote, other: Quote) -> bool:
    """The same speaker, or one of the two unattributed."""
    return quote.speaker_id is None or other.speaker_id in (None, quote.speaker_id)
