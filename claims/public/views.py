"""The public pages: server-rendered, readable without JavaScript, the same for every
visitor, and so cacheable by browsers and shared caches."""

import hashlib
import json
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from claims.api.base import MAX_ID, unstorable
from claims.api.filters import MAX_QUERY_CHARS
from claims.claimreview import Publisher, ScaleBounds, claim_review
from claims.links import (
    absolute_reverse,
    slug_of,
    speaker_path,
    speaker_url,
    verdict_path,
    verdict_url,
)
from claims.models import Claim, RatingLabel, Speaker
from claims.public.queries import attach_verdict_page, verdict_list

PAGE_SIZE = 20
# Deep enough for a reader paging back, shallow enough that no request makes the
# database skip more than a few thousand rows; search and filters reach the rest.
MAX_PAGE = 200
SPEAKER_VERDICTS = 50

# What a JSON document needs escaped to sit inside <script> without ending it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    context["publisher_name"] = settings.FACTBASE_PUBLISHER_NAME
    return render(request, template, context, status=status)


def _cacheable(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=settings.FACTBASE_PUBLIC_CACHE_SECONDS)
    return response


def _row_id(raw: str) -> int | None:
    """A query parameter that names a row id, or None when it cannot be one."""
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_ID:
        return None
    return int(raw)


def _page_number(request: HttpRequest) -> int:
    return min(_row_id(request.GET.get("page", "")) or 1, MAX_PAGE)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Latest published and corrected verdicts, with the API's search and filters by
    rating and speaker; two queries (the page of verdicts, the scale's labels)."""
    claims = verdict_list()
    query = request.GET.get("q", "").strip()
    error = ""
    if len(query) > MAX_QUERY_CHARS:
        error = f"A search has at most {MAX_QUERY_CHARS} characters."
    elif problem := unstorable(query):
        error = f"This search cannot be run: {problem}"
    elif query:
        claims = claims.search(query).order_by("-rank", "-published_at", "-id")
    ratings = list(RatingLabel.objects.of_default_scale())
    rating = request.GET.get("rating", "")
    if rating in {label.slug for label in ratings}:
        claims = claims.filter(rating__slug=rating)
    elif rating:
        error = "There is no such rating."
    speaker_id = _row_id(request.GET.get("speaker", ""))
    if speaker_id is not None:
        claims = claims.filter(claimant_id=speaker_id)
    page = _page_number(request)
    start = (page - 1) * PAGE_SIZE
    rows = [] if error else list(claims[start : start + PAGE_SIZE + 1])
    speaker = rows[0].claimant if speaker_id is not None and rows else None
    response = _page(
        request,
        "public/home.html",
        {
            "claims": rows[:PAGE_SIZE],
            "query": query,
            "error": error,
            "rating": rating,
            "ratings": ratings,
            "speaker": speaker,
            "speaker_id": speaker_id or "",
            "page": page,
            "has_next": len(rows) > PAGE_SIZE and page < MAX_PAGE,
            "canonical": absolute_reverse("public:home"),
        },
        status=400 if error else 200,
    )
    return _cacheable(response)


@require_safe
def verdict(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    """A published claim's verdict page, with its ClaimReview embedded.

    Answers a conditional request from the claim row alone: every change of the
    claim's state, wording or verdict raises its version and `updated_at`.
    """
    claim = (
        Claim.objects.published()
        .select_related("claimant", "rating")
        .defer("search_vector", "reasons")
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        # A claim merged into a published one leads to it (claims.models.matches).
        survivor = Claim.objects.published().filter(merged_claims__pk=pk).first()
        if survivor is not None:
            return HttpResponsePermanentRedirect(verdict_path(survivor))
        raise Http404("No published verdict here.")
    if slug != slug_of(claim.text):
        return HttpResponsePermanentRedirect(verdict_path(claim))
    etag = _etag("verdict", claim.pk, claim.version, claim.updated_at.isoformat())
    last_modified = int(claim.updated_at.timestamp())
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if conditional is None:
        attach_verdict_page(claim)
        scale = list(RatingLabel.objects.of_default_scale())
        document = claim_review(claim, publisher=Publisher.from_settings(), bounds=_bounds(scale))
        reviews = list(claim.reviews.all())
        current = reviews[-1]
        conditional = _page(
            request,
            "public/verdict.html",
            {
                "claim": claim,
                "review": current,
                "corrections": reviews[:-1][::-1],
                "appearances": claim.appearances.all(),
                "scale": scale,
                "claimreview": _script_json(document),
                "canonical": current.url or verdict_url(claim),
                "show_reviewers": settings.FACTBASE_PUBLIC_REVIEWER_NAMES,
            },
        )
    conditional["ETag"] = etag
    conditional["Last-Modified"] = http_date(last_modified)
    return _cacheable(conditional)


@require_safe
def speaker(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    """A speaker's published verdicts by rating, with the scorecard's caveat; three
    queries (the speaker, the scorecard, the latest verdicts)."""
    person = Speaker.objects.filter(pk=pk, claims__in=Claim.objects.published()).first()
    if person is None:
        raise Http404("No published verdicts on this speaker.")
    if slug != slug_of(person.name):
        return HttpResponsePermanentRedirect(speaker_path(person))
    response = _page(
        request,
        "public/speaker.html",
        {
            "speaker": person,
            "scorecard": person.scorecard(),
            "claims": verdict_list().filter(claimant=person)[:SPEAKER_VERDICTS],
            "more_limit": SPEAKER_VERDICTS,
            "canonical": speaker_url(person),
        },
    )
    return _cacheable(response)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Sitemap: {absolute_reverse('public:sitemap-index')}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    return _cacheable(response)


def _bounds(scale: list[RatingLabel]) -> ScaleBounds:
    """The bounds of the default scale from its labels, already read for the page."""
    values = [label.value for label in scale if label.value is not None]
    return ScaleBounds(max(values, default=None), min(values, default=None))


def _etag(*parts: Any) -> str:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    return f'"{digest}"'


def _script_json(document: dict[str, Any] | None) -> SafeString:
    # Escaped so that no text in the document can close the <script> element.
    return mark_safe(json.dumps(document, ensure_ascii=False).translate(_SCRIPT_ESCAPES))
