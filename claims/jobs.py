"""Imports as jobs on a queue: one job per input (a URL, or a file's bytes), imported by
whichever Celery worker takes its task, on any machine that reaches the broker and
the database.

`enqueue_import` records the run and its jobs and sends the tasks; `run_job` is what
a worker does with one (read → clean → extract → store, through the same
`import_parsed` as an inline import). Nothing assumes that the workers share a disk
with the process that enqueued: a file travels in its task.
"""

import base64
import os
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from kombu.exceptions import ChannelError

from claims.importing import ImportOptions, ItemResult, Outcome, import_parsed
from claims.recording import RecordingSummary
from sources.importing import (
    Input,
    bytes_input,
    expand_inputs,
    read_input,
    read_record,
    url_input,
)
from sources.models import ImportJob, ImportRun, JobState, fit
from sources.parsing import (
    FetchFailedForNow,
    Format,
    ParsedArticle,
    UnreadableInput,
    parse_datetime,
)

TASK_NAME = "claims.import_job"
# Jobs are written and their tasks sent in batches: few INSERTs, and a large directory
# is never held in memory whole.
BATCH_SIZE = 200


def queue_configured() -> bool:
    """Whether imports go to the workers (CELERY_BROKER_URL) or run inline."""
    return bool(settings.CELERY_BROKER_URL)


class TryLater(Exception):
    """This try failed in a way that may pass (network, HTTP 5xx, database connection)."""


def enqueue_import(
    inputs: Iterable[str],
    *,
    urls: Iterable[str] = (),
    stdin: BinaryIO | None = None,
    options: ImportOptions | None = None,
) -> ImportRun:
    """Record a run with one job per input and queue a task for each; return the run.

    Files (and standard input) are read here and sent in their task; URLs are fetched
    by the worker. An input that cannot be read here is a failed job at once.
    """
    options = options or ImportOptions()
    inputs, urls = list(inputs), list(urls)
    # The run waits for one more job while this queues them: the workers cannot finish
    # it between two batches, however fast they go.
    run = ImportRun.objects.create(inputs="\n".join(inputs + urls), jobs_left=1)
    batch: list[tuple[ImportJob, dict[str, Any] | None]] = []
    for job, payload in _jobs(run, inputs, urls, stdin, options):
        batch.append((job, payload))
        if len(batch) >= BATCH_SIZE:
            _send(run, batch)
            batch = []
    _send(run, batch)
    run.end_jobs()  # all queued (and finished, if every input failed to be read)
    return run


def enqueue_record(record: dict[str, Any], *, source: str) -> ImportRun:
    """Queue one article object (the JSON import shape), e.g. submitted through the API."""
    run = ImportRun.objects.create(inputs=source)
    payload = {"options": _options_payload(ImportOptions()), "record": record}
    _send(run, [(ImportJob(run=run, source=source[:2000]), payload)])
    return run


def _jobs(
    run: ImportRun,
    inputs: list[str],
    urls: list[str],
    stdin: BinaryIO | None,
    options: ImportOptions,
) -> Iterator[tuple[ImportJob, dict[str, Any] | None]]:
    common = {"options": _options_payload(options)}
    for given in expand_inputs(inputs, stdin=stdin):
        try:
            if given.read is None:
                raise UnreadableInput(given.error)
            data, charset, fmt, url = given.read()
        except UnreadableInput as error:
            yield _failed_job(run, given.label, str(error)), None
            continue
        payload = {
            **common,
            "data": base64.b64encode(data).decode("ascii"),
            "charset": charset,
            "format": fmt.value if fmt else None,
            "url": url,
        }
        yield ImportJob(run=run, source=given.label[:2000]), payload
    for url in urls:
        yield ImportJob(run=run, source=url[:2000]), {**common, "fetch": url}


def _failed_job(run: ImportRun, source: str, reason: str) -> ImportJob:
    return ImportJob(
        run=run,
        source=source[:2000],
        state=JobState.FAILED,
        failed=1,
        reason=reason,
        finished_at=timezone.now(),
    )


def _send(run: ImportRun, batch: list[tuple[ImportJob, dict[str, Any] | None]]) -> None:
    """Write the jobs and count them on the run, then queue their tasks: a task never
    names a job not yet committed, nor ends a run that does not wait for it."""
    if not batch:
        return
    jobs = ImportJob.objects.bulk_create([job for job, _ in batch])
    unread = sum(1 for _, payload in batch if payload is None)
    run.add_jobs(len(batch) - unread, failed=unread)
    for job, (_, payload) in zip(jobs, batch, strict=True):
        if payload is not None:
            # The task names its job's source and run, so the worker need not read them.
            payload = {**payload, "source": job.source, "run": job.run_id}
            current_app.send_task(TASK_NAME, args=(job.pk, payload))


def _options_payload(options: ImportOptions) -> dict[str, Any]:
    return {
        "run_extraction": options.run_extraction,
        "since": options.since.isoformat() if options.since else None,
        "outlet": options.outlet,
        "encoding": options.encoding,
        "format": options.format.value if options.format else None,
    }


def _options_from(payload: dict[str, Any]) -> ImportOptions:
    return ImportOptions(
        run_extraction=payload["run_extraction"],
        since=parse_datetime(payload["since"]) if payload["since"] else None,
        outlet=payload["outlet"],
        encoding=payload["encoding"],
        format=Format(payload["format"]) if payload["format"] else None,
    )


def _read(
    source: str, payload: dict[str, Any], options: ImportOptions
) -> Iterator[tuple[str, ParsedArticle | UnreadableInput]]:
    """The articles of a job's input: a submitted record, a page to fetch, or file bytes."""
    if "record" in payload:
        yield source, read_record(payload["record"])
        return
    given: Input
    if "fetch" in payload:
        given = url_input(payload["fetch"])
    else:
        data = base64.b64decode(payload["data"])
        fmt = Format(payload["format"]) if payload["format"] else None
        given = bytes_input(source, (data, payload["charset"], fmt, payload["url"]))
    yield from read_input(given, encoding=options.encoding, format=options.format)


def run_job(job_id: int, payload: dict[str, Any], *, last_try: bool) -> None:
    """Import one job's input, in a worker; record its outcome, and the run's once done.

    Raises TryLater when the failure may pass and this is not the last try; the job is
    then queued again. A job already done or failed (its task delivered twice) is left
    alone; a job left running by a worker that died is done again: storing is
    idempotent, so its articles are stored once.
    """
    job = _job_of(job_id, payload)
    if not _start(job):
        return
    options = _options_from(payload["options"])
    results: list[ItemResult] = []
    for label, parsed in _read(job.source, payload, options):
        if isinstance(parsed, FetchFailedForNow) and not last_try:
            _queue_again(job, str(parsed))
        result = import_parsed(label, parsed, job.run, options, RecordingSummary())
        if result.internal and not last_try:
            _queue_again(job, result.reason)
        results.append(result)
    finish_job(job, results, last_try=last_try)


def _job_of(job_id: int, payload: dict[str, Any]) -> ImportJob:
    """The job as its task names it, without reading it (a task sent by a version that
    did not name its source and run: read from the database)."""
    if "source" in payload and "run" in payload:
        return ImportJob(pk=job_id, source=payload["source"], run=ImportRun(pk=payload["run"]))
    return ImportJob.objects.select_related("run").get(pk=job_id)


def _start(job: ImportJob) -> bool:
    """Mark the job running in this worker, in one statement; False if it has already
    ended.

    Losing this mark in a database crash loses the count of one try, no more: on
    PostgreSQL its commit does not wait for the disk (a flush of the log, a few ms).
    """
    worker = fit(f"{socket.gethostname()}:{os.getpid()}", ImportJob.worker)
    jobs = ImportJob.objects.filter(pk=job.pk)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        jobs = jobs.filter(_COMMIT_WITHOUT_WAITING_FOR_THE_DISK)
    return bool(jobs.start(worker=worker))


# In a statement that is a transaction of its own (autocommit), what `relax_durability`
# does in a transaction of several: SET LOCAL, without the round trips of BEGIN, SET
# and COMMIT. The condition holds; PostgreSQL evaluates it for the job's row.
_COMMIT_WITHOUT_WAITING_FOR_THE_DISK = RawSQL(
    "set_config('synchronous_commit', 'off', true) = 'off'", (), output_field=BooleanField()
)


def _queue_again(job: ImportJob, reason: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.QUEUED, reason=reason)
    raise TryLater(reason)


def finish_job(job: ImportJob, results: list[ItemResult], *, last_try: bool = True) -> None:
    """Record a job's outcome from its items' results, then the run's if it was the last."""
    counts = {outcome: sum(1 for r in results if r.outcome == outcome) for outcome in Outcome}
    # An input of several articles (JSON Lines) names the failed one in its reason.
    failures = [
        r.reason if r.source == job.source else f"{r.source}: {r.reason}"
        for r in results
        if r.outcome == Outcome.FAILED
    ]
    if not results:
        failures = ["the input holds no article"]
    if failures and last_try:
        attempts = ImportJob.objects.filter(pk=job.pk).values_list("attempts", flat=True).get()
        if attempts > 1:
            failures[-1] += f" (after {attempts} tries)"
    article_id = next((r.article_id for r in results if r.article_id), None)
    failed = max(counts[Outcome.FAILED], 1 if failures else 0)
    with transaction.atomic():
        # Only the first end of a job counts (its task may have run twice).
        ended = (
            ImportJob.objects.filter(pk=job.pk)
            .open()
            .update(
                state=JobState.FAILED if failures else JobState.DONE,
                created=counts[Outcome.CREATED],
                updated=counts[Outcome.UPDATED],
                unchanged=counts[Outcome.UNCHANGED],
                failed=failed,
                reason="\n".join(failures),
                article_id=article_id,
                finished_at=timezone.now(),
            )
        )
        if ended:
            job.run.end_jobs(
                created=counts[Outcome.CREATED],
                updated=counts[Outcome.UPDATED],
                unchanged=counts[Outcome.UNCHANGED],
                failed=failed,
            )


def fail_job(job_id: int, reason: str) -> None:
    """The last try ended in an error outside any article (the database was gone)."""
    job = ImportJob.objects.select_related("run").get(pk=job_id)
    finish_job(job, [ItemResult(job.source, Outcome.FAILED, reason, internal=True)])


@dataclass(frozen=True)
class BrokerState:
    configured: bool
    reachable: bool = False
    queue_depth: int | None = None
    error: str = ""


def broker_state(timeout: float = 2.0) -> BrokerState:
    """Whether the broker answers, and how many tasks wait in the import queue."""
    if not queue_configured():
        return BrokerState(configured=False)
    queue = current_app.conf.task_default_queue
    try:
        with current_app.connection_for_read(settings.CELERY_BROKER_URL) as broker:
            broker.ensure_connection(max_retries=1, timeout=timeout)
            try:
                _, depth, _ = broker.default_channel.queue_declare(queue=queue, passive=True)
            except ChannelError:  # no worker has declared the queue yet
                depth = 0
    except Exception as error:  # whatever the transport raises, the broker is unusable
        return BrokerState(configured=True, error=f"{type(error).__name__}: {error}"[:300])
    return BrokerState(configured=True, reachable=True, queue_depth=depth)
