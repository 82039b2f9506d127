"""Regenerate ``store_v1.db``: a local store at schema 0001 holding unsynced work.

    .venv/bin/python -m tests.data.make_store_v1

The file is committed; ``tests/unit/store/test_migrations.py`` copies it, upgrades the copy to
the newest schema and checks that every value below is still there. Only regenerate it if
this description itself is wrong: its point is to be a file an old fieldcm really wrote.

Writes go through plain SQL against the 0001 tables (the current repositories speak the
newest schema). All content is synthetic.
"""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, text

from fieldcm.store import migrations
from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import dispose_engine, open_engine
from fieldcm.store.search import search_text

PATH: Final = Path(__file__).resolve().parent / "store_v1.db"
KEY_HEX: Final = "5eed" * 16
"""The fixture's data key (synthetic; it protects nothing real)."""

_rng = random.Random(20260105)


def _id() -> str:
    return str(uuid.UUID(int=_rng.getrandbits(128), version=4))


CLIENT_A, CLIENT_B, CLIENT_C = _id(), _id(), _id()
NOTE_A1, NOTE_A2, NOTE_A3, NOTE_B1, NOTE_B2, NOTE_B3 = (_id() for _ in range(6))
ENCOUNTER_C, ALERT_A, CONFLICT_1, FILE_1 = _id(), _id(), _id(), _id()
DEVICE_ID, USER_ID = _id(), _id()
CURSOR: Final = "feed:000000000042"
MADE_AT: Final = "2026-03-02T10:15:00.000000Z"
UPDATED_AT: Final = "2026-03-02T10:15:00.000000Z"


def _note(text_: str, start: str, status: str = "draft") -> dict[str, Any]:
    return {
        "status": status,
        "format": "free",
        "sections": {"narrative": text_},
        "service_start": start,
        "author_id": USER_ID,
        "custom_field_from_newer_server": {"kept": True},
    }


# record id -> (kind, client_id, fields shown, rev, deleted, server_fields, occurred_at)
RECORDS: Final[dict[str, tuple[str, str, dict[str, Any], int, bool, Any, str | None]]] = {
    CLIENT_A: (
        "client",
        CLIENT_A,
        {"preferred_name": "Rowan Vale", "risk_tier": "high", "program": "ICM"},
        2,
        False,
        {"preferred_name": "Rowan Vale", "risk_tier": "high", "program": "ICM"},
        None,
    ),
    CLIENT_B: (
        "client",
        CLIENT_B,
        {"preferred_name": "Sam Okoro", "risk_tier": "moderate", "program": "Outreach"},
        1,
        False,
        {"preferred_name": "Sam Okoro", "risk_tier": "low", "program": "Outreach"},
        None,
    ),
    CLIENT_C: (
        "client",
        CLIENT_C,
        {"preferred_name": "Ines Marchetti", "risk_tier": "low", "program": "ICM"},
        0,
        False,
        None,
        None,
    ),
    NOTE_A1: (
        "note",
        CLIENT_A,
        _note("synced visit, bus pass provided", "2026-02-20T09:00:00Z"),
        1,
        False,
        _note("synced visit, bus pass provided", "2026-02-20T09:00:00Z"),
        "2026-02-20T09:00:00.000000Z",
    ),
    NOTE_A2: (
        "note",
        CLIENT_A,
        _note("written offline in the car: shelter bed confirmed", "2026-03-01T14:30:00Z"),
        0,
        False,
        None,
        "2026-03-01T14:30:00.000000Z",
    ),
    NOTE_A3: (
        "note",
        CLIENT_A,
        _note("older synced note", "2026-01-10T11:00:00Z"),
        1,
        False,
        _note("older synced note", "2026-01-10T11:00:00Z"),
        "2026-01-10T11:00:00.000000Z",
    ),
    NOTE_B1: (
        "note",
        CLIENT_B,
        _note("edited offline: landlord called about arrears", "2026-02-25T16:00:00Z"),
        1,
        False,
        _note("landlord called", "2026-02-25T16:00:00Z"),
        "2026-02-25T16:00:00.000000Z",
    ),
    NOTE_B2: (
        "note",
        CLIENT_B,
        _note("duplicate note deleted offline", "2026-02-26T16:00:00Z"),
        1,
        True,
        _note("duplicate note deleted offline", "2026-02-26T16:00:00Z"),
        "2026-02-26T16:00:00.000000Z",
    ),
    NOTE_B3: (
        "note",
        CLIENT_B,
        _note("refused by the server: waits for a person", "2026-02-27T16:00:00Z"),
        1,
        False,
        _note("original", "2026-02-27T16:00:00Z"),
        "2026-02-27T16:00:00.000000Z",
    ),
    ENCOUNTER_C: (
        "encounter",
        CLIENT_C,
        {"type": "home", "planned_start": "2026-04-01T15:00:00Z", "purpose": "intake"},
        0,
        False,
        None,
        "2026-04-01T15:00:00.000000Z",
    ),
    ALERT_A: (
        "alert",
        CLIENT_A,
        {
            "type": "safety_flag",
            "severity": "urgent",
            "message": "Positive C-SSRS screen",
            "raised_at": "2026-02-20T09:30:00Z",
            "source_id": None,
            "notify": "worker",
        },
        1,
        False,
        "same",
        "2026-02-20T09:30:00.000000Z",
    ),
}


def server_fields_of(record_id: str) -> Any:
    _, _, fields, _, _, server, _ = RECORDS[record_id]
    return fields if server == "same" else server


def _create(record_id: str) -> dict[str, Any]:
    fields = RECORDS[record_id][2]
    return {name: {"base": None, "new": value} for name, value in fields.items()}


# (seq, mutation_id, record_id, op, base_rev, changes, state, attempts, reason_code, reason)
OUTBOX: Final[list[tuple[int, str, str, str, int, dict[str, Any], str, int, Any, Any]]] = [
    (1, _id(), CLIENT_C, "create", 0, _create(CLIENT_C), "pending", 0, None, None),
    (2, _id(), NOTE_A2, "create", 0, _create(NOTE_A2), "in_flight", 1, None, None),
    (
        3,
        _id(),
        CLIENT_B,
        "update",
        1,
        {"risk_tier": {"base": "low", "new": "moderate"}},
        "pending",
        0,
        None,
        None,
    ),
    (
        4,
        _id(),
        NOTE_B1,
        "update",
        1,
        {
            "sections": {
                "base": {"narrative": "landlord called"},
                "new": {"narrative": "edited offline: landlord called about arrears"},
            }
        },
        "pending",
        0,
        None,
        None,
    ),
    (5, _id(), NOTE_B2, "delete", 1, {}, "pending", 0, None, None),
    (
        6,
        _id(),
        NOTE_B3,
        "update",
        1,
        {
            "sections": {
                "base": {"narrative": "original"},
                "new": {"narrative": "refused by the server: waits for a person"},
            }
        },
        "needs_attention",
        2,
        "record_locked",
        "This note is signed and can no longer be changed.",
    ),
    (7, _id(), ENCOUNTER_C, "create", 0, _create(ENCOUNTER_C), "pending", 0, None, None),
]

CONFLICT: Final[dict[str, Any]] = {
    "id": CONFLICT_1,
    "kind": "client",
    "record_id": CLIENT_A,
    "client_id": CLIENT_A,
    "field": "program",
    "item_id": None,
    "base": "Outreach",
    "mine": "ICM",
    "theirs": "Housing First",
    "mine_by": {"user_id": USER_ID, "user_name": "Synthetic Worker", "at": "2026-02-21T10:00:00Z"},
    "theirs_by": None,
    "status": "open",
    "resolution": None,
    "resolved_by": None,
    "received_at": UPDATED_AT,
}

SYNC_STATE: Final[dict[str, Any]] = {
    "cursor": CURSOR,
    "last_successful_sync_at": "2026-02-28T18:00:00.000000Z",
    "last_attempt_at": "2026-03-02T09:00:00.000000Z",
    "last_error": "The agency server could not be reached.",
    "agency_settings": {"revision": 3, "auto_lock_minutes": 5},
    "device_id": DEVICE_ID,
    "user_id": USER_ID,
    "server_url": "https://fieldcm.example.org",
}

ATTACHMENT: Final[dict[str, Any]] = {
    "file_id": FILE_1,
    "client_id": CLIENT_A,
    "record_id": NOTE_A1,
    "name": "consent-scan.pdf",
    "mime": "application/pdf",
    "size": 48213,
    "sha256": "ab" * 32,
    "version": 1,
    "created_at": UPDATED_AT,
}


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write(conn: Connection) -> None:
    for pk, (record_id, (kind, client_id, fields, rev, deleted, _server, occurred)) in enumerate(
        RECORDS.items(), start=1
    ):
        conn.execute(
            text(
                "INSERT INTO records (pk, id, kind, client_id, fields, rev, deleted, "
                "occurred_at, local_updated_at, server_fields) VALUES (:pk, :id, :kind, "
                ":client_id, :fields, :rev, :deleted, :occurred, :updated, :server)"
            ),
            dict(
                pk=pk,
                id=record_id,
                kind=kind,
                client_id=client_id,
                fields=_dump(fields),
                rev=rev,
                deleted=int(deleted),
                occurred=occurred,
                updated=UPDATED_AT,
                server=_dump(server_fields_of(record_id)),
            ),
        )
        indexed = None if deleted else search_text(kind, fields)
        if indexed is not None:
            conn.execute(
                text(
                    "INSERT INTO search_index (rowid, record_id, client_id, kind, title, body) "
                    "VALUES (:pk, :id, :client_id, :kind, :title, :body)"
                ),
                dict(
                    pk=pk,
                    id=record_id,
                    client_id=client_id,
                    kind=kind,
                    title=indexed[0],
                    body=indexed[1],
                ),
            )
    for seq, mutation_id, record_id, op, base_rev, changes, state, attempts, code, reason in OUTBOX:
        kind, client_id = RECORDS[record_id][0], RECORDS[record_id][1]
        conn.execute(
            text(
                "INSERT INTO outbox (seq, mutation_id, record_id, kind, client_id, op, base_rev, "
                "changes, made_at, state, attempts, reason_code, reason) VALUES (:seq, :mid, "
                ":rid, :kind, :client_id, :op, :base_rev, :changes, :made_at, :state, "
                ":attempts, :code, :reason)"
            ),
            dict(
                seq=seq,
                mid=mutation_id,
                rid=record_id,
                kind=kind,
                client_id=client_id,
                op=op,
                base_rev=base_rev,
                changes=_dump(changes),
                made_at=MADE_AT,
                state=state,
                attempts=attempts,
                code=code,
                reason=reason,
            ),
        )
    json_columns = ("base", "mine", "theirs", "mine_by", "theirs_by", "resolution", "resolved_by")
    conflict = {k: _dump(v) if k in json_columns else v for k, v in CONFLICT.items()}
    conn.execute(
        text(
            f"INSERT INTO conflicts ({', '.join(conflict)}) "
            f"VALUES ({', '.join(':' + k for k in conflict)})"
        ),
        conflict,
    )
    sync = {**SYNC_STATE, "agency_settings": _dump(SYNC_STATE["agency_settings"])}
    conn.execute(
        text(f"UPDATE sync_state SET {', '.join(f'{k} = :{k}' for k in sync)} WHERE id = 1"),
        sync,
    )
    conn.execute(
        text(
            f"INSERT INTO attachments_index ({', '.join(ATTACHMENT)}) "
            f"VALUES ({', '.join(':' + k for k in ATTACHMENT)})"
        ),
        ATTACHMENT,
    )


def main() -> None:
    PATH.unlink(missing_ok=True)
    engine = open_engine(PATH, DataKey(bytes.fromhex(KEY_HEX)), create=True)
    try:
        migrations.upgrade(engine, target="0001")
        with engine.connect() as conn:
            conn.execution_options(fieldcm_begin="IMMEDIATE")
            _write(conn)
            conn.commit()
    finally:
        dispose_engine(engine)
    print(f"wrote {PATH} at schema 0001")


if __name__ == "__main__":
    main()
