"""Outlets and articles in the API; submitting an article runs the import workflow."""

from typing import Any

import django_filters
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.base import IdFilter
from claims.importing import Outcome, import_record
from claims.models import Quote
from claims.models.visibility import reads_everything
from sources.models import Article, Outlet, max_length
from sources.weblinks import validate_web_url


class OutletSerializer(serializers.ModelSerializer[Outlet]):
    class Meta:
        model = Outlet
        fields = ["id", "name", "domain"]


class ArticleSerializer(serializers.ModelSerializer[Article]):
    outlet = serializers.CharField(
        source="outlet.name", read_only=True, default=None, allow_null=True
    )

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
    speaker = serializers.CharField(
        source="speaker.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Quote
        fields = ["id", "kind", "start", "end", "text", "speaker", "cue", "attribution_status"]


class ArticleDetailSerializer(ArticleSerializer):
    """An article's metadata and the quoted passages the reader may see."""

    quotes = ArticleQuoteSpanSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "quotes"]


class ArticleTextSerializer(ArticleDetailSerializer):
    """The detail with the cleaned text, which every quote's offsets point into."""

    class Meta(ArticleDetailSerializer.Meta):
        fields = [*ArticleDetailSerializer.Meta.fields, "body"]


class ArticleSubmitSerializer(serializers.Serializer[dict[str, Any]]):
    """The JSON import shape: `body` (plain text) or `html` is required."""

    title = serializers.CharField(
        required=False, allow_blank=True, max_length=max_length(Article.title)
    )
    body = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    html = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    url = serializers.URLField(
        required=False,
        allow_blank=True,
        max_length=max_length(Article.url),
        validators=[validate_web_url],
    )
    published_at = serializers.CharField(
        required=False, allow_blank=True, help_text="ISO 8601 date or date-time."
    )
    outlet = serializers.CharField(
        required=False, allow_blank=True, max_length=max_length(Outlet.name)
    )
    byline = serializers.CharField(
        required=False, allow_blank=True, max_length=max_length(Article.byline)
    )
    # Tags are free text of the source; these bounds only keep a request reasonable.
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=100
    )
    language = serializers.CharField(
        required=False, allow_blank=True, max_length=max_length(Article.language)
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("body") and not attrs.get("html"):
            raise serializers.ValidationError('Give the article text as "body" or "html".')
        return attrs


ImportResultSerializer = inline_serializer(
    "ArticleImportResult",
    {
        "outcome": serializers.ChoiceField(choices=[o.value for o in Outcome]),
        "article": ArticleTextSerializer(allow_null=True),
        "quotes_added": serializers.IntegerField(),
        "claims_added": serializers.IntegerField(),
    },
)


class CanSubmitArticles(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user.is_authenticated and request.user.has_perm("sources.add_article"))


class ArticleFilter(django_filters.FilterSet):
    outlet = IdFilter(field_name="outlet_id")

    class Meta:
        model = Article
        fields = ["language"]


class OutletViewSet(viewsets.ReadOnlyModelViewSet[Outlet]):
    queryset = Outlet.objects.all()
    serializer_class = OutletSerializer
    search_fields = ["name", "domain"]


class ArticleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Article]):
    """News articles as imported: metadata in lists; the detail adds the quoted passages
    the reader may see, and the cleaned `body` for the desk (for everybody when
    FACTBASE_PUBLIC_ARTICLE_TEXT is on).

    POST submits an article through the same import workflow as `import_articles`.
    """

    queryset = Article.objects.all()
    filterset_class = ArticleFilter
    search_fields = ["title", "url"]
    permission_classes = [CanSubmitArticles]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "create":
            return ArticleSubmitSerializer
        if self.action == "retrieve":
            return ArticleTextSerializer if self.shows_text() else ArticleDetailSerializer
        return ArticleSerializer

    def shows_text(self) -> bool:
        return settings.FACTBASE_PUBLIC_ARTICLE_TEXT or reads_everything(self.request.user)

    def get_queryset(self) -> QuerySet[Article]:
        if self.action != "retrieve":
            return Article.objects.for_list()
        quotes = Quote.objects.visible_to(self.request.user).select_related("speaker")
        return Article.objects.select_related("outlet").prefetch_related(
            Prefetch("quotes", queryset=quotes.order_by("start"))
        )

    @extend_schema(
        request=ArticleSubmitSerializer,
        responses={201: ImportResultSerializer, 200: ImportResultSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        submitted = self.get_serializer(data=request.data)
        submitted.is_valid(raise_exception=True)
        record = {key: value for key, value in submitted.validated_data.items() if value}
        report = import_record(record, source=f"api:{request.user.get_username()}")
        item = report.items[0]
        if item.outcome == Outcome.FAILED and item.internal:
            # The reason is in the import run and the server log, not for the client.
            return Response(
                {"detail": "The article could not be stored; try again later."},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        if item.outcome == Outcome.FAILED:
            return Response({"detail": item.reason}, status=status.HTTP_400_BAD_REQUEST)
        article = self.get_queryset().get(pk=item.article_id) if item.article_id else None
        shape = ArticleTextSerializer if self.shows_text() else ArticleDetailSerializer
        context = self.get_serializer_context()
        body = {
            "outcome": item.outcome.value,
            "article": shape(article, context=context).data if article else None,
            "quotes_added": report.recorded.quotes_added,
            "claims_added": report.recorded.claims_added,
        }
        code = status.HTTP_201_CREATED if item.outcome == Outcome.CREATED else status.HTTP_200_OK
        return Response(body, status=code)
