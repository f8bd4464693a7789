"""What a queued run records as its jobs end, with the task body run in this process
(as a worker runs it) in place of the broker and a worker process."""

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import jobs
from claims.tasks import import_job
from sources.models import ImportJob, ImportRun, ImportStatus, JobState

SAMPLES = Path(__file__).resolve().parents[1] / "sources" / "samples"
FILES = [str(SAMPLES / "budget.md"), str(SAMPLES / "ports.html")]

pytestmark = pytest.mark.django_db


class Broker:
    """Stands in for Celery: keeps the tasks sent, or runs each one as soon as it is sent
    (a worker faster than the process queueing them)."""

    def __init__(self, *, run_at_once: bool = False) -> None:
        self.run_at_once = run_at_once
        self.sent: list[tuple[Any, ...]] = []
        self.run_states: list[str] = []

    def send_task(self, name: str, args: tuple[Any, ...]) -> None:
        assert name == jobs.TASK_NAME
        self.sent.append(args)
        if self.run_at_once:
            import_job(*args)
            self.run_states += ImportRun.objects.values_list("status", flat=True)


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch) -> Broker:
    broker = Broker()
    monkeypatch.setattr(jobs, "current_app", broker)
    return broker


def test_a_run_is_not_finished_before_its_last_batch_is_queued(
    broker: Broker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "BATCH_SIZE", 1)
    broker.run_at_once = True

    run = jobs.enqueue_import(FILES)

    assert broker.run_states == [ImportStatus.RUNNING, ImportStatus.RUNNING]
    run.refresh_from_db()
    assert (run.status, run.created, run.failed, run.jobs_left) == (ImportStatus.FINISHED, 2, 0, 0)


def test_a_run_counts_its_jobs_as_they_end_and_finishes_with_the_last(broker: Broker) -> None:
    run = jobs.enqueue_import([*FILES, "missing.txt"])
    first, second = broker.sent

    import_job(*first)
    run.refresh_from_db()
    assert (run.status, run.created, run.failed) == (ImportStatus.RUNNING, 1, 1)

    import_job(*second)
    run.refresh_from_db()
    assert (run.status, run.created, run.failed) == (ImportStatus.FINISHED, 2, 1)
    assert run.errors == [{"input": "missing.txt", "reason": "no such file or directory"}]


def test_a_task_delivered_twice_is_counted_once(broker: Broker) -> None:
    run = jobs.enqueue_import(FILES[:1])
    (task,) = broker.sent

    import_job(*task)
    import_job(*task)

    run.refresh_from_db()
    assert (run.status, run.created, run.unchanged) == (ImportStatus.FINISHED, 1, 0)
    job = ImportJob.objects.get()
    assert (job.state, job.attempts) == (JobState.DONE, 1)


def test_an_input_that_cannot_be_read_finishes_its_run_at_once(broker: Broker) -> None:
    run = jobs.enqueue_import(["missing.txt"])

    run.refresh_from_db()
    assert (run.status, run.failed, run.jobs_left) == (ImportStatus.FINISHED, 1, 0)
    assert not broker.sent


def test_a_job_records_its_start_and_end_in_three_statements(broker: Broker) -> None:
    jobs.enqueue_import(FILES)
    first, _ = broker.sent  # the run waits for the second: it is not finished here

    with CaptureQueriesContext(connection) as queries:
        import_job(*first)
    bookkeeping = [
        q["sql"]
        for q in queries
        if "sources_importjob" in q["sql"] or "sources_importrun" in q["sql"]
    ]
    # Marked running; its outcome; the run's counts (no job read, no run read).
    assert [sql.split()[0] for sql in bookkeeping] == ["UPDATE", "UPDATE", "UPDATE"]
    statements = [q["sql"] for q in queries]
    # Marked running in one statement of its own (no transaction, no SET).
    assert statements[0] == bookkeeping[0]
    # The outcome and the counts are one transaction, with no savepoint between them.
    outcome = statements.index(bookkeeping[1])
    assert statements[outcome + 1] == bookkeeping[2]
