"""K1: a random 256-bit key, applied as a SQLCipher raw key, first statement on every connection."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from sqlalchemy import event, text

from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import dispose_engine, open_engine, validate_hex_key
from fieldcm.store.vault import UnlockedStore
from tests.security.helpers import PASSPHRASE

RAW_KEY_STATEMENT = re.compile(r"""^PRAGMA key = "x'[0-9a-f]{64}'"$""")


def test_every_pooled_connection_starts_with_the_raw_key(tmp_path: Path) -> None:
    key = DataKey.generate()
    log: list[str] = []
    engine = open_engine(tmp_path / "k1.db", key, create=True, trace=log.append)
    assert RAW_KEY_STATEMENT.match(log[0]), log[:3]

    # Fresh connections only from here: split the trace at each new connection.
    dispose_engine(engine)
    log.clear()
    boundaries: list[int] = []
    event.listen(engine.pool, "connect", lambda *_: boundaries.append(len(log)))
    held = [engine.connect() for _ in range(4)]
    try:
        assert len(boundaries) == 4
        starts = [0, *boundaries[:-1]]
        for start in starts:
            assert RAW_KEY_STATEMENT.match(log[start]), log[start : start + 3]
        for conn in held:
            assert conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar() == 0
    finally:
        for conn in held:
            conn.close()
        dispose_engine(engine)
    key_statements = [s for s in log if key.sqlcipher_hex() in s]
    assert len(key_statements) == 4  # the key is in the key PRAGMA and nowhere else


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "A" * 64,  # upper case: SQLCipher would accept it, our format does not
        "a" * 63,
        "a" * 65,
        "g" * 64,
        "\u0660" * 64,  # Arabic-Indic digits are digits, but not hex
        "a" * 62 + "'\"",
        "a" * 32 + "'; ATTACH 'x.db' AS p; --" + "a" * 6,
        "a" * 64 + "\n",
    ],
)
def test_a_malformed_key_is_refused_before_it_reaches_sql(bad: str) -> None:
    with pytest.raises(ValueError, match="64 lowercase hex digits"):
        validate_hex_key(bad)


class _HostileKey:
    """Stands where a DataKey would, returning text that must never reach a PRAGMA."""

    def sqlcipher_hex(self) -> str:
        return "00'; ATTACH DATABASE 'leak.db' AS leak KEY ''; --"


def test_open_engine_refuses_a_non_hex_key_before_any_sql_runs(tmp_path: Path) -> None:
    log: list[str] = []
    hostile: Any = _HostileKey()
    for create in (True, False):
        with pytest.raises(ValueError):
            open_engine(tmp_path / "k1.db", hostile, create=create, trace=log.append)
    assert log == []
    assert list(tmp_path.iterdir()) == []


def test_the_passphrase_as_a_text_key_does_not_open_the_database(store: UnlockedStore) -> None:
    db = store.profile_dir / "fieldcm.db"
    store.lock()
    conn = sqlcipher3.connect(str(db))
    try:
        conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
        with pytest.raises(sqlcipher3.DatabaseError, match="file is not a database"):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def test_the_data_key_is_random_and_256_bits() -> None:
    keys = {DataKey.generate().sqlcipher_hex() for _ in range(64)}
    assert len(keys) == 64
    assert all(len(bytes.fromhex(k)) == 32 for k in keys)
