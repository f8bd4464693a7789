from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.safestring import SafeString

from claims.admin.highlighting import Mark, highlight, paragraph_around
from claims.admin.history import history_table
from claims.admin.requests import acting_user
from claims.forms import QuoteReviewForm
from claims.models import AttributionStatus, Quote
from claims.models.workflow import REVIEW_ATTRIBUTION


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin[Quote]):
    form = QuoteReviewForm
    list_display = ["__str__", "speaker", "kind", "attribution_status", "article", "confidence"]
    list_filter = ["attribution_status", "kind", "method"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker__name", "mention"]
    autocomplete_fields = ["speaker"]
    readonly_fields = [
        "in_context",
        "article",
        "kind",
        "mention",
        "cue",
        "confidence",
        "method",
        "attribution_status",
        "history",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["in_context", "article", "kind", "mention", "cue", "confidence", "method"]},
        ),
        ("Attribution review", {"fields": ["attribution_status", "speaker", "verdict", "note"]}),
        ("History", {"fields": ["history"]}),
    ]
    actions = ["confirm_attribution", "reject_quotes"]

    class Media:
        css = {"all": ["factbase/admin.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Quote]:
        return super().get_queryset(request).defer("article__body", "article__raw")

    def has_attribution_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REVIEW_ATTRIBUTION.name)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # quotes come from articles, not from typing

    @admin.display(description="Quote in its paragraph")
    def in_context(self, quote: Quote) -> SafeString:
        body = quote.article.body
        start, end = paragraph_around(body, quote.start, quote.end)
        mark = Mark(
            quote.start - start,
            quote.end - start,
            f"fb-quote fb-{quote.attribution_status}",
            label=quote.speaker_label,
        )
        return highlight(body[start:end], [mark])

    @admin.display(description="History")
    def history(self, quote: Quote) -> SafeString:
        return history_table(quote)

    def save_model(
        self, request: HttpRequest, obj: Quote, form: ModelForm[Quote], change: bool
    ) -> None:
        """Apply the reviewer's verdict through the model, which writes the audit trail.

        Reassigning the speaker without a verdict means the machine got it wrong.
        """
        verdict = form.cleaned_data.get("verdict")
        note = form.cleaned_data.get("note", "")
        if not verdict and "speaker" in form.changed_data and obj.speaker is not None:
            verdict = AttributionStatus.MISATTRIBUTED
            note = note or "speaker reassigned in the admin"
        if not verdict:
            return
        original = Quote.objects.get(pk=obj.pk)
        speaker = obj.speaker if "speaker" in form.changed_data else None
        original.set_attribution(
            AttributionStatus(verdict),
            by=acting_user(request),
            speaker=speaker,
            note=note,
        )
        obj.refresh_from_db()

    @admin.action(
        description="Confirm attribution of the selected quotes", permissions=["attribution"]
    )
    def confirm_attribution(self, request: HttpRequest, queryset: QuerySet[Quote]) -> None:
        count = _set_attribution(request, queryset, AttributionStatus.CONFIRMED)
        self.message_user(request, f"Confirmed {count} quote(s).", messages.SUCCESS)

    @admin.action(
        description="Reject the selected quotes (not real quotes)",
        permissions=["attribution"],
    )
    def reject_quotes(self, request: HttpRequest, queryset: QuerySet[Quote]) -> None:
        count = _set_attribution(request, queryset, AttributionStatus.REJECTED)
        self.message_user(request, f"Rejected {count} quote(s).", messages.SUCCESS)


def _set_attribution(
    request: HttpRequest, queryset: QuerySet[Quote], status: AttributionStatus
) -> int:
    changed = 0
    for quote in queryset.select_related("speaker"):
        if quote.attribution_status != status:
            quote.set_attribution(status, by=acting_user(request), note="admin bulk action")
            changed += 1
    return changed
