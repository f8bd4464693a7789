from typing import Self

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from sources.models import fit


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_object(self, obj: models.Model) -> Self:
        content_type = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=content_type, object_id=obj.pk)


class AuditEvent(models.Model):
    """Who changed what, when, from what to what, and why. Append-only."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=64, help_text='Namespaced code, e.g. "claim.state".')
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    from_value = models.CharField(max_length=500, blank=True, default="")
    to_value = models.CharField(max_length=500, blank=True, default="")
    note = models.TextField(blank=True, default="")
    # Indexed for the audit list in the admin, newest first.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        # For one object's history, shown on every claim, quote and speaker page.
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_value} → {self.to_value}"

    @classmethod
    def record(
        cls,
        subject: models.Model,
        action: str,
        *,
        by: object | None,
        from_value: object = "",
        to_value: object = "",
        note: str = "",
    ) -> "AuditEvent":
        return cls.objects.create(
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
            action=action,
            actor=by if getattr(by, "pk", None) else None,
            from_value=fit(str(from_value or ""), AuditEvent.from_value),
            to_value=fit(str(to_value or ""), AuditEvent.to_value),
            note=note,
        )
