"""The Celery application: wiring only. Tasks live in the apps' `tasks.py`."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.contrib.django.task import DjangoTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class RegioTask(DjangoTask):
    """Base task: acknowledged after it ran, so a killed worker leaves the message for another.

    Tasks are queued with `delay_on_commit()` so a task never runs before the data it reads exists; a broker
    that is down does not fail the request: the work waits for its app's relay (`regio/wachtrij.py`).
    """

    acks_late = True
    reject_on_worker_lost = True

    # The stubs say delay_on_commit returns an AsyncResult; Celery's own returns None, as this one does.
    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        from regio import wachtrij  # the app's code; this module is loaded with the settings, before the apps

        wachtrij.na_commit(self, *args, **kwargs)


app = Celery("regio", task_cls=RegioTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
