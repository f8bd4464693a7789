"""What the queue looks like from outside: ingest_status, the health endpoint and the
import-run resource, with tasks waiting in Redis (no worker) or no broker at all."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from rest_framework.test import APIClient

from sources.models import ImportJob, ImportRun, JobState
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db


def status_lines() -> str:
    out = StringIO()
    call_command("ingest_status", stdout=out)
    return out.getvalue()


def test_without_a_broker_imports_run_inline_and_health_says_so(api_client: APIClient) -> None:
    call_command("import_articles", str(SEED_FILE), stdout=StringIO())

    assert ImportRun.objects.get().created == 1
    assert not ImportJob.objects.exists()
    assert "Broker: none" in status_lines()
    response = api_client.get("/api/v1/health/")
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "database": True,
        "broker": "none",
        "queue_depth": None,
    }


def test_queued_inputs_wait_in_the_queue_until_a_worker_takes_them(
    broker: str, api_client: APIClient
) -> None:
    out = StringIO()
    call_command(
        "import_articles",
        str(SEED_FILE),
        "missing.txt",
        "--url",
        "https://example.org/a",
        stdout=out,
    )

    run = ImportRun.objects.get()
    assert f"Import #{run.pk}: 3 inputs queued for the workers" in out.getvalue()
    assert run.job_counts() == {"queued": 2, "running": 0, "done": 0, "failed": 1}
    assert ImportJob.objects.failed().get().reason == "no such file or directory"
    health = api_client.get("/api/v1/health/")
    assert health.status_code == 200
    assert health.json()["broker"] == "reachable"
    assert health.json()["queue_depth"] == 2
    lines = status_lines()
    assert "Broker: reachable; 2 tasks waiting in the queue." in lines
    assert "Jobs: 2 queued, 0 running, 0 done, 1 failed." in lines
    assert f"Import #{run.pk} running: 0 created" in lines
    assert f"FAILED missing.txt (import #{run.pk}, 0 tries): no such file or directory" in lines


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_health_is_503_when_the_broker_is_unreachable(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/health/")

    assert response.status_code == 503
    assert response.json()["broker"] == "unreachable"
    assert "Broker: UNREACHABLE" in status_lines()


def test_workers_option_is_refused_with_a_queue(broker: str) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="celery -A factbase worker"):
        call_command("import_articles", str(SEED_FILE), "--workers", "2", stdout=StringIO())
    assert not ImportRun.objects.exists()


def test_import_runs_list_counts_jobs_in_constant_queries(
    broker: str, reviewer_api_client: APIClient
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = reviewer_api_client.get("/api/v1/import-runs/")
        assert response.status_code == 200
        return len(captured)

    call_command("import_articles", "--url", "https://example.org/a", stdout=StringIO())
    few = queries()
    for page in "bcd":
        call_command("import_articles", "--url", f"https://example.org/{page}", stdout=StringIO())
    ImportJob.objects.filter(source__endswith="/d").update(state=JobState.RUNNING)

    assert queries() == few
    runs = reviewer_api_client.get("/api/v1/import-runs/").json()["results"]
    assert [run["jobs"]["running"] for run in runs] == [1, 0, 0, 0]
    assert runs[0]["status"] == "running" and runs[0]["inputs"] == "https://example.org/d"


def test_import_runs_are_not_public(api_client: APIClient) -> None:
    assert api_client.get("/api/v1/import-runs/").status_code in {401, 403}
