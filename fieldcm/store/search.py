"""Full-text search over records (FTS5 inside the encrypted file).

What is indexed comes from ``KindSpec.search_fields``: plain text values become the row's
``title`` (names, short labels), nested lists and mappings of text (note sections, item
lists) are flattened into its ``body``. The index row's rowid is ``records.pk``, so keeping it
current on every write is a rowid lookup.

A person's typing never reaches FTS5's query language: each word is quoted (quotes inside
doubled), so ``"`` or ``NEAR(`` or ``*`` search for themselves instead of raising a syntax
error. Results follow the typing: the last word is a prefix (the one being typed), the words
before it are whole words.

Order: records whose title matches (names, labels: few, ranked by BM25) come first, then the
other matches newest first (by rowid, i.e. most recently written on this laptop). Ranking
every match by BM25 was measured at 130-220 ms for common words over 100,000 notes, because
FTS5 must score every matching row; walking the index in rowid order stops after ``limit``
rows (p95 about 11 ms on the same store).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import text

from fieldcm.domain.records import KINDS
from fieldcm.store.repo_base import StoreContext

SNIPPET_OPEN: Final = "\u00ab"
SNIPPET_CLOSE: Final = "\u00bb"
"""Marks around matched words in :attr:`SearchHit.snippet` (the UI turns them into bold)."""
MIN_PREFIX: Final = 2
"""Shorter words match whole words only: "a*" would match most of the index, slowly."""
MAX_TERMS: Final = 12
"""Words beyond this are ignored: a pasted paragraph must not become a huge query."""

_WORD = re.compile(r"\S+")
# Control characters (NUL above all: FTS5 reads the query as a C string) become spaces.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SELECT = (
    "SELECT rowid, record_id, client_id, kind, "
    "snippet(search_index, -1, :open, :close, '…', 12) "
    "FROM search_index WHERE search_index MATCH :match "
)
_SCOPE = "AND (:client_id IS NULL OR client_id = :client_id) "
_TITLES = text(_SELECT + _SCOPE + "ORDER BY rank LIMIT :limit")
_NEWEST = text(_SELECT + _SCOPE + "ORDER BY rowid DESC LIMIT :limit")
_INSERT = text(
    "INSERT INTO search_index(rowid, record_id, client_id, kind, title, body) "
    "VALUES (:pk, :record_id, :client_id, :kind, :title, :body)"
)
_DELETE = text("DELETE FROM search_index WHERE rowid = :pk")
_DELETE_CLIENT = text(
    "DELETE FROM search_index WHERE rowid IN (SELECT pk FROM records WHERE client_id = :client_id)"
)


@dataclass(frozen=True)
class SearchHit:
    record_id: str
    client_id: str
    kind: str
    snippet: str


def _texts(value: Any) -> Iterator[str]:
    """Every string inside ``value``, skipping item ids (they are not words anyone types)."""
    if isinstance(value, str):
        if value.strip():
            yield value
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            if key != "id":
                yield from _texts(inner)
    elif isinstance(value, Sequence):
        for inner in value:
            yield from _texts(inner)


def search_text(kind: str, fields: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(title, body)`` to index for a record, or ``None`` when nothing of it is searched."""
    spec = KINDS.get(kind)
    if spec is None or not spec.search_fields:
        return None
    title: list[str] = []
    body: list[str] = []
    for name in spec.search_fields:
        value = fields.get(name)
        (title if isinstance(value, str) else body).extend(_texts(value))
    if not title and not body:
        return None
    return " · ".join(title), "\n".join(body)


def fts_query(user_text: str) -> str | None:
    """A safe FTS5 query matching records that contain every word typed.

    The last word is a prefix when it has ``MIN_PREFIX`` characters or more; the others are
    whole words (a prefix of four letters or more has no prefix index and costs a scan of
    every matching row, so only the word being typed pays it). Words without a letter or
    digit are dropped: they index nothing, and an empty phrase would match nothing.
    ``None`` when no word is left.
    """
    words = [
        word
        for word in _WORD.findall(_CONTROL.sub(" ", user_text))
        if any(ch.isalnum() for ch in word)
    ][:MAX_TERMS]
    if not words:
        return None
    terms = ['"' + word.replace('"', '""') + '"' for word in words]
    if len(words[-1]) >= MIN_PREFIX:
        terms[-1] += "*"
    return " ".join(terms)


class SearchRepository:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def query(
        self, user_text: str, limit: int = 20, *, client_id: str | None = None
    ) -> list[SearchHit]:
        """Records matching every word typed: title matches first, then newest first."""
        match = fts_query(user_text)
        if match is None or limit <= 0:
            return []
        params = {
            "open": SNIPPET_OPEN,
            "close": SNIPPET_CLOSE,
            "limit": limit,
            "client_id": client_id,
        }
        conn = self._ctx.conn
        titles = conn.execute(_TITLES, {**params, "match": f"title : ({match})"}).all()
        seen = {row[0] for row in titles}
        newest = conn.execute(_NEWEST, {**params, "match": match, "limit": limit + len(seen)})
        rows = [*titles, *(row for row in newest if row[0] not in seen)]
        return [SearchHit(*row[1:]) for row in rows[:limit]]

    # ---- kept current by the record repository --------------------------------------

    def put(
        self,
        pk: int,
        *,
        record_id: str,
        client_id: str,
        kind: str,
        fields: Mapping[str, Any],
        new: bool = False,
    ) -> None:
        """Index (or re-index) a live record; removes its row if nothing of it is searched.

        ``new``: the record was just inserted, so there is no old row to remove.
        """
        if not new:
            self.remove(pk)
        indexed = search_text(kind, fields)
        if indexed is None:
            return
        title, body = indexed
        self._ctx.conn.execute(
            _INSERT,
            {
                "pk": pk,
                "record_id": record_id,
                "client_id": client_id,
                "kind": kind,
                "title": title,
                "body": body,
            },
        )

    def remove(self, pk: int) -> None:
        self._ctx.conn.execute(_DELETE, {"pk": pk})

    def remove_client(self, client_id: str) -> None:
        """Drop every search row of a client's records (run before the records go)."""
        self._ctx.conn.execute(_DELETE_CLIENT, {"client_id": client_id})
