"""The article page: its text with every quote and claim sentence marked."""

from django.contrib import admin
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString

from claims.admin.highlighting import Mark, highlight
from claims.listforms import LinesField
from claims.models import ClaimAppearance, Quote
from sources.models import Article


def article_marks(article: Article) -> list[Mark]:
    """Every stored quote (with speaker and attribution status) and claim sentence."""
    quotes = Quote.objects.filter(article=article).select_related("speaker")
    appearances = ClaimAppearance.objects.filter(article=article).select_related("claim")
    marks = [
        Mark(
            q.start,
            q.end,
            f"fb-quote fb-{q.attribution_status}",
            label=f"{q.speaker_label} · {q.get_attribution_status_display()}",
            title=f"{q.get_kind_display()} quote, cue: {q.cue or '-'}",
        )
        for q in quotes
    ]
    marks += [
        Mark(
            a.start, a.end, "fb-claim", title=f"Claim #{a.claim_id}: {a.claim.get_state_display()}"
        )
        for a in appearances
    ]
    return marks


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["title", "outlet", "published_at", "imported_at", "quote_count"]
    list_filter = ["language", "outlet", "imported_at"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url"]
    date_hierarchy = "imported_at"
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.JSONField: {"form_class": LinesField},  # the tags, one a line
    }
    ordering = ["-imported_at", "-id"]
    import_fields = ["content_hash", "import_run", "source_file", "imported_at", "updated_at"]
    readonly_fields = ["highlighted_body", *import_fields, "metadata"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "outlet", "url", "byline", "published_at", "language", "tags"]},
        ),
        ("Text", {"fields": ["highlighted_body"]}),
        (
            "Import",
            {
                "classes": ["collapse"],
                "fields": [*import_fields, "metadata", "raw"],
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        queryset = super().get_queryset(request).annotate(quote_count=Count("quotes"))
        if request.resolver_match and (request.resolver_match.url_name or "").endswith(
            "changelist"
        ):
            queryset = queryset.defer("body", "raw")
        return queryset

    @admin.display(ordering="quote_count", description="quotes")
    def quote_count(self, article: Article) -> int:
        return article.quote_count  # type: ignore[attr-defined]

    @admin.display(description="Body: quotes in yellow, claim sentences in blue")
    def highlighted_body(self, article: Article) -> SafeString:
        return highlight(article.body, article_marks(article))

    class Media:
        css = {"all": ["factbase/admin.css"]}
