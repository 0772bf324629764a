"""The charts and tables of the regiobeeld page's figures, kept in Django's cache (Redis in production, so
shared by the web workers): building them (pandas, plotly and its JSON) costs some 250 ms at national scale.

The key is a hash of the input itself: every value the figures are built from, read from the database on each
request (a few small queries), and the language. So an import, a correction, a deleted figure, a renamed
indicator, a gemeente added to the region or a changed number of inhabitants gives another key, and nothing ever
has to be removed: an import that is cancelled or rolled back changes no figure, so no key either. The key also
holds a fingerprint of the code and data files that build the figures (and the translations and plotly's
version), so a new release never shows a chart of the old one. Old entries simply expire.

The cache is an optimisation only: without it (Redis down) the figures are built for the request.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import io
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from regiobeeld import analysis, charts, kaart

Invoer = TypeVar("Invoer")
Uitkomst = TypeVar("Uitkomst")

# Long enough to serve a day's visits, short enough that the entries of old data do not pile up.
BEWAARTIJD = 6 * 60 * 60
_PAKKETTEN = ("plotly", "pandas", "numpy")


def _bronbestanden() -> list[Path]:
    """What the figures are built by: the modules, the map's boundaries and the compiled translations."""
    hier = Path(__file__).resolve().parent
    modules = [Path(str(m.__file__)) for m in (analysis, charts, kaart)]
    vertalingen = sorted(p for map_ in settings.LOCALE_PATHS for p in Path(map_).glob("*/LC_MESSAGES/*.mo"))
    return [hier / "pagina.py", Path(__file__), *modules, kaart.GRENZENBESTAND, *vertalingen]


@functools.lru_cache(maxsize=1)
def codeversie() -> str:
    """A fingerprint of the code and files that build the figures; read once per process."""
    h = hashlib.sha256()
    for pad in _bronbestanden():
        h.update(pad.name.encode())
        with contextlib.suppress(OSError):
            h.update(pad.read_bytes())
    for pakket in _PAKKETTEN:
        h.update(f"{pakket}={importlib.metadata.version(pakket)}".encode())
    return h.hexdigest()[:16]


def _bytes(invoer: object) -> bytes:
    """`invoer` (a frozen dataclass of plain values) as bytes that hold every value exactly, floats included.
    pickle without its memo ("fast" mode): then the bytes depend only on the values, not on which equal strings
    happen to be one object; and it is some ten times cheaper than the repr this key used to hash (about 30 ms of
    each regiobeeld request for the demo region's 10,000 figures, issue 20)."""
    uit = io.BytesIO()
    p = pickle.Pickler(uit, protocol=5)
    p.fast = True  # no memo: see above (deprecated for its original use; what it does is what a key needs)
    p.dump(invoer)
    return uit.getvalue()


def sleutel(invoer: object) -> str:
    """The cache key of `invoer`: its values, exactly (`_bytes`), hashed."""
    inhoud = hashlib.sha256(_bytes(invoer)).hexdigest()
    return f"regiobeeld:figuren:{codeversie()}:{inhoud}"


def bewaard(invoer: Invoer, bouwen: Callable[[Invoer], Uitkomst]) -> Uitkomst:
    """`bouwen(invoer)`, from the cache when an equal input was built before. `bouwen` must read nothing but
    `invoer` (and the active language, which the caller puts in it)."""
    s = sleutel(invoer)
    gevonden: Uitkomst | None = None
    with contextlib.suppress(Exception):
        gevonden = cache.get(s)
    if gevonden is not None:
        return gevonden
    uitkomst = bouwen(invoer)
    with contextlib.suppress(Exception):
        cache.set(s, uitkomst, BEWAARTIJD)
    return uitkomst
