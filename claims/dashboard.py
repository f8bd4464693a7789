"""Backlog figures for the admin index: a few aggregate queries, whatever the data size."""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimState, Quote


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: int
    url: str = ""  # the queue, filtered to these claims


@dataclass(frozen=True)
class Dashboard:
    states: list[Bar]
    ratings: list[Bar]
    ages: list[Bar]
    backlog: int
    backlog_url: str
    oldest_days: int | None
    quotes_to_review: int


def queue_url(**filters: str) -> str:
    """The review queue with these admin filters applied."""
    return f"{reverse('admin:claims_claim_changelist')}?{urlencode(filters)}"


def _bars(rows: list[tuple[str, int, str]]) -> list[Bar]:
    """Bars as long as their count, relative to the longest."""
    top = max((count for _, count, _ in rows), default=0) or 1
    return [Bar(label, count, round(100 * count / top), url) for label, count, url in rows]


def backlog_dashboard() -> Dashboard:
    by_state = dict(Claim.objects.order_by().values_list("state").annotate(n=Count("id")))
    ratings = (
        Claim.objects.published()
        .order_by("rating__position")
        .values_list("rating__name", "rating_id")
        .annotate(n=Count("id"))
    )
    now = timezone.now()
    backlog = Claim.objects.needs_review().aggregate(
        total=Count("id"),
        oldest=Min("created_at"),
        day=Count("id", filter=Q(created_at__gte=now - timedelta(days=1))),
        week=Count(
            "id",
            filter=Q(
                created_at__lt=now - timedelta(days=1), created_at__gte=now - timedelta(days=7)
            ),
        ),
        month=Count(
            "id",
            filter=Q(
                created_at__lt=now - timedelta(days=7), created_at__gte=now - timedelta(days=30)
            ),
        ),
        older=Count("id", filter=Q(created_at__lt=now - timedelta(days=30))),
    )
    oldest = backlog["oldest"]
    return Dashboard(
        states=_bars(
            [
                (state.label, by_state.get(state.value, 0), queue_url(state__exact=state.value))
                for state in ClaimState
            ]
        ),
        ratings=_bars(
            [
                (
                    name or "Unrated",
                    n,
                    queue_url(work="published", rating__id__exact=str(rating_id))
                    if rating_id
                    else "",
                )
                for name, rating_id, n in ratings
            ]
        ),
        ages=_bars(
            [
                ("under a day", backlog["day"], ""),
                ("1–7 days", backlog["week"], ""),
                ("7–30 days", backlog["month"], ""),
                ("over 30 days", backlog["older"], ""),
            ]
        ),
        backlog=backlog["total"],
        backlog_url=queue_url(work="review"),
        oldest_days=(now - oldest).days if oldest else None,
        quotes_to_review=Quote.objects.needs_review().count(),
    )
