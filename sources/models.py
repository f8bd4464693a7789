import hashlib
from typing import Any, Self

from django.db import models
from django.db.models import Q
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


class ImportRun(models.Model):
    started_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=16,
        choices=ImportStatus.choices,
        default=ImportStatus.RUNNING,
        help_text="Running until the importer records its counts; interrupted on Ctrl-C or "
        "SIGTERM; failed when it could not go on (a worker process died).",
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

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Import #{self.pk} at {self.started_at:%Y-%m-%d %H:%M}"


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
