"""The article page: its text with every quote and claim sentence marked; and the Add
article page, which imports a pasted article as the import command would."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import SafeString

from claims.admin.highlighting import Mark, highlight
from claims.admin.requests import acting_user
from claims.forms import ArticleAddForm, error_summary
from claims.importing import Outcome, import_article
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
    # The import snapshot is what was read, kept as evidence: nobody edits it.
    readonly_fields = ["highlighted_body", *import_fields, "metadata", "raw"]
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

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Paste an article: it goes through the import workflow (cleaning, extraction,
        the same text or URL never twice) and its page opens."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleAddForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            user = acting_user(request)
            report = import_article(form.parsed, source=f"pasted in the admin by {user}")
            item = report.items[0]
            if item.outcome == Outcome.CREATED and item.article_id is not None:
                found = report.recorded
                self.message_user(
                    request,
                    f"Article imported: {found.quotes_added} quote(s) and "
                    f"{found.claims_added} claim(s) found.",
                    messages.SUCCESS,
                )
                return self._article_page(item.article_id)
            if item.outcome != Outcome.FAILED and item.article_id is not None:
                self.message_user(
                    request,
                    "This text is already in the database: here is its article. Nothing was added.",
                    messages.WARNING,
                )
                return self._article_page(item.article_id)
            form.add_error(None, f"The article could not be imported: {item.reason}.")
        context = {
            **self.admin_site.each_context(request),
            "title": "Add article",
            "form": form,
            "opts": self.model._meta,
            "errors": error_summary(form, None) if form.is_bound else [],
        }
        return TemplateResponse(request, "admin/sources/article/add_article.html", context)

    def _article_page(self, article_id: int) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:sources_article_change", args=[article_id]))

    class Media:
        css = {"all": ["factbase/admin.css"]}
