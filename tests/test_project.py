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

    scale = RatingScale.default_scale()
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


def test_deploy_checks_pass_with_production_settings() -> None:
    import os
    import secrets
    import subprocess
    import sys
    from pathlib import Path

    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"} | {
        "DJANGO_SETTINGS_MODULE": "factbase.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "factbase.example.org",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_postgresql_prepares_statements_but_plans_each_execution() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL connection settings")
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_custom_plan",)
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True


@pytest.mark.django_db
def test_claim_search_index_has_no_pending_list() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL index")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'claims_claim_search_gin'")
        assert cursor.fetchone() == (["fastupdate=off"],)
