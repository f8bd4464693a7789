"""Nothing lost: every failure is one item's, with its reason, and every run is recorded."""

import json
import os
import signal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from rest_framework.test import APIClient

import claims.importing
from claims.importing import ItemResult, import_articles, import_record
from claims.models import Claim
from sources.models import Article, ImportRun, ImportStatus

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="terminates PostgreSQL backends"
)


def write_articles(folder: Path, count: int, prefix: str = "story") -> None:
    folder.mkdir(exist_ok=True)
    for n in range(count):
        (folder / f"{prefix}-{n:02}.txt").write_text(
            f"Story {prefix} {n}\n\nThe council approved budget number {n} on Monday.\n"
        )


@pytest.mark.django_db
def test_interrupted_run_is_recorded_with_true_counts(tmp_path: Path) -> None:
    write_articles(tmp_path, 4)
    seen: list[ItemResult] = []

    def interrupt_after_two(item: ItemResult) -> None:
        seen.append(item)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_articles([str(tmp_path)], on_item=interrupt_after_two)

    run = ImportRun.objects.get()
    assert (run.status, run.created, run.failed) == (ImportStatus.INTERRUPTED, 2, 0)
    assert run.finished_at is not None
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_a_finished_run_says_so(tmp_path: Path) -> None:
    write_articles(tmp_path, 1)
    import_articles([str(tmp_path)])
    assert ImportRun.objects.get().status == ImportStatus.FINISHED


@pytest.mark.django_db
def test_a_parser_crash_fails_only_its_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("lxml gave up")

    monkeypatch.setattr(trafilatura, "bare_extraction", crash)
    write_articles(tmp_path, 1)
    (tmp_path / "page.html").write_text("<html><body><p>Text</p></body></html>")

    report = import_articles([str(tmp_path)])

    assert [(f.source, f.reason) for f in report.failures] == [
        (str(tmp_path / "page.html"), "unexpected error: RuntimeError: lxml gave up")
    ]
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_an_extraction_crash_fails_only_its_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_extract = claims.importing.extract

    def extract(body: str) -> Any:
        if "number 1 " in body:
            raise IndexError("engine bug")
        return real_extract(body)

    monkeypatch.setattr(claims.importing, "extract", extract)
    write_articles(tmp_path, 3)

    report = import_articles([str(tmp_path)])

    assert [f.reason for f in report.failures] == ["unexpected error: IndexError: engine bug"]
    assert Article.objects.count() == 2
    assert ImportRun.objects.get().failed == 1


def test_claim_candidates_are_capped_and_the_dropped_counted(
    db: None, tmp_path: Path, settings: Any
) -> None:
    settings.FACTBASE_MAX_CLAIMS_PER_ARTICLE = 3
    body = "\n\n".join(
        f"Unemployment in region {i} rose to {i + 3}.5 percent in 2023, up from {i + 1} "
        "percent a year earlier."
        for i in range(8)
    )
    (tmp_path / "many.txt").write_text(f"Jobs report\n\n{body}\n")
    out = StringIO()
    call_command("import_articles", str(tmp_path / "many.txt"), "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert Claim.objects.count() == 3
    assert (summary["claims_added"], summary["claims_dropped"]) == (3, 5)


@pytest.mark.django_db
def test_thousands_of_claims_in_one_article_are_stored_in_batches(
    tmp_path: Path, settings: Any
) -> None:
    # 5,000 claims and 5,000 appearances: one INSERT each would pass PostgreSQL's
    # limit of 65,535 parameters.
    settings.FACTBASE_MAX_CLAIMS_PER_ARTICLE = 10_000
    settings.FACTBASE_MAX_ARTICLE_CHARS = 5_000_000
    body = "\n\n".join(
        f"Unemployment in region {i} rose to {i % 90 + 3}.{i % 10} percent in 2023, up from "
        f"{i % 7 + 1} percent a year earlier."
        for i in range(5000)
    )
    (tmp_path / "huge.txt").write_text(f"Regional jobs\n\n{body}\n")
    report = import_articles([str(tmp_path / "huge.txt")])
    assert report.ok, report.failures
    assert Claim.objects.count() == 5000


# -- dropped database connections (PostgreSQL)


def terminate_this_connection() -> None:
    """Have PostgreSQL end this thread's connection, as an administrator or failover would."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    finally:
        other.close()


@pytest.fixture
def connection_dropped_once(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The first article stored finds its database connection gone."""
    real_store = claims.importing.store_article
    dropped: list[str] = []

    def store_article(parsed: Any, **kwargs: Any) -> ItemResult:
        if not dropped:
            dropped.append(kwargs["source"])
            terminate_this_connection()
        return real_store(parsed, **kwargs)

    monkeypatch.setattr(claims.importing, "store_article", store_article)
    return dropped


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_is_retried(
    tmp_path: Path, connection_dropped_once: list[str]
) -> None:
    write_articles(tmp_path, 3)

    report = import_articles([str(tmp_path)])

    assert connection_dropped_once, "the connection was never dropped"
    assert report.ok, report.failures
    assert Article.objects.count() == 3
    run = ImportRun.objects.get()
    assert (run.status, run.created) == (ImportStatus.FINISHED, 3)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_is_retried_for_the_api(connection_dropped_once: list[str]) -> None:
    report = import_record({"title": "API story", "body": "The mayor resigned."}, source="api:t")
    assert connection_dropped_once
    assert report.ok, report.failures
    assert Article.objects.get().title == "API story"


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_is_retried_in_workers(
    tmp_path: Path, connection_dropped_once: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claims.importing, "SHARD_SIZE", 2)
    write_articles(tmp_path, 6)

    report = import_articles([str(tmp_path)], workers=2)

    assert report.ok, report.failures
    assert Article.objects.count() == 6


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_fails_the_run_naming_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_store = claims.importing.store_article

    def store_article(parsed: Any, **kwargs: Any) -> ItemResult:
        if "poison" in kwargs["source"]:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_store(parsed, **kwargs)

    monkeypatch.setattr(claims.importing, "store_article", store_article)
    monkeypatch.setattr(claims.importing, "SHARD_SIZE", 2)
    write_articles(tmp_path, 4)
    write_articles(tmp_path, 2, prefix="poison")

    with pytest.raises(CommandError, match="2 input"):
        call_command(
            "import_articles", str(tmp_path), "--workers", "2", stdout=StringIO(), stderr=StringIO()
        )

    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    assert (run.created, run.failed) == (4, 2)
    assert sorted(Path(e["input"]).name for e in run.errors) == ["poison-00.txt", "poison-01.txt"]
    assert all("died (exit code -9)" in e["reason"] for e in run.errors)


@pytest.mark.django_db
def test_api_hides_database_errors(
    reviewer_api_client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import DataError

    def store_article(parsed: Any, **kwargs: Any) -> ItemResult:
        raise DataError("number of parameters must be between 0 and 65535")

    monkeypatch.setattr(claims.importing, "store_article", store_article)
    response = reviewer_api_client.post(
        "/api/v1/articles/", {"title": "T", "body": "B."}, format="json"
    )
    assert response.status_code == 503
    assert "65535" not in response.content.decode()
    assert "65535" in ImportRun.objects.get().errors[0]["reason"]
