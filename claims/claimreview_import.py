"""schema.org ClaimReview in: other fact-checkers' verdicts, from JSON-LD (single
objects, lists, @graph, DataFeed, the JSON-LD blocks of a fact-check's HTML page) or
Google Fact Check Tools `claims:search` responses.

JSON-LD is read as publishers write it: terms prefixed with a schema.org prefix or
IRI ("schema:ClaimReview", "http://schema.org/ClaimReview"), `@type` lists, nodes
referred to by `@id` (the WordPress/Yoast @graph), authors given as lists, and
`ratingValue` -1 for "not rated". Claimant names are read as extraction reads a
speaker ("Mayor Lena Ortiz" is Lena Ortiz, role Mayor) and found or created as the
article import finds speakers.

Foreign rating labels map onto the local scale through RatingMapping (editable in
the admin), then the numeric rating if there is one, then a fallback label; the
original label is kept. Re-importing the same review (same URL) changes nothing.
A document's reviews are stored together or not at all.
"""

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction

from claims.models import AuditEvent, Claim, ClaimState, RatingLabel, RatingMapping, Review, Speaker
from claims.models.claims import claim_fingerprint
from claims.recording import find_or_create_speakers
from extraction.names import normalize
from extraction.speakers import speaker_from_name
from extraction.types import SpeakerInfo, SpeakerKind
from sources.importing import Input
from sources.models import fit, max_length
from sources.parsing import UnreadableInput, decode_text, json_ld_scripts, load_json, parse_datetime
from sources.weblinks import WEB_URL_RULE, is_web_url


class ClaimReviewError(ValueError):
    """A record that is not a usable ClaimReview; the message says why."""


@dataclass(frozen=True)
class ForeignReview:
    claim_text: str
    publisher_name: str
    url: str = ""
    publisher_site: str = ""
    claimant: SpeakerInfo | None = None
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


@dataclass
class DocumentImport:
    """What importing one document did: review outcomes counted, or why nothing was stored."""

    label: str
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)

    @property
    def imported(self) -> bool:
        return not self.failures


def read_document(given: Input) -> Any:
    """The data of one file or page: its JSON, or the JSON-LD blocks of an HTML page.

    Reading may fetch over the network: call it outside any transaction.
    """
    if given.read is None:
        raise ClaimReviewError(given.error)
    try:
        data, charset, _, _ = given.read()
        text = decode_text(data, charset).text
    except UnreadableInput as error:
        raise ClaimReviewError(str(error)) from None
    if text.lstrip().startswith("<"):
        return _json_ld_of_page(text)
    return _json(text.removeprefix("\ufeff"), "")


def _json_ld_of_page(html: str) -> list[Any]:
    """Every JSON-LD block of a page. A block that is not JSON is skipped unless it
    mentions ClaimReview: then the page's reviews cannot all be read, and it fails."""
    blocks = []
    for number, script in enumerate(json_ld_scripts(html), start=1):
        try:
            blocks.append(_json(script, f"JSON-LD block {number}: "))
        except ClaimReviewError:
            if "ClaimReview" in script:
                raise
    if not blocks:
        raise ClaimReviewError('an HTML page without <script type="application/ld+json"> data')
    return blocks


def _json(text: str, where: str) -> Any:
    try:
        return load_json(text)
    except UnreadableInput as error:
        raise ClaimReviewError(f"{where}{error}") from None
    except json.JSONDecodeError as error:
        raise ClaimReviewError(f"{where}invalid JSON: {error.msg} at line {error.lineno}") from None


def import_document(document: Any, label: str, labels: list[RatingLabel]) -> DocumentImport:
    """Store every review of one document, or none of them: a document with a review
    that cannot be read, or that the database refuses, changes nothing."""
    outcome = DocumentImport(label)
    found = list(foreign_reviews(document, f"{label}:"))
    if not found:
        outcome.failures.append((label, "no ClaimReview or claims:search data found"))
    outcome.failures += [(where, str(r)) for where, r in found if isinstance(r, ClaimReviewError)]
    if outcome.failures:
        return outcome
    reviews = [(where, r) for where, r in found if isinstance(r, ForeignReview)]
    where = label
    try:
        with transaction.atomic():
            for where, review in reviews:  # noqa: B007 (`where` names the failing review)
                outcome.counts[store_foreign_review(review, labels)] += 1
    except DatabaseError as error:
        outcome.counts.clear()
        outcome.failures.append((where, f"database error: {error}"))
    return outcome


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
    document = _compact(document, _schema_prefixes(document))
    nodes = _Nodes(document)
    for position, node in _claim_review_nodes(document, label):
        yield position, _guard(_from_json_ld, node, nodes)


def _guard(parse: Any, *args: Any) -> ForeignReview | ClaimReviewError:
    try:
        review: ForeignReview = parse(*args)
    except ClaimReviewError as error:
        return error
    return review


# -- JSON-LD as publishers write it ----------------------------------------------------

SCHEMA_ORG = ("https://schema.org/", "http://schema.org/")


def _schema_prefixes(data: Any) -> frozenset[str]:
    """The prefixes the document's contexts bind to schema.org ("schema" always does)."""
    prefixes = {"schema"}
    pending = [data]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            contexts = node.get("@context")
            for context in contexts if isinstance(contexts, list) else [contexts]:
                if isinstance(context, dict):
                    prefixes.update(
                        term
                        for term, iri in context.items()
                        if isinstance(iri, str) and iri.rstrip("/") + "/" in SCHEMA_ORG
                    )
            pending.extend(value for key, value in node.items() if key != "@context")
    prefixes.discard("@vocab")
    return frozenset(prefixes)


def _term(term: str, prefixes: frozenset[str]) -> str:
    """ "schema:author", "http://schema.org/author" → "author"."""
    for iri in SCHEMA_ORG:
        if term.startswith(iri):
            return term[len(iri) :]
    prefix, colon, rest = term.partition(":")
    return rest if colon and rest and prefix in prefixes else term


def _compact(data: Any, prefixes: frozenset[str]) -> Any:
    """The document with schema.org terms and types written plainly."""
    if isinstance(data, list):
        return [_compact(item, prefixes) for item in data]
    if not isinstance(data, dict):
        return data
    compacted: dict[str, Any] = {}
    for key, value in data.items():
        if key == "@context":
            continue
        key = _term(key, prefixes)
        if key == "@type":
            kinds = value if isinstance(value, list) else [value]
            value = [_term(k, prefixes) if isinstance(k, str) else k for k in kinds]
        compacted[key] = _compact(value, prefixes)
    return compacted


def _kinds(node: dict[str, Any]) -> list[Any]:
    kinds = node.get("@type")
    return kinds if isinstance(kinds, list) else [kinds]


class _Nodes:
    """The document's nodes by `@id`, to follow references ({"@id": "…#organization"})."""

    def __init__(self, document: Any) -> None:
        self._by_id: dict[str, dict[str, Any]] = {}
        pending = [document]
        while pending:
            node = pending.pop()
            if isinstance(node, list):
                pending.extend(reversed(node))
            elif isinstance(node, dict):
                identifier = node.get("@id")
                if isinstance(identifier, str) and set(node) - {"@id"}:
                    # A node described in parts, as JSON-LD allows: the parts together.
                    self._by_id[identifier] = {**node, **self._by_id.get(identifier, {})}
                pending.extend(reversed(node.values()))

    def resolve(self, value: Any) -> Any:
        """A reference ({"@id": …} or the id alone) followed to the node the document
        describes; anything else, or a reference to a node it does not describe, as it is."""
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self._by_id.get(value["@id"], value)
        if isinstance(value, str) and value in self._by_id:
            return self._by_id[value]
        return value

    def one(self, value: Any, *, prefer: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The node for a property that may hold a list: the first of a `prefer`red type,
        else the first with a name, else the first. A bare name stands for a node with
        that name."""
        values = value if isinstance(value, list) else [value]
        nodes = []
        for item in map(self.resolve, values):
            if isinstance(item, str) and item.strip():
                nodes.append({"name": item})
            elif isinstance(item, dict):
                nodes.append(item)
        for node in nodes:
            if prefer & set(map(str, _kinds(node))):
                return node
        return next((node for node in nodes if node.get("name")), nodes[0] if nodes else {})


def _name(node: dict[str, Any], name: str, *, fits: Any) -> str:
    """The node's required name; a reference the document does not resolve says so."""
    if not node.get("name") and set(node) == {"@id"}:
        raise ClaimReviewError(
            f'"{name}" refers to {str(node["@id"])[:200]!r}, which the document does not describe'
        )
    return _text(node.get("name"), f"{name}.name", required=True, fits=fits)


ORGANIZATION_TYPES = frozenset(
    [
        "Organization",
        "NewsMediaOrganization",
        "GovernmentOrganization",
        "Corporation",
        "NGO",
        "PoliticalParty",
        "EducationalOrganization",
        "MedicalOrganization",
        "LocalBusiness",
    ]
)


def _declared_kind(node: dict[str, Any]) -> SpeakerKind | None:
    kinds = set(map(str, _kinds(node)))
    if kinds & ORGANIZATION_TYPES:
        return "organization"
    return "person" if "Person" in kinds else None


def _claim_review_nodes(data: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every ClaimReview, wherever it is nested (@graph, DataFeed items, a page's
    mainEntity), each once."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield from _claim_review_nodes(item, f"{where}[{i}]")
    elif isinstance(data, dict):
        if "ClaimReview" in _kinds(data):
            yield where or "$", data
            return
        for key, value in data.items():
            if isinstance(value, dict | list):
                yield from _claim_review_nodes(value, f"{where}.{key}" if where else key)


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
    if isinstance(value, list):  # one value written as a list, or several: the first
        value = next((item for item in value if item not in (None, "")), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("@id") or ""
    if value is None or value == "":
        if required:
            raise ClaimReviewError(f'"{name}" is missing')
        return ""
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
    if isinstance(value, dict):
        value = value.get("@value")
    if value in (None, "") or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ClaimReviewError(f'"{name}" must be a number: {str(value)[:100]!r}') from None


# ClaimReview's convention for a claim the fact-checker did not rate on its scale.
NOT_RATED = -1.0


def _rating(node: dict[str, Any], nodes: _Nodes) -> dict[str, Any]:
    """The reviewRating's label, numbers and explanation; "not rated" (-1) is no number,
    and a label written where the number goes ("ratingValue": "False") is the label."""
    rating = nodes.one(node.get("reviewRating"))
    label = _text(
        rating.get("alternateName"), "reviewRating.alternateName", fits=Review.original_rating
    )
    raw_value = rating.get("ratingValue")
    if not label and isinstance(raw_value, str) and not _is_number(raw_value):
        label, raw_value = _text(raw_value, "ratingValue", fits=Review.original_rating), None
    value = _number(raw_value, "reviewRating.ratingValue")
    worst = _number(rating.get("worstRating"), "reviewRating.worstRating")
    if value == NOT_RATED and (worst is None or worst > NOT_RATED):
        value = None
    return {
        "textual_rating": label,
        "rating_value": value,
        "best_rating": _number(rating.get("bestRating"), "reviewRating.bestRating"),
        "worst_rating": worst,
        "explanation": _text(
            rating.get("ratingExplanation"), "ratingExplanation", limit=MAX_EXPLANATION_CHARS
        ),
    }


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return not text.strip()  # blank: no number, not a label
    return True


def _publisher(node: dict[str, Any], nodes: _Nodes) -> dict[str, Any]:
    """The fact-checker: the review's author when it is an organisation (as schema.org
    asks), else its publisher, else its author (a writer named alone)."""
    author = nodes.one(node.get("author"), prefer=ORGANIZATION_TYPES)
    if _declared_kind(author) == "organization" and author.get("name"):
        return author
    publisher = nodes.one(node.get("publisher"), prefer=ORGANIZATION_TYPES)
    return publisher if publisher.get("name") else author


def _wikidata_id(same_as: Any) -> str:
    links = same_as if isinstance(same_as, list) else [same_as]
    for link in links:
        if isinstance(link, str) and "wikidata.org" in link:
            identifier = link.rstrip("/").rsplit("/", 1)[-1]
            if identifier[:1] == "Q" and identifier[1:].isdigit():
                return identifier
    return ""


def _claimant(author: dict[str, Any]) -> SpeakerInfo | None:
    """Who made the claim, read as extraction reads a speaker's name."""
    name = _text(author.get("name"), "itemReviewed.author.name", fits=Speaker.name)
    info = speaker_from_name(name, kind=_declared_kind(author)) if name else None
    if info is None:
        return None
    job = _text(author.get("jobTitle"), "jobTitle", fits=Speaker.role)
    return SpeakerInfo(info.name, info.kind, job or info.role, info.organization, info.mentions)


def _from_json_ld(node: dict[str, Any], nodes: _Nodes) -> ForeignReview:
    item = nodes.one(node.get("itemReviewed"))
    author = nodes.one(item.get("author"))
    publisher = _publisher(node, nodes)
    appearances = item.get("appearance") or []
    appearances = appearances if isinstance(appearances, list) else [appearances]
    links = []
    for appearance in [item.get("firstAppearance"), *appearances]:
        if isinstance(appearance, dict):
            # A page referred to by its @id: the id is its address when no url is given.
            appearance = nodes.resolve(appearance)
            identifier = appearance.get("@id")
            appearance = appearance.get("url") or (
                identifier if isinstance(identifier, str) and is_web_url(identifier) else None
            )
        if isinstance(appearance, str) and appearance:
            links.append(_url(appearance, "itemReviewed.appearance"))
    claim_date = _when(item.get("datePublished"), "itemReviewed.datePublished")
    return ForeignReview(
        claim_text=_text(node.get("claimReviewed"), "claimReviewed", required=True),
        publisher_name=_name(publisher, "author", fits=Review.publisher_name),
        publisher_site=_site(_text(publisher.get("url"), "author.url", fits=Review.url)),
        url=_url(node.get("url"), "url"),
        claimant=_claimant(author),
        claimant_wikidata=_wikidata_id(author.get("sameAs")),
        claim_date=claim_date.date() if claim_date else None,
        appearances=tuple(dict.fromkeys(links)),
        review_date=_when(node.get("datePublished"), "datePublished"),
        title=_text(node.get("name") or node.get("headline"), "name", fits=Review.summary),
        language=_text(node.get("inLanguage"), "inLanguage", fits=Review.language) or "en",
        **_rating(node, nodes),
    )


def _from_fact_check(item: dict[str, Any], review: Any) -> ForeignReview:
    if not isinstance(review, dict):
        raise ClaimReviewError("claimReview entries must be objects")
    publisher = _obj(review.get("publisher"))
    claim_date = _when(item.get("claimDate"), "claimDate")
    claimant = _text(item.get("claimant"), "claimant", fits=Speaker.name)
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
        claimant=speaker_from_name(claimant) if claimant else None,
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
    claim = (
        Claim.objects.filter(fingerprint=claim_fingerprint(review.claim_text))
        .select_related("merged_into")
        .first()
    )
    # A merged claim's wording is the claim it was merged into.
    claim = claim.merged_into or claim if claim is not None else None
    if claim is None:
        claim = Claim.objects.create(
            text=review.claim_text,
            state=ClaimState.PUBLISHED,
            rating=rating,
            published_at=review.review_date,
            claim_date=review.claim_date,
            language=review.language,
            external_appearances=list(review.appearances),
            claimant=_speaker(review),
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


def _speaker(review: ForeignReview) -> Speaker | None:
    """The claimant, found or created as the import of articles finds speakers."""
    if review.claimant is None:
        return None
    # A name the desk already knows as written (its own feed, read back) is that speaker.
    written = review.claimant.mentions[:1] or (review.claimant.name,)
    known = Speaker.objects.named(written[0], review.claimant.kind).first()
    speaker = known or find_or_create_speakers((review.claimant,))[review.claimant.name]
    if review.claimant_wikidata and not speaker.wikidata_id:
        speaker.wikidata_id = review.claimant_wikidata
        speaker.save(update_fields=["wikidata_id"])
    return speaker
