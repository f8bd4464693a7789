from typing import Any

from django import template

from claims.dashboard import backlog_dashboard

register = template.Library()


@register.inclusion_tag("claims/dashboard.html")
def dashboard() -> dict[str, Any]:
    return {"dashboard": backlog_dashboard()}
