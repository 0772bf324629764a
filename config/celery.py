"""The Celery application: wiring only. Tasks live in the apps' `tasks.py`."""

from __future__ import annotations

import os

from celery import Celery
from celery.contrib.django.task import DjangoTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class RegioTask(DjangoTask):
    """Base task: acknowledged after it ran, so a killed worker leaves the message for another.

    Tasks are queued with `delay_on_commit()` so a task never runs before the data it reads exists.
    """

    acks_late = True
    reject_on_worker_lost = True


app = Celery("regio", task_cls=RegioTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
