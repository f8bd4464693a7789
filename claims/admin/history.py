from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.models import AuditEvent


def history_table(obj: models.Model) -> SafeString:
    """The audit trail of one record, newest first."""
    events = AuditEvent.objects.for_object(obj).select_related("actor")
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td></tr>",
        (
            (
                f"{e.created_at:%Y-%m-%d %H:%M}",
                e.actor or "system",
                e.action,
                e.from_value or "—",
                e.to_value or "—",
                e.note,
            )
            for e in events
        ),
    )
    if not rows:
        return format_html("<p>{}</p>", "No changes recorded yet.")
    return format_html(
        '<table class="fb-history"><thead><tr><th>When</th><th>Who</th><th>What</th>'
        "<th>From → to</th><th>Note</th></tr></thead><tbody>{}</tbody></table>",
        rows,
    )
