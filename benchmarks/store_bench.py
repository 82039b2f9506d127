"""Local store benchmark: unlock, first caseload, search, bulk insert, SQLCipher vs plain SQLite.

    .venv/bin/python -m benchmarks.store_bench                 # 5,000 clients, 100,000 notes
    .venv/bin/python -m benchmarks.store_bench --quick         # 500 clients, 10,000 notes
    .venv/bin/python -m benchmarks.store_bench --clients 5000 --notes 100000 --repeats 7

Notes come from the shared deterministic workload (``/work/shared/bench/workload.py``, seed
42, bodies of ~1,200 characters); its client pool becomes the client records (synthetic
names), plus one planned visit for every third client and an alert for every tenth. All
writes go through ``UnitOfWork`` (record + outbox entry + search row, domain checks), in
transactions of ``--batch`` records, so the insert rate is what sync or a person would see.

The same data is written to a plain SQLite file (same library, same schema, same pragmas,
no key) for the read ratio. Figures are medians over ``--repeats`` runs; search percentiles
are over every query of every run.

Targets (issue 2): open plus caseload <= 100 ms; FTS p95 <= 50 ms; SQLCipher/plain read
ratio <= 1.3; KDF 0.3-0.8 s.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from fieldcm.store import migrations
from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import dispose_engine, open_engine
from fieldcm.store.uow import UnitOfWork

WORKLOAD = Path("/work/shared/bench/workload.py")
FIRST = "Ana Bo Cai Dara Eli Femi Gus Hana Ivo Jun Kira Lev Mae Nia Omar Pia Quin Rae Sol Tam"
LAST = "Abara Berg Costa Diaz Eze Fox Gray Haas Ito Jovic Kim Lund Moss Nunez Ortiz Park Reyes"
CONTACT_TYPES = {"home visit": "home", "shelter visit": "shelter", "phone": "phone"}
PLAIN_PRAGMAS = (
    "PRAGMA temp_store = MEMORY",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA busy_timeout = 10000",
)


# ---- data -----------------------------------------------------------------------------


def _workload() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fieldcm_bench_workload", WORKLOAD)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the shared workload at {WORKLOAD}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Dataset:
    clients: list[tuple[str, dict[str, Any]]]
    others: list[tuple[str, str, dict[str, Any]]]
    """``(kind, client_id, fields)`` in insertion order: notes, visits, alerts."""
    words: list[str]

    @property
    def size(self) -> int:
        return len(self.clients) + len(self.others)


def make_dataset(n_clients: int, n_notes: int) -> Dataset:
    workload = _workload()
    notes = workload.generate(n_notes)
    pool = sorted({n["client_id"] for n in notes})
    rng = random.Random(42)
    first, last = FIRST.split(), LAST.split()
    ids = pool[:n_clients] + [workload._uuid(rng) for _ in range(n_clients - len(pool))]
    clients = [
        (
            client_id,
            {
                "preferred_name": f"{rng.choice(first)} {rng.choice(last)}",
                "legal_name": f"{rng.choice(first)} {rng.choice(last)}",
                "risk_tier": rng.choice(("low", "moderate", "high")),
                "program": rng.choice(("ICM", "Outreach", "Housing First")),
            },
        )
        for client_id in ids
    ]
    known = set(ids)
    # With fewer clients than the workload's pool, spare notes go round-robin to the others.
    others: list[tuple[str, str, dict[str, Any]]] = [
        ("note", n["client_id"] if n["client_id"] in known else ids[i % len(ids)], _note(n))
        for i, n in enumerate(notes)
    ]
    for i, client_id in enumerate(ids):
        if i % 3 == 0:
            start = f"2026-07-{1 + i % 28:02d}T15:00:00Z"
            others.append(("encounter", client_id, {"type": "home", "planned_start": start}))
        if i % 10 == 0:
            others.append(("alert", client_id, _alert()))
    return Dataset(clients=clients, others=others, words=sorted(set(workload.WORDS)))


def _note(n: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": "draft",
        "format": "free",
        "sections": {"narrative": n["body"]},
        "service_start": n["started_at"],
        "service_end": n["ended_at"],
        "author_id": n["author"],
        "contact_type": CONTACT_TYPES.get(n["contact_type"], "street"),
        "location": n["location"],
    }


def _alert() -> dict[str, Any]:
    return {
        "type": "safety_flag",
        "severity": "urgent",
        "message": "Positive screen (synthetic)",
        "raised_at": "2026-06-01T10:00:00Z",
        "source_id": None,
        "notify": "worker",
    }


def build(engine: Engine, data: Dataset, batch: int) -> float:
    """Write the dataset through the unit of work; returns records per second.

    The rate counts the writes only; the search merge that follows is not in it.
    """
    rows: list[tuple[str, str, dict[str, Any]]] = [
        ("client", cid, fields) for cid, fields in data.clients
    ]
    rows += data.others
    start = time.perf_counter()
    for offset in range(0, len(rows), batch):
        with UnitOfWork(engine) as uow:
            for kind, client_id, fields in rows[offset : offset + batch]:
                uow.records.create(kind, client_id, fields)
            uow.commit()
    rate = len(rows) / (time.perf_counter() - start)
    # What the app does once after a first sync of this size: merge the search segments.
    with UnitOfWork(engine) as uow:
        uow.search.optimize()
        uow.commit()
    return rate


# ---- engines --------------------------------------------------------------------------


def open_plain(path: Path) -> Engine:
    """The same library and pragmas without a key: plain SQLite, for the read ratio."""

    def connect() -> Any:
        conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
        for pragma in PLAIN_PRAGMAS:
            conn.execute(pragma)
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool, pool_size=2)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("fieldcm_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


# ---- measurements ---------------------------------------------------------------------


@contextmanager
def timer(samples: list[float]) -> Iterator[None]:
    start = time.perf_counter()
    yield
    samples.append(time.perf_counter() - start)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure_kdf(repeats: int) -> tuple[str, list[float]]:
    """Unlock's KDF as the vault runs it (key file unwrap), else Argon2id at the floor."""
    try:
        from fieldcm.store import kdf, keyfile
    except ImportError:
        return _argon2_floor(repeats)
    passphrase = bytearray(b"correct horse battery staple synthetic")
    key_file = keyfile.enroll(
        DataKey.generate(),
        passphrase,
        user_id="bench-user",
        device_id="bench-device",
        params=kdf.PRODUCTION,
        floor=kdf.FLOOR,
    )
    samples: list[float] = []
    for _ in range(repeats):
        with timer(samples):
            keyfile.unwrap(key_file, passphrase).wipe()
    params = kdf.PRODUCTION
    label = f"keyfile.unwrap, Argon2id m={params.memory_kib // 1024} MiB t={params.iterations}"
    return f"{label} p={params.lanes}", samples


def _argon2_floor(repeats: int) -> tuple[str, list[float]]:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    samples: list[float] = []
    for _ in range(repeats):
        with timer(samples):
            Argon2id(
                salt=bytes(16), length=32, iterations=3, lanes=4, memory_cost=64 * 1024
            ).derive(b"synthetic passphrase")
    return "Argon2id m=64 MiB t=3 p=4 (no keyfile module)", samples


def measure_open_caseload(path: Path, key: DataKey, repeats: int) -> dict[str, list[float]]:
    """Open a fresh engine (self-check, schema check) and run the first caseload query."""
    out: dict[str, list[float]] = {"open": [], "caseload": [], "total": [], "cpu": []}
    for _ in range(repeats):
        cpu = time.process_time()
        start = time.perf_counter()
        engine = open_engine(path, key)
        migrations.upgrade(engine)
        opened = time.perf_counter()
        with UnitOfWork(engine, read_only=True) as uow:
            rows = uow.caseload()
        done = time.perf_counter()
        dispose_engine(engine)
        assert rows
        out["open"].append(opened - start)
        out["caseload"].append(done - opened)
        out["total"].append(done - start)
        out["cpu"].append(time.process_time() - cpu)
    return out


def queries(data: Dataset, count: int) -> list[str]:
    """A seeded mix of what people type: words, prefixes, pairs, names, misses."""
    rng = random.Random(7)
    words = data.words
    names = [fields["preferred_name"] for _, fields in data.clients]
    makers: list[Callable[[], str]] = [
        lambda: rng.choice(words),
        lambda: rng.choice(words)[: rng.randint(2, 4)],
        lambda: f"{rng.choice(words)} {rng.choice(words)}",
        lambda: f"{rng.choice(words)} {rng.choice(words)[:3]}",
        lambda: rng.choice(names).split()[rng.randint(0, 1)][: rng.randint(2, 5)],
        lambda: rng.choice(names),
        lambda: rng.choice(("zebra", "xylophone", "quokka")),
    ]
    return [rng.choice(makers)() for _ in range(count)]


def measure_search(
    engine: Engine, texts: list[str], repeats: int
) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of every query, after one warm-up pass (a store in use)."""
    wall: list[float] = []
    cpu: list[float] = []
    with UnitOfWork(engine, read_only=True) as uow:
        for text_ in texts:
            uow.search.query(text_)
        for _ in range(repeats):
            for text_ in texts:
                started, cpu_started = time.perf_counter(), time.process_time()
                uow.search.query(text_)
                wall.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
    return wall, cpu


def read_workload(engine: Engine, data: Dataset, texts: list[str]) -> Callable[[], None]:
    """The reads compared between SQLCipher and plain: caseload, timelines, search, gets."""
    rng = random.Random(11)
    clients = [cid for cid, _ in rng.sample(data.clients, min(200, len(data.clients)))]

    def run() -> None:
        with UnitOfWork(engine, read_only=True) as uow:
            uow.caseload()
            for client_id in clients:
                uow.records.for_client(client_id)
            for text_ in texts:
                uow.search.query(text_)
            for client_id in clients:
                uow.records.get(client_id)

    return run


def median_run(run: Callable[[], None], repeats: int) -> float:
    run()  # warm the page cache: both files are compared in use, not cold
    samples: list[float] = []
    for _ in range(repeats):
        with timer(samples):
            run()
    return statistics.median(samples)


# ---- report ---------------------------------------------------------------------------


def plain_reads_elsewhere(args: argparse.Namespace, plain_path: Path) -> float:
    """The plain reads in a fresh process: SQLCipher's memory security is process-wide, and
    once the encrypted store turned it on, plain connections here pay for it too."""
    command = [sys.executable, "-m", "benchmarks.store_bench", "--plain-reads", str(plain_path)]
    command += ["--clients", str(args.clients), "--notes", str(args.notes)]
    command += ["--repeats", str(args.repeats), "--queries", str(args.queries)]
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=root)
    return float(out.stdout.split()[-1])


def _plain_reads_only(args: argparse.Namespace) -> None:
    data = make_dataset(args.clients, args.notes)
    plain = open_plain(args.plain_reads)
    print(median_run(read_workload(plain, data, queries(data, args.queries)), args.repeats))
    plain.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="500 clients, 10,000 notes")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--batch", type=int, default=500, help="records per transaction")
    parser.add_argument("--plain-reads", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help="work folder, kept (default: a temporary one)")
    parser.add_argument(
        "--reuse", action="store_true", help="with --dir: measure reads on the stores built before"
    )
    args = parser.parse_args(argv)
    if args.plain_reads:
        _plain_reads_only(args)
        return
    if args.quick:
        args.clients, args.notes, args.repeats, args.queries = 500, 10_000, 3, 100

    work = args.dir or Path(tempfile.mkdtemp(prefix="fieldcm-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        run(args, work)
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)


def build_both(
    data: Dataset, key: DataKey, enc_path: Path, plain_path: Path, batch: int
) -> tuple[Engine, Engine]:
    for path in (enc_path, plain_path):
        for side in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            side.unlink(missing_ok=True)
    encrypted = open_engine(enc_path, key, create=True)
    migrations.upgrade(encrypted)
    enc_rate = build(encrypted, data, batch)
    plain = open_plain(plain_path)
    migrations.upgrade(plain)
    plain_rate = build(plain, data, batch)
    print(f"records written: {data.size} (+ as many outbox entries), batch {batch}")
    print(f"bulk insert        {enc_rate:8.0f} records/s encrypted, {plain_rate:.0f} plain")
    return encrypted, plain


def run(args: argparse.Namespace, work: Path) -> None:
    print(f"fieldcm store benchmark: {args.clients} clients, {args.notes} notes")
    print(f"python {sys.version.split()[0]}, SQLite {sqlcipher3.sqlite_version}, work {work}")
    print(f"load average at start {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    data = make_dataset(args.clients, args.notes)
    enc_path, plain_path, key_path = work / "encrypted.db", work / "plain.db", work / "bench.key"
    if args.reuse and enc_path.exists() and plain_path.exists() and key_path.exists():
        # A synthetic store from an earlier run of the same size: reads only.
        key = DataKey(bytes.fromhex(key_path.read_text()))
        encrypted, plain = open_engine(enc_path, key), open_plain(plain_path)
        print("bulk insert        skipped (--reuse)")
    else:
        key = DataKey.generate()
        key_path.write_text(key.sqlcipher_hex())
        encrypted, plain = build_both(data, key, enc_path, plain_path, args.batch)
    print(f"database size      {enc_path.stat().st_size / 2**20:8.1f} MiB")

    label, kdf = measure_kdf(args.repeats)
    print(f"unlock: KDF        {ms(statistics.median(kdf))}  ({label})")
    dispose_engine(encrypted)
    opened = measure_open_caseload(enc_path, key, args.repeats)
    print(
        f"unlock: open       {ms(statistics.median(opened['open']))}  (engine, self-check, schema)"
    )
    print(f"first caseload     {ms(statistics.median(opened['caseload']))}")
    print(
        f"open + caseload    {ms(statistics.median(opened['total']))}  (target <= 100 ms; "
        f"CPU {ms(statistics.median(opened['cpu'])).strip()})"
    )

    encrypted = open_engine(enc_path, key)
    texts = queries(data, args.queries)
    search, search_cpu = measure_search(encrypted, texts, args.repeats)
    print(
        f"FTS search         p50 {ms(percentile(search, 0.5))}, p95 {ms(percentile(search, 0.95))}"
        f", max {ms(max(search))} over {len(search)} queries (target p95 <= 50 ms)"
    )
    print(
        f"FTS search CPU     p50 {ms(percentile(search_cpu, 0.5))}, "
        f"p95 {ms(percentile(search_cpu, 0.95))}"
    )
    enc_reads = median_run(read_workload(encrypted, data, texts), args.repeats)
    same_process = median_run(read_workload(plain, data, texts), args.repeats)
    plain_reads = plain_reads_elsewhere(args, plain_path)
    print(
        f"read ratio         {enc_reads / plain_reads:8.2f}  SQLCipher/plain SQLite "
        f"({ms(enc_reads).strip()} vs {ms(plain_reads).strip()}; target <= 1.3)"
    )
    print(
        f"  cipher alone     {enc_reads / same_process:8.2f}  (plain file read in this process, "
        f"where cipher_memory_security is on for every connection: {ms(same_process).strip()})"
    )
    dispose_engine(encrypted)
    plain.dispose()


if __name__ == "__main__":
    main()
