"""CPU seconds per test, for finding where the suite's time goes (not loaded by default).

    CPUMETING=var/cpu.jsonl .venv/bin/pytest -p tests.cpumeting -n 2 ...

Wall-clock time says little on a shared machine; CPU time does. For every test (setup, call and teardown together)
one JSON line in the file named by CPUMETING (one file per xdist worker: `.gw0`, `.gw1` appended):
- `proces`: CPU of the test process, all its threads (so the live server's thread is in it);
- `kinderen`: CPU of child processes that ended during the test (Celery workers, gunicorn, the backup commands;
  chromium only when its Playwright driver ends, at the end of the session);
- `postgres`: CPU of the PostgreSQL backends connected to this test database, from /proc (those that closed during
  the test are missed);
- `klok`: wall-clock seconds.
`tests/cpumeting.py --samenvatting FILE...` prints totals and the top tests, per area (folder or module).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

_TIK = os.sysconf("SC_CLK_TCK")


def _kinderen() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


class _Postgres:
    """CPU of this test database's backends, read from /proc (the server runs on this machine)."""

    def __init__(self) -> None:
        self.gezien: dict[int, float] = {}
        self.verbinding: Any = None

    def _pids(self) -> list[int]:
        from django.db import connection

        naam = connection.settings_dict.get("NAME")
        if not naam or connection.vendor != "postgresql":
            return []
        if self.verbinding is None:
            import psycopg

            instellingen = connection.settings_dict
            self.verbinding = psycopg.connect(
                host=instellingen["HOST"] or None,
                port=instellingen["PORT"] or None,
                user=instellingen["USER"],
                password=instellingen["PASSWORD"] or None,
                dbname="postgres",
                autocommit=True,
            )
        rijen = self.verbinding.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [naam]
        ).fetchall()
        return [r[0] for r in rijen]

    def delta(self) -> float:
        try:
            pids = self._pids()
        except Exception:
            return 0.0
        totaal = 0.0
        for pid in pids:
            try:
                velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            cpu = (int(velden[11]) + int(velden[12])) / _TIK
            totaal += cpu - self.gezien.get(pid, 0.0)
            self.gezien[pid] = cpu
        return totaal


class CpuMeting:
    def __init__(self, pad: str) -> None:
        werker = os.environ.get("PYTEST_XDIST_WORKER")
        self.pad = Path(f"{pad}.{werker}" if werker else pad)
        self.pad.parent.mkdir(parents=True, exist_ok=True)
        self.bestand = self.pad.open("w", encoding="utf-8")
        self.postgres = _Postgres()
        self.start = (time.process_time(), _kinderen(), time.perf_counter())

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Any:
        begin = (time.process_time(), _kinderen(), self.postgres.delta(), time.perf_counter())
        yield
        regel = {
            "test": item.nodeid,
            "proces": round(time.process_time() - begin[0], 3),
            "kinderen": round(_kinderen() - begin[1], 3),
            "postgres": round(self.postgres.delta(), 3),
            "klok": round(time.perf_counter() - begin[3], 3),
        }
        self.bestand.write(json.dumps(regel) + "\n")
        self.bestand.flush()

    def pytest_sessionfinish(self) -> None:
        regel = {
            "sessie": True,
            "proces": round(time.process_time() - self.start[0], 3),
            "kinderen": round(_kinderen() - self.start[1], 3),
            "klok": round(time.perf_counter() - self.start[2], 3),
        }
        self.bestand.write(json.dumps(regel) + "\n")
        self.bestand.close()


def pytest_configure(config: pytest.Config) -> None:
    pad = os.environ.get("CPUMETING")
    # Only where tests run: in each xdist worker, or in a serial run (not in the xdist controller).
    controller = bool(getattr(config.option, "numprocesses", None)) and not hasattr(config, "workerinput")
    if pad and not controller:
        config.pluginmanager.register(CpuMeting(pad), "cpumeting")


def _gebied(nodeid: str) -> str:
    pad = nodeid.split("::")[0]
    delen = pad.split("/")
    return "/".join(delen[:2]) if len(delen) > 2 else pad


def samenvatting(paden: list[str], top: int = 15) -> None:
    tests: list[dict[str, Any]] = []
    sessies: list[dict[str, Any]] = []
    for pad in paden:
        for regel in Path(pad).read_text(encoding="utf-8").splitlines():
            r = json.loads(regel)
            (sessies if r.get("sessie") else tests).append(r)
    for r in tests:
        r["cpu"] = r["proces"] + r["kinderen"] + r["postgres"]
    som = {k: sum(r[k] for r in tests) for k in ("proces", "kinderen", "postgres", "cpu", "klok")}
    print(f"{len(tests)} tests; CPU s: " + ", ".join(f"{k} {v:.0f}" for k, v in som.items()))
    for s in sessies:
        print(f"session (worker): proces {s['proces']:.0f}, kinderen {s['kinderen']:.0f}, klok {s['klok']:.0f}")
    gebieden: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for r in tests:
        g = gebieden[_gebied(r["test"])]
        g[0] += r["cpu"]
        g[1] += r["klok"]
        g[2] += 1
    print("\n| area | tests | CPU s | wall s |\n| --- | ---: | ---: | ---: |")
    for naam, (cpu, klok, n) in sorted(gebieden.items(), key=lambda kv: -kv[1][0])[:top]:
        print(f"| {naam} | {n} | {cpu:.1f} | {klok:.1f} |")
    print("\n| test | CPU s (proc+children+pg) | wall s |\n| --- | ---: | ---: |")
    for r in sorted(tests, key=lambda r: -r["cpu"])[:top]:
        print(
            f"| {r['test']} | {r['cpu']:.2f} ({r['proces']:.2f}+{r['kinderen']:.2f}+{r['postgres']:.2f})"
            f" | {r['klok']:.2f} |"
        )


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--samenvatting":
        samenvatting(args[1:])
