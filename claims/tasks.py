"""Celery tasks (found by `factbase.celery`): the queue's side of `claims.jobs`."""

from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections

from claims.feeds import poll_due_feeds
from claims.jobs import TASK_NAME, TryLater, fail_job, run_job


@shared_task(name=TASK_NAME, bind=True, acks_late=True, reject_on_worker_lost=True)
def import_job(self: Task, job_id: int, payload: dict[str, Any]) -> None:
    """Import one input; try again with a doubling wait while its failure may pass."""
    tries = settings.FACTBASE_IMPORT_TRIES
    last_try = self.request.retries + 1 >= tries
    try:
        run_job(job_id, payload, last_try=last_try)
    except TryLater as error:
        delay = settings.FACTBASE_IMPORT_RETRY_DELAY * 2**self.request.retries
        raise self.retry(exc=error, countdown=delay, max_retries=tries - 1) from None
    except (OperationalError, InterfaceError) as error:
        # The database went away between articles; a new connection may work.
        close_old_connections()
        if not last_try:
            delay = settings.FACTBASE_IMPORT_RETRY_DELAY * 2**self.request.retries
            raise self.retry(exc=error, countdown=delay, max_retries=tries - 1) from None
        fail_job(job_id, f"database error: {type(error).__name__}: {str(error)[:300]}")


@shared_task(name="claims.poll_feeds", ignore_result=True)
def poll_feeds() -> int:
    """The periodic task (CELERY_BEAT_SCHEDULE): poll due feeds, queue new entries."""
    return sum(result.new for result in poll_due_feeds())
