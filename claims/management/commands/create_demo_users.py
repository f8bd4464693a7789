import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_USERNAME = "reviewer"


class Command(BaseCommand):
    help = "Create (or reset) the demo reviewer login and print its credentials."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        group, _ = Group.objects.get_or_create(name="Reviewer")
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=["claims", "sources"])
        )
        user, _ = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.is_staff = True
        user.save()
        user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo reviewer login: username {DEMO_USERNAME}  password {password}"
            )
        )
