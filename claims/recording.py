"""Map an extraction result onto rows, without touching anything a reviewer has handled."""

from dataclasses import dataclass, fields

from django.conf import settings

from claims.models import Claim, ClaimAppearance, ClaimState, Quote, Speaker
from claims.models.claims import claim_fingerprint
from extraction import Extraction
from extraction.lexicon import PRONOUNS
from extraction.names import normalize
from extraction.types import ClaimCandidate, SpeakerInfo
from sources.models import Article, fit

# Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement.
BATCH_SIZE = 500


class ReviewedWorkWouldBeLost(ValueError):
    """New text for an article no longer contains words a reviewer has handled."""


@dataclass
class RecordingSummary:
    quotes_added: int = 0
    quotes_updated: int = 0
    quotes_kept: int = 0
    quotes_removed: int = 0
    claims_added: int = 0
    claims_kept: int = 0
    claims_dropped: int = 0
    speakers_added: int = 0

    def __iadd__(self, other: "RecordingSummary") -> "RecordingSummary":
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))
        return self


def record_extraction(
    article: Article, extraction: Extraction, *, fresh: bool = False
) -> RecordingSummary:
    """Store quotes, speakers and claim candidates of one article. Call inside a transaction.

    Re-running it is safe: quotes whose attribution a reviewer has set and claims that
    left the `new` state (or have an assignee) are never changed or deleted; only
    machine output is refreshed. Rows are written in bulk: a new article costs a
    constant number of queries plus one savepoint per speaker never seen before.
    """
    summary = RecordingSummary()
    speakers = find_or_create_speakers(extraction.speakers, summary)
    # A fresh article was just created: it has no quotes or appearances to compare with.
    existing = {} if fresh else {(q.start, q.end): q for q in article.quotes.all()}
    predicted: set[tuple[int, int]] = set()
    new_quotes: list[Quote] = []
    stored: list[Quote] = []
    for found in extraction.quotes:
        span = (found.start, found.end)
        predicted.add(span)
        speaker = speakers.get(found.speaker) if found.speaker else None
        quote = existing.get(span)
        if quote is None:
            quote = Quote(
                article=article,
                speaker=speaker,
                text=found.text,
                kind=found.kind,
                mention=fit(found.mention, Quote.mention),
                cue=fit(found.cue, Quote.cue),
                start=found.start,
                end=found.end,
                confidence=found.confidence,
                method=found.method,
            )
            new_quotes.append(quote)
        elif quote.is_reviewed():
            summary.quotes_kept += 1
        elif (quote.speaker_id, quote.kind, quote.cue, quote.mention) != (
            speaker.pk if speaker else None,
            found.kind,
            found.cue,
            found.mention,
        ):
            quote.speaker, quote.kind, quote.cue = speaker, found.kind, found.cue
            quote.mention, quote.confidence = fit(found.mention, Quote.mention), found.confidence
            quote.method = found.method
            quote.save()
            summary.quotes_updated += 1
        stored.append(quote)
    Quote.objects.bulk_create(new_quotes, batch_size=BATCH_SIZE)
    summary.quotes_added += len(new_quotes)
    _drop_stale_quotes([q for span, q in existing.items() if span not in predicted], summary)
    _record_claims(article, extraction, stored, speakers, summary, fresh=fresh)
    return summary


def _drop_stale_quotes(stale: list[Quote], summary: RecordingSummary) -> None:
    """Machine quotes the engine no longer finds go, unless a reviewer has used them."""
    if not stale:
        return
    linked = set(
        ClaimAppearance.objects.filter(quote__in=stale)
        .exclude(claim__state=ClaimState.NEW)
        .values_list("quote_id", flat=True)
    )
    doomed = [q.pk for q in stale if not q.is_reviewed() and q.pk not in linked]
    summary.quotes_kept += len(stale) - len(doomed)
    summary.quotes_removed += len(doomed)
    Quote.objects.filter(pk__in=doomed).delete()


def _record_claims(
    article: Article,
    extraction: Extraction,
    stored_quotes: list[Quote],
    speakers: dict[str, Speaker],
    summary: RecordingSummary,
    *,
    fresh: bool,
) -> None:
    candidates = _best_candidates(extraction, summary)
    fingerprints = [claim_fingerprint(c.text) for c in candidates]
    known: dict[str, Claim] = {}
    for row in Claim.objects.filter(fingerprint__in=fingerprints).order_by("-id"):
        known[row.fingerprint] = row  # the oldest claim with this wording wins
    created: list[Claim] = []
    rescored: list[Claim] = []
    for candidate, fingerprint in zip(candidates, fingerprints, strict=True):
        claimant = speakers.get(candidate.speaker) if candidate.speaker else None
        claim: Claim | None = known.get(fingerprint)
        if claim is None:
            claim = Claim(
                text=candidate.text,
                fingerprint=fingerprint,
                claimant=claimant,
                check_worthiness=candidate.score,
                reasons=list(candidate.reasons),
            )
            known[fingerprint] = claim
            created.append(claim)
        elif claim.pk is None:
            continue  # the same wording twice in one article
        elif claim.state == ClaimState.NEW and claim.assignee_id is None:
            scoring = (candidate.score, list(candidate.reasons), claim.claimant or claimant)
            if scoring != (claim.check_worthiness, claim.reasons, claim.claimant):
                claim.check_worthiness, claim.reasons, claim.claimant = scoring
                rescored.append(claim)
        else:
            summary.claims_kept += 1
    Claim.objects.bulk_create(created, batch_size=BATCH_SIZE)
    Claim.objects.bulk_update(
        rescored, ["check_worthiness", "reasons", "claimant"], batch_size=BATCH_SIZE
    )
    summary.claims_added += len(created)
    present: set[tuple[int | None, int]] = set()
    if not fresh:
        present.update(
            ClaimAppearance.objects.filter(article=article).values_list("claim_id", "start")
        )
    appearances = []
    for candidate, fingerprint in zip(candidates, fingerprints, strict=True):
        claim = known[fingerprint]
        if (claim.pk, candidate.start) in present:
            continue
        present.add((claim.pk, candidate.start))
        quote = stored_quotes[candidate.quote_index] if candidate.quote_index is not None else None
        appearances.append(
            ClaimAppearance(
                claim=claim,
                article=article,
                quote=quote,
                start=candidate.start,
                end=candidate.end,
            )
        )
    ClaimAppearance.objects.bulk_create(appearances, batch_size=BATCH_SIZE)


def _best_candidates(extraction: Extraction, summary: RecordingSummary) -> list[ClaimCandidate]:
    """At most FACTBASE_MAX_CLAIMS_PER_ARTICLE candidates, the highest scored, in text order."""
    limit = settings.FACTBASE_MAX_CLAIMS_PER_ARTICLE
    candidates = list(extraction.claims)
    if len(candidates) <= limit:
        return candidates
    best = sorted(range(len(candidates)), key=lambda i: -candidates[i].score)[:limit]
    summary.claims_dropped += len(candidates) - limit
    return [candidates[i] for i in sorted(best)]


def find_or_create_speakers(
    infos: tuple[SpeakerInfo, ...], summary: RecordingSummary | None = None
) -> dict[str, Speaker]:
    """The Speaker row for each extracted speaker, matched across articles.

    A speaker matches by normalised name and kind, else by a known alias when exactly
    one speaker of that kind has it; otherwise it is created. All lookups and all
    creations are one statement each, whatever the number of speakers.
    """
    if not infos:
        return {}
    keys = {info.name: (normalize(info.name), info.kind) for info in infos}
    known = _by_key(set(keys.values()))
    missing = [info for info in infos if keys[info.name] not in known]
    aliased = _by_alias(missing)
    new = sorted({keys[i.name]: i for i in missing if i.name not in aliased}.items())
    if new:
        rows = []
        for (normalized, _), info in new:
            speaker = Speaker(
                name=info.name,
                normalized_name=normalized,
                kind=info.kind,
                role=fit(info.role, Speaker.role),
                organization=fit(info.organization, Speaker.organization),
            )
            _enrich(speaker, info)
            rows.append(speaker)
        # Sorted rows make concurrent importers lock index entries in the same order;
        # a row another importer inserted first is skipped here and read back below.
        Speaker.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH_SIZE)
        if summary is not None:
            summary.speakers_added += len(rows)
        known.update(_by_key({key for key, _ in new}))
    result: dict[str, Speaker] = {}
    for info in infos:
        speaker = aliased.get(info.name) or known[keys[info.name]]
        if _enrich(speaker, info):
            speaker.save()
        result[info.name] = speaker
    return result


def _by_key(keys: set[tuple[str, str]]) -> dict[tuple[str, str], Speaker]:
    names = [normalized for normalized, _ in keys]
    rows = Speaker.objects.filter(normalized_name__in=names)
    return {(s.normalized_name, s.kind): s for s in rows if (s.normalized_name, s.kind) in keys}


def _by_alias(infos: list[SpeakerInfo]) -> dict[str, Speaker]:
    """Speakers known by an alias, for the names that exactly one speaker has as alias."""
    if not infos:
        return {}
    candidates = list(Speaker.objects.with_any_alias((i.name, i.kind) for i in infos))
    found: dict[str, Speaker] = {}
    for info in infos:
        normalized = normalize(info.name)
        owners = [s for s in candidates if s.kind == info.kind and normalized in s.aliases]
        if len(owners) == 1:
            found[info.name] = owners[0]
    return found


def _enrich(speaker: Speaker, info: SpeakerInfo) -> bool:
    """Fill what the speaker lacks: blank role and organisation, new aliases."""
    changed = False
    if not speaker.role and info.role:
        speaker.role, changed = fit(info.role, Speaker.role), True
    if not speaker.organization and info.organization:
        speaker.organization, changed = fit(info.organization, Speaker.organization), True
    for mention in info.mentions:
        if mention.casefold() not in PRONOUNS and not mention.islower():
            changed = speaker.add_alias(mention) or changed
    return changed


def relocate_reviewed_spans(article: Article, new_body: str) -> None:
    """Before an article's text is replaced: move reviewed quotes and claim appearances to
    where their words stand in the new text, and drop machine output that no longer fits.

    Raises ReviewedWorkWouldBeLost, changing nothing, when reviewed words are gone.
    """
    old_body = article.body
    lost: list[str] = []
    for quote in article.quotes.reviewed():
        start = _nearest(new_body, quote.text, quote.start)
        if start < 0:
            lost.append(f"quote {quote.pk}")
        elif start != quote.start:
            quote.start, quote.end = start, start + len(quote.text)
            quote.save(update_fields=["start", "end", "updated_at"])
    appearances = article.appearances.select_related("claim")
    for appearance in appearances.exclude(claim__state=ClaimState.NEW):
        words = old_body[appearance.start : appearance.end]
        start = _nearest(new_body, words, appearance.start)
        if start < 0:
            lost.append(f"claim {appearance.claim_id}")
        elif start != appearance.start:
            appearance.start, appearance.end = start, start + len(words)
            appearance.save(update_fields=["start", "end"])
    if lost:
        raise ReviewedWorkWouldBeLost(
            f"the new text no longer contains reviewed {', '.join(lost)}; "
            "resolve them before re-importing this URL"
        )
    machine_claims = set(
        appearances.filter(claim__state=ClaimState.NEW).values_list("claim_id", flat=True)
    )
    appearances.filter(claim__state=ClaimState.NEW).delete()
    Claim.objects.filter(
        pk__in=machine_claims, appearances__isnull=True, assignee__isnull=True
    ).delete()
    article.quotes.needs_review().delete()


def _nearest(text: str, words: str, near: int) -> int:
    """Start of the occurrence of `words` in `text` closest to `near`, or -1."""
    best = -1
    position = text.find(words)
    while position >= 0:
        if best < 0 or abs(position - near) < abs(best - near):
            best = position
        position = text.find(words, position + 1)
    return best
