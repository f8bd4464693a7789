from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from claims.admin.highlighting import Mark, highlight, paragraph_around
from claims.admin.history import history_table
from claims.admin.requests import acting_user
from claims.admin.variants import MARKS, variants_html
from claims.forms import QuoteReviewForm
from claims.models import AttributionStatus, Quote, QuoteVariant, VariantVerdict
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
        "wording_variants",
        "history",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["in_context", "article", "kind", "mention", "cue", "confidence", "method"]},
        ),
        ("Attribution review", {"fields": ["attribution_status", "speaker", "verdict", "note"]}),
        ("Reported elsewhere in other words", {"fields": ["wording_variants"]}),
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

    @admin.display(description="Variants")
    def wording_variants(self, quote: Quote) -> SafeString:
        variants = list(QuoteVariant.objects.involving(quote).for_list())
        return variants_html(quote, variants)

    @admin.display(description="History")
    def history(self, quote: Quote) -> SafeString:
        return history_table(quote)

    def get_urls(self) -> list[URLPattern]:
        urls: list[URLPattern] = [
            path(
                "<path:object_id>/variant/<int:variant_id>/",
                self.admin_site.admin_view(require_POST(self.variant_view)),
                name="claims_quote_variant",
            ),
        ]
        return urls + super().get_urls()

    def variant_view(self, request: HttpRequest, object_id: str, variant_id: int) -> HttpResponse:
        """A reviewer's verdict on a variant of this quote: same words, misquote or a
        different quote."""
        quote = get_object_or_404(Quote, pk=unquote(object_id))
        variant = get_object_or_404(QuoteVariant.objects.involving(quote), pk=variant_id)
        change_url = reverse("admin:claims_quote_change", args=[quote.pk])
        labels = dict(MARKS)
        verdict = request.POST.get("verdict", "")
        if not self.has_attribution_permission(request):
            self.message_user(
                request, "You do not have permission to judge quote wordings.", messages.ERROR
            )
        elif verdict not in labels:
            self.message_user(
                request, f"“{verdict}” is not a verdict on a variant.", messages.ERROR
            )
        else:
            # The note typed in the attribution form above, if any, says why.
            note = request.POST.get("note", "").strip()
            variant.mark(VariantVerdict(verdict), by=acting_user(request), note=note)
            self.message_user(
                request,
                f"Quotes #{variant.variant_of_id} and #{variant.quote_id} marked "
                f"{labels[VariantVerdict(verdict)].lower()}.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(change_url)

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
