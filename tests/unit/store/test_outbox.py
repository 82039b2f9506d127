"""The outbox as sync sees it: order, delivery states, and one bad record never blocking."""

from __future__ import annotations

from sqlalchemy import Engine

from fieldcm.store.uow import UnitOfWork

from .builders import add_client, note_fields


def _edits(engine: Engine) -> tuple[str, str]:
    """Two clients; three entries for A, one for B, interleaved in local order."""
    a = add_client(engine, "A")  # seq 1
    b = add_client(engine, "B")  # seq 2
    with UnitOfWork(engine) as uow:
        uow.records.update(a, {"risk_tier": "high"})  # seq 3
        uow.records.update(a, {"risk_tier": "low"})  # seq 4
        uow.commit()
    return a, b


def test_pending_comes_in_local_order_and_respects_the_limit(engine: Engine) -> None:
    a, b = _edits(engine)
    with UnitOfWork(engine, read_only=True) as uow:
        everything = uow.outbox.pending()
        first_two = uow.outbox.pending(limit=2)
    assert [(e.record_id, e.op) for e in everything] == [
        (a, "create"),
        (b, "create"),
        (a, "update"),
        (a, "update"),
    ]
    assert first_two == everything[:2]


def test_a_push_round_trip(engine: Engine) -> None:
    _edits(engine)
    with UnitOfWork(engine) as uow:
        batch = uow.outbox.pending(limit=3)
        ids = [e.mutation_id for e in batch]
        assert uow.outbox.mark_in_flight(ids) == 3
        uow.commit()
        assert uow.outbox.counts().in_flight == 3
        assert [e.attempts for e in uow.outbox.for_record(batch[0].record_id)][:1] == [1]
        assert uow.outbox.mark_done(ids) == 3
        # The same answers processed again change nothing.
        assert uow.outbox.mark_done(ids) == 0
        uow.commit()
        assert uow.outbox.pending_count() == 1
        assert [e.seq for e in uow.outbox.pending()] == [4]


def test_a_refused_entry_waits_with_its_reason_and_the_rest_goes_on(engine: Engine) -> None:
    _, b = _edits(engine)
    with UnitOfWork(engine) as uow:
        create_a = uow.outbox.pending()[0]
        uow.outbox.needs_attention(create_a.mutation_id, "invalid", "Name is required.")
        uow.commit()
        waiting = uow.outbox.pending()
        [refused] = uow.outbox.attention()
        counts = uow.outbox.counts()
    # A's later edits wait behind its refused create; B is not held up.
    assert [e.record_id for e in waiting] == [b]
    assert refused.mutation_id == create_a.mutation_id
    assert (refused.reason_code, refused.reason) == ("invalid", "Name is required.")
    assert (counts.pending, counts.in_flight, counts.needs_attention) == (3, 0, 1)
    assert counts.unsynced == 4


def test_later_edits_of_a_record_wait_while_an_earlier_one_is_in_flight(engine: Engine) -> None:
    _, b = _edits(engine)
    with UnitOfWork(engine) as uow:
        first = uow.outbox.pending(limit=1)
        uow.outbox.mark_in_flight([first[0].mutation_id])
        uow.commit()
        assert [e.record_id for e in uow.outbox.pending()] == [b]


def test_requeue_after_a_failed_push_or_a_crash(engine: Engine) -> None:
    _edits(engine)
    with UnitOfWork(engine) as uow:
        entries = uow.outbox.pending()
        uow.outbox.mark_in_flight([e.mutation_id for e in entries])
        uow.outbox.needs_attention(entries[0].mutation_id, "busy", "try later")
        uow.commit()
        assert uow.outbox.requeue() == 3  # every in-flight entry
        assert uow.outbox.counts().needs_attention == 1
        assert uow.outbox.requeue([entries[0].mutation_id]) == 1
        uow.commit()
        again = uow.outbox.pending()
    assert [e.mutation_id for e in again] == [e.mutation_id for e in entries]
    assert again[0].reason_code is None
    assert again[0].attempts == 1


def test_mark_in_flight_moves_only_pending_entries(engine: Engine) -> None:
    _edits(engine)
    with UnitOfWork(engine) as uow:
        entry = uow.outbox.pending()[0]
        uow.outbox.needs_attention(entry.mutation_id, "invalid", "no")
        assert uow.outbox.mark_in_flight([entry.mutation_id, "not-a-mutation"]) == 0
        assert uow.outbox.mark_in_flight([]) == 0


def test_an_entry_carries_what_the_wire_needs(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        note = uow.records.create("note", client_id, note_fields())
        uow.commit()
        entry = uow.outbox.for_record(note.id)[0]
        assert uow.outbox.get(entry.mutation_id) == entry
        assert uow.outbox.get("unknown") is None
    assert entry.made_at.tzinfo is not None
    assert len(entry.mutation_id) == 36
