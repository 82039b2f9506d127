"""Verify the laptop's copy against the server and repair only what differs (property 11).

The laptop sends one digest per client it holds (:func:`fieldcm.sync.protocol.record_digest`
over the records the server knows: revision above 0); the server answers which clients
differ, which it has in scope that the laptop lacks, and which the laptop holds but may no
longer see. Only those clients are fetched, and their records go through the same merge as
pulled ones, so unsent local work is never discarded: records the server does not have
(never pushed, or lost in a server restore) and local versions newer than the server's are
kept and counted, never deleted. Clients out of scope are handled like a revocation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from fieldcm.store.attachments import AttachmentStore
from fieldcm.store.tables import records
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.apply import apply_pulled
from fieldcm.sync.progress import Phase, Tracker
from fieldcm.sync.protocol import DigestRequest, FetchRequest, RecordPayload, record_digest
from fieldcm.sync.revocation import Identity, revoke_client, unsent_for_client
from fieldcm.sync.transport import SyncTransport

FETCH_CLIENTS = 20
"""Clients per repair fetch: a fetch answers with all their records at once."""


@dataclass
class RepairCounts:
    matching: int = 0
    repaired_clients: list[str] = field(default_factory=list)
    records_fetched: int = 0
    purged_clients: list[str] = field(default_factory=list)
    kept_local_only: int = 0
    """Records the server does not have (or has older): kept, never deleted."""


def local_digests(uow: UnitOfWork) -> dict[str, str]:
    """One digest per client held on this laptop, over records the server knows."""
    rows = uow.connection.execute(
        select(records.c.client_id, records.c.id, records.c.rev, records.c.deleted).where(
            records.c.rev > 0
        )
    )
    by_client: dict[str, list[tuple[str, int, bool]]] = defaultdict(list)
    for client_id, record_id, rev, deleted in rows:
        by_client[client_id].append((record_id, int(rev), bool(deleted)))
    return {client_id: record_digest(items) for client_id, items in by_client.items()}


class Repairer:
    def __init__(
        self,
        engine: Engine,
        transport: SyncTransport,
        tracker: Tracker,
        *,
        files: AttachmentStore,
        me: Identity,
        push_pending: Callable[[], object],
    ) -> None:
        self._engine = engine
        self._transport = transport
        self._tracker = tracker
        self._files = files
        self._me = me
        self._push_pending = push_pending

    def verify(self) -> RepairCounts:
        counts = RepairCounts()
        self._tracker.phase(Phase.VERIFYING)
        with UnitOfWork(self._engine, read_only=True) as uow:
            digests = local_digests(uow)
        answer = self._transport.digest(DigestRequest(clients=digests))
        counts.matching = answer.matching
        wanted = sorted(set(answer.differing) | set(answer.missing_on_device))
        if wanted:
            self._tracker.phase(Phase.REPAIRING)
        for start in range(0, len(wanted), FETCH_CLIENTS):
            self._tracker.checkpoint()
            chunk = wanted[start : start + FETCH_CLIENTS]
            fetched = self._transport.fetch(FetchRequest(client_ids=chunk))
            self._repair(chunk, fetched.records, counts)
        if answer.not_in_scope:
            self._purge(answer.not_in_scope, counts)
        return counts

    def _repair(
        self, client_ids: Sequence[str], fetched: Sequence[RecordPayload], counts: RepairCounts
    ) -> None:
        server_revs = {r.id: r.rev for r in fetched}
        with UnitOfWork(self._engine) as uow:
            for payload in fetched:
                apply_pulled(uow, payload)
            for client_id in client_ids:
                for record in uow.records.for_client(client_id, include_deleted=True):
                    if record.rev > 0 and record.rev > server_revs.get(record.id, 0):
                        counts.kept_local_only += 1
            uow.commit()
        counts.repaired_clients.extend(client_ids)
        counts.records_fetched += len(fetched)

    def _purge(self, client_ids: Sequence[str], counts: RepairCounts) -> None:
        with UnitOfWork(self._engine, read_only=True) as uow:
            waiting = any(unsent_for_client(uow, c) for c in client_ids)
        if waiting:
            self._push_pending()
        with UnitOfWork(self._engine) as uow:
            for client_id in client_ids:
                revoke_client(uow, client_id, me=self._me, files=self._files)
            uow.commit()
        counts.purged_clients.extend(client_ids)
