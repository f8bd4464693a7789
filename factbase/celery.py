"""The Celery app that runs import jobs: `celery -A factbase worker`.

Its settings are Django's `CELERY_*` settings (factbase/settings.py); the tasks are
found in the apps' `tasks` modules.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factbase.settings")

app = Celery("factbase")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
