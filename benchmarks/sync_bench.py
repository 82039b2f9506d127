"""Sync benchmark: the real engine, a real server process, real SQLCipher profiles.

    .venv/bin/python benchmarks/sync_bench.py                        # N = 1,000 and 10,000
    .venv/bin/python benchmarks/sync_bench.py --sizes 1000 10000 50000 --repeats 3
    .venv/bin/python benchmarks/sync_bench.py --backend postgres --sizes 10000

Scenarios (issue 4), notes from the shared workload (``/work/shared/bench/workload.py``):

    S1  a laptop holding N notes (and their N/20 clients) pushes them to an empty server
    S2  a fresh laptop of the same worker pulls them (paged, written into SQLCipher)
    S3  ten edits (``apply_edit``) on one laptop: its sync, then the other laptop's
    S4  a sync with nothing to do
    S5  both laptops edit the same note field offline, then sync (A, B, A): the outcome

Each repeat starts a fresh server database. Bytes are counted on the wire by a loopback
relay between the laptops and the server (headers, gzip and all; the relay's own cost is
included in the times, so they are slightly pessimistic). Requests are counted by the relay
too (one per HTTP request line). Medians over ``--repeats``.
"""

from __future__ import annotations

import argparse
import importlib.util
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fieldcm.store.uow import UnitOfWork  # noqa: E402
from fieldcm.sync.engine import SyncResult  # noqa: E402
from tests.integration.server_harness import LOOPBACK, running_server  # noqa: E402
from tests.integration.sync.laptops import Laptop, Office  # noqa: E402

WORKLOAD = Path("/work/shared/bench/workload.py")
CONTACT_TYPES = {"home visit": "home", "shelter visit": "shelter", "phone": "phone"}


# ---- a byte-counting relay -------------------------------------------------------------


@dataclass
class Meter:
    up: int = 0
    down: int = 0
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.up = self.down = self.requests = 0

    def snapshot(self) -> tuple[int, int, int]:
        with self.lock:
            return self.up, self.down, self.requests


class Relay:
    """Relays bytes both ways and counts them; counts request lines going up."""

    METHODS = (b"GET ", b"POST ", b"PUT ", b"DELETE ", b"PATCH ")

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.meter = Meter()
        self._listener = socket.create_server((LOOPBACK, 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def close(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection((LOOPBACK, self.upstream_port))
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, up: bool) -> None:
        try:
            while True:
                data = source.recv(262144)
                if not data:
                    break
                with self.meter.lock:
                    if up:
                        self.meter.up += len(data)
                        self.meter.requests += sum(data.count(b"\r\n" + m) for m in self.METHODS)
                        self.meter.requests += int(data.startswith(self.METHODS))
                    else:
                        self.meter.down += len(data)
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


# ---- the workload ----------------------------------------------------------------------


def _workload() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fieldcm_bench_workload", WORKLOAD)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the shared workload at {WORKLOAD}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _note_fields(note: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": "draft",
        "format": "free",
        "narrative": note["body"],
        "service_start": note["started_at"],
        "service_end": note["ended_at"],
        "author_id": note["author"],
        "contact_type": CONTACT_TYPES.get(note["contact_type"], "street"),
        "location": note["location"],
    }


def load_notes(laptop: Laptop, notes: list[dict[str, Any]]) -> None:
    """The laptop writes every note (and creates its clients) as a worker would, offline."""
    clients = sorted({n["client_id"] for n in notes})
    with UnitOfWork(laptop.store.engine) as uow:
        for number, client_id in enumerate(clients):
            uow.records.create(
                "client",
                client_id,
                {"preferred_name": f"Bench Client {number:05d}", "program": "ICM"},
                client_id,
            )
        for note in notes:
            uow.records.create("note", note["client_id"], _note_fields(note), note["id"])
        uow.commit()


# ---- one run ---------------------------------------------------------------------------


@dataclass
class Figure:
    seconds: float
    up: int
    down: int
    requests: int
    app_up: int = 0
    app_down: int = 0
    app_requests: int = 0
    """What the app's own transport meter counted (``SyncResult.progress``)."""


@dataclass
class Run:
    figures: dict[str, Figure] = field(default_factory=dict)
    s5_outcome: str = ""


def measure(relay: Relay, action: Callable[[], Any]) -> Figure:
    relay.meter.reset()
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    results = result if isinstance(result, list) else [result]
    for one in results:
        if not one.ok:
            raise SystemExit(f"sync failed: {one.status} {one.message}")
    up, down, requests = relay.meter.snapshot()
    return Figure(
        elapsed,
        up,
        down,
        requests,
        sum(r.progress.bytes_up for r in results),
        sum(r.progress.bytes_down for r in results),
        sum(r.progress.requests for r in results),
    )


def one_run(n: int, backend: str, workdir: Path, workload: ModuleType) -> Run:
    notes = workload.generate(n)
    run = Run()
    with running_server(backend, workdir / "server") as server:
        relay = Relay(server.port)
        office = Office(server, workdir)
        try:
            worker = office.person()
            a, b = office.laptop(worker), office.laptop(worker)
            load_notes(a, notes)
            run.figures["S1 push"] = measure(relay, lambda: a.sync(via=relay.url))
            run.figures["S2 pull"] = measure(relay, lambda: b.sync(via=relay.url))
            by_id = {note["id"]: note for note in notes}
            ids = workload.edit_ids(notes, 10)
            for note_id in ids:
                edit = workload.apply_edit(by_id[note_id], "A")
                a.update(note_id, {"narrative": edit["body"], "edited_by": edit["edited_by"]})
            run.figures["S3 edits, sender"] = measure(relay, lambda: a.sync(via=relay.url))
            run.figures["S3 edits, receiver"] = measure(relay, lambda: b.sync(via=relay.url))
            run.figures["S4 nothing to do"] = measure(relay, lambda: b.sync(via=relay.url))
            run.figures["S5 same field"], run.s5_outcome = _same_field(relay, a, b, notes, workload)
        finally:
            relay.close()
            office.close()
    return run


def _same_field(
    relay: Relay, a: Laptop, b: Laptop, notes: list[dict[str, Any]], workload: ModuleType
) -> tuple[Figure, str]:
    target = workload.edit_ids(notes, 1, offset=7)[0]
    note = next(n for n in notes if n["id"] == target)
    for laptop, tag in ((a, "A"), (b, "B")):
        edit = workload.apply_edit(note, tag)
        laptop.update(target, {"narrative": edit["body"], "edited_by": edit["edited_by"]})

    def both() -> list[SyncResult]:
        return [laptop.sync(via=relay.url) for laptop in (a, b, a)]

    figure = measure(relay, both)
    seen = []
    for laptop in (a, b):
        values = {c.mine for c in laptop.conflicts() if c.record_id == target} | {
            c.theirs for c in laptop.conflicts() if c.record_id == target
        }
        both_kept = any("[edited by A]" in str(v) for v in values) and any(
            "[edited by B]" in str(v) for v in values
        )
        seen.append(both_kept)
    outcome = "conflict with both values on both laptops" if all(seen) else f"NOT KEPT {seen}"
    return figure, outcome


# ---- reporting -------------------------------------------------------------------------


def _median(runs: list[Run], name: str) -> Figure:
    figures = [r.figures[name] for r in runs]
    return Figure(
        statistics.median(f.seconds for f in figures),
        int(statistics.median(f.up for f in figures)),
        int(statistics.median(f.down for f in figures)),
        int(statistics.median(f.requests for f in figures)),
        int(statistics.median(f.app_up for f in figures)),
        int(statistics.median(f.app_down for f in figures)),
        int(statistics.median(f.app_requests for f in figures)),
    )


def report(n: int, backend: str, runs: list[Run]) -> list[str]:
    lines = [
        f"### N = {n:,} ({backend}, median of {len(runs)})",
        "",
        "| scenario | wall time | up | down | requests | app's meter: up / down / requests |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name in runs[0].figures:
        f = _median(runs, name)
        lines.append(
            f"| {name} | {f.seconds:.3f} s | {_size(f.up)} | {_size(f.down)} | {f.requests} "
            f"| {_size(f.app_up)} / {_size(f.app_down)} / {f.app_requests} |"
        )
    outcomes = sorted({r.s5_outcome for r in runs})
    lines += ["", f"S5 outcome: {'; '.join(outcomes)} ({len(runs)} of {len(runs)} runs)", ""]
    return lines


def _size(count: int) -> str:
    if count >= 1 << 20:
        return f"{count / (1 << 20):.2f} MB"
    if count >= 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count} B"


@contextmanager
def _workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="fieldcm-sync-bench-") as folder:
        yield Path(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args(argv)
    workload = _workload()
    for n in args.sizes:
        runs = []
        for repeat in range(args.repeats):
            with _workdir() as folder:
                runs.append(one_run(n, args.backend, folder, workload))
            print(f"  N={n} run {repeat + 1}/{args.repeats} done", file=sys.stderr, flush=True)
        print("\n".join(report(n, args.backend, runs)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
