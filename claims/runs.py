"""Following an import run: waiting for a queued run, and describing one in words."""

import time
from collections.abc import Callable

from sources.models import ImportRun, ImportStatus

POLL_SECONDS = 0.5


def wait_for(
    run: ImportRun,
    *,
    on_progress: Callable[[dict[str, int]], None] | None = None,
    timeout: float | None = None,
) -> ImportRun:
    """The run, re-read once the workers have finished its last job (or at `timeout`)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        run.refresh_from_db()
        if run.status != ImportStatus.RUNNING:
            return run
        if on_progress is not None:
            on_progress(run.job_counts())
        if deadline is not None and time.monotonic() >= deadline:
            return run
        time.sleep(POLL_SECONDS)


def describe_run(run: ImportRun) -> str:
    """One line: the run's state, its counts and, while it runs, its jobs by state."""
    counts = f"{run.created} created, {run.updated} updated, {run.unchanged} unchanged, "
    counts += f"{run.failed} failed"
    line = f"Import #{run.pk} {run.get_status_display().lower()}: {counts}"
    if run.status == ImportStatus.RUNNING:
        jobs = run.job_counts()
        line += " so far; jobs: " + ", ".join(f"{n} {state}" for state, n in jobs.items())
    if run.finished_at is not None:
        line += f" in {(run.finished_at - run.started_at).total_seconds():.2f}s"
    return line + "."
