import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, templates, plotly, pandas) lives as long as the worker: move it out of
# the garbage collector's sight, so a full collection during a request walks only that request's objects. Measured
# in bench/plan_bench.py: a full round fell from about 200 ms to 25-85 ms, and the plan page's p95 with it.
gc.collect()
gc.freeze()
