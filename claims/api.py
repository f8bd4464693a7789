from django.db.models import Count, Prefetch, Q, QuerySet
from rest_framework import serializers, viewsets

from claims.models import Claim, ClaimAppearance, Evidence, Quote, RatingLabel, Review, Speaker
from claims.models.quotes import VERIFIED_ATTRIBUTIONS


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
    speaker = SpeakerRefSerializer(read_only=True)
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


class SpeakerDetailSerializer(SpeakerSerializer):
    quotes = SpeakerQuoteSerializer(many=True, read_only=True)

    class Meta(SpeakerSerializer.Meta):
        fields = [*SpeakerSerializer.Meta.fields, "quotes"]


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
        fields = ["rating", "summary", "explanation", "evidence", "published_at", "correction_note"]


class AppearanceSerializer(serializers.ModelSerializer[ClaimAppearance]):
    url = serializers.CharField(source="article.url", read_only=True)
    title = serializers.CharField(source="article.title", read_only=True)
    outlet = serializers.CharField(source="article.outlet", read_only=True, default=None)
    published_at = serializers.DateTimeField(source="article.published_at", read_only=True)

    class Meta:
        model = ClaimAppearance
        fields = ["article", "url", "title", "outlet", "published_at", "quote", "start", "end"]


class ClaimSerializer(serializers.ModelSerializer[Claim]):
    claimant = SpeakerRefSerializer(read_only=True)
    rating = RatingSerializer(read_only=True)
    appearances = AppearanceSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "state",
            "rating",
            "claimant",
            "check_worthiness",
            "reasons",
            "appearances",
            "reviews",
            "created_at",
            "updated_at",
        ]


class SpeakerViewSet(viewsets.ReadOnlyModelViewSet[Speaker]):
    queryset = Speaker.objects.all()
    filterset_fields = ["kind"]
    search_fields = ["name", "organization"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Speaker]]:
        return SpeakerDetailSerializer if self.action == "retrieve" else SpeakerSerializer

    def get_queryset(self) -> QuerySet[Speaker]:
        user = self.request.user
        staff = user.is_authenticated and user.is_staff
        counted = Q() if staff else Q(quotes__attribution_status__in=VERIFIED_ATTRIBUTIONS)
        speakers = Speaker.objects.visible_to(user).annotate(
            quote_count=Count("quotes", filter=counted)
        )
        if self.action == "retrieve":
            quotes = Quote.objects.visible_to(user).order_by("article_id", "start")
            speakers = speakers.prefetch_related(Prefetch("quotes", queryset=quotes))
        return speakers


class QuoteViewSet(viewsets.ReadOnlyModelViewSet[Quote]):
    serializer_class = QuoteSerializer
    queryset = Quote.objects.all()
    filterset_fields = ["speaker", "article", "kind", "attribution_status"]
    search_fields = ["text"]

    def get_queryset(self) -> QuerySet[Quote]:
        return Quote.objects.visible_to(self.request.user).for_list()


class ClaimViewSet(viewsets.ReadOnlyModelViewSet[Claim]):
    """Claims with their verdicts. Anonymous clients see published verdicts only."""

    serializer_class = ClaimSerializer
    queryset = Claim.objects.all()
    filterset_fields = ["state", "rating__slug", "claimant"]
    search_fields = ["text"]

    def get_queryset(self) -> QuerySet[Claim]:
        reviews = Review.objects.select_related("rating").prefetch_related("evidence")
        user = self.request.user
        if not (user.is_authenticated and user.is_staff):
            reviews = reviews.filter(published_at__isnull=False)
        appearances = ClaimAppearance.objects.select_related("article__outlet").defer(
            "article__body", "article__raw"
        )
        return (
            Claim.objects.visible_to(user)
            .for_api()
            .prefetch_related(
                Prefetch("appearances", queryset=appearances),
                Prefetch("reviews", queryset=reviews.order_by("created_at", "id")),
            )
        )
