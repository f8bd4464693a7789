from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from claims.api.articles import ArticleViewSet, OutletViewSet
from claims.api.factcheck import FactCheckSearchView
from claims.api.health import HealthView
from claims.api.matching import ClaimMatchView
from claims.api.runs import ImportRunViewSet
from claims.api.views import ClaimReviewFeedView, ClaimViewSet, QuoteViewSet, SpeakerViewSet

router = DefaultRouter()
router.register("outlets", OutletViewSet)
router.register("articles", ArticleViewSet)
router.register("speakers", SpeakerViewSet)
router.register("quotes", QuoteViewSet)
router.register("claims", ClaimViewSet)
router.register("import-runs", ImportRunViewSet)

admin.site.site_header = "factbase review desk"
admin.site.site_title = "factbase"
admin.site.index_title = "Review desk"
admin.site.index_template = "admin/factbase_index.html"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/claims:search", FactCheckSearchView.as_view(), name="claims-search"),
    path("api/v1/claims/match", ClaimMatchView.as_view(), name="claims-match"),
    path("api/v1/claimreview/feed/", ClaimReviewFeedView.as_view(), name="claimreview-feed"),
    path("api/v1/health/", HealthView.as_view(), name="health"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html"),
        name="api-redoc",
    ),
    path("", include("claims.public.urls")),
]
