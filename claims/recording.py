"""Map an extraction result onto rows, without touching anything a reviewer has handled."""

from dataclasses import dataclass, fields

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from claims.match_terms import match_terms
from claims.models import (
    AttributionStatus,
    Claim,
    ClaimAppearance,
    ClaimState,
    Quote,
    QuoteVariant,
    Speaker,
)
from claims.models.claims import claim_fingerprint
from claims.variants import link_variants
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

    Re-running it is safe: quotes whose attribution a reviewer has set and claims a
    reviewer has touched (`Claim.objects.untouched()` are the others) are never changed
    or deleted; only machine output is refreshed, and claims keep their ids. Rows are
    written in bulk: a new article costs a constant number of queries plus one savepoint
    per speaker never seen before.
    """
    summary = RecordingSummary()
    speakers = find_or_create_speakers(extraction.speakers, summary)
    # A fresh article was just created: it has no quotes or appearances to compare with.
    existing = (
        {} if fresh else {(q.start, q.end): q for q in article.quotes.select_related("speaker")}
    )
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
    link_variants(new_quotes)
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
    # A quote whose wording a reviewer compared with another keeps that judgement.
    for pair in (
        QuoteVariant.objects.reviewed()
        .filter(Q(quote__in=stale) | Q(variant_of__in=stale))
        .values_list("quote_id", "variant_of_id")
    ):
        linked.update(pair)
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
    """Each candidate becomes the claim already standing at its place in this article, or
    the claim with its wording elsewhere, or a new claim; claims keep their ids."""
    candidates = _best_candidates(extraction, summary)
    fingerprints = [claim_fingerprint(c.text) for c in candidates]
    untouched: set[int] = set()
    if not fresh:
        handled_by_nobody = Claim.objects.untouched().filter(appearances__article=article)
        untouched.update(handled_by_nobody.values_list("pk", flat=True))
    matched: list[ClaimAppearance | None] = [None] * len(candidates)
    leftover: list[ClaimAppearance] = []
    if not fresh:
        matched, leftover = _match(article, candidates, untouched)
    wanted = [f for f, a in zip(fingerprints, matched, strict=True) if a is None]
    known: dict[str, Claim] = {}
    rows = Claim.objects.filter(fingerprint__in=wanted).select_related("merged_into")
    for row in rows.order_by("-id"):
        # The oldest claim with this wording wins; a merged claim's wording is the claim
        # it was merged into.
        known[row.fingerprint] = row.merged_into or row
    created: list[Claim] = []
    rescored: list[Claim] = []
    moved: list[ClaimAppearance] = []
    appearances: list[ClaimAppearance] = []
    for candidate, fingerprint, appearance in zip(candidates, fingerprints, matched, strict=True):
        claimant = _claimant_for(candidate, stored_quotes, speakers)
        quote = stored_quotes[candidate.quote_index] if candidate.quote_index is not None else None
        if appearance is not None:
            claim = appearance.claim
            if claim.pk in untouched:
                # Machine output: take the engine's wording and scores for it.
                claimant_id = claim.claimant_id or (claimant.pk if claimant else None)
                machine = (candidate.text, candidate.score, list(candidate.reasons), claimant_id)
                if machine != (
                    claim.text,
                    claim.check_worthiness,
                    claim.reasons,
                    claim.claimant_id,
                ):
                    claim.text, claim.fingerprint = candidate.text, fingerprint
                    claim.match_terms = match_terms(candidate.text)
                    claim.check_worthiness, claim.reasons = candidate.score, list(candidate.reasons)
                    claim.claimant_id = claimant_id
                    claim.matches_sought_at = None  # worded anew: matched again
                    rescored.append(claim)
            else:
                summary.claims_kept += 1
            spot = (candidate.start, candidate.end, quote.pk if quote else None, None)
            if spot != (
                appearance.start,
                appearance.end,
                appearance.quote_id,
                appearance.missing_since,
            ):
                appearance.start, appearance.end, appearance.quote = (
                    candidate.start,
                    candidate.end,
                    quote,
                )
                appearance.missing_since, appearance.old_context = None, ""
                moved.append(appearance)
            continue
        claim_or_none = known.get(fingerprint)
        if claim_or_none is None:
            claim_or_none = Claim(
                text=candidate.text,
                fingerprint=fingerprint,
                match_terms=match_terms(candidate.text),
                claimant=claimant,
                check_worthiness=candidate.score,
                reasons=list(candidate.reasons),
            )
            known[fingerprint] = claim_or_none
            created.append(claim_or_none)
        elif claim_or_none.pk is None:
            continue  # the same wording twice in one article
        appearances.append(
            ClaimAppearance(
                claim=claim_or_none,
                article=article,
                quote=quote,
                start=candidate.start,
                end=candidate.end,
            )
        )
    # What the engine no longer finds: machine claims go, reviewers' claims stay.
    dropped = [a.pk for a in leftover if a.claim_id in untouched]
    ClaimAppearance.objects.filter(pk__in=dropped).delete()
    Claim.objects.untouched().filter(
        pk__in=[a.claim_id for a in leftover], appearances__isnull=True
    ).delete()
    Claim.objects.bulk_create(created, batch_size=BATCH_SIZE)
    Claim.objects.bulk_update(
        rescored,
        [
            "text",
            "fingerprint",
            "match_terms",
            "check_worthiness",
            "reasons",
            "claimant",
            "matches_sought_at",
        ],
        batch_size=BATCH_SIZE,
    )
    ClaimAppearance.objects.bulk_update(
        moved, ["start", "end", "quote", "missing_since", "old_context"], batch_size=BATCH_SIZE
    )
    summary.claims_added += len(created)
    ClaimAppearance.objects.bulk_create(appearances, batch_size=BATCH_SIZE)


def _match(
    article: Article, candidates: list[ClaimCandidate], untouched: set[int]
) -> tuple[list[ClaimAppearance | None], list[ClaimAppearance]]:
    """The appearance in `article` each candidate continues, and the appearances none does.

    A candidate continues the appearance at its exact span (so an edited wording keeps its
    place), else the nearest one whose claim has its normalised wording, else the nearest
    one whose span it overlaps or, for machine claims, whose words it mostly shares (a
    reworded sentence). A reviewer's claim whose words are gone stays unmatched.
    """
    appearances = list(article.appearances.select_related("claim").order_by("start", "id"))
    free = {a.pk: a for a in appearances}
    by_span = {(a.start, a.end): a for a in appearances if not a.is_missing()}
    wording = {a.pk: normalize(a.claim.text) for a in appearances}
    words = {pk: set(text.split()) for pk, text in wording.items()}
    matched: list[ClaimAppearance | None] = []
    for candidate in candidates:
        found = by_span.get((candidate.start, candidate.end))
        if found is None or found.pk not in free:
            text = normalize(candidate.text)
            same = [a for a in free.values() if wording[a.pk] == text]
            similar = [
                a
                for a in free.values()
                if _overlaps(a, candidate)
                or (a.claim_id in untouched and _mostly_shared(words[a.pk], set(text.split())))
            ]
            found = _nearest_appearance(same or similar, candidate.start)
        if found is not None:
            del free[found.pk]
        matched.append(found)
    return matched, list(free.values())


def _overlaps(appearance: ClaimAppearance, candidate: ClaimCandidate) -> bool:
    """Whether the candidate covers most of the appearance's span in the current text,
    or the appearance most of the candidate's."""
    if appearance.is_missing():
        return False
    overlap = min(appearance.end, candidate.end) - max(appearance.start, candidate.start)
    return overlap * 2 > min(appearance.end - appearance.start, candidate.end - candidate.start)


def _mostly_shared(old: set[str], new: set[str]) -> bool:
    """Whether two wordings share four words in five: the same sentence, reworded."""
    return bool(old and new) and len(old & new) * 5 >= max(len(old), len(new)) * 4


def _nearest_appearance(
    appearances: list[ClaimAppearance], position: int
) -> ClaimAppearance | None:
    return min(appearances, key=lambda a: abs(a.start - position), default=None)


def _claimant_for(
    candidate: ClaimCandidate, stored_quotes: list[Quote], speakers: dict[str, Speaker]
) -> Speaker | None:
    """Who made the claim: the speaker of the quote or reported speech it stands in (as a
    reviewer may have corrected it), else the speaker the engine names for it."""
    if candidate.quote_index is not None:
        quote = stored_quotes[candidate.quote_index]
        if quote.attribution_status != AttributionStatus.REJECTED and quote.speaker is not None:
            return quote.speaker
    return speakers.get(candidate.speaker) if candidate.speaker else None


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
    """Before an article's text is replaced: move reviewed quotes and every claim
    appearance to where their words stand in the new text, and drop unreviewed quotes.

    A claim whose words are gone keeps its appearance, flagged as no longer in the
    article with the paragraph it stood in; the next extraction drops it if no reviewer
    has touched the claim and no new sentence continues it.
    Raises ReviewedWorkWouldBeLost, changing nothing, when reviewed quotes' words are gone.
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
    if lost:
        raise ReviewedWorkWouldBeLost(
            f"the new text no longer contains reviewed {', '.join(lost)}; "
            "resolve them before re-importing this URL"
        )
    now = timezone.now()
    changed = []
    for appearance in article.appearances.filter(missing_since__isnull=True):
        words = old_body[appearance.start : appearance.end]
        start = _nearest(new_body, words, appearance.start)
        if start < 0:
            appearance.missing_since = now
            appearance.old_context = _paragraph(old_body, appearance.start, appearance.end)
        elif start != appearance.start:
            appearance.start, appearance.end = start, start + len(words)
        else:
            continue
        changed.append(appearance)
    ClaimAppearance.objects.bulk_update(
        changed, ["start", "end", "missing_since", "old_context"], batch_size=BATCH_SIZE
    )
    article.quotes.needs_review().delete()


def _paragraph(text: str, start: int, end: int) -> str:
    """The paragraph of `text` around the span."""
    opening = text.rfind("\n\n", 0, start)
    closing = text.find("\n\n", end)
    return text[0 if opening < 0 else opening + 2 : len(text) if closing < 0 else closing]


def _nearest(text: str, words: str, near: int) -> int:
    """Start of the occurrence of `words` in `text` closest to `near`, or -1."""
    best = -1
    position = text.find(words)
    while position >= 0:
        if best < 0 or abs(position - near) < abs(best - near):
            best = position
        position = text.find(words, position + 1)
    return best
