import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from claims.roles import setup_roles

DEMO_USERS = {"reviewer": "Reviewer", "editor": "Editor"}


class Command(BaseCommand):
    help = (
        "Create one demo login per role, once, and print its password. Existing logins "
        "keep their passwords unless --reset-passwords is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give every demo login a new password and print it.",
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        groups = setup_roles()
        for username, role in DEMO_USERS.items():
            user, created = get_user_model().objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            user.groups.set([groups[role]])
            if not (created or options["reset_passwords"]):
                self.stdout.write(
                    f"Demo {role.lower()} login: username {username} (password unchanged)"
                )
                continue
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.is_staff = True
            user.save()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo {role.lower()} login: username {username}  password {password}"
                )
            )
