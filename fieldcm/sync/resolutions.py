"""Conflict decisions made on this laptop, sent to the server at the start of each sync.

A person may resolve a conflict offline (``ConflictRepository.decide``): the conflict leaves
the list at once and the chosen value shows, and the decision waits in the store with the
mutation id its request carries. Each sync sends the waiting decisions first, before push
and pull, so the pull of the same sync already brings back the revision the server wrote
and the resolved conflict (DESIGN.md "Merge": the resolution is itself an edit that syncs).

What each answer does, in one local transaction per decision:

    accepted             stop sending it; keep the server's copy of the resolved conflict
    409 already_resolved someone decided first: withdraw ours (the conflict reopens until
                         the feed brings their decision) and show the server's copy of
                         the record again; their decision is the one that counts
    404                  the conflict is not, or no longer, shared with this laptop (the
                         client left the caseload, or the conflict was kept locally when
                         it left): stop sending; the decision stays as made here
    other refusal        the server cannot apply this value (a rule of the record's kind):
                         withdraw it and reopen the conflict, so a person decides again
                         with the reason shown (property 10: never dropped silently)
    no answer            raised: the decision stays queued for the next sync; resending
                         is safe because the server remembers the mutation id

Which thread: the sync engine's (network lane); no transaction is open during a request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine

from fieldcm.store.repositories import PendingDecision
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.profile import to_stored_conflict
from fieldcm.sync.progress import Tracker
from fieldcm.sync.protocol import ConflictPayload, ResolveConflict
from fieldcm.sync.transport import ServerRefused, SyncTransport

log = logging.getLogger(__name__)

ALREADY_RESOLVED = "already_resolved"


@dataclass
class ResolutionCounts:
    sent: int = 0
    already_resolved: int = 0
    out_of_scope: int = 0
    refused: int = 0
    refusals: list[str] = field(default_factory=list)
    """The server's reasons for the refused ones, in its words (no record content)."""


class ResolutionSender:
    """Sends every decision waiting in the store; one request per decision."""

    def __init__(self, engine: Engine, transport: SyncTransport, tracker: Tracker) -> None:
        self._engine = engine
        self._transport = transport
        self._tracker = tracker

    def send_all(self) -> ResolutionCounts:
        """Send what waits; raises the transport's errors other than a refusal."""
        counts = ResolutionCounts()
        with UnitOfWork(self._engine, read_only=True) as uow:
            waiting = uow.conflicts.pending_decisions()
        for decision in waiting:
            self._tracker.checkpoint()
            self._send(decision, counts)
        return counts

    def _send(self, decision: PendingDecision, counts: ResolutionCounts) -> None:
        request = ResolveConflict(resolution=decision.resolution, mutation_id=decision.mutation_id)
        try:
            answer = self._transport.resolve_conflict(decision.conflict_id, request)
        except ServerRefused as refused:
            self._refused(decision, refused, counts)
            return
        self._accepted(decision, answer)
        counts.sent += 1

    def _accepted(self, decision: PendingDecision, answer: ConflictPayload) -> None:
        with UnitOfWork(self._engine) as uow:
            # Sent first, so the server's resolved copy is taken as the final word.
            uow.conflicts.mark_decision_sent(decision.conflict_id)
            uow.conflicts.put(to_stored_conflict(answer))
            uow.commit()

    def _refused(
        self, decision: PendingDecision, refused: ServerRefused, counts: ResolutionCounts
    ) -> None:
        with UnitOfWork(self._engine) as uow:
            if refused.status == 404:
                uow.conflicts.keep_decision_local(decision.conflict_id)
                counts.out_of_scope += 1
            else:
                conflict = uow.conflicts.get(decision.conflict_id)
                uow.conflicts.reopen(decision.conflict_id)
                if conflict is not None:
                    # What the laptop showed was this decision: show the server's copy again.
                    uow.records.show_server_version(conflict.record_id)
                if refused.code == ALREADY_RESOLVED:
                    counts.already_resolved += 1
                else:
                    counts.refused += 1
                    counts.refusals.append(refused.server_message or refused.user_message)
                    log.warning("conflict decision refused: %s", refused.code or refused.status)
            uow.commit()
