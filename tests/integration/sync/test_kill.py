"""SIGKILL the syncing process at seeded moments: data, outbox and cursor always agree.

Each run forks a child that unlocks the profile and syncs, and kills it with SIGKILL: either
from inside at the k-th step (just before or just after a commit, before a request is sent
or after its answer arrived), or from outside after a seeded delay. The parent then reopens
the profile and checks it: every local edit is still in the outbox or held by the server,
every outbox entry has its record, the database is intact; and the next ordinary sync
converges with the server and with a colleague's laptop.

``FIELDCM_STRESS=1`` runs 300 kills instead of 32.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import Vault
from fieldcm.sync import transport as transport_module
from tests.security.helpers import FAST_POLICY, pw

from .laptops import Laptop, Office, assert_matches_server, server_view, snapshot

RUNS = 300 if os.environ.get("FIELDCM_STRESS") == "1" else 30
SEED = 4242


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _arm(step: int, rng: random.Random) -> None:
    """In the child: die at the ``step``-th commit or network call, before or after it."""
    count = [0]
    before = rng.random() < 0.5

    def around(call: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            count[0] += 1
            if count[0] == step and before:
                _die()
            result = call(*args, **kwargs)
            if count[0] == step:
                _die()
            return result

        return wrapped

    UnitOfWork.commit = around(UnitOfWork.commit)  # type: ignore[method-assign]
    transport_module.SyncTransport._call = around(  # type: ignore[method-assign]
        transport_module.SyncTransport._call
    )


def _child(laptop: Laptop, via: str, step: int | None, seed: int) -> None:
    code = 0
    try:
        laptop.store = Vault(laptop.folder, policy=FAST_POLICY).unlock(pw())
        if step is not None:
            _arm(step, random.Random(seed))
        laptop.sync(via=via, page_size=5, batch_size=5)
    except BaseException:
        code = 1
    os._exit(code)


def _kill_during_sync(laptop: Laptop, via: str, rng: random.Random, run: int) -> bool:
    """Returns True when the child died by SIGKILL (rather than finishing its sync)."""
    laptop.close()
    inside = run % 2 == 0
    # Every sync here makes at least 5 steps (commits and requests: a push batch sent and
    # its answers recorded, one page fetched and applied, the final commit; the feed does
    # not send the victim's own edits back; 5 is the fewest seen): an inside kill always
    # lands mid-sync. Outside kills land wherever the clock says, or after the sync ended.
    step = rng.randint(1, 5) if inside else None
    delay = rng.uniform(0.0, 0.6)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        _child(laptop, via, step, rng.randint(0, 2**31))
    if not inside:
        time.sleep(delay)
        with_suppressed_kill(pid)
    _, status = os.waitpid(pid, 0)
    laptop.reopen()
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def with_suppressed_kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _check_consistent(laptop: Laptop, written: dict[str, str]) -> None:
    with UnitOfWork(laptop.store.engine, read_only=True) as uow:
        assert uow.connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        pending = {}
        for record_id in written:
            for entry in uow.outbox.for_record(record_id):
                assert uow.records.get(record_id, include_deleted=True) is not None
                pending[record_id] = entry
        shown = {r: uow.records.get(r, include_deleted=True) for r in written}
    held = server_view(laptop)
    for record_id, narrative in written.items():
        local = shown[record_id]
        assert local is not None, "a local edit vanished"
        assert local.fields.get("narrative") == narrative, "a local value vanished"
        if record_id not in pending:
            assert record_id in held and held[record_id].fields["narrative"] == narrative


def test_kill_at_seeded_moments_during_sync_never_breaks_the_profile(office: Office) -> None:
    rng = random.Random(SEED)
    worker = office.person()
    victim, colleague = office.laptop(worker), office.laptop(worker)
    client = colleague.new_client()
    assert colleague.sync().ok and victim.sync().ok
    written: dict[str, str] = {}
    killed_inside = 0
    for run in range(RUNS):
        for n in range(3):
            colleague.new_note(client, f"Colleague run {run}.{n} (synthetic).")
        assert colleague.sync().ok
        for n in range(4):
            text_ = f"Victim run {run}.{n} (synthetic)."
            written[victim.new_note(client, text_)] = text_
        edited = rng.choice(sorted(written))
        written[edited] = f"Edited in run {run} (synthetic)."
        victim.update(edited, {"narrative": written[edited]})

        killed = _kill_during_sync(victim, office.server.base_url, rng, run)
        killed_inside += killed and run % 2 == 0
        _check_consistent(victim, written)

    assert killed_inside == (RUNS + 1) // 2, "an inside kill did not land mid-sync"
    assert victim.sync().ok and colleague.sync().ok
    assert_matches_server(victim)
    assert snapshot(victim) == snapshot(colleague)
