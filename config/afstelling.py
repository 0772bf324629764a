"""How a web worker sets up Python's garbage collector after loading (called by config/wsgi.py).

Measured in bench/plan_bench.py (BENCHMARKS.md, "De planpagina"):

- `gc.freeze()`: everything loaded so far (Django, the apps, templates, plotly, pandas) lives as long as the worker;
  frozen, a full collection during a request walks only that request's objects (a round fell from some 200 ms to
  25-85 ms).
- Higher thresholds: with Python's defaults (700, 10, 10) a page that builds a few thousand objects (the plan with
  200 activities) still ran into a full collection in about one request in ten, costing it 85-130 ms: the p95. With
  the first threshold at 50,000 the young objects of a request are mostly freed by reference counting before a
  collection starts, and full rounds become rare.
"""

from __future__ import annotations

import gc

GC_DREMPELS = (50_000, 20, 100)


def werkproces_afstellen() -> int:
    """Freeze what is loaded and raise the collector's thresholds; returns the number of objects frozen."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_DREMPELS)
    return gc.get_freeze_count()
