"""Imports as jobs on the queue, against real Redis and a real Celery worker process.

The worker is a second process, so it must see what the test writes: these tests commit
their transactions (`transactional_db`), and on SQLite the test database is a file
(tests/settings.py) in WAL mode with a busy timeout (factbase/settings.py). The worker
takes tasks only from this session's own queue (tests/conftest.py `redis_broker`).
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from celery import Celery
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from claims.runs import wait_for
from sources.models import Article, Feed, ImportJob, ImportRun, ImportStatus, JobState
from tests.conftest import redis_broker

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "sources" / "samples"

pytestmark = pytest.mark.django_db(transaction=True)


def page(title: str, said: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f'<p>"{said}," Mayor Ana Ruiz said on Monday at the harbour office.</p>'
        "<p>The council will vote on the proposal next week, officials said, after a "
        "month of public hearings in every district of the city.</p>"
        "</article></body></html>"
    ).encode()


@dataclass
class Site:
    """A local web server: path → page, with per-path hit counts and a gate that holds
    the first request to /slow until the test opens it."""

    url: str
    pages: dict[str, bytes] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    gate: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def site() -> Iterator[Site]:
    holder: list[Site] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served = holder[0]
            served.hits[self.path] = served.hits.get(self.path, 0) + 1
            if self.path == "/down":
                self.send_error(503, "Service Unavailable")
                return
            if self.path == "/feed.xml" and self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            if self.path == "/slow" and served.hits[self.path] == 1:
                served.gate.wait(60)
            body = served.pages.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the worker that asked may be gone
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    holder.append(Site(url=f"http://127.0.0.1:{server.server_address[1]}"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield holder[0]
    holder[0].gate.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def module_broker() -> Iterator[str]:
    with redis_broker() as url:
        yield url


def database_url() -> str:
    """The test database, as the worker process's DATABASE_URL."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )


@pytest.fixture(scope="module")
def worker(django_db_setup: None, module_broker: str) -> Iterator[subprocess.Popen[bytes]]:
    """`celery -A factbase worker` with one worker process, on the test database and this
    session's queue; the tests of this module share it (one of them kills its worker
    process, which the worker replaces). It runs in its own process group, ended whole."""
    from factbase.celery import app

    queue = app.conf.task_default_queue
    hostname = f"{queue}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": module_broker,
        "FACTBASE_FETCH_ALLOW_PRIVATE": "1",
        "FACTBASE_IMPORT_RETRY_DELAY": "0.2",
    }
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "factbase", "worker"),
            *("--queues", queue, "--hostname", hostname),
            *("--pool", "prefork", "--concurrency", "1", "--loglevel", "WARNING"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_until_ready(app, hostname, process)
        yield process
    finally:
        stop(process)


def wait_until_ready(app: Celery, hostname: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[hostname], timeout=0.5):
        assert process.poll() is None, f"the worker exited with status {process.returncode}"
        assert time.monotonic() < deadline, "the worker did not answer within 60 s"


def stop(process: subprocess.Popen[bytes]) -> None:
    """Warm shutdown of the worker and its pool, then SIGKILL to the group if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_feed_entries_go_through_the_queue_once_and_the_next_poll_is_not_modified(
    site: Site, worker: object, settings
) -> None:
    settings.FACTBASE_FETCH_ALLOW_PRIVATE = ["127.0.0.1/32"]
    settings.FACTBASE_FEED_HOST_INTERVAL = 0
    items = "".join(
        f"<item><title>{p}</title><link>{site.url}{p}</link></item>" for p in ("/one", "/two")
    )
    site.pages["/feed.xml"] = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    ).encode()
    site.pages["/one"] = page("Port strike ends", "The strike is over")
    site.pages["/two"] = page("Rail line opens", "Trains will run every ten minutes")
    feed = Feed.objects.create(url=f"{site.url}/feed.xml")

    call_command("poll_feeds", "--once", stdout=StringIO())

    run = finished(ImportRun.objects.get())
    assert run.created == 2
    assert Article.objects.count() == 2
    Feed.objects.update(next_poll_at=None)
    out = StringIO()
    call_command("poll_feeds", "--once", stdout=out)
    assert f"{feed.url}: not modified" in out.getvalue()
    assert ImportRun.objects.count() == 1
    assert (site.hits["/feed.xml"], site.hits["/one"], site.hits["/two"]) == (2, 1, 1)


def finished(run: ImportRun) -> ImportRun:
    run = wait_for(run, timeout=60)
    assert run.status == ImportStatus.FINISHED, run.job_counts()
    return run


def test_queued_import_stores_each_file_and_page_once(site: Site, worker: object) -> None:
    site.pages["/harbour"] = page("Harbour to reopen", "We will reopen the harbour in May")
    out = StringIO()

    call_command(
        "import_articles",
        str(SAMPLES / "budget.md"),
        "--url",
        f"{site.url}/harbour",
        "--wait",
        stdout=out,
    )

    assert "2 created, 0 updated, 0 unchanged, 0 failed" in out.getvalue()
    assert Article.objects.filter(url=f"{site.url}/harbour").exists()
    assert Article.objects.count() == 2
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FINISHED and run.created == 2
    assert set(run.jobs.values_list("state", flat=True)) == {JobState.DONE}

    again = StringIO()
    call_command(
        "import_articles",
        str(SAMPLES / "budget.md"),
        "--url",
        f"{site.url}/harbour",
        "--wait",
        stdout=again,
    )
    assert "0 created, 0 updated, 2 unchanged, 0 failed" in again.getvalue()
    assert Article.objects.count() == 2


def test_task_of_a_killed_worker_is_redelivered_and_stored_once(site: Site, worker: object) -> None:
    site.pages["/slow"] = page("Slow news", "The bridge will be rebuilt by 2030")
    call_command("import_articles", "--url", f"{site.url}/slow", stdout=StringIO())
    job = ImportJob.objects.get()

    deadline = time.monotonic() + 30
    # Killed while its fetch is held at the gate: marked running is not yet fetching.
    while not (job.state == JobState.RUNNING and job.worker and site.hits.get("/slow")):
        assert time.monotonic() < deadline, "no worker took the job"
        time.sleep(0.1)
        job.refresh_from_db()
    os.kill(int(job.worker.rsplit(":", 1)[1]), signal.SIGKILL)
    site.gate.set()

    run = finished(job.run)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.attempts == 2
    assert run.created == 1
    assert Article.objects.filter(url=f"{site.url}/slow").count() == 1
    assert site.hits["/slow"] == 2


def test_task_failing_three_times_lands_in_the_failed_list_with_its_reason(
    site: Site, worker: object, reviewer_client: Client
) -> None:
    with pytest.raises(CommandError, match="1 input"):
        call_command("import_articles", "--url", f"{site.url}/down", "--wait", stdout=StringIO())

    job = ImportJob.objects.get()
    assert job.state == JobState.FAILED
    assert job.attempts == 3
    assert job.reason == "HTTP 503 Service Unavailable (after 3 tries)"
    assert site.hits["/down"] == 3
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FINISHED and run.failed == 1
    assert run.errors == [{"input": f"{site.url}/down", "reason": job.reason}]
    failed_list = reviewer_client.get("/admin/sources/importjob/?state__exact=failed")
    assert "HTTP 503 Service Unavailable (after 3 tries)" in failed_list.content.decode()


def test_api_submission_is_accepted_and_its_run_reports_progress(
    worker: object, reviewer_api_client: APIClient
) -> None:
    response = reviewer_api_client.post(
        "/api/v1/articles/",
        {"title": "Rates held", "body": '"We will hold rates," the governor said on Monday.'},
        format="json",
    )

    assert response.status_code == 202
    assert response.json()["status"] == "running"
    run = finished(ImportRun.objects.get())
    followed = reviewer_api_client.get(response["Location"])
    assert followed.status_code == 200
    body = followed.json()
    assert body["id"] == run.pk
    assert body["status"] == "finished"
    assert (body["created"], body["failed"], body["errors"]) == (1, 0, [])
    assert body["jobs"] == {"queued": 0, "running": 0, "done": 1, "failed": 0}
    assert Article.objects.get().title == "Rates held"
