"""The import queue described for an operator: `manage.py ingest_status`."""

from django.db.models import Count

from claims.jobs import broker_state
from claims.runs import describe_run
from sources.models import ImportJob, ImportRun, ImportStatus, JobState


def ingest_status(*, failures: int = 10) -> list[str]:
    """Lines: the broker, the jobs by state, running runs, the last failed jobs."""
    broker = broker_state()
    if not broker.configured:
        lines = ["Broker: none (CELERY_BROKER_URL is unset; imports run inline)."]
    elif broker.reachable:
        lines = [f"Broker: reachable; {broker.queue_depth} tasks waiting in the queue."]
    else:
        lines = [f"Broker: UNREACHABLE ({broker.error})."]
    by_state = dict.fromkeys(JobState.values, 0)
    by_state.update(
        ImportJob.objects.values_list("state")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("state", "n")
    )
    lines.append("Jobs: " + ", ".join(f"{n} {state}" for state, n in by_state.items()) + ".")
    running = ImportRun.objects.filter(status=ImportStatus.RUNNING).with_job_counts()
    lines += [describe_run(run) for run in running]
    last = ImportJob.objects.failed().select_related("run").order_by("-finished_at", "-id")
    for job in last[:failures]:
        lines.append(
            f"FAILED {job.source} (import #{job.run_id}, {job.attempts} tries): {job.reason}"
        )
    return lines
