"""The desk's two roles as Django groups, created idempotently."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from claims.models.workflow import (
    MATCH_CLAIMS,
    MERGE_SPEAKERS,
    PUBLISH_VERDICTS,
    RATE_CLAIMS,
    REVIEW_ATTRIBUTION,
)

# Permissions as `User.has_perm()` names them ("app_label.codename"). Reviewers read
# everything, edit claims and quotes, add speakers (a misattributed quote's real
# speaker may be new), rate claims, review attribution and mark possible matches of
# claims (same claim, related, different); editors
# also publish, correct and retract verdicts and merge speakers. The desk's own
# permissions are declared with the workflow (claims.models.workflow). Both see the
# desk's user accounts, which the claim page's assignee search needs.
_READ = [
    f"{app}.view_{model}"
    for app, models in {
        "auth": ["user"],
        "sources": ["outlet", "article", "importrun", "importjob", "feed"],
        "claims": [
            "speaker",
            "quote",
            "claim",
            "claimappearance",
            "claimpair",
            "ratingscale",
            "ratinglabel",
            "review",
            "evidence",
            "auditevent",
        ],
    }.items()
    for model in models
]
REVIEWER = [
    *_READ,
    "claims.change_claim",
    "claims.change_quote",
    "claims.change_speaker",
    "claims.add_speaker",
    RATE_CLAIMS.name,
    REVIEW_ATTRIBUTION.name,
    MATCH_CLAIMS.name,
    "sources.change_article",
    "sources.add_article",
]
EDITOR = [
    *REVIEWER,
    PUBLISH_VERDICTS.name,
    MERGE_SPEAKERS.name,
    "claims.delete_speaker",
]
ROLES = {"Reviewer": REVIEWER, "Editor": EDITOR}


@transaction.atomic
def setup_roles() -> dict[str, Group]:
    """Create or update the Reviewer and Editor groups with exactly their permissions."""
    groups = {}
    for name, names in ROLES.items():
        pairs = {tuple(permission.split(".", 1)) for permission in names}
        condition = Q(pk__in=[])
        for app, codename in pairs:
            condition |= Q(content_type__app_label=app, codename=codename)
        permissions = list(Permission.objects.filter(condition).select_related("content_type"))
        missing = pairs - {(p.content_type.app_label, p.codename) for p in permissions}
        if missing:
            raise LookupError(f"Permissions not found (run migrate first): {sorted(missing)}")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        groups[name] = group
    return groups
