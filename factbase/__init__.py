# Loaded with Django so that tasks sent from web and command processes use this app.
from factbase.celery import app as celery_app

__all__ = ["celery_app"]
