"""What sync keeps inside the encrypted store besides records: tokens, settings, identity.

Everything lives in the store's one ``sync_state`` row, written through its repository.
The store has no column for the device's token pair yet, so the pair is kept inside the
``agency_settings`` JSON under a reserved key (:data:`TOKENS_KEY`) and
:func:`agency_settings` hides it from readers of the settings. Either way it is inside
SQLCipher, never in a plain file (SECURITY.md K5, S7).

Also here: converting between the wire models and the store's records and conflicts.
"""

from __future__ import annotations

import threading
from typing import Any, Final

from pydantic import ValidationError
from sqlalchemy import Engine

from fieldcm.domain.billing import PayerRule
from fieldcm.domain.records import Record
from fieldcm.store.repositories import StoredConflict
from fieldcm.store.sync_state import SyncState
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.protocol import (
    AgencySettings,
    ConflictPayload,
    PayerRulePayload,
    RecordPayload,
    TokenPair,
)

TOKENS_KEY: Final = "_device_tokens"
LOST_KEY: Final = "_credentials_lost"
"""Why this laptop's own tokens stopped working, when it was not the agency's doing."""
UPLOADS_KEY: Final = "_attachment_uploads"
"""File ids of attachments waiting to go up (:mod:`fieldcm.sync.blobs`)."""
DOWNLOADS_KEY: Final = "_attachment_downloads"
"""File ids of attachments other laptops sent, waiting to come down (:mod:`fieldcm.sync.blobs`)."""
RESERVED: Final = frozenset({TOKENS_KEY, LOST_KEY, UPLOADS_KEY, DOWNLOADS_KEY})


# ---- agency settings -------------------------------------------------------------------


def agency_settings(state: SyncState) -> AgencySettings:
    """The agency's settings as last received (defaults before the first sync)."""
    raw = {k: v for k, v in (state.agency_settings or {}).items() if k not in RESERVED}
    try:
        return AgencySettings.model_validate(raw)
    except ValidationError:
        # A newer server's extra setting must not lock the worker out: keep what we know.
        known = {k: v for k, v in raw.items() if k in AgencySettings.model_fields}
        return AgencySettings.model_validate(known)


def payer_rule(payload: PayerRulePayload) -> PayerRule:
    """The wire form of a payer's rules as the domain's :class:`PayerRule`.

    An agency that lists no required fields for a payer gets the domain's default list:
    an empty list on the wire means "not configured", never "nothing is required".
    """
    base = PayerRule(payer=payload.payer)
    return PayerRule(
        payer=payload.payer,
        required_fields=tuple(payload.required_fields) or base.required_fields,
        signing_deadline_hours=payload.signing_deadline_hours,
        signing_deadline_business_days=payload.signing_deadline_business_days,
        late_entry_after_hours=payload.late_entry_after_hours,
        unit_minutes=payload.unit_minutes,
        minimum_minutes=payload.minimum_minutes,
    )


def payer_rules(settings: AgencySettings) -> tuple[PayerRule, ...]:
    """Every payer rule the agency configured, in the agency's order."""
    return tuple(payer_rule(p) for p in settings.payer_rules)


def store_settings(uow: UnitOfWork, settings: AgencySettings) -> None:
    """Replace the settings in the caller's transaction, keeping the token pair."""
    current = uow.sync_state.get().agency_settings or {}
    value: dict[str, Any] = settings.model_dump(mode="json")
    value.update({k: v for k, v in current.items() if k in RESERVED})
    uow.sync_state.update(agency_settings=value)


def credentials_lost(state: SyncState) -> str | None:
    """The code (``token_reuse``) under which the server revoked this laptop's tokens."""
    value = (state.agency_settings or {}).get(LOST_KEY)
    return value if isinstance(value, str) else None


def mark_credentials_lost(uow: UnitOfWork, code: str) -> None:
    """Remember that the server revoked our tokens because of a lost refresh answer.

    A revoked laptop is wiped on its next contact, but one revoked because a refresh answer
    was lost on a bad link (the server then sees the spent refresh token again and revokes
    the family) was not withdrawn by anyone: wiping it would destroy unsynced work.
    """
    value = dict(uow.sync_state.get().agency_settings or {})
    value[LOST_KEY] = code
    uow.sync_state.update(agency_settings=value)


def _read_tokens(state: SyncState) -> TokenPair | None:
    raw = (state.agency_settings or {}).get(TOKENS_KEY)
    return None if raw is None else TokenPair.model_validate(raw)


def _write_tokens(uow: UnitOfWork, pair: TokenPair | None) -> None:
    value = dict(uow.sync_state.get().agency_settings or {})
    if pair is None:
        value.pop(TOKENS_KEY, None)
    else:
        value[TOKENS_KEY] = pair.model_dump(mode="json")
    uow.sync_state.update(agency_settings=value)


class ProfileTokenStore:
    """The transport's ``TokenStore`` over the encrypted store.

    ``set`` commits before it returns (the transport relies on that for refresh rotation).
    :meth:`detach` keeps the pair in memory only, for the last call after a wipe.
    Any thread may call it; each call is its own short transaction.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine: Engine | None = engine
        self._memory: TokenPair | None = None
        self._lock = threading.Lock()

    def get(self) -> TokenPair | None:
        with self._lock:
            if self._engine is None:
                return self._memory
            with UnitOfWork(self._engine, read_only=True) as uow:
                return _read_tokens(uow.sync_state.get())

    def set(self, pair: TokenPair) -> None:
        with self._lock:
            if self._engine is None:
                self._memory = pair
                return
            with UnitOfWork(self._engine) as uow:
                _write_tokens(uow, pair)
                uow.commit()

    def detach(self) -> None:
        """From now on hold the pair in memory only (the store is about to be wiped)."""
        pair = self.get()
        with self._lock:
            self._memory = pair
            self._engine = None


def save_enrollment(uow: UnitOfWork, pair: TokenPair, server_url: str) -> None:
    """Record who this laptop is and its first token pair, in the caller's transaction."""
    _write_tokens(uow, pair)
    uow.sync_state.update(device_id=pair.device_id, user_id=pair.user.id, server_url=server_url)


# ---- records and conflicts -------------------------------------------------------------


def to_record(payload: RecordPayload) -> Record:
    return Record(
        kind=payload.kind,
        id=payload.id,
        client_id=payload.client_id,
        fields=dict(payload.fields),
        rev=payload.rev,
        deleted=payload.deleted,
    )


def to_stored_conflict(payload: ConflictPayload) -> StoredConflict:
    def actor(value: Any) -> dict[str, Any] | None:
        return None if value is None else dict(value.model_dump(mode="json"))

    mine_by = actor(payload.mine_by)
    assert mine_by is not None
    return StoredConflict(
        id=payload.id,
        kind=payload.kind,
        record_id=payload.record_id,
        client_id=payload.client_id,
        field=payload.field,
        item_id=payload.item_id,
        base=payload.base,
        mine=payload.mine,
        theirs=payload.theirs,
        mine_by=mine_by,
        theirs_by=actor(payload.theirs_by),
        status=payload.status,
        resolution=payload.resolution,
        resolved_by=actor(payload.resolved_by),
    )
