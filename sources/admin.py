"""Outlets and import runs in the admin; articles have their page on the claims side."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from sources.models import ImportRun, Outlet


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin[Outlet]):
    list_display = ["name", "domain", "article_count"]
    search_fields = ["name", "domain"]
    ordering = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, outlet: Outlet) -> int:
        return outlet.article_count  # type: ignore[attr-defined]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin[ImportRun]):
    list_display = [
        "__str__",
        "status",
        "created",
        "updated",
        "unchanged",
        "failed",
        "finished_at",
    ]
    readonly_fields = [
        "started_at",
        "finished_at",
        "status",
        "inputs",
        "created",
        "updated",
        "unchanged",
        "failed",
        "errors",
        "warnings",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
