"""Text that people write (Markdown) turned into HTML that is safe to show, on a page and in a PDF.

The conversion is a pure function of the text, so its result is kept in a small in-process cache: the plan page
shows some 300 texts per request and turning them into HTML was a fifth of its time (BENCHMARKS.md). A changed
text is a different key, so the cache cannot show an old text; a new release starts with an empty cache (a new
process), so a changed renderer or allow-list cannot serve old HTML either.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
import uuid
from collections import OrderedDict
from decimal import Decimal
from typing import Any

import markdown
import nh3
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.safestring import SafeString, mark_safe

# What a plan or interpretation needs: paragraphs, headings, lists, emphasis, links, quotes, simple tables.
TOEGESTANE_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
TOEGESTANE_ATTRIBUTEN = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
# No file:, javascript:, data: or relative tricks: a link goes to the web or to an e-mail address.
TOEGESTANE_SCHEMAS = {"http", "https", "mailto"}


# How much converted HTML one process keeps, in characters (a plan's texts are a few hundred kB).
CACHE_TEKENS = 4_000_000


class _Bewaard:
    """A least-recently-used cache of converted texts, bounded by the characters it holds. Thread-safe."""

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum
        self.tekens = 0
        self._items: OrderedDict[bytes, str] = OrderedDict()
        self._slot = threading.Lock()

    def get(self, sleutel: bytes) -> str | None:
        with self._slot:
            html = self._items.get(sleutel)
            if html is not None:
                self._items.move_to_end(sleutel)
            return html

    def set(self, sleutel: bytes, html: str) -> None:
        if len(html) > self.maximum // 4:  # one huge text must not push out everything else
            return
        with self._slot:
            if sleutel in self._items:
                return
            self._items[sleutel] = html
            self.tekens += len(html)
            while self.tekens > self.maximum:
                _, weg = self._items.popitem(last=False)
                self.tekens -= len(weg)

    def legen(self) -> None:
        with self._slot:
            self._items.clear()
            self.tekens = 0


_bewaard = _Bewaard(CACHE_TEKENS)
# markdown.Markdown is not thread-safe, but building one per text costs half the conversion: one per thread, reset.
_per_thread = threading.local()


def _markdown() -> markdown.Markdown:
    md: markdown.Markdown | None = getattr(_per_thread, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        # Raw HTML is not markup here but text a person typed ("Wij gebruiken geen <script> in de portal."): shown
        # as written. Left to Markdown, an unclosed <script>, <style> or <textarea> swallowed the rest of the part.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        _per_thread.md = md
    return md


def markdown_naar_html(tekst: str) -> SafeString:
    """Markdown -> sanitised HTML: what looks like an HTML tag is shown as text, links get rel="noopener noreferrer".

    nh3 still cleans the result (only the tags Markdown itself makes, only web and mail links)."""
    tekst = tekst or ""
    sleutel = hashlib.blake2b(tekst.encode(), digest_size=20).digest()
    bewaard = _bewaard.get(sleutel)
    if bewaard is not None:
        return mark_safe(bewaard)  # noqa: S308 - sanitised by nh3 when it was stored
    schoon = omzetten(tekst)
    _bewaard.set(sleutel, schoon)
    return mark_safe(schoon)  # noqa: S308 - sanitised by nh3 in omzetten


def omzetten(tekst: str) -> str:
    md = _markdown()
    try:
        html = md.convert(tekst)
    finally:
        md.reset()
    return nh3.clean(
        html,
        tags=TOEGESTANE_TAGS,
        attributes=TOEGESTANE_ATTRIBUTEN,
        url_schemes=TOEGESTANE_SCHEMAS,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@dataclasses.dataclass(frozen=True)
class Urlmal:
    """A URL whose last argument (a primary key) is filled in later: reversed once per page, then
    `{{ mal|invullen:pk }}` per row instead of a `{% url %}` per row (1,600 of them cost the plan page ~35 ms).
    Built with reverse(), so it follows urls.py; the number only goes in as an int."""

    voor: str
    na: str

    _OPEN = 2147483647  # the last argument while reversing; the URL is cut at its last occurrence

    @classmethod
    def van(cls, naam: str, *args: object) -> Urlmal:
        from django.urls import reverse

        voor, gevonden, na = reverse(naam, args=[*args, cls._OPEN]).rpartition(str(cls._OPEN))
        if not gevonden:
            raise ValueError(f"{naam}: the URL does not end in its last argument")
        return cls(voor, na)

    def invullen(self, pk: int) -> str:
        return f"{self.voor}{int(pk)}{self.na}"


# -- fragments rendered once per distinct content ----------------------------------------------------------------

_GEWOON = (type(None), bool, int, float, str, Decimal, dt.date, dt.datetime, dt.time, dt.timedelta, uuid.UUID)


_SOORTEN: dict[type, str] = dict.fromkeys(_GEWOON, "gewoon")


def _soort(soort: type) -> str:
    """What kind of value a type holds, decided once per type."""
    from django.db.models import Model

    if soort not in _SOORTEN:
        if issubclass(soort, _GEWOON):  # a subclass: SafeString and str must not give the same key
            _SOORTEN[soort] = "afgeleid"
        elif issubclass(soort, Model):
            _SOORTEN[soort] = "model"
        elif dataclasses.is_dataclass(soort):
            _SOORTEN[soort] = "dataclass"
        elif issubclass(soort, list | tuple):
            _SOORTEN[soort] = "reeks"
        elif issubclass(soort, dict):
            _SOORTEN[soort] = "dict"
        else:
            _SOORTEN[soort] = "onbekend"
    return _SOORTEN[soort]


def _afdruk(waarde: Any, uit: list[object], gezien: dict[int, tuple[int, object]]) -> None:
    """Append to `uit` everything `waarde` holds: for a model instance every loaded field value, the related
    objects loaded with it (select_related, prefetch_related) and whatever else it caches in its __dict__; for a
    dataclass, list, tuple or dict its contents. Anything else is refused: a key must never miss a value.

    `uit` can be read back one way only: every structure starts with a marker (a string starting with NUL, which
    no value is written as: such a string value is tagged) followed by its size, so equal lists mean equal
    content. A model or dataclass met before (a meetpunt's cached activiteit is the activity itself) is written
    as the number of its first appearance: its content is already in `uit`. `gezien` keeps those objects alive
    meanwhile, so no id() is reused. Markers are strings, not tuples: less work for the garbage collector."""
    soort = _SOORTEN.get(type(waarde)) or _soort(type(waarde))
    if soort == "gewoon":
        if type(waarde) is str and waarde.startswith("\x00"):
            uit.append("\x00str")
        uit.append(waarde)
        return
    if soort == "afgeleid":  # a subclass: SafeString and str must not give the same key
        uit.append("\x00afgeleid")
        uit.append(f"{type(waarde).__module__}.{type(waarde).__qualname__}")
        uit.append(waarde)
        return
    if soort == "model" or soort == "dataclass":
        if id(waarde) in gezien:
            uit.append("\x00zie")
            uit.append(gezien[id(waarde)][0])
            return
        gezien[id(waarde)] = (len(gezien), waarde)
    if soort == "model":
        velden = waarde.__dict__
        uit.append("\x00model")
        uit.append(waarde._meta.label)
        uit.append(len(velden))
        for naam, inhoud in velden.items():
            uit.append(naam)
            if _SOORTEN.get(type(inhoud)) == "gewoon" and not (type(inhoud) is str and inhoud.startswith("\x00")):
                uit.append(inhoud)  # most fields: no call per value
            elif naam == "_state":
                uit.append("\x00gerelateerd")
                uit.append(len(inhoud.fields_cache))
                for rel, object_ in inhoud.fields_cache.items():
                    uit.append(rel)
                    _afdruk(object_, uit, gezien)
            elif naam == "_prefetched_objects_cache":
                uit.append("\x00vooraf")
                uit.append(len(inhoud))
                for rel, qs in inhoud.items():
                    uit.append(rel)
                    _afdruk(list(qs), uit, gezien)
            else:
                _afdruk(inhoud, uit, gezien)
    elif soort == "dataclass":
        # Its __dict__: the fields and anything else set on it (a cached_property); a slotted one: its fields.
        attributen = getattr(waarde, "__dict__", None) or {
            veld.name: getattr(waarde, veld.name) for veld in dataclasses.fields(waarde)
        }
        uit.append("\x00dataclass")
        uit.append(f"{type(waarde).__module__}.{type(waarde).__qualname__}")
        uit.append(len(attributen))
        for naam, inhoud in attributen.items():
            uit.append(naam)
            _afdruk(inhoud, uit, gezien)
    elif soort == "reeks":
        uit.append("\x00reeks")
        uit.append(len(waarde))
        for item in waarde:
            _afdruk(item, uit, gezien)
    elif soort == "dict":
        uit.append("\x00dict")
        uit.append(len(waarde))
        for sleutel, inhoud in waarde.items():
            _afdruk(sleutel, uit, gezien)
            _afdruk(inhoud, uit, gezien)
    else:
        raise TypeError(f"cannot fingerprint a {type(waarde).__name__}: pass plain data, models or dataclasses")


def vingerafdruk(*waarden: object) -> bytes:
    """A digest of everything the values hold (see _afdruk): equal digests mean equal content."""
    uit: list[object] = []
    gezien: dict[int, tuple[int, object]] = {}
    for waarde in waarden:
        _afdruk(waarde, uit, gezien)
    return hashlib.blake2b(repr(uit).encode(), digest_size=20).digest()


# Rendered fragments kept by this process, in characters (up to some 32 MB): a plan of 200 activities takes about
# 1.8 million (its activities section once, and each article on its own for when one of them changes).
FRAGMENTEN_TEKENS = 16_000_000
fragmenten = _Bewaard(FRAGMENTEN_TEKENS)


@receiver(setting_changed)
def _instellingen_gewijzigd(**kwargs: object) -> None:
    """A changed setting (in tests: override_settings) may change how a fragment renders (formats, time zone):
    start afresh rather than add every setting to the keys."""
    fragmenten.legen()
    _bewaard.legen()
