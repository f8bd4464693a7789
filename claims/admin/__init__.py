"""The review desk: claim queue and workflow, attribution review, articles, speakers,
references."""

from claims.admin import articles, claims, quotes, reference, speakers

__all__ = ["articles", "claims", "quotes", "reference", "speakers"]
