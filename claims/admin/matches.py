"""The claim page's "Has this been checked before?" section: the claim's possible
matches (the desk's claims and other fact-checkers' verdicts) with their verdicts, the
buttons that decide on each, and what was decided before."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.models import Claim, ClaimPair, MatchDecision, Review
from claims.models.workflow import MATCH_CLAIMS

DECISIONS = [
    (MatchDecision.SAME, "Same claim"),
    (MatchDecision.RELATED, "Related"),
    (MatchDecision.DIFFERENT, "Different"),
]


def pairs_for_page(claim: Claim, user: User | AnonymousUser) -> list[ClaimPair]:
    """The claim's pairs shown on its page, with both claims, their ratings and the
    verdicts `user` may read: three queries however many there are."""
    reviews: QuerySet[Review] = Review.objects.visible_to(user).select_related("rating")
    return list(
        ClaimPair.objects.involving(claim)
        .exclude(decision=MatchDecision.DIFFERENT)
        .select_related("first__rating", "second__rating")
        .prefetch_related(
            Prefetch("first__reviews", queryset=reviews),
            Prefetch("second__reviews", queryset=reviews),
        )
    )


def _verdicts(claim: Claim) -> SafeString:
    rows = []
    for review in claim.reviews.all():
        if review.is_imported():
            rows.append(
                format_html(
                    '<li class="fb-foreign-verdict"><strong>{}</strong>: {}{} — '
                    '<a href="{}">{}</a></li>',
                    review.publisher_name,
                    review.original_rating or review.rating,
                    format_html(" ({})", review.rating) if review.original_rating else "",
                    review.url,
                    review.summary,
                )
                if review.url
                else format_html(
                    '<li class="fb-foreign-verdict"><strong>{}</strong>: {} — {}</li>',
                    review.publisher_name,
                    review.original_rating or review.rating,
                    review.summary,
                )
            )
        else:
            rows.append(
                format_html(
                    "<li>This desk: {} — {} ({})</li>",
                    review.rating,
                    review.summary,
                    "published" if review.is_published() else "draft",
                )
            )
    if not rows:
        return format_html("<p>{}</p>", "No verdict yet.")
    return format_html("<ul>{}</ul>", format_html_join("", "{}", ((row,) for row in rows)))


def _claim_line(other: Claim) -> SafeString:
    state = other.get_state_display()
    return format_html(
        '<a href="{}">#{}</a> <span class="fb-match-text">{}</span> <em>{}</em>',
        reverse("admin:claims_claim_change", args=[other.pk]),
        other.pk,
        other.text,
        f"{state} · {other.rating}" if other.rating_id else state,
    )


def _buttons(claim: Claim, pair: ClaimPair) -> SafeString:
    url = reverse("admin:claims_claim_match", args=[claim.pk, pair.pk])
    return format_html_join(
        " ",
        '<button type="submit" class="button fb-match-{}" formaction="{}" formmethod="post" '
        'formnovalidate name="decision" value="{}">{}</button>',
        ((value, url, value, label) for value, label in DECISIONS),
    )


def matches_section(claim: Claim, user: User | AnonymousUser) -> SafeString:
    """The section as HTML; decision buttons only for those who may decide."""
    may_decide = user.has_perm(MATCH_CLAIMS.name) and not claim.is_merged()
    possible, checked, related = [], [], []
    for pair in pairs_for_page(claim, user):
        other = pair.other(claim)
        if pair.decision == MatchDecision.POSSIBLE and not other.is_merged():
            possible.append(
                format_html(
                    '<li class="fb-match" data-claim="{}">{} <span class="fb-closeness">'
                    "closeness {}</span>{}{}</li>",
                    other.pk,
                    _claim_line(other),
                    f"{pair.closeness:.2f}",
                    _verdicts(other),
                    _buttons(claim, pair) if may_decide else "",
                )
            )
        elif pair.decision == MatchDecision.SAME and not pair.merged:
            checked.append(format_html("<li>{}{}</li>", _claim_line(other), _verdicts(other)))
        elif pair.decision == MatchDecision.RELATED:
            related.append(format_html("<li>{}</li>", _claim_line(other)))
    merged = [
        format_html(
            '<li><a href="{}?merged=show">#{}</a> {}</li>',
            reverse("admin:claims_claim_change", args=[other.pk]),
            other.pk,
            other.text,
        )
        for other in claim.merged_claims.all()
    ]
    blocks = []
    for title, css, rows, empty in (
        ("Checked before", "fb-checked-before", checked, ""),
        ("Possible matches", "fb-possible-matches", possible, "No possible matches found."),
        ("Related claims", "fb-related", related, ""),
        ("Merged into this claim", "fb-merged", merged, ""),
    ):
        if rows or empty:
            blocks.append(
                format_html(
                    '<div class="{}"><h3>{}</h3>{}</div>',
                    css,
                    title,
                    format_html("<ul>{}</ul>", format_html_join("", "{}", ((r,) for r in rows)))
                    if rows
                    else format_html("<p>{}</p>", empty),
                )
            )
    if claim.merged_into_id is not None:
        blocks.insert(
            0,
            format_html(
                '<p class="fb-merged-note">Merged into <a href="{}">claim #{}</a>.</p>',
                reverse("admin:claims_claim_change", args=[claim.merged_into_id]),
                claim.merged_into_id,
            ),
        )
    elif may_decide:
        blocks.append(
            format_html(
                '<button type="submit" class="button" formaction="{}" formmethod="post" '
                "formnovalidate>{}</button>",
                reverse("admin:claims_claim_seek_matches", args=[claim.pk]),
                "Look for matches again",
            )
        )
    return format_html(
        '<fieldset class="module aligned" id="fb-matches"><h2>{}</h2>{}</fieldset>',
        "Has this been checked before?",
        format_html_join("", "{}", ((block,) for block in blocks)),
    )
