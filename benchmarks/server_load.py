"""Load on the sync server: many laptops doing incremental syncs over loopback.

    .venv/bin/python benchmarks/server_load.py                 # 100 devices, both backends
    .venv/bin/python benchmarks/server_load.py --quick         # 20 devices, 2 rounds
    .venv/bin/python benchmarks/server_load.py --backend postgres --devices 100 --rounds 5

Each simulated device belongs to a worker (two laptops per worker, three clients per
worker) and runs ``--rounds`` incremental syncs one after another: pull every page after its
cursor, then push ``--changes`` mutations (new notes, and edits of notes it wrote earlier).
Devices run concurrently (``--concurrency`` at a time). A real server process runs on a fresh
database: a SQLite file (one process) or a new PostgreSQL database (``--pg-workers``
processes), dropped afterwards. Prints throughput and p50/p95/p99 latencies per backend.
The workload is seeded; timings are whatever this machine gives.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fieldcm.sync.protocol import Mutation, RecordPayload  # noqa: E402
from tests.integration.server_harness import (  # noqa: E402
    ApiClient,
    ApiError,
    ServerProcess,
    create,
    new_client,
    postgres_unreachable_reason,
    running_server,
    unique,
    update,
)

SEED = 42
DEVICES_PER_WORKER = 2
CLIENTS_PER_WORKER = 3
SETUP_PARALLELISM = 8
PAGE_SIZE = 200
RETRY_ATTEMPTS = 8
RETRY_FIRST_DELAY_S = 0.2
T = TypeVar("T")


@dataclass
class Device:
    """One simulated laptop: its API client, its caseload and what it has written."""

    api: ApiClient
    client_ids: list[str]
    rng: random.Random
    cursor: str | None = None
    own_notes: dict[str, RecordPayload] = field(default_factory=dict)

    def next_mutations(self, count: int) -> list[Mutation]:
        mutations: list[Mutation] = []
        editable = list(self.own_notes.values())
        self.rng.shuffle(editable)
        for _ in range(count):
            if editable and self.rng.random() < 0.5:
                note = editable.pop()
                mutations.append(update(note, {"narrative": f"edit {self.rng.random():.6f}"}))
            else:
                client_id = self.rng.choice(self.client_ids)
                mutations.append(
                    create("note", {"narrative": "visit", "status": "draft"}, client_id=client_id)
                )
        return mutations


@dataclass
class Timings:
    sync: list[float] = field(default_factory=list)
    pull: list[float] = field(default_factory=list)
    push: list[float] = field(default_factory=list)
    pages: int = 0
    mutations: int = 0
    retries: Counter[int] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def retried(self, status: int) -> None:
        with self.lock:
            self.retries[status] += 1

    def add(self, sync: float, pull: float, push: float, pages: int, mutations: int) -> None:
        with self.lock:
            self.sync.append(sync)
            self.pull.append(pull)
            self.push.append(push)
            self.pages += pages
            self.mutations += mutations


def set_up_devices(server: ServerProcess, devices: int) -> list[Device]:
    """Teams, workers, assignments and enrolled laptops, through the admin CLI."""
    team = unique("bench-team")
    server.add_team(team)
    workers = [unique("bench-worker") for _ in range((devices + 1) // DEVICES_PER_WORKER)]
    caseloads = {w: [new_client() for _ in range(CLIENTS_PER_WORKER)] for w in workers}
    with ThreadPoolExecutor(SETUP_PARALLELISM) as pool:
        list(pool.map(lambda w: server.add_user(w, role="worker", team=team), workers))
        list(
            pool.map(
                lambda pair: server.assign(pair[0], pair[1]),
                [(cid, w) for w, clients in caseloads.items() for cid, _ in clients],
            )
        )
        owners = [workers[i // DEVICES_PER_WORKER] for i in range(devices)]
        apis = list(pool.map(lambda w: server.enroll(w, "Bench laptop"), owners))
    for worker, clients in caseloads.items():
        first = apis[owners.index(worker)]
        first.push([mutation for _, mutation in clients])
    return [
        Device(apis[i], [cid for cid, _ in caseloads[owner]], random.Random(SEED + i))
        for i, owner in enumerate(owners)
    ]


def with_retries(call: Callable[[], T], timings: Timings) -> T:
    """Retry "busy" (503) and "slow down" (429) the way the laptop's transport does."""
    delay = RETRY_FIRST_DELAY_S
    for _ in range(RETRY_ATTEMPTS):
        try:
            return call()
        except ApiError as error:
            if error.status not in (429, 503):
                raise
            timings.retried(error.status)
            detail = error.body.detail if isinstance(error.body.detail, dict) else {}
            time.sleep(float(detail.get("retry_after", delay)))
            delay *= 2
    return call()


def sync_once(device: Device, changes: int, timings: Timings) -> None:
    started = time.perf_counter()
    pages = 0
    while True:
        page = with_retries(lambda: device.api.pull(device.cursor, limit=PAGE_SIZE), timings)
        pages += 1
        device.cursor = page.cursor
        if not page.has_more:
            break
    pulled = time.perf_counter()
    mutations = device.next_mutations(changes)
    answer = with_retries(lambda: device.api.push(mutations), timings)
    for result in answer.results:
        if result.record is not None and result.record.kind == "note":
            device.own_notes[result.record.id] = result.record
        if result.status not in ("applied", "merged"):
            raise RuntimeError(f"unexpected answer {result.status}: {result.reason}")
    done = time.perf_counter()
    timings.add(done - started, pulled - started, done - pulled, pages, len(answer.results))


def run_load(
    devices: list[Device], rounds: int, changes: int, concurrency: int
) -> tuple[Timings, float]:
    timings = Timings()

    def device_run(device: Device) -> None:
        for _ in range(rounds):
            sync_once(device, changes, timings)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(device_run, d) for d in devices]:
            future.result()
    return timings, time.perf_counter() - started


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def report(backend: str, timings: Timings, wall: float, args: argparse.Namespace) -> None:
    syncs = len(timings.sync)
    print(
        f"\n== {backend}: {args.devices} devices x {args.rounds} syncs, {args.changes} changes each"
    )
    print(f"   wall {wall:.2f} s; concurrency {args.concurrency}; pages pulled {timings.pages}")
    retries = ", ".join(f"{n} x {status}" for status, n in sorted(timings.retries.items()))
    print(f"   retried (busy / rate limited): {retries or 'none'}")
    print(f"   throughput {syncs / wall:.1f} syncs/s, {timings.mutations / wall:.1f} mutations/s")
    for name, values in (("sync", timings.sync), ("pull", timings.pull), ("push", timings.push)):
        ms = [v * 1000 for v in values]
        print(
            f"   {name:<4} p50 {percentile(ms, 50):7.1f} ms  p95 {percentile(ms, 95):7.1f} ms  "
            f"p99 {percentile(ms, 99):7.1f} ms  mean {statistics.fmean(ms):7.1f} ms"
        )


def bench_backend(backend: str, args: argparse.Namespace) -> None:
    workers = args.pg_workers if backend == "postgres" else 1
    with (
        tempfile.TemporaryDirectory(prefix="fieldcm-bench-") as tmp,
        running_server(backend, Path(tmp), workers=workers) as server,
    ):
        setup_started = time.perf_counter()
        devices = set_up_devices(server, args.devices)
        setup_seconds = time.perf_counter() - setup_started
        print(f"[{backend}] set up {len(devices)} devices in {setup_seconds:.1f} s")
        run_load(devices, 1, args.changes, args.concurrency)  # warm-up: initial syncs
        timings, wall = run_load(devices, args.rounds, args.changes, args.concurrency)
        for device in devices:
            device.api.close()
    processes = f"{workers} server process{'es' if workers > 1 else ''}"
    report(f"{backend} ({processes})", timings, wall, args)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--devices", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5, help="incremental syncs per device")
    parser.add_argument("--changes", type=int, default=10, help="mutations pushed per sync")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--pg-workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="20 devices, 2 rounds")
    args = parser.parse_args(argv)
    if args.quick:
        args.devices, args.rounds = 20, 2
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    for backend in backends:
        if backend == "postgres" and (reason := postgres_unreachable_reason()):
            print(f"[postgres] skipped: {reason}")
            continue
        bench_backend(backend, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
