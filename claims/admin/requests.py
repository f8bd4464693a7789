from typing import cast

from django.contrib.auth.models import User
from django.http import HttpRequest


def acting_user(request: HttpRequest) -> User:
    """The signed-in staff user behind an admin request (admin views require one)."""
    return cast(User, request.user)
