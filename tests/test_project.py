from io import StringIO

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings


@pytest.mark.django_db
def test_no_migrations_are_missing() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Model changes have no migration:\n{out.getvalue()}")


def test_missing_secret_key_is_a_system_check_error() -> None:
    with override_settings(DEBUG=False, SECRET_KEY=""):
        errors = [message.id for message in run_checks()]
    assert "factbase.E001" in errors


def test_secret_key_check_passes_when_set() -> None:
    with override_settings(DEBUG=False, SECRET_KEY="x" * 50):
        errors = [message.id for message in run_checks()]
    assert "factbase.E001" not in errors


@pytest.mark.django_db
def test_default_rating_scale_exists_with_ordered_values() -> None:
    from claims.models import RatingScale

    scale = RatingScale.objects.get(is_default=True)
    labels = [(label.name, label.value) for label in scale.labels.order_by("position")]
    assert labels == [
        ("True", 5),
        ("Mostly true", 4),
        ("Half true", 3),
        ("Mostly false", 2),
        ("False", 1),
        ("Unproven", None),
        ("Misleading", None),
    ]
