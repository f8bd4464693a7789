"""Import runs in the API: what a submission queued, and how far the workers are."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request

from sources.models import ImportRun, JobState


class ImportRunSerializer(serializers.ModelSerializer[ImportRun]):
    jobs = serializers.SerializerMethodField(
        help_text="A queued run's jobs by state (queued, running, done, failed); all zero "
        "for an inline run."
    )

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "status",
            "started_at",
            "finished_at",
            "inputs",
            "created",
            "updated",
            "unchanged",
            "failed",
            "errors",
            "warnings",
            "jobs",
        ]

    @extend_schema_field(
        serializers.DictField(child=serializers.IntegerField(), help_text=str(JobState.values))
    )
    def get_jobs(self, run: ImportRun) -> dict[str, int]:
        return run.job_counts()


class CanFollowImports(permissions.BasePermission):
    """Whoever may submit articles may follow the runs that import them."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user.is_authenticated
            and (user.has_perm("sources.add_article") or user.has_perm("sources.view_importrun"))
        )


class ImportRunViewSet(viewsets.ReadOnlyModelViewSet[ImportRun]):
    """Import runs, newest first: state, counts, per-input errors and, for a run on the
    queue, its jobs by state. A queued API submission answers with its run's URL."""

    serializer_class = ImportRunSerializer
    permission_classes = [CanFollowImports]
    queryset = ImportRun.objects.all()

    def get_queryset(self) -> QuerySet[ImportRun]:
        return ImportRun.objects.with_job_counts()
