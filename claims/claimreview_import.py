"""schema.org ClaimReview in: other fact-checkers' verdicts, from JSON-LD (single
objects, lists, @graph, DataFeed) or Google Fact Check Tools `claims:search` responses.

Foreign rating labels map onto the local scale through RatingMapping (editable in
the admin), then the numeric rating if there is one, then a fallback label; the
original label is kept. Re-importing the same review (same URL) changes nothing.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from claims.models import AuditEvent, Claim, ClaimState, RatingLabel, RatingMapping, Review, Speaker
from claims.models.claims import claim_fingerprint
from claims.recording import find_or_create_speakers
from extraction.names import normalize
from extraction.types import SpeakerInfo, SpeakerKind
from sources.models import fit, max_length
from sources.parsing import UnreadableInput, load_json, parse_datetime
from sources.weblinks import WEB_URL_RULE, is_web_url


class ClaimReviewError(ValueError):
    """A record that is not a usable ClaimReview; the message says why."""


@dataclass(frozen=True)
class ForeignReview:
    claim_text: str
    publisher_name: str
    url: str = ""
    publisher_site: str = ""
    claimant: str = ""
    claimant_kind: str = "person"
    claimant_role: str = ""
    claimant_wikidata: str = ""
    claim_date: date | None = None
    appearances: tuple[str, ...] = ()
    review_date: datetime | None = None
    textual_rating: str = ""
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    title: str = ""
    explanation: str = ""
    language: str = "en"


def read_document(path: Path) -> Any:
    try:
        return load_json(path.read_text(encoding="utf-8-sig"))
    except UnreadableInput as error:
        raise ClaimReviewError(str(error)) from None
    except OSError as error:
        raise ClaimReviewError(f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ClaimReviewError("not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ClaimReviewError(f"invalid JSON: {error.msg} at line {error.lineno}") from None


def foreign_reviews(
    document: Any, label: str
) -> Iterator[tuple[str, ForeignReview | ClaimReviewError]]:
    """Every review in a document, labelled with where it sits in it."""
    if isinstance(document, dict) and isinstance(document.get("claims"), list):
        for i, item in enumerate(document["claims"]):  # Fact Check Tools claims:search
            reviews = item.get("claimReview") if isinstance(item, dict) else None
            if not isinstance(reviews, list) or not reviews:
                yield f"{label}claims[{i}]", ClaimReviewError("a claim without claimReview")
                continue
            for j, review in enumerate(reviews):
                yield f"{label}claims[{i}].claimReview[{j}]", _guard(_from_fact_check, item, review)
        return
    for position, node in _claim_review_nodes(document, label):
        yield position, _guard(_from_json_ld, node)


def _guard(parse: Any, *args: Any) -> ForeignReview | ClaimReviewError:
    try:
        review: ForeignReview = parse(*args)
    except ClaimReviewError as error:
        return error
    return review


def _claim_review_nodes(data: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield from _claim_review_nodes(item, f"{where}[{i}]")
    elif isinstance(data, dict):
        kinds = data.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "ClaimReview" in kinds:
            yield where or "$", data
        for key in ("@graph", "dataFeedElement", "item"):
            if key in data:
                yield from _claim_review_nodes(data[key], f"{where}.{key}" if where else key)


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# Texts stored without a column limit are cut here, since a feed's sizes are not ours
# to choose: a claim's wording (and any other text) at MAX_TEXT_CHARS, a verdict's
# explanation at MAX_EXPLANATION_CHARS; longer is a page, not a claim or a reason.
MAX_TEXT_CHARS = 2000
MAX_EXPLANATION_CHARS = 10_000


def _text(
    value: Any, name: str, *, required: bool = False, fits: Any = None, limit: int = MAX_TEXT_CHARS
) -> str:
    """The text at `name`, whitespace collapsed, cut to what the model field `fits`
    holds (else to `limit`)."""
    if value is None or value == "":
        if required:
            raise ClaimReviewError(f'"{name}" is missing')
        return ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id") or ""
    if not isinstance(value, str):
        raise ClaimReviewError(f'"{name}" must be text')
    return " ".join(value.split())[: max_length(fits) if fits is not None else limit]


def _url(value: Any, name: str) -> str:
    """A link to store and republish: http or https only."""
    text = _text(value, name, fits=Review.url)
    if text and not is_web_url(text):
        raise ClaimReviewError(f'"{name}" {WEB_URL_RULE}: {text[:200]!r}')
    return text


def _when(value: Any, name: str) -> datetime | None:
    text = _text(value, name)
    if not text:
        return None
    try:
        return parse_datetime(text)
    except UnreadableInput:
        raise ClaimReviewError(f'"{name}" is not an ISO 8601 date: {text!r}') from None


def _number(value: Any, name: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ClaimReviewError(f'"{name}" must be a number') from None


def _from_json_ld(node: dict[str, Any]) -> ForeignReview:
    item = _obj(node.get("itemReviewed"))
    author = _obj(item.get("author"))
    if isinstance(item.get("author"), str):
        author = {"name": item["author"]}
    publisher = _obj(node.get("author"))
    rating = _obj(node.get("reviewRating"))
    appearances = item.get("appearance") or []
    appearances = appearances if isinstance(appearances, list) else [appearances]
    first = item.get("firstAppearance")
    links = [a.get("url") if isinstance(a, dict) else a for a in [first, *appearances] if a]
    urls = [_url(link, "itemReviewed.appearance") for link in links if isinstance(link, str)]
    same_as = author.get("sameAs") or ""
    same_as = same_as[0] if isinstance(same_as, list) and same_as else same_as
    wikidata = (
        same_as.rsplit("/", 1)[-1] if isinstance(same_as, str) and "wikidata.org" in same_as else ""
    )
    claim_date = _when(item.get("datePublished"), "itemReviewed.datePublished")
    return ForeignReview(
        claim_text=_text(node.get("claimReviewed"), "claimReviewed", required=True),
        publisher_name=_text(
            publisher.get("name"),
            "author.name",
            required=True,
            fits=Review.publisher_name,
        ),
        publisher_site=_site(_text(publisher.get("url"), "author.url", fits=Review.url)),
        url=_url(node.get("url"), "url"),
        claimant=_text(author.get("name"), "itemReviewed.author.name", fits=Speaker.name),
        claimant_kind="organization" if author.get("@type") == "Organization" else "person",
        claimant_role=_text(author.get("jobTitle"), "jobTitle", fits=Speaker.role),
        claimant_wikidata=wikidata if wikidata[:1] == "Q" and wikidata[1:].isdigit() else "",
        claim_date=claim_date.date() if claim_date else None,
        appearances=tuple(dict.fromkeys(urls)),
        review_date=_when(node.get("datePublished"), "datePublished"),
        textual_rating=_text(
            rating.get("alternateName"),
            "reviewRating.alternateName",
            fits=Review.original_rating,
        ),
        rating_value=_number(rating.get("ratingValue"), "reviewRating.ratingValue"),
        best_rating=_number(rating.get("bestRating"), "reviewRating.bestRating"),
        worst_rating=_number(rating.get("worstRating"), "reviewRating.worstRating"),
        title=_text(node.get("name") or node.get("headline"), "name", fits=Review.summary),
        explanation=_text(
            rating.get("ratingExplanation"), "ratingExplanation", limit=MAX_EXPLANATION_CHARS
        ),
        language=_text(node.get("inLanguage"), "inLanguage", fits=Review.language) or "en",
    )


def _from_fact_check(item: dict[str, Any], review: Any) -> ForeignReview:
    if not isinstance(review, dict):
        raise ClaimReviewError("claimReview entries must be objects")
    publisher = _obj(review.get("publisher"))
    claim_date = _when(item.get("claimDate"), "claimDate")
    return ForeignReview(
        claim_text=_text(item.get("text"), "text", required=True),
        publisher_name=_text(
            publisher.get("name") or publisher.get("site"),
            "publisher.name",
            required=True,
            fits=Review.publisher_name,
        ),
        publisher_site=_site(_text(publisher.get("site"), "publisher.site", fits=Review.url)),
        url=_url(review.get("url"), "url"),
        claimant=_text(item.get("claimant"), "claimant", fits=Speaker.name),
        claim_date=claim_date.date() if claim_date else None,
        review_date=_when(review.get("reviewDate"), "reviewDate"),
        textual_rating=_text(
            review.get("textualRating"), "textualRating", fits=Review.original_rating
        ),
        title=_text(review.get("title"), "title", fits=Review.summary),
        language=_text(review.get("languageCode"), "languageCode", fits=Review.language) or "en",
    )


def _site(url: str) -> str:
    return url.split("//")[-1].split("/")[0].lower() if url else ""


def local_label(review: ForeignReview, labels: list[RatingLabel]) -> RatingLabel:
    """Mapped label, else the numeric rating placed on the local scale, else the fallback."""
    if review.textual_rating:
        mapping = (
            RatingMapping.objects.filter(foreign_label=normalize(review.textual_rating))
            .select_related("label")
            .first()
        )
        if mapping is not None:
            return mapping.label
        by_name = {normalize(label.name): label for label in labels}
        if normalize(review.textual_rating) in by_name:
            return by_name[normalize(review.textual_rating)]
    scalar = [label for label in labels if label.value is not None]
    if (
        review.rating_value is not None
        and review.best_rating is not None
        and review.worst_rating is not None
        and review.best_rating != review.worst_rating
        and scalar
    ):
        low = min(label.value for label in scalar if label.value is not None)
        high = max(label.value for label in scalar if label.value is not None)
        share = (review.rating_value - review.worst_rating) / (
            review.best_rating - review.worst_rating
        )
        target = round(low + max(0.0, min(1.0, share)) * (high - low))
        return min(scalar, key=lambda label: abs((label.value or 0) - target))
    fallback = settings.FACTBASE_CLAIMREVIEW_FALLBACK_RATING
    return next(label for label in labels if label.slug == fallback)


@transaction.atomic
def store_foreign_review(review: ForeignReview, labels: list[RatingLabel]) -> str:
    """Create or update one imported verdict; returns created, updated or unchanged."""
    rating = local_label(review, labels)
    existing = (
        Review.objects.imported().select_related("claim").filter(url=review.url).first()
        if review.url
        else Review.objects.select_related("claim")
        .filter(
            publisher_name=review.publisher_name,
            claim__fingerprint=claim_fingerprint(review.claim_text),
        )
        .first()
    )
    values = {
        "rating": rating,
        "original_rating": review.textual_rating,
        "summary": fit(review.title or review.textual_rating or rating.name, Review.summary),
        "explanation": review.explanation,
        "publisher_name": review.publisher_name,
        "publisher_site": review.publisher_site,
        "language": review.language,
        "published_at": review.review_date,
        "created_at": review.review_date,
    }
    if existing is not None:
        changed = {k: v for k, v in values.items() if v is not None and getattr(existing, k) != v}
        if not changed:
            return "unchanged"
        for key, value in changed.items():
            setattr(existing, key, value)
        existing.save()
        _sync_claim(existing.claim, review, rating)
        return "updated"
    claim = Claim.objects.filter(fingerprint=claim_fingerprint(review.claim_text)).first()
    if claim is None:
        claim = Claim.objects.create(
            text=review.claim_text,
            state=ClaimState.PUBLISHED,
            rating=rating,
            published_at=review.review_date,
            claim_date=review.claim_date,
            language=review.language,
            external_appearances=list(review.appearances),
            claimant=_claimant(review),
        )
        AuditEvent.record(
            claim, "claim.imported", by=None, to_value=review.publisher_name, note=review.url
        )
    Review.objects.create(
        claim=claim, url=review.url, **{k: v for k, v in values.items() if v is not None}
    )
    return "created"


def _sync_claim(claim: Claim, review: ForeignReview, rating: RatingLabel) -> None:
    """An imported claim follows its imported verdict; a claim this desk rated does not."""
    if claim.reviews.filter(reviewer__isnull=False).exists():
        return
    claim.rating, claim.published_at = rating, review.review_date or claim.published_at
    claim.save(update_fields=["rating", "published_at", "updated_at"])


def _claimant(review: ForeignReview) -> Speaker | None:
    """The claimant, found or created as the import of articles finds speakers."""
    if not review.claimant:
        return None
    kind: SpeakerKind = "organization" if review.claimant_kind == "organization" else "person"
    info = SpeakerInfo(name=review.claimant, kind=kind, role=review.claimant_role)
    speaker = find_or_create_speakers((info,))[review.claimant]
    if review.claimant_wikidata and not speaker.wikidata_id:
        speaker.wikidata_id = review.claimant_wikidata
        speaker.save(update_fields=["wikidata_id"])
    return speaker
