"""Back-fill `Cijfer.behouden_bij` (0013) for values kept at empty cells by imports stored before it.

What can be derived: an import stored with "oude waarde behouden" lists the kept values it showed at the check step
(`Importbestand.oude_waarden`: indicator and gemeente by name, year, value, source; the first
MAX_OUDE_WAARDEN_GETOOND of them). Such a figure is marked as kept by that import when it still stands as it was
(same value and source) and no import wrote it since (its own import was stored before, or it has none). Imports
are taken in the order they were stored, so the latest one that kept a value is named, as the import does now.

What cannot: a kept value beyond the listed ones (`aantal_oude_waarden` larger than the list). Which cells a file
left empty is only in the uploaded file, which is removed after the retention period, and reading it again would
mean running today's import code on historical models. A name that matches two figures (two indicators or
gemeenten of one name) is left alone rather than guessed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import migrations
from django.db.models import Q

# Values are stored with 6 decimals; the list holds them as floats.
MARGE = Decimal("0.000001")


def terugvullen(apps: Any, schema_editor: Any) -> None:
    Importbestand = apps.get_model("regiobeeld", "Importbestand")
    Cijfer = apps.get_model("regiobeeld", "Cijfer")
    importen = Importbestand.objects.filter(
        status="opgeslagen", lege_cellen="behouden", opgeslagen_op__isnull=False
    ).order_by("opgeslagen_op", "pk")
    for imp in importen:
        gezocht: dict[tuple[str, str, int], list[tuple[Decimal, str]]] = {}
        for w in imp.oude_waarden if isinstance(imp.oude_waarden, list) else []:
            try:
                sleutel = (str(w["indicator"]), str(w["gemeente"]), int(w["jaar"]))
                gezocht.setdefault(sleutel, []).append((Decimal(str(w["waarde"])), str(w["bron"])))
            except (KeyError, TypeError, ValueError, ArithmeticError):
                continue  # a damaged entry derives nothing
        if not gezocht:
            continue
        kandidaten = (
            Cijfer.objects.filter(
                regio_id=imp.regio_id,
                behouden_bij__isnull=True,
                jaar__in={s[2] for s in gezocht},
                indicator__naam__in={s[0] for s in gezocht},
                gemeente__naam__in={s[1] for s in gezocht},
            )
            # Not written since this import: by an older import, or by none (demo, a script).
            .filter(Q(importbestand__isnull=True) | Q(importbestand__opgeslagen_op__lt=imp.opgeslagen_op))
            .values_list("pk", "indicator__naam", "gemeente__naam", "jaar", "waarde", "bron")
        )
        per_sleutel: dict[tuple[str, str, int], list[int]] = {}
        for pk, indicator, gemeente, jaar, waarde, bron in kandidaten:
            sleutel = (indicator, gemeente, int(jaar))
            if any(abs(waarde - w) <= MARGE and bron == b for w, b in gezocht.get(sleutel, ())):
                per_sleutel.setdefault(sleutel, []).append(pk)
        pks = [p[0] for p in per_sleutel.values() if len(p) == 1]
        if pks:
            Cijfer.objects.filter(pk__in=pks).update(behouden_bij=imp.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("regiobeeld", "0014_import_rijen_optellen"),
    ]

    # Backwards nothing to undo: 0013's reverse removes the column, and a back-filled mark cannot be told apart
    # from one an import set.
    operations = [migrations.RunPython(terugvullen, migrations.RunPython.noop)]
