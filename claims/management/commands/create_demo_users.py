import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from claims.roles import setup_roles

DEMO_USERS = {"reviewer": "Reviewer", "editor": "Editor"}


class Command(BaseCommand):
    help = "Create (or reset) one demo login per role and print the credentials."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        groups = setup_roles()
        for username, role in DEMO_USERS.items():
            user, _ = get_user_model().objects.get_or_create(username=username)
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.is_staff = True
            user.save()
            user.groups.set([groups[role]])
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo {role.lower()} login: username {username}  password {password}"
                )
            )
