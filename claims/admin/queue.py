"""The review queue as a working list: open work by default, the claim text given the
width, where each claim comes from, who holds it and how long it has waited."""

from datetime import timedelta
from typing import Any, cast

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.models import Claim, ClaimAppearance, ClaimPair
from claims.models.claims import ClaimQuerySet


class WorkFilter(admin.SimpleListFilter):
    """Open work (new, in review, rated) unless the reviewer asks for the claims still to
    review, the published ones or all of them; choosing a state in the state filter shows
    that state whatever this says."""

    title = "work"
    parameter_name = "work"
    OPEN, REVIEW, PUBLISHED, ALL = "open", "review", "published", "all"

    def __init__(
        self, request: HttpRequest, params: dict[str, Any], model: Any, model_admin: Any
    ) -> None:
        super().__init__(request, params, model, model_admin)
        self.state_chosen = any(key.startswith("state__") for key in request.GET)

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            (self.OPEN, "Open work"),
            (self.REVIEW, "Waiting for review"),
            (self.PUBLISHED, "Published"),
            (self.ALL, "All"),
        ]

    def chosen(self) -> str:
        if self.value() in (self.OPEN, self.REVIEW, self.PUBLISHED, self.ALL):
            return str(self.value())
        return self.ALL if self.state_chosen else self.OPEN

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        claims = cast(ClaimQuerySet, queryset)
        chosen = self.chosen()
        if chosen == self.OPEN:
            return claims.open_work()
        if chosen == self.REVIEW:
            return claims.needs_review()
        if chosen == self.PUBLISHED:
            return claims.published()
        return queryset

    def choices(self, changelist: ChangeList) -> Any:
        for value, title in self.lookup_choices:
            yield {
                "selected": self.chosen() == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}, remove=["state__exact"]
                ),
                "display": title,
            }


def with_source(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Each claim with the outlet and headline of its first appearance, in the same query."""
    first = ClaimAppearance.objects.filter(claim=OuterRef("pk")).order_by(
        "article__published_at", "article__imported_at", "id"
    )
    return claims.annotate(
        source_article=Subquery(first.values("article_id")[:1]),
        source_title=Subquery(first.values("article__title")[:1]),
        source_outlet=Subquery(first.values("article__outlet__name")[:1]),
    )


def with_possible_match_count(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Each claim with the number of its stored possible matches, in the same query
    (claims.possible_matches stores them; the queue never runs the matcher)."""
    pairs = (
        ClaimPair.objects.possible()
        .filter(Q(first=OuterRef("pk")) | Q(second=OuterRef("pk")))
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("count")
    )
    return claims.annotate(possible_match_count=Subquery(pairs[:1]))


class PossibleMatchFilter(admin.SimpleListFilter):
    title = "possible matches"
    parameter_name = "matches"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Has possible matches"), ("unsought", "Not matched yet")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(possible_match_count__gt=0)
        if self.value() == "unsought":
            return queryset.filter(matches_sought_at__isnull=True)
        return queryset


class QueueColumns:
    """The queue's columns, for `ClaimAdmin.list_display`."""

    @admin.display(description="source")
    def source(self, claim: Claim) -> SafeString:
        article_id = getattr(claim, "source_article", None)
        if article_id is None:
            return format_html("{}", "—")
        return format_html(
            '<span class="fb-outlet">{}</span> <a href="{}">{}</a>',
            getattr(claim, "source_outlet", None) or "",
            reverse("admin:sources_article_change", args=[article_id]),
            getattr(claim, "source_title", "") or "(untitled)",
        )

    @admin.display(ordering="state", description="state")
    def state_and_rating(self, claim: Claim) -> str:
        state = claim.get_state_display()
        return f"{state} · {claim.rating}" if claim.rating_id else state

    @admin.display(ordering="possible_match_count", description="matches")
    def possible_matches(self, claim: Claim) -> SafeString:
        """How many, linking to them on the claim page; "—" until the claim is matched."""
        count = getattr(claim, "possible_match_count", 0) or 0
        if claim.matches_sought_at is None and not count:
            return format_html('<span title="{}">{}</span>', "Not matched yet", "—")
        if not count:
            return format_html("{}", "none")
        return format_html(
            '<a class="fb-match-count" href="{}#fb-matches">{}</a>',
            reverse("admin:claims_claim_change", args=[claim.pk]),
            count,
        )

    @admin.display(ordering="created_at", description="age")
    def age(self, claim: Claim) -> str:
        return short_age(timezone.now() - claim.created_at)


def short_age(waited: timedelta) -> str:
    """How long a claim has waited, short enough for a narrow column: "40 min", "5 h", "3 d"."""
    minutes = int(waited.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        return f"{minutes // 60} h"
    return f"{waited.days} d"
