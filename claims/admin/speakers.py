from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.safestring import SafeString

from claims.admin.history import history_table
from claims.admin.requests import acting_user
from claims.admin.variants import misquotes_html
from claims.forms import MergeForm, SpeakerForm
from claims.models import QuoteVariant, Speaker
from claims.models.workflow import MERGE_SPEAKERS


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin[Speaker]):
    form = SpeakerForm
    list_display = ["name", "kind", "role", "organization", "quote_count", "wikidata_id"]
    list_filter = ["kind"]
    search_fields = ["name", "normalized_name", "organization", "role"]
    ordering = ["name"]
    readonly_fields = ["misquotes", "history"]
    actions = ["merge_speakers"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Speaker]:
        return super().get_queryset(request).annotate(quote_count=Count("quotes"))

    @admin.display(ordering="quote_count", description="quotes")
    def quote_count(self, speaker: Speaker) -> int:
        return speaker.quote_count  # type: ignore[attr-defined]

    @admin.display(description="Misquotes")
    def misquotes(self, speaker: Speaker) -> SafeString:
        """Quotes of this speaker that outlets reported in words a reviewer found differ."""
        return misquotes_html(list(QuoteVariant.objects.misquotes().of_speaker(speaker).for_list()))

    @admin.display(description="History")
    def history(self, speaker: Speaker) -> SafeString:
        return history_table(speaker)

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(MERGE_SPEAKERS.name)

    @admin.action(description="Merge the selected duplicate speakers", permissions=["merge"])
    def merge_speakers(
        self, request: HttpRequest, queryset: QuerySet[Speaker]
    ) -> HttpResponse | None:
        speakers = queryset.order_by("-quote_count", "id")
        if speakers.count() < 2:
            self.message_user(request, "Select at least two speakers to merge.", messages.WARNING)
            return None
        if len({s.kind for s in speakers}) > 1:
            self.message_user(
                request, "Only speakers of the same kind can be merged.", messages.ERROR
            )
            return None
        form = MergeForm(
            request.POST if "apply" in request.POST else None,
            speakers=speakers,
            initial={"target": speakers.first()},
        )
        if form.is_valid():
            target = form.cleaned_data["target"]
            merged = [s for s in speakers if s.pk != target.pk]
            for duplicate in merged:
                duplicate.merge_into(
                    target, by=acting_user(request), note=form.cleaned_data["note"]
                )
            self.message_user(
                request, f"Merged {len(merged)} speaker(s) into {target}.", messages.SUCCESS
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge speakers",
            "form": form,
            "speakers": speakers,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/speaker/merge.html", context)
