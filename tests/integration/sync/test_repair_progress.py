"""Digest check and targeted repair (property 11); progress and cancel; a refused cursor."""

from __future__ import annotations

from sqlalchemy import delete, update

from fieldcm.domain.records import Record, new_id
from fieldcm.store.tables import records
from fieldcm.sync.progress import CancelToken, Phase, Progress, Tracker
from fieldcm.sync.repair import Repairer
from fieldcm.sync.revocation import Identity

from .laptops import Laptop, Office, assert_matches_server, client_fields, snapshot


def _damage(laptop: Laptop, lost: str, older: str) -> None:
    def harm(uow):  # type: ignore[no-untyped-def]
        uow.connection.execute(delete(records).where(records.c.id == lost))
        uow.connection.execute(update(records).where(records.c.id == older).values(rev=0))

    laptop.write(harm)


def _repairer(laptop: Laptop) -> Repairer:
    tracker = Tracker(laptop.progress.append, CancelToken())
    me = Identity(laptop.store.user_id, "", laptop.store.device_id)
    return Repairer(
        laptop.store.engine,
        laptop.transport(),
        tracker,
        files=laptop.store.attachments,
        me=me,
        push_pending=lambda: None,
    )


def test_a_digest_mismatch_repairs_only_the_differing_client_and_keeps_local_work(
    office: Office,
) -> None:
    laptop = office.laptop()
    damaged, healthy = laptop.new_client(), laptop.new_client()
    lost = laptop.new_note(damaged, "Lost locally (synthetic).")
    older = laptop.new_note(damaged, "Rolled back locally (synthetic).")
    mine = laptop.new_note(damaged, "Has an unsent edit (synthetic).")
    laptop.new_note(healthy, "Fine (synthetic).")
    assert laptop.sync().ok
    laptop.update(mine, {"narrative": "Unsent local wording (synthetic)."})
    unsent = laptop.new_note(damaged, "Never sent (synthetic).")
    _damage(laptop, lost, older)

    counts = _repairer(laptop).verify()

    assert counts.repaired_clients == [damaged]
    assert counts.purged_clients == []
    assert laptop.get(lost) is not None
    assert laptop.get(older).rev == 1  # type: ignore[union-attr]
    assert laptop.get(mine).fields["narrative"] == "Unsent local wording (synthetic)."  # type: ignore[union-attr]
    assert laptop.get(unsent) is not None
    assert laptop.outbox_count() == 2
    assert laptop.sync(verify=True).ok
    assert_matches_server(laptop)


def test_records_of_a_client_out_of_scope_are_purged_by_the_digest_check(office: Office) -> None:
    laptop = office.laptop()
    assert laptop.sync().ok
    stray_client = new_id()

    def plant(uow):  # type: ignore[no-untyped-def]
        uow.records.apply_remote(
            Record("client", stray_client, stray_client, client_fields("Stray"), rev=3)
        )

    laptop.write(plant)
    result = laptop.sync(verify=True)
    assert result.ok, result.message
    assert result.repair is not None and result.repair.purged_clients == [stray_client]
    assert laptop.get(stray_client) is None


def test_a_refused_cursor_starts_over_and_converges(office: Office) -> None:
    worker = office.person()
    laptop, other = office.laptop(worker), office.laptop(worker)
    client = other.new_client()
    other.new_note(client, "Synthetic.")
    assert other.sync().ok and laptop.sync().ok
    laptop.write(lambda uow: uow.sync_state.set_cursor("not-a-cursor.forged"))
    other.new_note(client, "After the reset (synthetic).")
    assert other.sync().ok

    result = laptop.sync()

    assert result.ok, result.message
    assert result.repair is not None
    assert snapshot(laptop) == snapshot(other)


def test_progress_reports_phases_pages_and_records_and_cancel_is_safe(office: Office) -> None:
    worker = office.person()
    writer, reader = office.laptop(worker), office.laptop(worker)
    client = writer.new_client()
    for n in range(12):
        writer.new_note(client, f"Visit {n} (synthetic).")
    assert writer.sync().ok

    cancel = CancelToken()

    def stop_after_first_page(progress: Progress) -> None:
        reader.progress.append(progress)
        if progress.pages >= 1:
            cancel.cancel()

    stopped = reader.engine(page_size=4, progress=stop_after_first_page).sync(cancel=cancel)
    assert stopped.status == "cancelled"
    assert stopped.progress.pages == 1
    assert reader.cursor() is not None

    reader.progress.clear()
    finished = reader.sync(page_size=4)
    assert finished.ok
    phases = [p.phase for p in reader.progress]
    assert phases.index(Phase.PUSHING) < phases.index(Phase.PULLING) < phases.index(Phase.DONE)
    last = reader.progress[-1]
    assert last.pages >= 3 and last.records >= 9 and last.bytes_down > 0
    assert snapshot(reader) == snapshot(writer)
