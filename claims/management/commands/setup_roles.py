from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the Reviewer and Editor groups. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            groups = setup_roles()
        except LookupError as error:
            raise CommandError(str(error)) from None
        for name, group in groups.items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
