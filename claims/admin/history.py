"""A record's audit trail as the desk reads it: one sentence per change, such as
"Rated Mostly true by Ana (reviewer), 3 Dec 14:02: ‘the agencies agree’"."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.models import AttributionStatus, AuditEvent, ClaimState, VariantVerdict

# What a claim's move into each state is called.
STATE_SENTENCES = {
    ClaimState.NEW: "Sent back to new",
    ClaimState.IN_REVIEW: "Review started",
    ClaimState.RATED: "Rated",
    ClaimState.PUBLISHED: "Published",
    ClaimState.CORRECTED: "Corrected",
    ClaimState.CORRECTING: "Correction written",
    ClaimState.RETRACTED: "Retracted",
    ClaimState.MERGED: "Merged",
}


def _label(choices: type[models.TextChoices], value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def what_happened(event: AuditEvent) -> str:
    """The change itself, without who, when or why."""
    old, new = event.from_value, event.to_value
    match event.action:
        case "claim.state":
            return STATE_SENTENCES.get(ClaimState(new), new) if new in ClaimState.values else new
        case "claim.rating":
            return f"Rating changed from {old} to {new}" if old else f"Rated {new}"
        case "claim.assignee":
            return f"Assigned to {new}" if new else f"Unassigned (was {old})"
        case "claim.text":
            return f"Wording changed from “{old}” to “{new}”"
        case "claim.claimant" | "quote.speaker":
            noun = "Claimant" if event.action == "claim.claimant" else "Speaker"
            if not new:
                return f"{noun} {old} removed"
            return f"{noun} changed from {old} to {new}" if old else f"{noun} set to {new}"
        case "claim.correction_withdrawn":
            return f"Pending correction ({old}) withdrawn with the retraction"
        case "claim.no_claimant":
            return f"No claimant named: {new}"
        case "claim.imported":
            return f"Imported from {new}" if new else "Imported"
        case "quote.attribution":
            return f"Attribution marked {_label(AttributionStatus, new).lower()}"
        case "claim.merge":
            return f"Claim {old} merged into this one ({new} moved)"
        case "claim.merged_into":
            return f"Found to be the same claim as {new}, which took its appearances"
        case "claim.checked_before":
            return f"Marked the same claim as {new}"
        case "claim.related":
            return f"Marked related to {new}"
        case "claim.different":
            return f"Marked different from {new}"
        case "speaker.merge":
            return f"{old} merged into this speaker"
        case "quote.variant":
            return f"Wordings marked {_label(VariantVerdict, new).lower()}"
    return f"{event.action}: {old or '—'} → {new or '—'}"


def role_of(user: User) -> str:
    """The desk role a person acts in, from their groups (prefetched)."""
    if user.is_superuser:
        return "administrator"
    names = sorted(group.name.lower() for group in user.groups.all())
    return ", ".join(names)


def who(actor: User | None) -> str:
    if actor is None:
        return "automatically"
    name = actor.get_full_name() or actor.get_username()
    role = role_of(actor)
    return f"by {name} ({role})" if role else f"by {name}"


def sentence(event: AuditEvent) -> str:
    when = date_format(timezone.localtime(event.created_at), "j M Y H:i")
    text = f"{what_happened(event)} {who(event.actor)}, {when}"
    return f"{text}: ‘{event.note}’" if event.note else text


def _is_told_by_the_rating(event: AuditEvent, newer: AuditEvent | None) -> bool:
    """A move to "rated" is recorded beside the rating itself: "Rated Mostly true" says
    both, so the bare "Rated" is left out."""
    return (
        newer is not None
        and event.action == "claim.state"
        and event.to_value == ClaimState.RATED
        and newer.action == "claim.rating"
        and newer.actor_id == event.actor_id
        and newer.created_at - event.created_at < timedelta(seconds=5)
    )


def history_table(obj: models.Model) -> SafeString:
    """The audit trail of one record, newest first, one sentence per change."""
    events = list(
        AuditEvent.objects.for_object(obj).select_related("actor").prefetch_related("actor__groups")
    )
    lines = [
        sentence(event)
        for newer, event in zip([None, *events], events, strict=False)
        if not _is_told_by_the_rating(event, newer)
    ]
    if not lines:
        return format_html("<p>{}</p>", "No changes recorded yet.")
    return format_html(
        '<ol class="fb-history">{}</ol>', format_html_join("", "<li>{}</li>", ((s,) for s in lines))
    )
