"""The demo: dev.py's help does nothing else, demo logins are created once and kept,
and the sample verdict goes through the workflow and reaches the anonymous API."""

import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from claims.models import AuditEvent, Claim, ClaimState
from tests.conftest import ROOT


def command_output(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def dev_copy(tmp_path: Path) -> Path:
    """dev.py alone in an empty directory: any setup it started would show there."""
    shutil.copy(ROOT / "dev.py", tmp_path / "dev.py")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--help"], "usage: python3 dev.py"),
        (["demo", "--help"], "usage: python3 dev.py demo"),
    ],
)
def test_help_prints_usage_and_sets_nothing_up(
    dev_copy: Path, args: list[str], expected: str
) -> None:
    done = subprocess.run(
        [sys.executable, "dev.py", *args], cwd=dev_copy, capture_output=True, text=True
    )

    assert done.returncode == 0, done.stderr
    assert expected in done.stdout and "--reset-passwords" in done.stdout
    assert sorted(p.name for p in dev_copy.iterdir()) == ["dev.py"]


def test_demo_help_explains_the_address(dev_copy: Path) -> None:
    done = subprocess.run(
        [sys.executable, "dev.py", "demo", "--help"], cwd=dev_copy, capture_output=True, text=True
    )

    assert "HOST:PORT (default 127.0.0.1:8000)" in " ".join(done.stdout.split())


def test_an_unknown_command_is_refused_without_setup(dev_copy: Path) -> None:
    done = subprocess.run(
        [sys.executable, "dev.py", "serve"], cwd=dev_copy, capture_output=True, text=True
    )

    assert done.returncode == 2 and "invalid choice: 'serve'" in done.stderr
    assert not (dev_copy / ".venv").exists()


@pytest.mark.django_db
def test_demo_logins_are_created_once_and_kept() -> None:
    first = command_output("create_demo_users")
    hashes = dict(User.objects.values_list("username", "password"))
    second = command_output("create_demo_users")

    assert first.count("password ") == 2
    assert "password unchanged" in second and "password " not in second.replace(
        "password unchanged", ""
    )
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert User.objects.get(username="editor").groups.get().name == "Editor"


@pytest.mark.django_db
def test_reset_passwords_renews_and_prints_them() -> None:
    command_output("create_demo_users")
    before = dict(User.objects.values_list("username", "password"))

    output = command_output("create_demo_users", "--reset-passwords")

    reviewer_line = next(line for line in output.splitlines() if "reviewer" in line)
    password = reviewer_line.split("password ")[1].strip()
    reviewer = User.objects.get(username="reviewer")
    assert reviewer.check_password(password) and reviewer.is_staff
    assert reviewer.password != before["reviewer"]
    assert User.objects.get(username="editor").password != before["editor"]


@pytest.mark.django_db
def test_sample_verdict_is_published_through_the_workflow_and_labelled() -> None:
    command_output("import_articles", str(ROOT / "seeds"))
    command_output("create_demo_users")

    output = command_output("publish_sample_verdict")

    claim = Claim.objects.get(text__startswith="The council has already spent")
    assert "Sample verdict published" in output and claim.state == ClaimState.PUBLISHED
    review = claim.current_review()
    assert review is not None and review.summary.startswith("SAMPLE VERDICT (fictional")
    assert review.rating.slug == "mostly-false" and review.evidence.count() == 1
    assert (review.reviewer, review.published_by) == tuple(
        User.objects.get(username=name) for name in ("reviewer", "editor")
    )
    actors = AuditEvent.objects.for_object(claim).values_list("actor__username", flat=True)
    assert {"reviewer", "editor"} <= set(actors)

    public = APIClient().get(f"/api/v1/claims/{claim.pk}/claimreview/")
    assert public.status_code == 200
    assert public.json()["reviewRating"]["alternateName"] == "Mostly false"

    again = command_output("publish_sample_verdict")
    assert "already published" in again and claim.reviews.count() == 1


@pytest.mark.django_db
def test_sample_verdict_without_seeds_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="run import_articles seeds/ first"):
        call_command("publish_sample_verdict")
