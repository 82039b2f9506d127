"""Push: send the outbox in batches and act on each answer.

For each batch: send (no transaction open, so the person keeps editing), then apply every
answer in one transaction. Entries stay ``pending`` while they travel: marking them in flight
first rewrote every 1.3 KB outbox row once more per push (a tenth of a first push's time),
and bought nothing, because a batch is read only after the previous one was answered and the
server's memory of mutation ids makes any resend safe (a crash mid-push simply sends the
batch again):

* applied / merged / conflict: the entry leaves the outbox and the server's version of the
  record replaces the local one (edits still unsent stay on top; where the laptop already
  shows exactly that, only the revision is adopted); conflicts are stored;
* rejected: the entry moves to "needs attention" with the server's reason and the rest goes
  on (property 10). ``busy`` (the server lost a race) is put back for the next sync;
* no answer (the link died, the app was killed): the entries are still pending and are sent
  again; the server remembers mutation ids, so nothing is applied twice (property 4).

A batch the server refuses as a whole for its content (400, 413, 422: malformed, too large)
is split in halves until the one entry at fault is found, which then waits with the reason:
one bad entry never holds up the queue. Refusals about the exchange itself (an app too old
for the server, authentication) stop the sync instead, with every entry still queued.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from sqlalchemy import Engine

from fieldcm.store.outbox import OutboxEntry
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.apply import apply_answers, apply_pulled_page
from fieldcm.sync.profile import to_stored_conflict
from fieldcm.sync.progress import Tracker
from fieldcm.sync.protocol import (
    MAX_BATCH_SIZE,
    MAX_BODY_BYTES,
    MAX_PAGE_SIZE,
    FetchRequest,
    Mutation,
    MutationResult,
    PushBatch,
    RecordPayload,
)
from fieldcm.sync.transport import ServerRefused, SyncTransport

BATCH_BYTES = MAX_BODY_BYTES // 2
"""Stop adding entries to a batch past this many JSON bytes: well inside the server's limit."""
BUSY = "busy"
CONTENT_REFUSALS: Final = frozenset({400, 413, 422})
"""Statuses that can mean "something in this batch": split it to find the entry at fault."""
BATCH_REFUSALS: Final = frozenset({"protocol_too_old"})
"""Codes about the whole exchange, never one entry: the sync stops and says why."""


@dataclass
class PushCounts:
    applied: int = 0
    merged: int = 0
    conflict: int = 0
    rejected: int = 0
    retry_later: int = 0
    requests: int = 0

    @property
    def answered(self) -> int:
        return self.applied + self.merged + self.conflict + self.rejected


@dataclass
class _Run:
    counts: PushCounts = field(default_factory=PushCounts)
    postponed: set[str] = field(default_factory=set)
    """Entries to leave for the next sync (``busy``), so a busy record cannot loop us."""


def to_mutation(entry: OutboxEntry) -> Mutation:
    # One validation of plain dicts (in pydantic's core) instead of a FieldChange object
    # built per field from Python: a first push converts tens of thousands of fields.
    return Mutation.model_validate(
        {
            "mutation_id": entry.mutation_id,
            "kind": entry.kind,
            "record_id": entry.record_id,
            "client_id": entry.client_id,
            "op": entry.op,
            "base_rev": entry.base_rev,
            "changes": {
                name: {"base": change.get("base"), "new": change.get("new")}
                for name, change in entry.changes.items()
            },
            "made_at": entry.made_at,
        }
    )


class Pusher:
    def __init__(
        self,
        engine: Engine,
        transport: SyncTransport,
        tracker: Tracker,
        *,
        batch_size: int = MAX_BATCH_SIZE,
    ) -> None:
        self._engine = engine
        self._transport = transport
        self._tracker = tracker
        self._batch_size = min(batch_size, MAX_BATCH_SIZE)

    def push_all(self) -> PushCounts:
        """Push until nothing sendable is left; raises the transport's errors."""
        run = _Run()
        while True:
            self._tracker.checkpoint()
            batch = self._next_batch(run)
            if not batch:
                return run.counts
            self._send(batch, run)

    def _next_batch(self, run: _Run) -> list[Mutation]:
        with UnitOfWork(self._engine, read_only=True) as uow:
            entries = uow.outbox.pending(self._batch_size + len(run.postponed))
        entries = [e for e in entries if e.mutation_id not in run.postponed]
        # No write before sending (see the module docstring): entries are immutable once
        # written, so the ones answered are exactly the ones read here.
        return _fit(entries[: self._batch_size])

    def _send(self, batch: list[Mutation], run: _Run) -> None:
        body = PushBatch(mutations=batch)
        try:
            run.counts.requests += 1
            response = self._transport.push(body)
        except ServerRefused as refused:
            if refused.status not in CONTENT_REFUSALS or refused.code in BATCH_REFUSALS:
                self._requeue(batch)
                raise
            self._split_refused(batch, refused, run)
            return
        except BaseException:
            self._requeue(batch)
            raise
        self._tracker.pushed(len(batch))  # bytes: the transport's meter
        self._record(batch, response.results, run)

    def _split_refused(self, batch: list[Mutation], refused: ServerRefused, run: _Run) -> None:
        if len(batch) == 1:
            with UnitOfWork(self._engine) as uow:
                uow.outbox.needs_attention(
                    batch[0].mutation_id,
                    refused.code or f"http_{refused.status}",
                    refused.server_message or refused.user_message,
                )
                uow.commit()
            run.counts.rejected += 1
            return
        half = len(batch) // 2
        for part in (batch[:half], batch[half:]):
            self._tracker.checkpoint()
            self._send(part, run)

    def _record(
        self, batch: Sequence[Mutation], results: Sequence[MutationResult], run: _Run
    ) -> None:
        sent = {m.mutation_id for m in batch}
        answered: dict[str, MutationResult] = {}
        for result in results:
            if result.mutation_id in sent:
                answered.setdefault(result.mutation_id, result)
        unknown: list[Mutation] = []
        with UnitOfWork(self._engine) as uow:
            done = [r for r in answered.values() if r.status != "rejected"]
            # Rebuilt before the entries leave: a rebuild needs the version they were based on.
            versions = _versions(uow, batch, done, unknown)
            uow.outbox.mark_done(r.mutation_id for r in done)
            for result in answered.values():
                _act_on(uow, result, run)
            apply_answers(uow, versions)
            # An entry the server did not answer is simply sent again next time.
            uow.outbox.requeue(sent - answered.keys())
            uow.commit()
        if unknown:
            self._fetch(unknown)

    def _fetch(self, mutations: Sequence[Mutation]) -> None:
        """Ask for records whose "applied" answer could not be rebuilt here.

        Cannot happen while revisions only grow (the device holds the base revision of
        every edit it sends); kept so that a server restored from a backup cannot leave
        this laptop on a version the feed will not send again.
        """
        wanted = {m.record_id for m in mutations}
        clients = sorted({m.client_id for m in mutations})
        for start in range(0, len(clients), MAX_PAGE_SIZE):
            self._tracker.checkpoint()
            answer = self._transport.fetch(
                FetchRequest(client_ids=clients[start : start + MAX_PAGE_SIZE])
            )
            with UnitOfWork(self._engine) as uow:
                apply_pulled_page(uow, [r for r in answer.records if r.id in wanted])
                uow.commit()

    def _requeue(self, batch: Sequence[Mutation]) -> None:
        with UnitOfWork(self._engine) as uow:
            uow.outbox.requeue(m.mutation_id for m in batch)
            uow.commit()


def _act_on(uow: UnitOfWork, result: MutationResult, run: _Run) -> None:
    counts = run.counts
    if result.status == "rejected":
        if result.reason_code == BUSY:
            uow.outbox.requeue([result.mutation_id])
            run.postponed.add(result.mutation_id)
            counts.retry_later += 1
            return
        uow.outbox.needs_attention(
            result.mutation_id,
            result.reason_code or "rejected",
            result.reason or "The agency server refused this change.",
        )
        counts.rejected += 1
        return
    for conflict in result.conflicts:
        uow.conflicts.put(to_stored_conflict(conflict))
    if result.status == "applied":
        counts.applied += 1
    elif result.status == "merged":
        counts.merged += 1
    else:
        counts.conflict += 1


def _versions(
    uow: UnitOfWork,
    batch: Sequence[Mutation],
    done: Sequence[MutationResult],
    unknown: list[Mutation],
) -> list[RecordPayload]:
    """The server's version of each answered record, rebuilding the compact answers.

    A compact answer (``rev`` and no record) means the server's version is the mutation
    applied to its base revision, which this laptop holds as the record's server copy.
    Answers that cannot be rebuilt (the copy is not at that revision) go to ``unknown``.
    """
    by_id = {m.mutation_id: m for m in batch}
    compact = [r for r in done if r.record is None and r.rev is not None]
    copies = uow.records.server_copies({by_id[r.mutation_id].record_id for r in compact})
    versions = [r.record for r in done if r.record is not None]
    for result in compact:
        mutation = by_id[result.mutation_id]
        copy = copies.get(mutation.record_id)
        if result.rev is None or copy is None or copy.rev != mutation.base_rev:
            unknown.append(mutation)
            continue
        deleted = mutation.op == "delete"
        base = copy.fields or {}
        changed = {name: change.new for name, change in mutation.changes.items()}
        versions.append(
            RecordPayload(
                kind=mutation.kind,
                id=mutation.record_id,
                client_id=mutation.client_id,
                rev=result.rev,
                deleted=deleted,
                # A tombstone travels without fields, as the server would have sent it.
                fields={} if deleted else {**base, **changed},
            )
        )
    return versions


def _fit(entries: list[OutboxEntry]) -> list[Mutation]:
    """As many entries as fit in :data:`BATCH_BYTES` (always at least one)."""
    batch: list[Mutation] = []
    size = 0
    for entry in entries:
        mutation = to_mutation(entry)
        size += len(mutation.model_dump_json())
        if batch and size > BATCH_BYTES:
            break
        batch.append(mutation)
    return batch
