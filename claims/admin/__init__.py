"""The review desk: claim queue and workflow, attribution review, speakers, references."""

from claims.admin import claims, quotes, reference, speakers

__all__ = ["claims", "quotes", "reference", "speakers"]
