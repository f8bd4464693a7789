from typing import Any

from django import template

from claims.dashboard import backlog_dashboard, queue_url
from claims.models.visibility import reads_everything

register = template.Library()


@register.inclusion_tag("claims/dashboard.html", takes_context=True)
def dashboard(context: dict[str, Any]) -> dict[str, Any]:
    """The desk's backlog, for those who read unpublished work; nothing for other staff."""
    if not reads_everything(context["request"].user):
        return {"dashboard": None}
    return {
        "dashboard": backlog_dashboard(),
        "mine_url": queue_url(assigned="me"),
        "queue_url": queue_url(),
    }
