"""A read endpoint shaped like Google Fact Check Tools `claims:search`, so that its
clients can point at factbase unchanged."""

import base64
import binascii
import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.base import unstorable
from claims.api.filters import MAX_QUERY_CHARS
from claims.api.links import claim_url
from claims.api.serializers import iso_utc
from claims.models import Claim, Review

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 10
# How far `offset` (or a pageToken) may skip: deep enough for any client paging through
# results, shallow enough that the database never has to skip more rows than that.
MAX_OFFSET = 1_000_000
MAX_AGE_DAYS = 100_000
_DIGITS = re.compile(r"-?[0-9]{1,12}")


class InvalidArgument(ValueError):
    pass


def _error(message: str) -> Response:
    # The shape Google's API answers a bad request with.
    return Response(
        {"error": {"code": 400, "message": message, "status": "INVALID_ARGUMENT"}},
        status=status.HTTP_400_BAD_REQUEST,
    )


def _integer(params: Any, name: str, default: int, minimum: int, maximum: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    # ASCII digits only: int() would also take "١٢", "1_000" and " 5 ".
    if not _DIGITS.fullmatch(raw):
        raise InvalidArgument(f"Invalid value at '{name}' ({raw[:40]!r}): not an integer.")
    value = int(raw)
    if not minimum <= value <= maximum:
        raise InvalidArgument(f"Invalid value at '{name}' ({value}): must be {minimum}..{maximum}.")
    return value


def _decode_token(token: str) -> int:
    """The offset a nextPageToken stands for; only tokens this endpoint could have made."""
    try:
        text = base64.urlsafe_b64decode(token[:64].encode("ascii") + b"==").decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    if len(token) > 64 or not text.isdigit() or not 0 < int(text) <= MAX_OFFSET:
        raise InvalidArgument("Invalid value at 'pageToken': not a token from nextPageToken.")
    return int(text)


def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(str(offset).encode()).decode().rstrip("=")


class FactCheckPublisherSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField()
    site = serializers.CharField()


class FactCheckReviewSerializer(serializers.Serializer[dict[str, Any]]):
    publisher = FactCheckPublisherSerializer()
    url = serializers.CharField()
    title = serializers.CharField()
    reviewDate = serializers.DateTimeField(allow_null=True)
    textualRating = serializers.CharField()
    languageCode = serializers.CharField()


class FactCheckClaimSerializer(serializers.Serializer[dict[str, Any]]):
    text = serializers.CharField()
    claimant = serializers.CharField(required=False)
    claimDate = serializers.DateTimeField(required=False)
    claimReview = FactCheckReviewSerializer(many=True)


class FactCheckSearchSerializer(serializers.Serializer[dict[str, Any]]):
    claims = FactCheckClaimSerializer(many=True)
    nextPageToken = serializers.CharField(required=False)


class FactCheckErrorBodySerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.IntegerField()
    message = serializers.CharField()
    status = serializers.CharField()


class FactCheckErrorSerializer(serializers.Serializer[dict[str, Any]]):
    error = FactCheckErrorBodySerializer()


class FactCheckSearchView(APIView):
    """Published verdicts in the Google Fact Check Tools `claims:search` format."""

    @extend_schema(
        operation_id="claims_search",
        parameters=[
            OpenApiParameter(
                "query",
                str,
                description="Text to search for (required unless "
                "reviewPublisherSiteFilter is given).",
            ),
            OpenApiParameter("languageCode", str, description="BCP-47 code, e.g. en or en-US."),
            OpenApiParameter("reviewPublisherSiteFilter", str, description="Publisher site."),
            OpenApiParameter("maxAgeDays", int, description="Only reviews this recent."),
            OpenApiParameter("pageSize", int, description=f"1..{MAX_PAGE_SIZE}, default 10."),
            OpenApiParameter("pageToken", str, description="nextPageToken of the previous page."),
            OpenApiParameter("offset", int, description="Results to skip (if no pageToken)."),
        ],
        responses={200: FactCheckSearchSerializer, 400: FactCheckErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        query = params.get("query", "").strip()
        site = params.get("reviewPublisherSiteFilter", "").strip().lower()
        if not query and not site:
            return _error("Request contains an invalid argument: query is required.")
        if len(query) > MAX_QUERY_CHARS:
            return _error(f"Invalid value at 'query': at most {MAX_QUERY_CHARS} characters.")
        language = params.get("languageCode", "")
        if problem := unstorable(query) or unstorable(site) or unstorable(language):
            return _error(f"Invalid value: {problem}")
        try:
            size = _integer(params, "pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
            offset = _integer(params, "offset", 0, 0, MAX_OFFSET)
            max_age = _integer(params, "maxAgeDays", 0, 0, MAX_AGE_DAYS)
            if params.get("pageToken"):
                offset = _decode_token(params["pageToken"])
        except InvalidArgument as error:
            return _error(str(error))
        reviews = _matching_reviews(language, site, max_age)
        claims = Claim.objects.published()
        if language or site or max_age:
            # EXISTS, not a join: a claim with several matching reviews comes back once.
            # (Every published claim has a published review, so without these
            # conditions there is nothing to check.)
            claims = claims.filter(Exists(reviews.filter(claim=OuterRef("pk"))))
        if query:
            claims = claims.search(query).order_by("-rank", "-published_at", "-id")
        else:
            claims = claims.order_by("-published_at", "-id")
        page = list(
            claims.select_related("claimant")
            .only("id", "text", "claim_date", "published_at", "claimant__name", "language")
            .prefetch_related(Prefetch("reviews", queryset=reviews.order_by("published_at")))[
                offset : offset + size + 1
            ]
        )
        body: dict[str, Any] = {"claims": [_claim(c) for c in page[:size]]}
        if len(page) > size and offset + size <= MAX_OFFSET:
            body["nextPageToken"] = _encode_token(offset + size)
        return Response(body)


def _matching_reviews(language: str, site: str, max_age: int) -> QuerySet[Review]:
    reviews = Review.objects.published().select_related("rating")
    if language:
        reviews = reviews.filter(_in_language(language))
    if site:
        own = settings.FACTBASE_PUBLISHER_URL.lower()
        if site in own:
            reviews = reviews.filter(publisher_name="")
        else:
            reviews = reviews.filter(publisher_site__icontains=site)
    if max_age:
        reviews = reviews.filter(published_at__gte=timezone.now() - timedelta(days=max_age))
    return reviews


def _in_language(code: str) -> Q:
    """The language of `code` (its first subtag) in the usual letter cases, alone or with
    a region. Plain comparisons rather than UPPER(...) LIKE: PostgreSQL's statistics
    then tell the planner how common the language is, and it probes reviews per claim
    instead of hashing the whole table."""
    primary = code.split("-")[0]
    spellings = {primary.lower(), primary.upper(), primary.capitalize()}
    condition = Q(language__in=spellings)
    for spelling in spellings:
        condition |= Q(language__startswith=f"{spelling}-")
    return condition


def _claim(claim: Claim) -> dict[str, Any]:
    item: dict[str, Any] = {"text": claim.text}
    if claim.claimant is not None:
        item["claimant"] = claim.claimant.name
    if claim.claim_date:
        item["claimDate"] = f"{claim.claim_date.isoformat()}T00:00:00Z"
    item["claimReview"] = [_review(review, claim) for review in claim.reviews.all()]
    return item


def _review(review: Review, claim: Claim) -> dict[str, Any]:
    own_site = settings.FACTBASE_PUBLISHER_URL.split("//")[-1].strip("/")
    return {
        "publisher": {
            "name": review.publisher_name or settings.FACTBASE_PUBLISHER_NAME,
            "site": review.publisher_site or own_site,
        },
        "url": review.url or claim_url(claim.pk, site=settings.FACTBASE_PUBLISHER_URL),
        "title": review.summary,
        "reviewDate": iso_utc(review.published_at),
        "textualRating": review.original_rating or review.rating.name,
        "languageCode": review.language,
    }
