"""Activities as the timeline reads them, without the database: for the timeline's tests (page and paper)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Partij:
    naam: str


@dataclass(frozen=True)
class Rij:
    """Shaped like an Activiteit with its verantwoordelijke selected."""

    titel: str
    start_jaar: int = 2026
    start_kwartaal: int = 1
    eind_jaar: int = 2026
    eind_kwartaal: int = 4
    prioriteit: int = 2
    voortgang: str = "gepland"
    verantwoordelijke: Partij = Partij("Zorggroep Mijnstreek")
