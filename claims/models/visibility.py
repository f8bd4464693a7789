"""Who reads what: the one visibility rule, used by every `visible_to()` queryset
method and so by every list, detail, nested representation, feed and search.

The desk (users who may view claims: the Reviewer and Editor groups, superusers)
reads everything: claims in any state, every verdict, every quote whatever its
attribution status, every speaker, the full text of articles, and its own working
notes on quotes reported in other words (quote variants and misquotes).

Everybody else, signed in or not, reads what the desk has published: claims whose
verdict is published, with their published verdicts only; quotes whose attribution a
reviewer confirmed or corrected; the speakers of either; and articles' metadata with
those quotes, their full text only when FACTBASE_PUBLIC_ARTICLE_TEXT is on; never the
desk's variants and misquotes. Being
staff is not enough: the admin refuses a staff user without permissions, and so
does this rule.
"""

from django.contrib.auth.models import AnonymousUser, User

DESK_PERMISSION = "claims.view_claim"


def reads_everything(user: User | AnonymousUser) -> bool:
    """Whether `user` is the desk, which reads unpublished work too."""
    return bool(user.is_authenticated and user.has_perm(DESK_PERMISSION))
