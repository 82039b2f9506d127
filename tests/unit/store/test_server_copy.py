"""The server's copy of a record is kept once when it is what the laptop shows.

After a pull or an "applied" push answer the shown fields and the server's version are the
same; the store keeps ``server_fields`` NULL then (rev > 0) instead of a second copy. These
tests pin down that every way of reading the copy still sees the server's version, and that
a local edit, which changes the shown fields, keeps the old ones as the server's copy.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine, text

from fieldcm.domain.records import Record, new_id
from fieldcm.store.uow import UnitOfWork

from .builders import client_fields


def _stored_copy(engine: Engine, record_id: str) -> object:
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT server_fields FROM records WHERE id = :id"), {"id": record_id}
        ).scalar_one()


def _pulled(engine: Engine) -> Record:
    client_id = new_id()
    remote = Record("client", client_id, client_id, client_fields("Rowan Vale"), rev=3)
    with UnitOfWork(engine) as uow:
        uow.records.apply_remote_many([remote])
        uow.commit()
    return remote


def test_a_pulled_version_is_stored_once_and_read_back_as_the_server_copy(engine: Engine) -> None:
    remote = _pulled(engine)

    assert _stored_copy(engine, remote.id) is None
    with UnitOfWork(engine, read_only=True) as uow:
        assert uow.records.server_version(remote.id) == remote
        copy = uow.records.server_copies([remote.id])[remote.id]
        assert (copy.rev, copy.fields) == (3, remote.fields)


def test_a_local_edit_keeps_the_old_fields_as_the_server_copy(engine: Engine) -> None:
    remote = _pulled(engine)
    with UnitOfWork(engine) as uow:
        uow.records.update(remote.id, {"program": "Housing"})
        uow.commit()

    with UnitOfWork(engine) as uow:
        assert uow.records.get(remote.id).fields["program"] == "Housing"  # type: ignore[union-attr]
        assert uow.records.server_version(remote.id) == remote
        # Dropping the edit shows the server's version again, not the edited one.
        uow.outbox.mark_done(e.mutation_id for e in uow.outbox.for_record(remote.id))
        shown = uow.records.show_server_version(remote.id)
        uow.commit()
    assert shown == remote


def test_a_second_edit_does_not_overwrite_the_server_copy(engine: Engine) -> None:
    remote = _pulled(engine)
    with UnitOfWork(engine) as uow:
        uow.records.update(remote.id, {"program": "Housing"})
        uow.records.update(remote.id, {"program": "ACT"})
        uow.commit()
        assert uow.records.server_version(remote.id) == remote


def test_an_adopted_answer_keeps_one_copy_and_a_never_sent_record_has_none(
    engine: Engine,
) -> None:
    client_id = new_id()
    with UnitOfWork(engine) as uow:
        created = uow.records.create("client", client_id, client_fields("Ines Marchetti"))
        uow.commit()
        assert uow.records.server_version(client_id) is None  # rev 0: never sent
        uow.outbox.mark_done(e.mutation_id for e in uow.outbox.for_record(client_id))
        uow.records.adopt_server_versions([(client_id, 1, created.fields)])
        uow.commit()

    assert _stored_copy(engine, client_id) is None
    with UnitOfWork(engine, read_only=True) as uow:
        assert uow.records.server_version(client_id) == replace(created, rev=1)
