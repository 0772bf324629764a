"""A web worker sets up the garbage collector after loading (config/afstelling.py, called by config/wsgi.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from config.afstelling import GC_DREMPELS

REPO = Path(__file__).resolve().parent.parent


def test_loading_the_wsgi_application_freezes_what_is_loaded_and_raises_the_thresholds() -> None:
    # In a fresh process: the test process's own collector stays as it is.
    code = (
        "import gc, json; gc.set_threshold(700, 10, 10); import config.wsgi; "
        "print(json.dumps([gc.get_threshold(), gc.get_freeze_count()]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    uit = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True, timeout=120
    )
    drempels, bevroren = json.loads(uit.stdout.strip().splitlines()[-1])
    assert tuple(drempels) == GC_DREMPELS
    assert GC_DREMPELS[0] > 700  # higher than Python's default: the point of it
    assert bevroren > 10_000  # Django and the apps, not a handful of objects
