"""Full-text search over records (FTS5 inside the encrypted file).

What is indexed comes from ``KindSpec.search_fields``: plain text values become the row's
``title`` (names, short labels), nested lists and mappings of text (note sections, item
lists) are flattened into its ``body``. Every searched record has a row in ``search_index``
(title and body); records with a title also have one in ``search_titles``. Both are keyed by
``-records.pk``, so keeping them current on every write is a rowid lookup.

A person's typing never reaches FTS5's query language: each word is quoted (quotes inside
doubled), so ``"`` or ``NEAR(`` or ``*`` search for themselves instead of raising a syntax
error. Results follow the typing: the last word is a prefix (the one being typed), the words
before it are whole words.

Order: records whose title matches (names, labels, from the small ``search_titles``) come
first, then the other matches; each group newest first (most recently written on this
laptop). No BM25 ranking: FTS5 must score every matching row before it can sort, which was
measured at 130-220 ms for common words over 100,000 notes, and still 46 ms for a program
name shared by 1,700 clients' titles (``cipher_memory_security`` makes FTS5's many small
allocations dear); walking the index in rowid order stops after ``limit`` rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

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
_TOKEN = re.compile(r"\w+")
# Control characters (NUL above all: FTS5 reads the query as a C string) become spaces.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Ascending rowid is newest first (rowid = -records.pk): FTS5 walks its index in that order
# and stops after ``limit`` rows; the descending walk is the slow one (see migration 0003).
_TITLES = text(
    "SELECT rowid, record_id, client_id, kind, title, '' "
    "FROM search_titles WHERE search_titles MATCH :match "
    "AND (:client_id IS NULL OR client_id = :client_id) "
    "ORDER BY rowid LIMIT :limit"
)
_NEWEST = text(
    "SELECT rowid, record_id, client_id, kind, title, body "
    "FROM search_index WHERE search_index MATCH :match "
    "AND (:client_id IS NULL OR client_id = :client_id) "
    "ORDER BY rowid LIMIT :limit"
)
_INSERT = text(
    "INSERT INTO search_index (rowid, record_id, client_id, kind, title, body) "
    "VALUES (-:pk, :record_id, :client_id, :kind, :title, :body)"
)
_INSERT_TITLE = text(
    "INSERT INTO search_titles (rowid, record_id, client_id, kind, title) "
    "VALUES (-:pk, :record_id, :client_id, :kind, :title)"
)
_OPTIMIZE = {
    "search_index": text("INSERT INTO search_index (search_index) VALUES ('optimize')"),
    "search_titles": text("INSERT INTO search_titles (search_titles) VALUES ('optimize')"),
}
_DELETE = (
    text("DELETE FROM search_index WHERE rowid = -:pk"),
    text("DELETE FROM search_titles WHERE rowid = -:pk"),
)
_DELETE_CLIENT = (
    text("DELETE FROM search_index WHERE rowid IN (SELECT -pk FROM records WHERE client_id = :c)"),
    text("DELETE FROM search_titles WHERE rowid IN (SELECT -pk FROM records WHERE client_id = :c)"),
)


class Indexed(NamedTuple):
    """A live record to index, for :meth:`SearchRepository.put_many`."""

    pk: int
    record_id: str
    client_id: str
    kind: str
    fields: Mapping[str, Any]


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


class Highlighter:
    """Snippets with the typed words marked, made in Python from the matched row's text.

    FTS5's ``snippet()`` re-tokenizes every returned body inside SQLite; with SQLCipher's
    ``cipher_memory_security`` each of its many small allocations is wiped and locked, which
    made snippets about four fifths of a search's cost. Matching here is by the same rule as
    the query (case and accents folded, the last word a prefix), but it only marks text:
    which records match is decided by FTS5.
    """

    def __init__(self, user_text: str) -> None:
        words = [
            _fold(token)
            for word in _WORD.findall(_CONTROL.sub(" ", user_text))[:MAX_TERMS]
            for token in _TOKEN.findall(word)
        ]
        if not words:
            self._pattern: re.Pattern[str] | None = None
            return
        prefix = words[-1] if len(words[-1]) >= MIN_PREFIX else None
        whole = sorted({*words[:-1], *([] if prefix else words[-1:])}, key=len, reverse=True)
        options = [re.escape(w) + r"(?!\w)" for w in whole]
        if prefix:
            options.append(re.escape(prefix) + r"\w*")
        self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(options) + ")")

    def snippet(self, title: str, body: str) -> str:
        """The title if a typed word is in it, else the part of the body around the first one."""
        if self._pattern is None:
            return _cut(title or body, 0)
        for text_ in (title, body):
            folded = _fold(text_)
            first = self._pattern.search(folded)
            if first is not None:
                return self._mark(text_, folded, first.start())
        return _cut(title or body, 0)

    def _mark(self, text_: str, folded: str, at: int) -> str:
        start, end = _window(text_, at)
        assert self._pattern is not None
        out: list[str] = ["…" if start else ""]
        position = start
        for match in self._pattern.finditer(folded, start, end):
            out += [
                text_[position : match.start()],
                SNIPPET_OPEN,
                text_[match.start() : match.end()],
            ]
            out.append(SNIPPET_CLOSE)
            position = match.end()
        out += [text_[position:end], "…" if end < len(text_) else ""]
        return "".join(out)


def _fold(value: str) -> str:
    """Lower case without accents, one character for one, so offsets stay the same."""
    if value.isascii():
        return value.lower()
    return value.translate(_FOLD)


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on demand: "Ñ" -> "n", "é" -> "e", "İ" unchanged.

    A character whose folded form is not a single character keeps itself, so a folded text
    has the original's length and a match's offsets are valid in the original.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unicodedata.normalize("NFD", char)[0].lower()
        self[code] = folded if len(folded) == 1 else char
        return self[code]


_FOLD: Final = _FoldTable()


SNIPPET_CHARS: Final = 160
"""About a line and a half of a result list."""


def _window(text_: str, at: int) -> tuple[int, int]:
    """Bounds of a snippet that shows ``at`` with a little context, cut at spaces."""
    start = max(0, at - SNIPPET_CHARS // 4)
    if start:
        space = text_.find(" ", start, at)
        start = at if space < 0 else space + 1
    end = min(len(text_), start + SNIPPET_CHARS)
    if end < len(text_):
        space = text_.rfind(" ", at, end)
        end = end if space < 0 else space
    return start, end


def _cut(text_: str, at: int) -> str:
    start, end = _window(text_, at)
    return text_[start:end] + ("…" if end < len(text_) else "")


class SearchRepository:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def query(
        self, user_text: str, limit: int = 20, *, client_id: str | None = None
    ) -> list[SearchHit]:
        """Records matching every word typed: title matches first, each group newest first."""
        match = fts_query(user_text)
        if match is None or limit <= 0:
            return []
        params = {"limit": limit, "client_id": client_id}
        conn = self._ctx.conn
        titles = conn.execute(_TITLES, {**params, "match": match}).all()
        seen = {row[0] for row in titles}
        newest = conn.execute(_NEWEST, {**params, "match": match, "limit": limit + len(seen)})
        rows = [*titles, *(row for row in newest if row[0] not in seen)]
        marker = Highlighter(user_text)
        return [
            SearchHit(record_id, client, kind, marker.snippet(title, body))
            for _, record_id, client, kind, title, body in rows[:limit]
        ]

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
        values = {
            "pk": pk,
            "record_id": record_id,
            "client_id": client_id,
            "kind": kind,
            "title": title,
            "body": body,
        }
        self._ctx.conn.execute(_INSERT, values)
        if title:
            self._ctx.conn.execute(_INSERT_TITLE, values)

    def put_many(self, rows: Iterable[Indexed]) -> None:
        """Index many records whose old rows are gone (new, or :meth:`remove_many` first).

        One ``executemany`` per table instead of two statements per record: a first sync
        indexes thousands of notes.
        """
        entries: list[dict[str, Any]] = []
        for row in rows:
            indexed = search_text(row.kind, row.fields)
            if indexed is not None:
                title, body = indexed
                entries.append(
                    {
                        "pk": row.pk,
                        "record_id": row.record_id,
                        "client_id": row.client_id,
                        "kind": row.kind,
                        "title": title,
                        "body": body,
                    }
                )
        if entries:
            self._ctx.conn.execute(_INSERT, entries)
        titled = [entry for entry in entries if entry["title"]]
        if titled:
            self._ctx.conn.execute(_INSERT_TITLE, titled)

    def remove_many(self, pks: Sequence[int]) -> None:
        if pks:
            params = [{"pk": pk} for pk in pks]
            for statement in _DELETE:
                self._ctx.conn.execute(statement, params)

    def optimize(self) -> None:
        """Merge the search indexes into one segment each.

        FTS5 merges as it goes; after a bulk load (a first sync of thousands of records) one
        full merge makes later queries cheaper (about a fifth, measured on 100,000 notes).
        Takes seconds on a large store: run it on the database worker, not per edit.
        """
        self._ctx.require_writable()
        for table in ("search_index", "search_titles"):
            self._ctx.conn.execute(_OPTIMIZE[table])

    def remove(self, pk: int) -> None:
        for statement in _DELETE:
            self._ctx.conn.execute(statement, {"pk": pk})

    def remove_client(self, client_id: str) -> None:
        """Drop every search row of a client's records (run before the records go)."""
        for statement in _DELETE_CLIENT:
            self._ctx.conn.execute(statement, {"c": client_id})
