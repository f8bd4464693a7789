from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.admin.history import what_happened
from claims.models import AuditEvent, Evidence, RatingLabel, RatingMapping, RatingScale, Review


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

    def has_change_permission(self, request: HttpRequest, obj: Review | None = None) -> bool:  # type: ignore[override]
        return False  # a verdict's evidence changes through a correction

    def has_add_permission(self, request: HttpRequest, obj: Review | None = None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin[Review]):
    list_display = ["claim", "rating", "reviewer", "created_at", "published_at"]
    list_select_related = ["claim", "rating", "reviewer"]
    list_filter = ["rating", "published_at"]
    # Verdicts change only through the claim workflow (rate, correct, retract).
    readonly_fields = [f.name for f in Review._meta.fields if f.name != "id"]
    inlines = [EvidenceInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # verdicts are written by rating a claim


@admin.register(RatingMapping)
class RatingMappingAdmin(admin.ModelAdmin[RatingMapping]):
    """How imported ClaimReview ratings map onto the local scale; editors keep it current."""

    list_display = ["foreign_label", "label"]
    list_select_related = ["label"]
    search_fields = ["foreign_label"]

    def save_model(
        self, request: HttpRequest, obj: RatingMapping, form: object, change: bool
    ) -> None:
        obj.foreign_label = " ".join(obj.foreign_label.casefold().split())
        super().save_model(request, obj, form, change)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """The whole audit trail, each change named in words and linked to what it changed."""

    list_display = ["created_at", "change", "subject_link", "actor", "note"]
    list_filter = ["action", "content_type"]
    list_select_related = ["actor"]
    fields = ["created_at", "subject_link", "change", "actor", "note"]
    readonly_fields = ["created_at", "subject_link", "change", "actor", "note"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        # One query per kind of record changed, whatever the number of rows.
        return super().get_queryset(request).prefetch_related("subject")

    @admin.display(description="change")
    def change(self, event: AuditEvent) -> str:
        return what_happened(event)

    @admin.display(description="changed record")
    def subject_link(self, event: AuditEvent) -> SafeString | str:
        subject = event.subject
        if subject is None:
            return "(deleted)"
        meta = subject._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[subject.pk])
        return format_html('{}: <a href="{}">{}</a>', meta.verbose_name.capitalize(), url, subject)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
