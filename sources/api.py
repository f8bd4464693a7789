from django.db.models import Prefetch, QuerySet
from rest_framework import serializers, viewsets

from claims.models import Quote
from sources.models import Article, Outlet


class OutletSerializer(serializers.ModelSerializer[Outlet]):
    class Meta:
        model = Outlet
        fields = ["id", "name", "domain"]


class ArticleSerializer(serializers.ModelSerializer[Article]):
    outlet = serializers.CharField(source="outlet.name", read_only=True, default=None)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "title",
            "byline",
            "outlet",
            "published_at",
            "language",
            "tags",
            "imported_at",
        ]


class ArticleQuoteSpanSerializer(serializers.ModelSerializer[Quote]):
    speaker = serializers.CharField(source="speaker.name", read_only=True, default=None)

    class Meta:
        model = Quote
        fields = ["id", "kind", "start", "end", "text", "speaker", "cue", "attribution_status"]


class ArticleDetailSerializer(ArticleSerializer):
    quotes = ArticleQuoteSpanSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "quotes"]


class OutletViewSet(viewsets.ReadOnlyModelViewSet[Outlet]):
    queryset = Outlet.objects.all()
    serializer_class = OutletSerializer
    search_fields = ["name", "domain"]


class ArticleViewSet(viewsets.ReadOnlyModelViewSet[Article]):
    """News articles as imported: metadata in lists, cleaned body and quote spans in detail."""

    queryset = Article.objects.all()
    filterset_fields = ["outlet", "language"]
    search_fields = ["title", "url"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Article]]:
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    def get_queryset(self) -> QuerySet[Article]:
        if self.action != "retrieve":
            return Article.objects.for_list()
        quotes = Quote.objects.visible_to(self.request.user).select_related("speaker")
        return Article.objects.select_related("outlet").prefetch_related(
            Prefetch("quotes", queryset=quotes.order_by("start"))
        )
