import hashlib
from datetime import datetime, timedelta
from typing import Any, Self

from django.db import models, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from sources.weblinks import validate_web_url


def content_hash(body: str) -> str:
    """Identity of an article's cleaned text: the same text imported twice is one article."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def max_length(field: Any) -> int:
    """The `max_length` of a model field named as a class attribute (`Article.byline`)."""
    length: int = field.field.max_length
    return length


def fit(value: str, field: Any) -> str:
    """`value` cut to what the model field (`Article.byline`) holds."""
    return value[: max_length(field)]


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True, default="")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    INTERRUPTED = "interrupted", "Interrupted"
    FAILED = "failed", "Failed"


class ImportRunQuerySet(models.QuerySet["ImportRun"]):
    def with_job_counts(self) -> Self:
        """Each run's jobs counted by state, as `jobs_<state>` (the API and admin lists)."""
        return self.annotate(
            **{
                f"jobs_{state}": Count("jobs", filter=Q(jobs__state=state))
                for state in JobState.values
            }
        )


class ImportRun(models.Model):
    started_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=16,
        choices=ImportStatus.choices,
        default=ImportStatus.RUNNING,
        help_text="Running until the importer records its counts (for a queued run: until "
        "its last job is done or failed); interrupted on Ctrl-C or SIGTERM; failed when it "
        "could not go on (a local worker process died).",
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    inputs = models.TextField(help_text="What was asked for: paths, globs or URLs, one per line.")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(
        default=list, blank=True, help_text='Per-item failures: [{"input": ..., "reason": ...}].'
    )
    warnings = models.JSONField(
        default=list,
        blank=True,
        help_text="Imported with a caveat, such as replaced bytes: "
        '[{"input": ..., "warning": ...}].',
    )
    jobs_left = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="A queued run's jobs not yet ended, plus one while its jobs are being "
        "queued; the run finishes when none is left.",
    )

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Import #{self.pk} at {self.started_at:%Y-%m-%d %H:%M}"

    def job_counts(self) -> dict[str, int]:
        """How many of this run's queued jobs are in each state (all zero when inline)."""
        if hasattr(self, "jobs_queued"):  # from ImportRun.objects.with_job_counts()
            return {state: getattr(self, f"jobs_{state}") for state in JobState.values}
        counts = dict.fromkeys(JobState.values, 0)
        for state, number in self.jobs.values_list("state").annotate(n=Count("id")).order_by():
            counts[state] = number
        return counts

    def add_jobs(self, number: int, *, failed: int = 0) -> None:
        """Count `number` more jobs to wait for (before their tasks are sent), and
        `failed` inputs that could not even be queued."""
        ImportRun.objects.filter(pk=self.pk).update(
            jobs_left=F("jobs_left") + number, failed=F("failed") + failed
        )

    def end_jobs(self, number: int = 1, **counts: int) -> bool:
        """Take `number` ended jobs off the jobs left, adding their counts (`created`,
        `updated`, `unchanged`, `failed`); once none is left, finish the run with the
        reasons of its failed jobs. Whether this finished it.

        The run's row is locked from the first UPDATE to the end of the transaction, so
        two jobs ending at once are counted one after the other and only the last one
        finishes the run. While jobs remain, this is one UPDATE. Inside a caller's
        transaction (a job's outcome) it is part of that one, without a savepoint of its
        own: a failure here undoes the caller's writes too.
        """
        added = {name: F(name) + value for name, value in counts.items() if value}
        with transaction.atomic(savepoint=False):
            run = ImportRun.objects.filter(pk=self.pk)
            if run.filter(jobs_left__gt=number).update(jobs_left=F("jobs_left") - number, **added):
                return False
            errors = [
                {"input": source, "reason": reason}
                for source, reason in self.jobs.failed()
                .order_by("id")
                .values_list("source", "reason")
            ]
            run.filter(status=ImportStatus.RUNNING).update(
                jobs_left=0,
                status=ImportStatus.FINISHED,
                finished_at=timezone.now(),
                errors=errors,
                **added,
            )
        return True


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"

    @classmethod
    def open(cls) -> list[str]:
        return [cls.QUEUED, cls.RUNNING]


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def open(self) -> Self:
        """Jobs still to do: queued, or started by a worker and not yet ended."""
        return self.filter(state__in=JobState.open())

    def failed(self) -> Self:
        """Dead letters: inputs that could not be imported, after every try, with why."""
        return self.filter(state=JobState.FAILED)

    def start(self, *, worker: str) -> int:
        """Mark the open ones running, by `worker` (host:pid), one attempt more; how many.

        A job already done or failed is left alone (its task was delivered twice); one
        left running by a worker that died is started again.
        """
        return self.open().update(
            state=JobState.RUNNING, attempts=F("attempts") + 1, worker=worker[:200]
        )


class ImportJob(models.Model):
    """One input of a queued import run (a URL, or a file's bytes sent with the task),
    imported by whichever worker takes its task."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="jobs")
    source = models.CharField(max_length=2000, help_text="The file or URL, as given.")
    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    attempts = models.PositiveIntegerField(
        default=0,
        help_text="Times a worker started it: tries after a transient failure, "
        "and redeliveries after a worker died while importing it.",
    )
    worker = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="The worker process (host:pid) that last started it.",
    )
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    reason = models.TextField(blank=True, default="", help_text="Why it failed, when it did.")
    article = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            # Each finishing job asks whether its run has open jobs left; ingest_status
            # and the admin count jobs by state.
            models.Index(fields=["run", "state"], name="importjob_run_state"),
            models.Index(fields=["state"], name="importjob_state"),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_state_display()})"


class ArticleQuerySet(models.QuerySet["Article"]):
    def for_list(self) -> Self:
        return self.select_related("outlet").defer("body", "raw")


class Article(models.Model):
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    url = models.URLField(max_length=2000, blank=True, default="", validators=[validate_web_url])
    title = models.CharField(max_length=500)
    byline = models.CharField(max_length=500, blank=True, default="")
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    tags = models.JSONField(default=list, blank=True)
    body = models.TextField(help_text="Cleaned text; every quote offset points into it.")
    raw = models.TextField(help_text="The input exactly as imported, boilerplate included.")
    metadata = models.JSONField(
        default=dict, blank=True, help_text="Source metadata such as a page's JSON-LD NewsArticle."
    )
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    source_file = models.CharField(max_length=1000, blank=True, default="")
    imported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_url_unique_when_present"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class FeedQuerySet(models.QuerySet["Feed"]):
    def due(self, now: datetime) -> Self:
        """Enabled feeds never polled, or whose interval has passed since the last poll."""
        return self.filter(enabled=True).filter(
            Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
        )


class Feed(models.Model):
    """A watched RSS/Atom feed or news sitemap, polled for new articles
    (`manage.py poll_feeds`, or the workers' periodic task)."""

    url = models.URLField(max_length=2000, unique=True, validators=[validate_web_url])
    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feeds",
        help_text="Given to its articles that name no outlet.",
    )
    interval_minutes = models.PositiveIntegerField(
        default=15, help_text="Poll at most this often, in minutes."
    )
    enabled = models.BooleanField(default=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: poll at the next round."
    )
    etag = models.CharField(max_length=500, blank=True, default="", editable=False)
    last_modified = models.CharField(max_length=100, blank=True, default="", editable=False)
    last_error = models.TextField(blank=True, default="")
    articles_found = models.PositiveIntegerField(
        default=0, help_text="New entries sent to import, over the feed's life."
    )

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url

    def polled(self, now: datetime, *, found: int = 0, error: str = "") -> None:
        """Record a poll (validators are set by the caller) and when the next is due."""
        self.last_fetched_at = now
        self.next_poll_at = now + timedelta(minutes=self.interval_minutes)
        self.last_error = error
        self.articles_found += found
        self.save()


class FeedEntry(models.Model):
    """An entry URL a feed listed and that was sent to import: never sent twice."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    url = models.URLField(max_length=2000)
    seen_at = models.DateTimeField(default=timezone.now)
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-seen_at"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "url"], name="feedentry_once_per_feed"),
        ]

    def __str__(self) -> str:
        return self.url
