from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Count, Q


def count_open_jobs(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Queued runs still running wait for their open jobs."""
    ImportRun = apps.get_model("sources", "ImportRun")
    running = ImportRun.objects.filter(status="running").annotate(
        open_jobs=Count("jobs", filter=Q(jobs__state__in=["queued", "running"]))
    )
    for run in running.filter(open_jobs__gt=0):
        ImportRun.objects.filter(pk=run.pk).update(jobs_left=run.open_jobs)


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0006_watched_feeds"),
    ]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="jobs_left",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="A queued run's jobs not yet ended, plus one while its jobs are being queued; the run finishes when none is left.",
            ),
        ),
        migrations.RunPython(count_open_jobs, migrations.RunPython.noop),
    ]
