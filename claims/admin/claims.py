"""The review queue and the claim page, with the workflow as explicit actions."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Count, Q, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.admin.highlighting import Mark, highlight, paragraph_around
from claims.admin.history import history_table
from claims.admin.matches import matches_section
from claims.admin.queue import (
    PossibleMatchFilter,
    QueueColumns,
    WorkFilter,
    with_possible_match_count,
    with_source,
)
from claims.admin.requests import acting_user
from claims.forms import (
    ACTION_FORMS,
    STALE_MESSAGE,
    ClaimForm,
    CorrectForm,
    EvidenceFormSet,
    NoClaimantFields,
    error_summary,
    verdict_initial,
)
from claims.links import verdict_path
from claims.models import (
    Claim,
    ClaimAppearance,
    ClaimChanged,
    ClaimPair,
    MatchDecision,
    RatingLabel,
    Review,
    Verdict,
    WorkflowError,
)
from claims.models.workflow import (
    ACTIONS_BY_NAME,
    MATCH_CLAIMS,
    PUBLISH,
    PUBLISH_CORRECTION,
    START_REVIEW,
)
from claims.possible_matches import seek_matches

# The actions that publish a verdict or correction someone else wrote.
PUBLISHING = (PUBLISH, PUBLISH_CORRECTION)


def verdict_html(review: Review) -> SafeString:
    """One verdict as the desk reads it: rating and its definition, summary, explanation,
    who rated and published it, and its evidence."""
    evidence = format_html_join(
        "",
        '<li>{}: <a href="{}">{}</a> {}</li>',
        ((e.get_stance_display(), e.url, e.title, e.note) for e in review.evidence.all()),
    )
    state = (
        f"published {review.published_at:%Y-%m-%d %H:%M} by {review.published_by}"
        if review.published_at
        else "draft, not published"
    )
    no_claimant = review.no_claimant()
    wording = (
        format_html(
            '<p class="fb-corrected-wording">The claim as corrected: “{}”, claimant: {}.</p>',
            review.corrected_text,
            review.corrected_claimant or "none",
        )
        if review.corrects_wording()
        else ""
    )
    return format_html(
        '<div class="fb-verdict"><strong>{}</strong> — <span class="fb-summary">{}</span>'
        '<p class="fb-rating-definition">{}</p>{}<p class="fb-explanation">{}</p>{}'
        "<p>Rated by {}; {}.{}</p><ul>{}</ul></div>",
        review.rating,
        review.summary,
        review.rating.description,
        wording,
        review.explanation,
        format_html('<p class="fb-no-claimant">No claimant: {}.</p>', no_claimant)
        if no_claimant
        else "",
        review.reviewer,
        state,
        format_html(" Correction: {}", review.correction_note) if review.correction_note else "",
        evidence,
    )


class AssigneeFilter(admin.SimpleListFilter):
    title = "assignee"
    parameter_name = "assigned"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("me", "Assigned to me"), ("none", "Unassigned")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "me":
            return queryset.filter(assignee=request.user.pk)
        if self.value() == "none":
            return queryset.filter(assignee__isnull=True)
        return queryset


class MissingFilter(admin.SimpleListFilter):
    title = "in the article"
    parameter_name = "missing"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "No longer in the article")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(appearances__missing_since__isnull=False).distinct()
        return queryset


class AppearanceInline(admin.TabularInline[ClaimAppearance, Claim]):
    model = ClaimAppearance
    extra = 0
    fields = ["article", "quote"]
    readonly_fields = ["article", "quote"]

    def has_add_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:  # type: ignore[override]
        return False


@admin.register(Claim)
class ClaimAdmin(QueueColumns, admin.ModelAdmin[Claim]):
    form = ClaimForm
    list_display = [
        "claim_text",
        "source",
        "claimant",
        "state_and_rating",
        "possible_matches",
        "assignee",
        "age",
    ]
    list_filter = [
        WorkFilter,
        "state",
        "rating",
        AssigneeFilter,
        MissingFilter,
        PossibleMatchFilter,
        ("appearances__article__outlet", admin.RelatedOnlyFieldListFilter),
        ("claimant", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["rating", "claimant", "assignee"]
    search_fields = ["text", "claimant__name"]
    autocomplete_fields = ["claimant", "assignee"]
    ordering = ["-check_worthiness", "created_at"]
    readonly_fields = [
        "state",
        "rating",
        "check_worthiness",
        "reasons",
        "in_context",
        "verdicts",
        "history",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "state",
                    "rating",
                    "text",
                    "claimant",
                    "assignee",
                    "seen_version",
                ]
            },
        ),
        ("Where it was said", {"fields": ["in_context"]}),
        ("Verdicts and evidence", {"fields": ["verdicts"]}),
        ("Check-worthiness", {"classes": ["collapse"], "fields": ["check_worthiness", "reasons"]}),
        ("History", {"fields": ["history", "created_at", "updated_at"]}),
    ]
    inlines = [AppearanceInline]
    actions = ["assign_to_me", "start_review"]

    class Media:
        css = {"all": ["factbase/admin.css", "factbase/queue.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return with_possible_match_count(with_source(super().get_queryset(request))).annotate(
            appearance_count=Count("appearances", distinct=True),
            missing_count=Count(
                "appearances",
                filter=Q(appearances__missing_since__isnull=False),
                distinct=True,
            ),
        )

    @admin.display(ordering="text", description="claim")
    def claim_text(self, claim: Claim) -> SafeString:
        if not claim.missing_count:  # type: ignore[attr-defined]
            return format_html("{}", str(claim))
        return format_html(
            '{} <span class="fb-missing">{}</span>', str(claim), "No longer in the article"
        )

    def view_on_site(self, claim: Claim) -> str | None:
        """The public verdict page, for a published claim only: others have none."""
        return verdict_path(claim) if claim.is_published() else None

    @admin.display(ordering="appearance_count", description="appearances")
    def appearance_count(self, claim: Claim) -> int:
        return claim.appearance_count  # type: ignore[attr-defined]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # claims come from articles

    def has_change_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        # A merged claim is kept as it was, for its history: the survivor is edited.
        if obj is not None and obj.is_merged():
            return False
        return super().has_change_permission(request, obj)

    # --- the claim page -------------------------------------------------------------

    change_form_template = "admin/claims/claim/change_form.html"

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        claim = self.get_object(request, unquote(object_id))
        buttons = []
        section = None
        if claim is not None and claim.merged_into_id and request.GET.get("merged") != "show":
            # A merged claim's links (the queue, bookmarks, history) lead to the claim
            # it was found to be.
            self.message_user(
                request, f"Claim #{claim.pk} was merged into this one.", messages.INFO
            )
            return HttpResponseRedirect(
                reverse("admin:claims_claim_change", args=[claim.merged_into_id])
            )
        if claim is not None and claim.matches_sought_at is None and not claim.is_merged():
            seek_matches(claim)
        if claim is not None:
            section = matches_section(claim, request.user)
            # Only the actions this user may take: a reviewer sees no Publish button,
            # nor does whoever wrote the verdict or correction waiting to be published.
            actions = [
                action
                for action in claim.allowed_actions()
                if request.user.has_perm(action.permission.name)
            ]
            if any(a in PUBLISHING for a in actions) and claim.waits_for_another_publisher(
                request.user
            ):
                actions = [action for action in actions if action not in PUBLISHING]
            buttons = [
                (reverse("admin:claims_claim_action", args=[claim.pk, action.name]), action.label)
                for action in actions
            ]
        extra = {
            **(extra_context or {}),
            "fb_actions": buttons,
            "fb_claim": claim,
            "fb_matches": section,
        }
        return super().change_view(request, object_id, form_url, extra)

    @admin.display(description="In context")
    def in_context(self, claim: Claim) -> SafeString:
        appearances = claim.appearances.select_related("article", "quote__speaker")
        blocks = []
        for appearance in appearances:
            link = reverse("admin:sources_article_change", args=[appearance.article_id])
            if appearance.missing_since is not None:  # no longer in the article
                blocks.append(
                    format_html(
                        '<div class="fb-appearance fb-missing-appearance"><p><a href="{}">{}</a>'
                        ' <span class="fb-missing">No longer in the article</span> (since {})'
                        "</p><p>It stood here:</p><blockquote>{}</blockquote></div>",
                        link,
                        appearance.article.title,
                        date_format(appearance.missing_since, "j M Y"),
                        appearance.old_context,
                    )
                )
                continue
            body = appearance.article.body
            start, end = paragraph_around(body, appearance.start, appearance.end)
            marks = [Mark(appearance.start - start, appearance.end - start, "fb-claim")]
            quote = appearance.quote
            if quote is not None:
                marks.append(
                    Mark(
                        quote.start - start,
                        quote.end - start,
                        "fb-quote",
                        label=quote.speaker_label,
                    )
                )
            blocks.append(
                format_html(
                    '<div class="fb-appearance"><p><a href="{}">{}</a></p>{}</div>',
                    link,
                    appearance.article.title,
                    highlight(body[start:end], marks),
                )
            )
        return format_html_join("", "{}", ((block,) for block in blocks))

    @admin.display(description="Verdicts (corrections log)")
    def verdicts(self, claim: Claim) -> SafeString:
        reviews = claim.reviews.select_related(
            "rating", "reviewer", "published_by", "corrected_claimant"
        )
        rows = [verdict_html(review) for review in reviews.prefetch_related("evidence")]
        if not rows:
            return format_html("<p>{}</p>", "Not rated yet.")
        return format_html_join("", "{}", ((row,) for row in rows))

    @admin.display(description="History")
    def history(self, claim: Claim) -> SafeString:
        return history_table(claim)

    def save_model(
        self, request: HttpRequest, obj: Claim, form: ModelForm[Claim], change: bool
    ) -> None:
        """Edits go through `Claim.edit()`, which writes the audit rows."""
        if not change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        obj.edit(
            by=acting_user(request),
            text=data.get("text", obj.text),
            claimant=data.get("claimant", obj.claimant),
            assignee=data["assignee"],
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_published():
            # What the public verdict is about: changed only by a correction.
            fields += ["text", "claimant"]
        return fields

    # --- bulk actions ---------------------------------------------------------------

    @admin.action(description="Assign the selected claims to me")
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        for claim in queryset.select_related("assignee"):
            claim.assign(acting_user(request), by=acting_user(request))
        self.message_user(request, f"Assigned {queryset.count()} claim(s) to you.")

    @admin.action(description="Start review of the selected claims", permissions=["start_review"])
    def start_review(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        started = 0
        for claim in queryset:
            try:
                claim.start_review(by=acting_user(request), note="admin bulk action")
            except WorkflowError as error:
                self.message_user(request, f"{claim}: {error}", messages.WARNING)
            else:
                started += 1
        self.message_user(request, f"Started review of {started} claim(s).")

    def has_start_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(START_REVIEW.permission.name)

    # --- workflow action pages ------------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        urls: list[URLPattern] = [
            path(
                "<path:object_id>/action/<str:verb>/",
                self.admin_site.admin_view(self.action_view),
                name="claims_claim_action",
            ),
            path(
                "<path:object_id>/match/<int:pair_id>/",
                self.admin_site.admin_view(self.match_view),
                name="claims_claim_match",
            ),
            path(
                "<path:object_id>/seek-matches/",
                self.admin_site.admin_view(self.seek_matches_view),
                name="claims_claim_seek_matches",
            ),
        ]
        return urls + super().get_urls()

    def action_view(self, request: HttpRequest, object_id: str, verb: str) -> HttpResponse:
        claim = get_object_or_404(
            Claim.objects.select_related("rating", "claimant"), pk=unquote(object_id)
        )
        change_url = reverse("admin:claims_claim_change", args=[claim.pk])
        action = ACTIONS_BY_NAME.get(verb)
        if action is None or not action.applies_to(claim.state):
            self.message_user(
                request,
                f"“{verb}” is not possible for a {claim.get_state_display().lower()} claim.",
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        if not request.user.has_perm(action.permission.name):
            self.message_user(
                request, f"You do not have permission to {action.label.lower()}.", messages.ERROR
            )
            return HttpResponseRedirect(change_url)
        data = request.POST if request.method == "POST" else None
        current = claim.current_review()
        # A correction starts from the verdict it corrects.
        form_initial, evidence_initial = (
            verdict_initial(claim, current)
            if data is None and current and action.inputs.gives_verdict
            else ({}, [])
        )
        form = ACTION_FORMS[action.inputs](data, claim=claim, initial=form_initial)
        if isinstance(form, CorrectForm):
            claimant = form.fields["claimant"]
            claimant.widget = AutocompleteSelect(Claim._meta.get_field("claimant"), self.admin_site)
            claimant.widget.choices = claimant.choices  # type: ignore[attr-defined]
        evidence = (
            EvidenceFormSet(data, prefix="evidence", initial=evidence_initial or None)
            if action.inputs.gives_verdict
            else None
        )
        if data is not None and form.is_valid() and (evidence is None or evidence.is_valid()):
            given = form.cleaned_data
            verdict = None
            if evidence is not None:
                links = tuple(f.link() for f in evidence.forms if f.has_changed())
                verdict = Verdict(
                    given["rating"], given["summary"], given["explanation"], links, given["url"]
                )
            try:
                claim.take(
                    action,
                    by=acting_user(request),
                    note=given.get("note", ""),
                    verdict=verdict,
                    wording=form.wording() if isinstance(form, CorrectForm) else None,
                    no_claimant=form.no_claimant() if isinstance(form, NoClaimantFields) else None,
                    version=given["version"],
                )
            except ClaimChanged:
                form.add_error(None, STALE_MESSAGE)
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, f"{action.label}: done.", messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{action.label}: {claim}",
            "claim": claim,
            "form": form,
            "evidence": evidence,
            "errors": error_summary(form, evidence) if data is not None else [],
            "rating_definitions": RatingLabel.objects.of_default_scale().exclude(description="")
            if action.inputs.gives_verdict
            else [],
            "verdict_html": verdict_html(current) if action.publishes and current else "",
            "label": action.label,
            "opts": self.model._meta,
            "change_url": change_url,
            "context_html": self.in_context(claim),
        }
        return TemplateResponse(request, "admin/claims/claim/action.html", context)

    # --- possible matches -----------------------------------------------------------

    def match_view(self, request: HttpRequest, object_id: str, pair_id: int) -> HttpResponse:
        """Decide on one possible match: same claim, related or different (POST)."""
        claim = get_object_or_404(Claim, pk=unquote(object_id))
        pair = get_object_or_404(
            ClaimPair.objects.involving(claim).select_related("first", "second"), pk=pair_id
        )
        change_url = reverse("admin:claims_claim_change", args=[claim.pk])
        decision = request.POST.get("decision", "")
        if request.method != "POST" or decision not in MatchDecision.values:
            self.message_user(request, "Choose same claim, related or different.", messages.ERROR)
            return HttpResponseRedirect(change_url)
        if not request.user.has_perm(MATCH_CLAIMS.name):
            self.message_user(
                request, "You do not have permission to decide on matches.", messages.ERROR
            )
            return HttpResponseRedirect(change_url)
        other = pair.other(claim)
        by = acting_user(request)
        try:
            if decision == MatchDecision.SAME:
                survivor = pair.mark_same(by=by)
                change_url = reverse("admin:claims_claim_change", args=[survivor.pk])
                done = (
                    f"Claim #{other.pk} is the same claim: merged into #{survivor.pk}."
                    if pair.merged
                    else f"Claim #{other.pk} is the same claim: checked before."
                )
            elif decision == MatchDecision.RELATED:
                pair.mark_related(by=by)
                done = f"Claim #{other.pk} is related."
            else:
                pair.mark_different(by=by)
                done = f"Claim #{other.pk} is different; it will not be suggested again."
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def seek_matches_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Match the claim again (POST), e.g. after fact-checks were imported."""
        claim = get_object_or_404(Claim.objects.unmerged(), pk=unquote(object_id))
        change_url = reverse("admin:claims_claim_change", args=[claim.pk])
        if request.method != "POST" or not request.user.has_perm(MATCH_CLAIMS.name):
            self.message_user(
                request, "You do not have permission to look for matches.", messages.ERROR
            )
            return HttpResponseRedirect(change_url)
        found = seek_matches(claim)
        self.message_user(request, f"{len(found)} possible match(es).", messages.SUCCESS)
        return HttpResponseRedirect(change_url + "#fb-matches")
