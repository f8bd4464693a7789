from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from claims.roles import ROLES, setup_roles


class Command(BaseCommand):
    help = "Print the API token of a desk user, creating the user (in a role) if needed."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), default="Reviewer")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        if not username:
            raise CommandError("The username must not be empty.")
        groups = setup_roles()
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(groups[options["role"]])
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
