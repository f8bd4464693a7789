"""`GET /api/v1/claims/match`: has this text been checked before?"""

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.base import unstorable
from claims.api.serializers import RatingSerializer
from claims.matching import DEFAULT_LIMIT, MAX_LIMIT, ClaimMatch, match_claims
from claims.models import Review

# A matched text is a claim or a post; the longest tweet is 280 characters, a claim
# rarely more than a few sentences.
MAX_TEXT_CHARS = 2000


class MatchRequestSerializer(serializers.Serializer[dict[str, Any]]):
    text = serializers.CharField(max_length=MAX_TEXT_CHARS, help_text="The text to check.")
    limit = serializers.IntegerField(
        min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT, help_text="Matches to return."
    )

    def validate_text(self, text: str) -> str:
        if problem := unstorable(text):
            raise ValidationError(problem)
        return text


class MatchVerdictSerializer(serializers.Serializer[Review]):
    publisher = serializers.SerializerMethodField()
    site = serializers.SerializerMethodField()
    url = serializers.CharField()
    rating = RatingSerializer()
    original_rating = serializers.CharField(help_text="The publisher's own label.")
    summary = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)

    def get_publisher(self, review: Review) -> str:
        return review.publisher_name or settings.FACTBASE_PUBLISHER_NAME

    def get_site(self, review: Review) -> str:
        return review.publisher_site or settings.FACTBASE_PUBLISHER_URL.split("//")[-1].strip("/")


class ClaimMatchSerializer(serializers.Serializer[ClaimMatch]):
    id = serializers.IntegerField(source="claim.pk")
    text = serializers.CharField(source="claim.text")
    score = serializers.FloatField(
        help_text=(
            "BM25 plus trigram similarity, and closeness in meaning where the semantic"
            " stage is installed (claims.matching); higher is closer."
        )
    )
    state = serializers.CharField(source="claim.state")
    rating = RatingSerializer(source="claim.rating", allow_null=True)
    verdicts = MatchVerdictSerializer(many=True, help_text="Newest first.")


class ClaimMatchListSerializer(serializers.Serializer[dict[str, Any]]):
    matches = ClaimMatchSerializer(many=True)


class ClaimMatchView(APIView):
    """The claims, this desk's and other fact-checkers', most likely to verify a text."""

    @extend_schema(
        operation_id="claims_match",
        parameters=[MatchRequestSerializer],
        responses={200: ClaimMatchListSerializer},
    )
    def get(self, request: Request) -> Response:
        given = MatchRequestSerializer(data=request.query_params)
        given.is_valid(raise_exception=True)
        matches = match_claims(
            given.validated_data["text"], user=request.user, limit=given.validated_data["limit"]
        )
        return Response(ClaimMatchListSerializer({"matches": matches}).data)
