"""Outlets, import runs and their queued jobs in the admin; articles have their page on
the claims side."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from sources.models import Feed, ImportJob, ImportRun, JobState, Outlet


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
        "jobs",
        "finished_at",
    ]
    list_filter = ["status"]
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
        "jobs",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportRun]:
        return ImportRun.objects.with_job_counts()

    @admin.display(description="jobs queued / running / done / failed")
    def jobs(self, run: ImportRun) -> str:
        counts = run.job_counts()
        if not any(counts.values()):
            return "inline"
        return " / ".join(str(counts[state]) for state in JobState.values)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    """The queue's inputs; filtered on Failed, the dead letters and why each failed."""

    list_display = ["source", "run", "state", "attempts", "reason", "worker", "finished_at"]
    list_filter = ["state"]
    list_select_related = ["run"]
    search_fields = ["source", "reason"]
    readonly_fields = [
        "run",
        "source",
        "state",
        "attempts",
        "worker",
        "created",
        "updated",
        "unchanged",
        "failed",
        "reason",
        "article",
        "queued_at",
        "finished_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin[Feed]):
    list_display = [
        "url",
        "outlet",
        "enabled",
        "interval_minutes",
        "last_fetched_at",
        "articles_found",
        "last_error",
    ]
    list_filter = ["enabled"]
    list_select_related = ["outlet"]
    search_fields = ["url"]
    autocomplete_fields = ["outlet"]
    readonly_fields = [
        "last_fetched_at",
        "next_poll_at",
        "etag",
        "last_modified",
        "last_error",
        "articles_found",
    ]
