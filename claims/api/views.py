from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import filters, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.filters import ClaimFilter, ClaimSearchFilter, QuoteFilter, SpeakerFilter
from claims.api.listing import LIST_COLUMNS, attach_detail, with_listing
from claims.api.serializers import (
    AttributionSerializer,
    ClaimDetailSerializer,
    ClaimListSerializer,
    ClaimSerializer,
    CorrectSerializer,
    ProblemSerializer,
    QuoteSerializer,
    RateSerializer,
    RetractSerializer,
    SpeakerDetailSerializer,
    SpeakerSerializer,
    VersionSerializer,
)
from claims.claimreview import Publisher, ScaleBounds, claim_review, stream_feed
from claims.models import (
    AttributionStatus,
    Claim,
    EvidenceLink,
    Quote,
    Speaker,
    WorkflowError,
)
from claims.models.quotes import VERIFIED_ATTRIBUTIONS
from factbase.api import FilterBackend
from factbase.pagination import StableCursorPagination


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


def is_staff(request: Request) -> bool:
    return bool(request.user.is_authenticated and request.user.is_staff)


class ActionPermission(permissions.BasePermission):
    """Workflow actions need the desk permission named in the view's `action_permissions`."""

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
    action_permissions = {
        "start_review": "claims.rate_claim",
        "rate": "claims.rate_claim",
        "publish": "claims.publish_claim",
        "correct": "claims.publish_claim",
        "retract": "claims.publish_claim",
    }

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Claim]]:
        if self.action == "list":
            return ClaimListSerializer
        return ClaimDetailSerializer if self.action == "retrieve" else ClaimSerializer

    def get_queryset(self) -> QuerySet[Claim]:
        claims = Claim.objects.visible_to(self.request.user).defer("search_vector")
        if self.action == "list":
            return with_listing(claims).values(*LIST_COLUMNS)
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
        attach_detail(claim, staff=is_staff(self.request))
        return ClaimDetailSerializer(claim, context=self.get_serializer_context()).data

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT, 404: ProblemSerializer},
        description="The claim's current verdict as schema.org ClaimReview JSON-LD.",
    )
    @action(detail=True, renderer_classes=[JSONLDRenderer, JSONRenderer])
    def claimreview(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._claimreview_response(request)

    def _claimreview_response(self, request: Request) -> Response:
        claim = self.get_object()
        document = claim_review(
            claim,
            publisher=Publisher.from_settings(),
            bounds=ScaleBounds.of_default_scale(),
            claim_url=request.build_absolute_uri(reverse("claim-detail", args=[claim.pk])),
        )
        if document is None:
            return Response(
                {"detail": "This claim has no published verdict."}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(document)

    # --- workflow -----------------------------------------------------------------

    def _transition(
        self, request: Request, verb: str, serializer_class: type[serializers.Serializer[Any]]
    ) -> Response:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim = self.get_object()
        try:
            claim.perform(
                verb,
                by=request.user,  # type: ignore[arg-type]  # writes require a signed-in user
                note=data["note"],
                rating=data.get("rating"),
                summary=data.get("summary", ""),
                explanation=data.get("explanation", ""),
                evidence=_links(data),
                version=data.get("version"),
            )
        except WorkflowError as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return Response(self._detail(self.get_object()))

    @extend_schema(request=VersionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, "start_review", VersionSerializer)

    @extend_schema(request=RateSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, "rate", RateSerializer)

    @extend_schema(request=VersionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, "publish", VersionSerializer)

    @extend_schema(request=CorrectSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, "correct", CorrectSerializer)

    @extend_schema(request=RetractSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def retract(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, "retract", RetractSerializer)


def _links(data: dict[str, Any]) -> list[EvidenceLink]:
    return [
        EvidenceLink(e["url"], e["title"], e["stance"], e.get("note", ""))
        for e in data.get("evidence", [])
    ]


class ClaimReviewFeedView(APIView):
    """Every published verdict as a schema.org DataFeed of ClaimReview, streamed."""

    renderer_classes = [JSONLDRenderer, JSONRenderer]

    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="DataFeed")})
    def get(self, request: Request) -> StreamingHttpResponse:
        claim_url = request.build_absolute_uri("/api/v1/claims/") + "{id}/"
        response = StreamingHttpResponse(stream_feed(claim_url), content_type="application/ld+json")
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
        counted = (
            Q()
            if is_staff(self.request)
            else Q(quotes__attribution_status__in=VERIFIED_ATTRIBUTIONS)
        )
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
    filterset_class = QuoteFilter
    search_fields = ["text"]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, ActionPermission]
    action_permissions = {"attribution": "claims.review_attribution"}

    def get_queryset(self) -> QuerySet[Quote]:
        return Quote.objects.visible_to(self.request.user).for_list()

    @extend_schema(request=AttributionSerializer, responses={200: QuoteSerializer})
    @action(detail=True, methods=["post"])
    def attribution(self, request: Request, pk: str | None = None) -> Response:
        """Confirm, correct (misattributed + speaker) or reject who said this quote."""
        serializer = AttributionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        quote = self.get_object()
        quote.set_attribution(
            AttributionStatus(data["status"]),
            by=request.user,  # type: ignore[arg-type]
            speaker=data.get("speaker"),
            note=data["note"],
        )
        return Response(QuoteSerializer(Quote.objects.for_list().get(pk=quote.pk)).data)
