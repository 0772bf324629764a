"""Settings of the load benchmark's server: the production settings, with bench/bench_urls.py as URLconf.

Only bench/last.py uses it (gunicorn with PYTHONPATH holding the repository and bench/).
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
