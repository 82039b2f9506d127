"""Full-text search: as-you-type prefixes, kept current, and safe against any typed input."""

from __future__ import annotations

import random
import string

import pytest
from sqlalchemy import Engine

from fieldcm.domain.records import Record, new_id
from fieldcm.store.search import (
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    Highlighter,
    fts_query,
    search_text,
)
from fieldcm.store.uow import UnitOfWork

from .builders import add_client, note_fields


def _ids(engine: Engine, query: str, **kwargs: object) -> set[str]:
    with UnitOfWork(engine, read_only=True) as uow:
        return {hit.record_id for hit in uow.search.query(query, **kwargs)}  # type: ignore[arg-type]


def test_the_word_being_typed_is_a_prefix_and_every_word_must_match(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        food = uow.records.create("note", client_id, note_fields("referred to the food bank"))
        bus = uow.records.create("note", client_id, note_fields("bus pass provided"))
        uow.commit()
    assert _ids(engine, "f") == set()  # one letter alone is not a prefix search of everything
    assert _ids(engine, "fo") == {food.id}
    assert _ids(engine, "REFERRED foo") == {food.id}
    # Earlier words are whole words: they were typed to the end.
    assert _ids(engine, "refer food") == set()
    assert _ids(engine, "referred bus") == set()
    assert _ids(engine, "pass") == {bus.id}


def test_names_come_first_then_the_newest_matches(engine: Engine) -> None:
    client_id = add_client(engine, "Hope Ortiz")
    with UnitOfWork(engine) as uow:
        older = uow.records.create("note", client_id, note_fields("hopeful about housing"))
        newer = uow.records.create("note", client_id, note_fields("hope for a shelter bed"))
        uow.commit()
        hits = uow.search.query("hop")
        two = uow.search.query("hop", limit=2)
    assert [h.record_id for h in hits] == [client_id, newer.id, older.id]
    assert [h.kind for h in hits] == ["client", "note", "note"]
    assert [h.record_id for h in two] == [client_id, newer.id]


def test_accents_and_case_are_folded(engine: Engine) -> None:
    client_id = add_client(engine, "José Núñez")
    assert _ids(engine, "nunez") == {client_id}
    assert _ids(engine, "JOSÉ") == {client_id}


def test_snippet_marks_the_match(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        uow.records.create("note", client_id, note_fields("the shelter bed is confirmed"))
        uow.commit()
        [hit] = uow.search.query("shel")
    assert f"{SNIPPET_OPEN}shelter{SNIPPET_CLOSE}" in hit.snippet
    assert (hit.client_id, hit.kind) == (client_id, "note")


HOSTILE = [
    '"',
    '""',
    "'",
    "*",
    "-",
    "a OR b",
    "NEAR(a b)",
    "title:rowan",
    "^rowan",
    "(rowan",
    "rowan)",
    "AND",
    "NOT rowan",
    "rowan*",
    '"rowan" OR "vale',
    "{title body}: x",
    "x\x00y",
    "\u202erowan",
    "🙂 rowan",
    "   ",
    "",
    "+",
    "rowan:*",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_query_syntax_typed_by_a_person_never_raises(engine: Engine, query: str) -> None:
    add_client(engine, "Rowan Vale")
    with UnitOfWork(engine, read_only=True) as uow:
        uow.search.query(query)


def test_random_printable_input_never_raises(engine: Engine) -> None:
    add_client(engine, "Rowan Vale")
    rng = random.Random(7)
    alphabet = string.printable + "\x00\x01ñé€“”«»\u0301"
    with UnitOfWork(engine, read_only=True) as uow:
        for _ in range(300):
            uow.search.query("".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30))))


def test_quotes_and_operators_are_searched_as_words(engine: Engine) -> None:
    client_id = add_client(engine, "Rowan O'Connor")
    assert _ids(engine, "o'connor") == {client_id}
    assert _ids(engine, "rowan OR nobody") == set()  # OR is a word here, not an operator
    assert fts_query('say "hi"') == '"say" """hi"""*'
    assert fts_query("-- !!") is None


def test_the_index_follows_updates_deletes_and_remote_versions(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        note = uow.records.create("note", client_id, note_fields("apple"))
        uow.records.update(note.id, {"sections": {"data": "banana"}})
        uow.commit()
        assert _ids(engine, "apple") == set()
        assert _ids(engine, "banana") == {note.id}
        uow.records.apply_remote(Record("note", note.id, client_id, note_fields("cherry"), rev=1))
        uow.commit()
        # The local unsent edit of "sections" stays on top of the server's version.
        assert _ids(engine, "banana") == {note.id}
        uow.outbox.mark_done([e.mutation_id for e in uow.outbox.pending()])
        uow.records.apply_remote(Record("note", note.id, client_id, note_fields("cherry"), rev=2))
        uow.commit()
        assert _ids(engine, "cherry") == {note.id}
        uow.records.delete(note.id)
        uow.commit()
    assert _ids(engine, "cherry") == set()


def test_a_search_can_stay_inside_one_client(engine: Engine) -> None:
    a = add_client(engine, "Rowan Vale")
    b = add_client(engine, "Rowan Okoro")
    assert _ids(engine, "rowan") == {a, b}
    assert _ids(engine, "rowan", client_id=b) == {b}
    assert _ids(engine, "rowan", limit=1) in ({a}, {b})
    assert _ids(engine, "rowan", limit=0) == set()


def test_search_text_flattens_nested_values_and_skips_item_ids() -> None:
    title, body = search_text(
        "client", {"preferred_name": "Rowan", "legal_name": "R. Vale", "program": None}
    ) or ("", "")
    assert title == "Rowan · R. Vale"
    assert body == ""
    goal = search_text("goal", {"statement": [{"id": new_id(), "text": "Find housing"}]})
    assert goal == ("", "Find housing")
    assert search_text("assessment", {"answers": [1, 2]}) is None
    assert search_text("unknown-kind", {"x": "y"}) is None


def test_optimize_keeps_every_match(engine: Engine) -> None:
    client_id = add_client(engine, "Rowan Vale")
    with UnitOfWork(engine) as uow:
        notes = {
            uow.records.create("note", client_id, note_fields(f"visit {i}")).id for i in range(30)
        }
        uow.commit()
        uow.search.optimize()
        uow.commit()
    assert _ids(engine, "visit", limit=100) == notes
    assert _ids(engine, "rowan") == {client_id}


def test_snippets_mark_the_typed_words_in_context() -> None:
    mark = Highlighter("josé NUÑ")
    assert mark.snippet("José Núñez · ICM", "") == "«José» «Núñez» · ICM"
    body = ("filler " * 40) + "the shelter bed is confirmed " + ("more " * 60)
    snippet = Highlighter("bed con").snippet("", body)
    assert "«bed» is «confirmed»" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) <= 170
    # Earlier words are whole words, like the query; the last one is a prefix.
    assert Highlighter("be").snippet("", "bed bee be") == "«bed» «bee» «be»"
    assert Highlighter("be x").snippet("", "bed be") == "bed «be»"
    # Nothing to mark: the start of the text, never an error.
    assert Highlighter("").snippet("Title", "body") == "Title"
    assert Highlighter('"*').snippet("", "plain text") == "plain text"
    assert Highlighter("İstanbul").snippet("", "İstanbul ok") == "«İstanbul» ok"
