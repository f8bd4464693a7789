from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from claims.models import (
    AttributionStatus,
    AuditEvent,
    Claim,
    ClaimAppearance,
    Evidence,
    Quote,
    RatingLabel,
    RatingScale,
    Review,
    Speaker,
)


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin[Speaker]):
    list_display = ["name", "kind", "role", "organization", "quote_count", "wikidata_id"]
    list_filter = ["kind"]
    search_fields = ["name", "normalized_name", "organization", "role"]
    ordering = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Speaker]:
        return super().get_queryset(request).annotate(quote_count=Count("quotes"))

    @admin.display(ordering="quote_count", description="quotes")
    def quote_count(self, speaker: Speaker) -> int:
        return speaker.quote_count  # type: ignore[attr-defined]


def _set_attribution(
    request: HttpRequest, queryset: QuerySet[Quote], status: AttributionStatus
) -> int:
    changed = 0
    for quote in queryset.select_related("speaker"):
        if quote.attribution_status != status:
            quote.set_attribution(status, by=request.user, note="admin bulk action")  # type: ignore[arg-type]
            changed += 1
    return changed


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin[Quote]):
    list_display = ["__str__", "speaker", "kind", "attribution_status", "article", "confidence"]
    list_filter = ["attribution_status", "kind", "method"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker__name", "mention"]
    autocomplete_fields = ["speaker"]
    readonly_fields = [
        "article",
        "text",
        "start",
        "end",
        "mention",
        "cue",
        "confidence",
        "method",
        "attribution_status",
    ]
    actions = ["confirm_attribution", "reject_quotes"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Quote]:
        return super().get_queryset(request).defer("article__body", "article__raw")

    def save_model(self, request: HttpRequest, obj: Quote, form: Any, change: bool) -> None:
        """A reviewer who reassigns the speaker has judged the attribution: record it."""
        if change and "speaker" in form.changed_data and obj.speaker is not None:
            original = Quote.objects.get(pk=obj.pk)
            original.set_attribution(
                AttributionStatus.MISATTRIBUTED,
                by=request.user,  # type: ignore[arg-type]
                speaker=obj.speaker,
                note="speaker reassigned in the admin",
            )
            obj.refresh_from_db()
            return
        super().save_model(request, obj, form, change)

    @admin.action(description="Confirm attribution of the selected quotes")
    def confirm_attribution(self, request: HttpRequest, queryset: QuerySet[Quote]) -> None:
        count = _set_attribution(request, queryset, AttributionStatus.CONFIRMED)
        self.message_user(request, f"Confirmed {count} quote(s).", messages.SUCCESS)

    @admin.action(description="Reject the selected quotes (not real quotes)")
    def reject_quotes(self, request: HttpRequest, queryset: QuerySet[Quote]) -> None:
        count = _set_attribution(request, queryset, AttributionStatus.REJECTED)
        self.message_user(request, f"Rejected {count} quote(s).", messages.SUCCESS)


class ClaimAppearanceInline(admin.TabularInline[ClaimAppearance, Claim]):
    model = ClaimAppearance
    extra = 0
    fields = ["article", "quote", "start", "end"]
    readonly_fields = ["article", "quote", "start", "end"]

    def has_add_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin[Claim]):
    list_display = [
        "__str__",
        "state",
        "rating",
        "claimant",
        "check_worthiness",
        "assignee",
        "appearance_count",
        "created_at",
    ]
    list_filter = ["state", "rating"]
    list_select_related = ["rating", "claimant", "assignee"]
    ordering = ["-check_worthiness", "created_at"]
    search_fields = ["text", "claimant__name"]
    autocomplete_fields = ["claimant"]
    readonly_fields = ["state", "rating", "check_worthiness", "reasons", "created_at", "updated_at"]
    inlines = [ClaimAppearanceInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).annotate(appearance_count=Count("appearances"))

    @admin.display(ordering="appearance_count", description="appearances")
    def appearance_count(self, claim: Claim) -> int:
        return claim.appearance_count  # type: ignore[attr-defined]


class RatingLabelInline(admin.TabularInline[RatingLabel, RatingScale]):
    model = RatingLabel
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin[RatingScale]):
    list_display = ["name", "is_default"]
    inlines = [RatingLabelInline]


class EvidenceInline(admin.TabularInline[Evidence, Review]):
    model = Evidence
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin[Review]):
    list_display = ["claim", "rating", "reviewer", "created_at", "published_at"]
    list_select_related = ["claim", "rating", "reviewer"]
    list_filter = ["rating", "published_at"]
    readonly_fields = ["claim", "rating", "reviewer", "created_at", "published_at", "published_by"]
    inlines = [EvidenceInline]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = [
        "created_at",
        "action",
        "content_type",
        "object_id",
        "from_value",
        "to_value",
        "actor",
    ]
    list_filter = ["action", "content_type"]
    list_select_related = ["content_type", "actor"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
