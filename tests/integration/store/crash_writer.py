"""Child process of the crash test: writes notes until it is killed.

    python crash_writer.py DB_PATH CLIENT_ID SEED < key-hex-on-stdin

Protocol on stdout, one line each, flushed at once:
    READY                  the store is open
    BEGIN id,id,...        a transaction with these notes is about to commit
    OK id,id,...           that transaction has committed
The parent kills this process with SIGKILL at a random moment.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fieldcm.domain.records import new_id
from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import open_engine
from fieldcm.store.uow import UnitOfWork

WORDS = ("client", "housing", "stable", "safety", "plan", "medication", "food", "bank", "shelter")


def _note(rng: random.Random) -> dict[str, object]:
    start = datetime(2026, 1, 5, tzinfo=UTC) + timedelta(minutes=rng.randrange(200_000))
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(20, 200)))
    return {
        "status": "draft",
        "format": "free",
        "sections": {"narrative": body},
        "service_start": start.isoformat().replace("+00:00", "Z"),
        "author_id": "worker-1",
    }


def main() -> None:
    path, client_id, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    key = DataKey(bytes.fromhex(sys.stdin.readline().strip()))
    rng = random.Random(seed)
    engine = open_engine(path, key)
    print("READY", flush=True)
    while True:
        ids = [new_id() for _ in range(rng.randint(1, 3))]
        with UnitOfWork(engine) as uow:
            for note_id in ids:
                uow.records.create("note", client_id, _note(rng), record_id=note_id)
            print("BEGIN " + ",".join(ids), flush=True)
            uow.commit()
        print("OK " + ",".join(ids), flush=True)


if __name__ == "__main__":
    main()
