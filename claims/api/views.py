from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import decorators, filters, permissions, serializers, status, viewsets
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.base import FilterBackend, StableCursorPagination
from claims.api.filters import ClaimFilter, ClaimSearchFilter, QuoteFilter, SpeakerFilter
from claims.api.listing import attach_detail, with_listing
from claims.api.serializers import (
    ACTION_SERIALIZERS,
    AttributionSerializer,
    ClaimDetailSerializer,
    ClaimListSerializer,
    ClaimSerializer,
    ProblemSerializer,
    QuoteSerializer,
    SpeakerDetailSerializer,
    SpeakerSerializer,
    VersionSerializer,
)
from claims.claimreview import Publisher, ScaleBounds, claim_review, stream_feed
from claims.models import (
    AttributionStatus,
    Claim,
    Quote,
    Speaker,
    WorkflowError,
)
from claims.models.workflow import ACTIONS, ACTIONS_BY_NAME, REVIEW_ATTRIBUTION, Action


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class ActionPermission(permissions.BasePermission):
    """Actions need the desk permission named in the view's `action_permissions`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        needed = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        return needed is None or bool(
            request.user.is_authenticated and request.user.has_perm(needed)
        )


TRANSITION_RESPONSES = {200: ClaimDetailSerializer, 409: ProblemSerializer}


class ClaimPagination(StableCursorPagination):
    """Newest first; by relevance when searching with `q`."""

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: Any) -> tuple[str, ...]:
        if ClaimSearchFilter.query(request):
            return ("-rank", "-id")
        return super().get_ordering(request, queryset, view)


class ClaimViewSet(viewsets.ReadOnlyModelViewSet[Claim]):
    """Claims with their verdicts. Anonymous clients see published verdicts only.

    `q` searches the claim text (PostgreSQL full-text search, ranked by relevance).
    A claim detail requested with `Accept: application/ld+json` is its ClaimReview.
    """

    queryset = Claim.objects.all()
    filterset_class = ClaimFilter
    filter_backends = [FilterBackend, ClaimSearchFilter, filters.OrderingFilter]
    ordering_fields = ["id", "created_at", "published_at", "check_worthiness"]
    ordering = ["-id"]
    pagination_class = ClaimPagination
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, JSONLDRenderer]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, ActionPermission]
    # The workflow endpoints are added below, one per row of the workflow table.
    action_permissions = {action.name: action.permission.name for action in ACTIONS}

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "list":
            return ClaimListSerializer
        if self.action in ACTIONS_BY_NAME:
            return ACTION_SERIALIZERS[ACTIONS_BY_NAME[self.action].inputs]
        return ClaimDetailSerializer if self.action == "retrieve" else ClaimSerializer

    def get_queryset(self) -> QuerySet[Claim]:
        claims = Claim.objects.visible_to(self.request.user).defer("search_vector")
        if self.action == "list":
            return with_listing(claims).values(*ClaimListSerializer.columns())
        return with_listing(claims.for_api())

    @extend_schema(
        responses={
            (200, "application/json"): ClaimDetailSerializer,
            (200, "application/ld+json"): OpenApiTypes.OBJECT,
        }
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.accepted_renderer.format == "jsonld":
            return self._claimreview_response(request)
        return Response(self._detail(self.get_object()))

    def _detail(self, claim: Claim) -> Any:
        """The detail representation: quotes and reviews are read only here."""
        attach_detail(claim, user=self.request.user)
        return ClaimDetailSerializer(claim, context=self.get_serializer_context()).data

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT, 404: ProblemSerializer},
        description="The claim's current verdict as schema.org ClaimReview JSON-LD.",
    )
    @decorators.action(detail=True, renderer_classes=[JSONLDRenderer, JSONRenderer])
    def claimreview(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._claimreview_response(request)

    def _claimreview_response(self, request: Request) -> Response:
        claim = self.get_object()
        document = claim_review(
            claim,
            publisher=Publisher.from_settings(),
            bounds=ScaleBounds.of_default_scale(),
        )
        if document is None:
            return Response(
                {"detail": "This claim has no published verdict."}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(document)

    def take(self, request: Request, action: Action) -> Response:
        """Run one workflow action on the claim: 200 with the claim, or 409 when the
        workflow refuses it (wrong state, stale version, second-reviewer rule)."""
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        assert isinstance(given, VersionSerializer)  # get_serializer_class() for actions
        claim = self.get_object()
        try:
            claim.take(
                action,
                by=request.user,  # writes require a signed-in user
                note=given.validated_data["note"],
                verdict=given.verdict(),
                wording=given.wording(claim),
                no_claimant=given.no_claimant(),
                version=given.validated_data.get("version"),
            )
        except WorkflowError as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return Response(self._detail(self.get_object()))


def workflow_endpoint(action: Action) -> Callable[..., Response]:
    """`POST /claims/{id}/<action>/` for one row of the workflow table, documented by it."""

    def endpoint(self: ClaimViewSet, request: Request, pk: str | None = None) -> Response:
        return self.take(request, action)

    endpoint.__name__ = endpoint.__qualname__ = action.name
    routed = decorators.action(detail=True, methods=["post"], url_path=action.url_path)(endpoint)
    return extend_schema(
        summary=action.label,
        description=f"{action.description}\n\nNeeds the `{action.permission.name}` permission.",
        request=ACTION_SERIALIZERS[action.inputs],
        responses=TRANSITION_RESPONSES,
    )(routed)


for _action in ACTIONS:
    setattr(ClaimViewSet, _action.name, workflow_endpoint(_action))


class ClaimReviewFeedView(APIView):
    """Every published verdict as a schema.org DataFeed of ClaimReview, streamed."""

    renderer_classes = [JSONLDRenderer, JSONRenderer]

    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="DataFeed")})
    def get(self, request: Request) -> StreamingHttpResponse:
        response = StreamingHttpResponse(stream_feed(), content_type="application/ld+json")
        response["Content-Disposition"] = 'inline; filename="claimreview-feed.json"'
        return response


class SpeakerViewSet(viewsets.ReadOnlyModelViewSet[Speaker]):
    """Speakers; the detail has a scorecard of published verdicts with its sample size."""

    queryset = Speaker.objects.all()
    filterset_class = SpeakerFilter
    search_fields = ["name", "organization"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Speaker]]:
        return SpeakerDetailSerializer if self.action == "retrieve" else SpeakerSerializer

    def get_queryset(self) -> QuerySet[Speaker]:
        user = self.request.user
        speakers = Speaker.objects.visible_to(user).with_quote_count(user)
        if self.action == "retrieve":
            quotes = Quote.objects.visible_to(user).order_by("article_id", "start")
            speakers = speakers.prefetch_related(Prefetch("quotes", queryset=quotes))
        return speakers


class QuoteViewSet(viewsets.ReadOnlyModelViewSet[Quote]):
    queryset = Quote.objects.all()
    filterset_class = QuoteFilter
    search_fields = ["text"]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, ActionPermission]
    action_permissions = {"attribution": REVIEW_ATTRIBUTION.name}

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return AttributionSerializer if self.action == "attribution" else QuoteSerializer

    def get_queryset(self) -> QuerySet[Quote]:
        return Quote.objects.visible_to(self.request.user).for_list()

    @extend_schema(request=AttributionSerializer, responses={200: QuoteSerializer})
    @decorators.action(detail=True, methods=["post"])
    def attribution(self, request: Request, pk: str | None = None) -> Response:
        """Confirm, correct (misattributed + speaker) or reject who said this quote."""
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        quote = self.get_object()
        quote.set_attribution(
            AttributionStatus(data["status"]),
            by=request.user,  # type: ignore[arg-type]
            speaker=data.get("speaker"),
            note=data["note"],
        )
        changed = Quote.objects.for_list().get(pk=quote.pk)
        return Response(QuoteSerializer(changed, context=self.get_serializer_context()).data)
