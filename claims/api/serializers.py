from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    AttributionStatus,
    Claim,
    ClaimAppearance,
    Evidence,
    EvidenceStance,
    Quote,
    RatingLabel,
    Review,
    Speaker,
)


class SpeakerRefSerializer(serializers.ModelSerializer[Speaker]):
    class Meta:
        model = Speaker
        fields = ["id", "name", "kind"]


class SpeakerSerializer(serializers.ModelSerializer[Speaker]):
    quote_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Speaker
        fields = [
            "id",
            "name",
            "kind",
            "role",
            "organization",
            "aliases",
            "wikidata_id",
            "quote_count",
        ]


class QuoteSerializer(serializers.ModelSerializer[Quote]):
    speaker = SpeakerRefSerializer(read_only=True, allow_null=True)
    article_title = serializers.CharField(source="article.title", read_only=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "kind",
            "text",
            "speaker",
            "mention",
            "cue",
            "article",
            "article_title",
            "start",
            "end",
            "confidence",
            "method",
            "attribution_status",
        ]


class SpeakerQuoteSerializer(serializers.ModelSerializer[Quote]):
    class Meta:
        model = Quote
        fields = ["id", "kind", "text", "article", "start", "end", "cue", "attribution_status"]


class RatingCountSerializer(serializers.Serializer[dict[str, Any]]):
    rating = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField()


class ScorecardSerializer(serializers.Serializer[dict[str, Any]]):
    published_claims = serializers.IntegerField(help_text="The sample size.")
    by_rating = RatingCountSerializer(many=True)
    first_published = serializers.DateTimeField(allow_null=True)
    last_published = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()


class SpeakerDetailSerializer(SpeakerSerializer):
    quotes = SpeakerQuoteSerializer(many=True, read_only=True)
    scorecard = serializers.SerializerMethodField()

    class Meta(SpeakerSerializer.Meta):
        fields = [*SpeakerSerializer.Meta.fields, "scorecard", "quotes"]

    @extend_schema_field(ScorecardSerializer)
    def get_scorecard(self, speaker: Speaker) -> dict[str, Any]:
        return speaker.scorecard()


class RatingSerializer(serializers.ModelSerializer[RatingLabel]):
    class Meta:
        model = RatingLabel
        fields = ["name", "slug", "value"]


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    class Meta:
        model = Evidence
        fields = ["url", "title", "stance", "note"]


class ReviewSerializer(serializers.ModelSerializer[Review]):
    rating = RatingSerializer(read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "rating",
            "original_rating",
            "summary",
            "explanation",
            "evidence",
            "published_at",
            "correction_note",
            "publisher_name",
            "publisher_site",
            "url",
        ]


class VerdictSerializer(serializers.ModelSerializer[Review]):
    """The current verdict, without its evidence (lists stay at three queries)."""

    class Meta:
        model = Review
        fields = ["summary", "original_rating", "published_at", "publisher_name", "url"]


class AppearanceSerializer(serializers.ModelSerializer[ClaimAppearance]):
    url = serializers.CharField(source="article.url", read_only=True)
    title = serializers.CharField(source="article.title", read_only=True)
    outlet = serializers.CharField(
        source="article.outlet.name", read_only=True, default=None, allow_null=True
    )
    published_at = serializers.DateTimeField(
        source="article.published_at", read_only=True, allow_null=True
    )

    class Meta:
        model = ClaimAppearance
        fields = ["article", "url", "title", "outlet", "published_at", "quote", "start", "end"]


class ClaimSerializer(serializers.ModelSerializer[Claim]):
    claimant = SpeakerRefSerializer(read_only=True, allow_null=True)
    rating = RatingSerializer(read_only=True, allow_null=True)
    verdict = serializers.SerializerMethodField()
    appearances = AppearanceSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "state",
            "rating",
            "verdict",
            "claimant",
            "claim_date",
            "language",
            "published_at",
            "check_worthiness",
            "appearances",
            "external_appearances",
            "version",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, claim: Claim) -> dict[str, Any] | None:
        published = [r for r in claim.reviews.all() if r.published_at is not None]
        return VerdictSerializer(published[-1]).data if published else None


class ClaimDetailSerializer(ClaimSerializer):
    quotes = serializers.SerializerMethodField()
    reviews = ReviewSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "reasons", "quotes", "reviews"]

    @extend_schema_field(QuoteSerializer(many=True))
    def get_quotes(self, claim: Claim) -> list[dict[str, Any]]:
        quotes = [a.quote for a in claim.appearances.all() if a.quote is not None]
        return QuoteSerializer(quotes, many=True).data  # type: ignore[return-value]


# --- writes -------------------------------------------------------------------------


class VersionSerializer(serializers.Serializer[dict[str, Any]]):
    version = serializers.IntegerField(
        required=False, help_text="The version you read; a newer one means a 409 conflict."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EvidenceInputSerializer(serializers.Serializer[dict[str, Any]]):
    url = serializers.URLField(max_length=2000)
    title = serializers.CharField(max_length=500)
    stance = serializers.ChoiceField(choices=EvidenceStance.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RateSerializer(VersionSerializer):
    rating = serializers.SlugRelatedField(
        slug_field="slug", queryset=RatingLabel.objects.filter(scale__is_default=True)
    )
    summary = serializers.CharField(max_length=500)
    explanation = serializers.CharField()
    evidence = EvidenceInputSerializer(many=True, allow_empty=False)


class CorrectSerializer(RateSerializer):
    note = serializers.CharField()


class RetractSerializer(VersionSerializer):
    note = serializers.CharField()


class AttributionSerializer(serializers.Serializer[dict[str, Any]]):
    status = serializers.ChoiceField(
        choices=[s for s in AttributionStatus.choices if s[0] != AttributionStatus.UNREVIEWED]
    )
    speaker = serializers.PrimaryKeyRelatedField(
        queryset=Speaker.objects.all(),
        required=False,
        allow_null=True,
        help_text="The real speaker; required when status is misattributed.",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["status"] == AttributionStatus.MISATTRIBUTED and not attrs.get("speaker"):
            raise serializers.ValidationError(
                {"speaker": "A misattributed quote needs the real speaker."}
            )
        return attrs


class ProblemSerializer(serializers.Serializer[dict[str, Any]]):
    detail = serializers.CharField()
