import functools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.listing import appearances_of, verdict_of
from claims.models import (
    AttributionStatus,
    Claim,
    Evidence,
    EvidenceLink,
    EvidenceStance,
    NoClaimant,
    NoClaimantReason,
    Quote,
    QuoteVariant,
    RatingLabel,
    Review,
    Speaker,
    Verdict,
    Wording,
)
from claims.models.workflow import Inputs
from claims.wording import word_changes
from sources.models import max_length
from sources.weblinks import validate_web_url


def iso_utc(moment: datetime | None) -> str | None:
    """The one way the API writes a timestamp: ISO 8601 in UTC, `Z` for +00:00."""
    if moment is None:
        return None
    text = moment.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class UTCDateTimeField(serializers.DateTimeField):
    """Timestamps in UTC (`iso_utc`), without looking up the active time zone for every
    value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default_timezone", UTC)
        super().__init__(*args, **kwargs)

    def to_representation(self, value: datetime | None) -> str | None:  # type: ignore[override]
        return iso_utc(value) if value else None


class ModelSerializer(serializers.ModelSerializer[Any]):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UTCDateTimeField,
    }


class SpeakerRefSerializer(ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "kind"]


class SpeakerSerializer(ModelSerializer):
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


class QuoteSerializer(ModelSerializer):
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


class SpeakerQuoteSerializer(ModelSerializer):
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
    first_published = UTCDateTimeField(allow_null=True)
    last_published = UTCDateTimeField(allow_null=True)
    note = serializers.CharField()


class VariantQuoteSerializer(ModelSerializer):
    speaker = SpeakerRefSerializer(read_only=True, allow_null=True)
    article_title = serializers.CharField(source="article.title", read_only=True)

    class Meta:
        model = Quote
        fields = ["id", "text", "speaker", "article", "article_title", "attribution_status"]


class MisquoteSerializer(ModelSerializer):
    """Two reports of one quote whose words a reviewer found differ."""

    earlier = VariantQuoteSerializer(source="variant_of", read_only=True)
    later = VariantQuoteSerializer(source="quote", read_only=True)
    changes = serializers.SerializerMethodField(
        help_text="What the later wording changed, word by word: \"'will' → 'might'\"."
    )
    marked_at = UTCDateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = QuoteVariant
        fields = ["id", "earlier", "later", "similarity", "changes", "marked_at"]

    def get_changes(self, variant: QuoteVariant) -> list[str]:
        return [str(c) for c in word_changes(variant.variant_of.text, variant.quote.text)]


class SpeakerDetailSerializer(SpeakerSerializer):
    quotes = SpeakerQuoteSerializer(many=True, read_only=True)
    scorecard = serializers.SerializerMethodField()
    misquotes = serializers.SerializerMethodField(
        help_text="The desk's record of this speaker's quotes reported in other words "
        "(claims.models.visibility): empty for everybody else."
    )

    class Meta(SpeakerSerializer.Meta):
        fields = [*SpeakerSerializer.Meta.fields, "scorecard", "quotes", "misquotes"]

    @extend_schema_field(ScorecardSerializer)
    def get_scorecard(self, speaker: Speaker) -> dict[str, Any]:
        return speaker.scorecard()

    @extend_schema_field(MisquoteSerializer(many=True))
    def get_misquotes(self, speaker: Speaker) -> list[dict[str, Any]]:
        misquotes = (
            QuoteVariant.objects.visible_to(self.context["request"].user)
            .misquotes()
            .of_speaker(speaker)
            .for_list()
        )
        return MisquoteSerializer(misquotes, many=True, context=self.context).data  # type: ignore[return-value]


class RatingSerializer(ModelSerializer):
    class Meta:
        model = RatingLabel
        fields = ["name", "slug", "value"]


class EvidenceSerializer(ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["url", "title", "stance", "note"]


class ReviewSerializer(ModelSerializer):
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
            "no_claimant_reason",
            "no_claimant_detail",
            "publisher_name",
            "publisher_site",
            "url",
        ]


class VerdictSerializer(ModelSerializer):
    """The current verdict, without its evidence (a list page stays one query)."""

    class Meta:
        model = Review
        fields = ["summary", "original_rating", "published_at", "publisher_name", "url"]


class AppearanceSerializer(serializers.Serializer[dict[str, Any]]):
    article = serializers.IntegerField()
    url = serializers.CharField()
    title = serializers.CharField()
    outlet = serializers.CharField(allow_null=True)
    published_at = UTCDateTimeField(allow_null=True)
    quote = serializers.IntegerField(allow_null=True)
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class ClaimSerializer(ModelSerializer):
    claimant = SpeakerRefSerializer(read_only=True, allow_null=True)
    rating = RatingSerializer(read_only=True, allow_null=True)
    verdict = serializers.SerializerMethodField()
    appearances = AppearanceSerializer(source="listed_appearances", many=True, read_only=True)

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
        verdict: dict[str, Any] | None = claim.listed_verdict  # type: ignore[attr-defined]
        if verdict is None:
            return None
        return {**verdict, "published_at": iso_utc(verdict["published_at"])}


# The fields of ClaimSerializer that with_listing() reads as database JSON (`related`);
# every other field is a column of the claim.
RELATED_FIELDS = frozenset({"rating", "verdict", "claimant", "appearances"})


class ClaimListSerializer(ClaimSerializer):
    """ClaimSerializer's representation, computed from a values() row of `columns()`
    in which rating, claimant, appearances and verdict come as database JSON: the same
    fields and values (a test holds them equal) at a fraction of the cost on 50-row
    pages, where the field machinery would cost more than the query."""

    @staticmethod
    def columns() -> list[str]:
        """What the list reads with values(): the claim's columns and `related`."""
        plain = [name for name in ClaimSerializer.Meta.fields if name not in RELATED_FIELDS]
        return [*plain, "related"]

    def to_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        related = row["related"]
        representation: dict[str, Any] = {}
        for name, render in _list_renderers():
            if name == "verdict":
                verdict = verdict_of(related["verdict"])
                representation[name] = verdict and {
                    **verdict,
                    "published_at": iso_utc(verdict["published_at"]),
                }
            elif name == "appearances":
                representation[name] = [
                    {**appearance, "published_at": iso_utc(appearance["published_at"])}
                    for appearance in appearances_of(related["appearances"])
                ]
            elif name in RELATED_FIELDS:
                representation[name] = related[name]
            else:
                representation[name] = render(row[name])
        return representation


@functools.cache
def _list_renderers() -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """How the list renders each field of ClaimSerializer, worked out once per process:
    building a serializer's fields costs more than rendering a page."""
    fields = ClaimSerializer().fields
    return tuple((name, _column_renderer(fields[name])) for name in ClaimSerializer.Meta.fields)


# Fields whose value, read from the database, is already what JSON shows.
_AS_READ = (
    serializers.IntegerField,
    serializers.FloatField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.JSONField,
)


def _column_renderer(field: serializers.Field[Any, Any, Any, Any]) -> Callable[[Any], Any]:
    """How the list renders one column: the field's representation without the field."""
    if isinstance(field, serializers.DateTimeField):
        return iso_utc
    if isinstance(field, serializers.DateField):
        return lambda value: value.isoformat() if value is not None else None
    if isinstance(field, _AS_READ):
        return lambda value: value
    return lambda value: None if value is None else field.to_representation(value)


class ClaimDetailSerializer(ClaimSerializer):
    quotes = serializers.SerializerMethodField()
    reviews = ReviewSerializer(source="listed_reviews", many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "reasons", "quotes", "reviews"]

    @extend_schema_field(QuoteSerializer(many=True))
    def get_quotes(self, claim: Claim) -> list[dict[str, Any]]:
        quotes = claim.listed_quotes  # type: ignore[attr-defined]
        return QuoteSerializer(quotes, many=True).data  # type: ignore[return-value]


# --- writes -------------------------------------------------------------------------


class VersionSerializer(serializers.Serializer[dict[str, Any]]):
    version = serializers.IntegerField(
        required=False, help_text="The version you read; a newer one means a 409 conflict."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def verdict(self) -> Verdict | None:
        """The verdict the request gives, for `Claim.take()` (after validation)."""
        return None

    def wording(self, claim: Claim) -> Wording | None:
        """The wording and claimant a correction gives, for `Claim.take()`."""
        return None

    def no_claimant(self) -> NoClaimant | None:
        """Why no claimant is named, when the request says, for `Claim.take()`."""
        return None


class NoClaimantSerializer(VersionSerializer):
    no_claimant_reason = serializers.ChoiceField(
        choices=NoClaimantReason.choices,
        required=False,
        help_text="Why the published verdict names no claimant; required when the claim has none.",
    )
    no_claimant_detail = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=max_length(Review.no_claimant_detail),
        help_text='A few words; required with "other".',
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if (
            data.get("no_claimant_reason") == NoClaimantReason.OTHER
            and not data.get("no_claimant_detail", "").strip()
        ):
            raise serializers.ValidationError(
                {"no_claimant_detail": "Say in a few words why no claimant is named."}
            )
        return data

    def no_claimant(self) -> NoClaimant | None:
        data = self.validated_data
        if not data.get("no_claimant_reason"):
            return None
        return NoClaimant(NoClaimantReason(data["no_claimant_reason"]), data["no_claimant_detail"])


class PublishSerializer(NoClaimantSerializer):
    pass


class EvidenceInputSerializer(serializers.Serializer[dict[str, Any]]):
    url = serializers.URLField(max_length=max_length(Evidence.url), validators=[validate_web_url])
    title = serializers.CharField(max_length=max_length(Evidence.title))
    stance = serializers.ChoiceField(choices=EvidenceStance.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RateSerializer(VersionSerializer):
    rating = serializers.SlugRelatedField(
        slug_field="slug", queryset=RatingLabel.objects.of_default_scale()
    )
    summary = serializers.CharField(max_length=max_length(Review.summary))
    explanation = serializers.CharField()
    evidence = EvidenceInputSerializer(many=True, allow_empty=False)
    url = serializers.URLField(
        required=False,
        allow_blank=True,
        default="",
        max_length=max_length(Review.url),
        validators=[validate_web_url],
        help_text="The organisation's own article about this verdict, if any: ClaimReview and "
        "the feeds then point there.",
    )

    def verdict(self) -> Verdict:
        data = self.validated_data
        links = tuple(
            EvidenceLink(e["url"], e["title"], e["stance"], e.get("note", ""))
            for e in data["evidence"]
        )
        return Verdict(data["rating"], data["summary"], data["explanation"], links, data["url"])


class CorrectSerializer(RateSerializer, NoClaimantSerializer):
    note = serializers.CharField(help_text="What changed and why.")
    text = serializers.CharField(
        required=False, help_text="The claim's corrected wording; the current one when absent."
    )
    claimant = serializers.PrimaryKeyRelatedField(
        queryset=Speaker.objects.all(),
        required=False,
        allow_null=True,
        help_text="The corrected claimant's id (null: no one named); the current one when absent.",
    )

    def wording(self, claim: Claim) -> Wording:
        data = self.validated_data
        return Wording(data.get("text", claim.text), data.get("claimant", claim.claimant))


class ReasonSerializer(VersionSerializer):
    note = serializers.CharField(help_text="Why.")


# The request body of each kind of workflow action.
ACTION_SERIALIZERS: dict[Inputs, type[VersionSerializer]] = {
    Inputs.NOTE: VersionSerializer,
    Inputs.REASON: ReasonSerializer,
    Inputs.VERDICT: RateSerializer,
    Inputs.PUBLICATION: PublishSerializer,
    Inputs.CORRECTION: CorrectSerializer,
}


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
