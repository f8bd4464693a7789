"""The Celery app that runs import jobs: `celery -A factbase worker`.

Its settings are Django's `CELERY_*` settings (factbase/settings.py); the tasks are
found in the apps' `tasks` modules.
"""

import os
from typing import Any

from celery import Celery, Task
from celery.signals import task_postrun, task_prerun
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factbase.settings")

app = Celery("factbase")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def close_spent_connections(sender: Task, **kwargs: Any) -> None:
    """Around each task as Django does around each request: a database connection that
    an error left unusable, or older than CONN_MAX_AGE, is closed (the next query opens
    a new one); any other is kept for the next task (CELERY_DB_REUSE_MAX)."""
    if not getattr(sender.request, "is_eager", False):
        close_old_connections()
