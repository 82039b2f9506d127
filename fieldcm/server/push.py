"""Push: apply a batch of outbox mutations in one transaction, answering each on its own.

A refused or failing mutation never blocks the rest (DESIGN.md property 10): refusals are
decided before a mutation touches anything (:mod:`fieldcm.server.mutations` holds the
rules), and a database error sends the batch down a careful path with one savepoint per
mutation (see :func:`push`). A mutation's id is stored in ``applied_mutations`` with its
answer, in the same transaction as its effect: a retried batch gets the stored answers back
and changes nothing twice (property 4). Refusals are not stored: they changed nothing, and
the same mutation is judged again if it comes back.

The batch's records are read ``FOR UPDATE`` in one query, in id order (PostgreSQL), so two
pushes to one record serialize; a deadlock or a duplicate-key race between two processes
rolls back that mutation's savepoint only, and it is looked at again from the database.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from fieldcm.server.audit import AuditEntry
from fieldcm.server.authz import Principal, scope_of
from fieldcm.server.clock import utcnow
from fieldcm.server.db import Database
from fieldcm.server.errors import BadRequest
from fieldcm.server.feedlog import core_table
from fieldcm.server.models import AppliedMutation, RecordRow
from fieldcm.server.mutations import Batch, Claim, Effects, Rejected, apply_mutation
from fieldcm.server.uow import UnitOfWork
from fieldcm.sync.protocol import (
    COMPACT_ANSWERS_PROTOCOL,
    MIN_CLIENT_PROTOCOL,
    Mutation,
    MutationResult,
    PushBatch,
    PushResponse,
)

ATTEMPTS = 3


class _SlowPath(Exception):
    """The database refused something in the fast path: redo the batch with savepoints."""


def push(db: Database, *, who: Principal, batch: PushBatch) -> PushResponse:
    """Apply a batch; one transaction, answers in the batch's order.

    The fast path applies every mutation without savepoints, because every refusal is
    decided before a mutation touches the session, and flushes once (a few statements for
    the whole batch). Only when the database itself refuses something (a race with another
    process, a value it cannot store) is the batch rolled back and redone with one savepoint
    per mutation, so that the one bad mutation is answered alone.
    """
    if batch.protocol_version < MIN_CLIENT_PROTOCOL:
        raise BadRequest(
            "This version of fieldcm is too old for the server; update the app.",
            code="protocol_too_old",
        )
    if not batch.mutations:
        return PushResponse(results=[])
    compact = batch.protocol_version >= COMPACT_ANSWERS_PROTOCOL
    try:
        with db.write() as uow:
            results = _run(uow, who, batch.mutations, careful=False, compact=compact)
    except _SlowPath:
        with db.write() as uow:
            results = _run(uow, who, batch.mutations, careful=True, compact=compact)
    return PushResponse(results=results)


def _run(
    uow: UnitOfWork, who: Principal, mutations: list[Mutation], *, careful: bool, compact: bool
) -> list[MutationResult]:
    state = Batch(uow, who, scope_of(uow.session, who), compact_answers=compact)
    state.names[who.user_id] = who.display_name
    if careful:
        state.prefetch(mutations)
        return [_one(state, mutation) for mutation in mutations]
    claims: list[dict[str, Any]] = []
    named = Counter(m.record_id for m in mutations)
    state.bulk_ids = {record_id for record_id, count in named.items() if count == 1}
    try:
        state.prefetch(mutations)
        results = [_fast_one(state, mutation, claims) for mutation in mutations]
        uow.session.flush()
        # One Core INSERT each for the batch's new records and mutation ids: an ORM object
        # per row was most of a first push's server time (profiled at 10,000 mutations).
        if state.new_rows:
            uow.session.execute(insert(core_table(RecordRow)), state.new_rows)
        if claims:
            uow.session.execute(insert(core_table(AppliedMutation)), claims)
    except (IntegrityError, OperationalError, DataError) as exc:
        raise _SlowPath from exc
    return results


def _fast_one(state: Batch, mutation: Mutation, claims: list[dict[str, Any]]) -> MutationResult:
    prior = state.applied.get(mutation.mutation_id)
    if prior is not None:
        return _replay(state, mutation, prior)
    effects = Effects()
    try:
        result = apply_mutation(state, mutation, effects)
    except Rejected as refusal:
        return _refused(state, mutation, refusal)
    claim = Claim(state.who.user_id, result.model_dump(mode="json"))
    state.applied[mutation.mutation_id] = claim  # a repeat later in the batch is a replay
    claims.append(
        {
            "mutation_id": mutation.mutation_id,
            "user_id": claim.user_id,
            "device_id": state.who.device_id,
            "result": claim.result,
            "created_at": utcnow(),
        }
    )
    _keep(state, mutation, effects, result)
    return result


def _claim(state: Batch, mutation: Mutation, result: MutationResult) -> AppliedMutation:
    claim = AppliedMutation(
        mutation_id=mutation.mutation_id,
        user_id=state.who.user_id,
        device_id=state.who.device_id,
        result=result.model_dump(mode="json"),
        created_at=utcnow(),
    )
    state.uow.session.add(claim)
    state.applied[mutation.mutation_id] = claim
    return claim


def _keep(state: Batch, mutation: Mutation, effects: Effects, result: MutationResult) -> None:
    state.records[mutation.record_id] = effects.record
    if effects.new_row is not None:
        state.new_rows.append(effects.new_row)
    state.uow.feed.extend(effects.feed)
    state.scope.update(effects.granted)
    _audit(state, mutation, result.status)


def _refused(state: Batch, mutation: Mutation, refusal: Rejected) -> MutationResult:
    _audit(state, mutation, refusal.outcome)
    return MutationResult(
        mutation_id=mutation.mutation_id,
        status="rejected",
        reason_code=refusal.code,
        reason=refusal.reason,
    )


def _audit(state: Batch, mutation: Mutation, outcome: str) -> None:
    state.uow.audit.append(
        AuditEntry(
            f"push_{mutation.op}",
            outcome,
            user_id=state.who.user_id,
            device_id=state.who.device_id,
            client_id=mutation.client_id,
        )
    )


def _one(state: Batch, mutation: Mutation) -> MutationResult:
    """The careful path: one savepoint per mutation, looking again after a lost race."""
    session = state.uow.session
    for attempt in range(ATTEMPTS):
        if attempt:  # after a lost race, look again instead of trusting the prefetch
            state.records.pop(mutation.record_id, None)
            state.applied.pop(mutation.mutation_id, None)
            found = session.get(AppliedMutation, mutation.mutation_id)
            if found is not None:
                state.applied[found.mutation_id] = found
        prior = state.applied.get(mutation.mutation_id)
        if prior is not None:
            return _replay(state, mutation, prior)
        effects = Effects()
        try:
            with session.begin_nested():
                result = apply_mutation(state, mutation, effects)
                _claim(state, mutation, result)
                session.flush()  # a duplicate id or record raises here, inside the savepoint
        except Rejected as refusal:
            return _refused(state, mutation, refusal)
        except DataError:
            # A value the database cannot store (PostgreSQL: a NUL character in text).
            state.applied.pop(mutation.mutation_id, None)
            return _refused(
                state,
                mutation,
                Rejected(
                    "invalid", "The change holds characters or values the server cannot store."
                ),
            )
        except (IntegrityError, OperationalError):
            # Another process raced us to this record or mutation id (PostgreSQL), or a
            # deadlock was broken: the savepoint is gone, look again. On SQLite writers are
            # serialized, so this is a bug and must surface.
            if not state.uow.is_postgres:
                raise
            continue
        _keep(state, mutation, effects, result)
        return result
    _audit(state, mutation, "busy")
    return MutationResult(
        mutation_id=mutation.mutation_id,
        status="rejected",
        reason_code="busy",
        reason="Others were changing the same record at that moment; send it again.",
    )


def _replay(state: Batch, mutation: Mutation, prior: AppliedMutation | Claim) -> MutationResult:
    if prior.user_id != state.who.user_id or prior.result is None:
        _audit(state, mutation, "denied")
        return MutationResult(
            mutation_id=mutation.mutation_id,
            status="rejected",
            reason_code="duplicate_mutation_id",
            reason="This change has an id the server already used for another change.",
        )
    _audit(state, mutation, "replayed")
    return MutationResult.model_validate(prior.result)
