"""Crash test: a writer killed with SIGKILL at random moments never loses or half-writes a note.

A child process (``crash_writer.py``) creates notes in small transactions on a real SQLCipher
file and reports each transaction before (``BEGIN``) and after (``OK``) its commit. The parent
kills it at a random moment (seeded), reopens the file and checks:

* every note reported committed is there, with exactly one outbox entry and one search row;
* every note in the file was at least announced, and an announced but unconfirmed
  transaction is there whole or not at all;
* no outbox entry or search row exists without its note;
* ``PRAGMA integrity_check`` and FTS5's own integrity check pass.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from fieldcm.domain.records import new_id
from fieldcm.store import migrations
from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import dispose_engine, open_engine
from fieldcm.store.uow import UnitOfWork

WRITER = Path(__file__).resolve().parent / "crash_writer.py"
ROOT = Path(__file__).resolve().parents[3]
READY_TIMEOUT_S = 60


@dataclass
class Ledger:
    """What the children said, over every run."""

    committed: set[str] = field(default_factory=set)
    in_doubt: list[list[str]] = field(default_factory=list)
    """Per killed run: the transaction announced but not confirmed (if any)."""


def _run_and_kill(
    path: Path, key: DataKey, client_id: str, rng: random.Random, ledger: Ledger
) -> None:
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), client_id, str(rng.randrange(2**31))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(key.sqlcipher_hex() + "\n")
    child.stdin.close()
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line.strip())
            if line.startswith("READY"):
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        # Mostly kill while writing; sometimes while the child is still starting up.
        if rng.random() < 0.85:
            assert ready.wait(READY_TIMEOUT_S), child.stderr.read() if child.stderr else ""
        threading.Event().wait(rng.uniform(0.0, 0.4))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        reader.join()
    assert child.returncode == -signal.SIGKILL, (child.returncode, child.stderr)
    _record(lines, ledger)


def _record(lines: list[str], ledger: Ledger) -> None:
    announced: list[str] = []
    for line in lines:
        word, _, ids = line.partition(" ")
        if word == "BEGIN":
            announced = ids.split(",")
        elif word == "OK":
            assert ids.split(",") == announced
            ledger.committed.update(announced)
            announced = []
    ledger.in_doubt.append(announced)


def _check(engine: Engine, ledger: Ledger) -> int:
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"]
        for fts in ("search_index", "search_titles"):
            conn.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')"))
        conn.rollback()
    with UnitOfWork(engine, read_only=True) as uow:
        notes = {
            row.id: row.pk
            for row in uow.connection.execute(
                text("SELECT id, pk FROM records WHERE kind = 'note'")
            )
        }
        entries = Counter(
            uow.connection.execute(
                text("SELECT record_id FROM outbox WHERE op = 'create' AND kind = 'note'")
            ).scalars()
        )
        indexed = set(
            uow.connection.execute(
                text("SELECT -rowid FROM search_index WHERE kind = 'note'")
            ).scalars()
        )
        other_entries = uow.connection.execute(
            text("SELECT count(*) FROM outbox WHERE kind != 'note' OR op != 'create'")
        ).scalar_one()
    missing = ledger.committed - notes.keys()
    assert not missing, f"{len(missing)} committed notes lost"
    assert set(entries) == set(notes), "a note without its outbox entry, or the reverse"
    assert set(entries.values()) <= {1}, "a note with more than one create entry"
    assert indexed == set(notes.values()), "search rows and notes disagree"
    assert other_entries == 1  # the client's own create, written by the parent
    unconfirmed = set(notes) - ledger.committed
    whole = [batch for batch in ledger.in_doubt if set(batch) <= unconfirmed]
    assert unconfirmed == {note for batch in whole for note in batch}, "a half-written transaction"
    for batch in ledger.in_doubt:
        assert set(batch) <= set(notes) or not set(batch) & set(notes), "half a transaction"
    return len(notes)


def _crash_loop(tmp_path: Path, *, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    key = DataKey.generate()
    path = tmp_path / "store.db"
    engine = open_engine(path, key, create=True)
    migrations.upgrade(engine)
    client_id = new_id()
    with UnitOfWork(engine) as uow:
        uow.records.create("client", client_id, {"preferred_name": "Crash Test"})
        uow.commit()
    dispose_engine(engine)

    ledger = Ledger()
    for _ in range(kills):
        _run_and_kill(path, key, client_id, rng, ledger)
        engine = open_engine(path, key)
        try:
            _check(engine, ledger)
        finally:
            dispose_engine(engine)
    assert ledger.committed, "the writers never committed anything: the test proved nothing"
    in_doubt = sum(1 for batch in ledger.in_doubt if batch)
    print(f"{kills} kills, {len(ledger.committed)} notes confirmed, {in_doubt} kills mid-commit")


def test_sigkill_never_loses_or_half_writes_a_note(tmp_path: Path) -> None:
    _crash_loop(tmp_path, kills=30, seed=20260105)


@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.skipif(not os.environ.get("FIELDCM_STRESS"), reason="set FIELDCM_STRESS=1")
def test_sigkill_stress(tmp_path: Path) -> None:
    _crash_loop(tmp_path, kills=300, seed=int(os.environ.get("FIELDCM_SEED", "7")))
