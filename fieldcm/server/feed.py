"""Reading the change feed: pages of what changed in the caller's scope, after a cursor.

A page is built from three parts, in this order, and the cursor records how far each got:

1. **Revocations** for clients the device holds but the user may no longer see.
2. **Backfill** of clients newly in scope (and of the whole scope on the first pull): their
   current records, tombstones included, so the device's digest can match the server's,
   then their open conflicts involving the caller.
3. **The feed proper**: change rows after ``seq``, only for clients in scope (conflicts only
   for the people involved, settings for everyone), each sent as the record's or conflict's
   current version, deduplicated within the page.

What the device holds is tracked per device as a *scope snapshot* named by the cursor, not
as "what we last sent": the device stores a page and its cursor in one transaction, so the
cursor it presents always describes exactly what it has, and a lost response costs a re-sent
page, never a missed revocation (DESIGN.md properties 7 and 9). The common case (scope
unchanged) is recognised from a hash in the cursor without reading the snapshot.

On the first pull the cursor starts at the highest seq visible *before* the backfill reads
the records, so nothing committed later is missed and history is not replayed. The no-skip
guarantee for concurrent writers is feedlog's; reads run in one snapshot (db.py).

Cursors are opaque to devices: urlsafe base64 JSON with an HMAC (server key, bound to the
device), so a forged or another device's cursor is refused as ``bad_cursor``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, or_, select, true
from sqlalchemy.orm import Session

from fieldcm.server import blobs, feedlog, settings
from fieldcm.server.audit import AuditEntry
from fieldcm.server.authz import Principal, scope_of
from fieldcm.server.clock import utcnow
from fieldcm.server.db import Database
from fieldcm.server.errors import BadRequest
from fieldcm.server.models import (
    AttachmentRow,
    ChangeRow,
    ConflictRow,
    RecordRow,
    ScopeSnapshot,
    ServerMeta,
)
from fieldcm.server.payloads import (
    conflict_payload,
    conflict_user_ids,
    load_names,
    record_payload,
    record_user_ids,
)
from fieldcm.sync.protocol import Change, ChangesPage

CURSOR_VERSION = 1
SNAPSHOTS_KEPT = 4
"""Snapshots kept per device besides the presented and the new one (concurrent pulls)."""
BAD_CURSOR = "This sync position is not valid; start a full sync (pull without a cursor)."


def load_cursor_key(session: Session) -> bytes:
    row = session.get(ServerMeta, "cursor_key")
    if row is None:
        raise RuntimeError("server_meta has no cursor_key: the database was not initialised")
    return bytes.fromhex(row.value)


# ---- the cursor ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    seq: int
    snapshot: str | None
    scope_hash: str
    partial: tuple[str, str] | None = None
    """(client_id, record_id): backfill of that client stopped after that record."""
    first: bool = False
    """The device's first backfill (it started from no cursor) is still under way."""


def scope_hash(client_ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(client_ids)).encode()).hexdigest()[:32]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, device_id: str, body: str) -> str:
    return _b64(hmac.new(key, f"{device_id}|{body}".encode(), hashlib.sha256).digest()[:16])


def encode_cursor(cursor: Cursor, *, key: bytes, device_id: str) -> str:
    data = {
        "v": CURSOR_VERSION,
        "s": cursor.seq,
        "p": cursor.snapshot,
        "h": cursor.scope_hash,
        "b": list(cursor.partial) if cursor.partial else None,
    }
    if cursor.first:
        data["e"] = 1
    body = _b64(json.dumps(data, separators=(",", ":")).encode())
    return f"{body}.{_mac(key, device_id, body)}"


def decode_cursor(text: str, *, key: bytes, device_id: str) -> Cursor:
    """Parse a cursor this server issued to this device, or raise BadRequest."""
    body, _, mac = text.partition(".")
    if not body or not hmac.compare_digest(mac.encode(), _mac(key, device_id, body).encode()):
        raise BadRequest(BAD_CURSOR, code="bad_cursor")
    try:
        data: dict[str, Any] = json.loads(_unb64(body))
        partial = data["b"]
        cursor = Cursor(
            seq=int(data["s"]),
            snapshot=data["p"],
            scope_hash=str(data["h"]),
            partial=(str(partial[0]), str(partial[1])) if partial else None,
            first=bool(data.get("e", 0)),
        )
    except (ValueError, KeyError, TypeError, IndexError, binascii.Error) as exc:
        raise BadRequest(BAD_CURSOR, code="bad_cursor") from exc
    if data.get("v") != CURSOR_VERSION or cursor.seq < 0:
        raise BadRequest(BAD_CURSOR, code="bad_cursor")
    return cursor


# ---- building a page -------------------------------------------------------------------


@dataclass
class _Page:
    changes: list[Change] = field(default_factory=list)
    delivered: set[str] = field(default_factory=set)
    revoked: list[str] = field(default_factory=list)
    has_more: bool = False
    cursor: Cursor | None = None
    new_snapshot: list[str] | None = None
    presented_snapshot: str | None = None


def _held_scope(session: Session, who: Principal, cursor: Cursor, scope: set[str]) -> set[str]:
    """What the device holds as of ``cursor``."""
    if cursor.partial is None and cursor.scope_hash == scope_hash(scope):
        return set(scope)
    if cursor.snapshot is None:
        return set()
    row = session.get(ScopeSnapshot, cursor.snapshot)
    if row is None or row.device_id != who.device_id:
        raise BadRequest(BAD_CURSOR, code="cursor_expired")
    return set(row.client_ids)


def _backfill(
    session: Session,
    page: _Page,
    *,
    who: Principal,
    added: list[str],
    partial: tuple[str, str] | None,
    room: int,
    echo_of: str | None = None,
) -> tuple[set[str], tuple[str, str] | None]:
    """Send what a device needs of ``added`` clients: each client's current records, then
    its open conflicts involving the caller. Returns the clients completed and, when the page
    filled up inside one, ``(client_id, position)`` to resume from."""
    attachments: list[_Item] = list(blobs.backfill_items(session, added, partial, room))
    items = sorted(
        _backfill_records(session, added, partial, room, echo_of)
        + _backfill_conflicts(session, who, added, partial, room)
        + attachments,
        key=lambda item: (item[0], item[1]),
    )[: room + 1]
    sent, overflow = items[:room], items[room:]
    names = load_names(
        session,
        record_user_ids(r for _, _, r in sent if isinstance(r, RecordRow))
        | conflict_user_ids(c for _, _, c in sent if isinstance(c, ConflictRow)),
    )
    for client_id, _, row in sent:
        if isinstance(row, RecordRow):
            page.changes.append(_record_change(row, names))
        elif isinstance(row, AttachmentRow):
            page.changes.append(blobs.change(row))
        else:
            page.changes.append(Change(type="conflict", conflict=conflict_payload(row, names)))
        page.delivered.add(client_id)
    if not overflow:
        return set(added), None
    (last_client, last_key, _), following = sent[-1], overflow[0]  # room >= 1
    if following[0] != last_client:
        return {c for c in added if c <= last_client}, None
    return {c for c in added if c < last_client}, (last_client, last_key)


_Item = tuple[str, str, "RecordRow | ConflictRow | AttachmentRow"]


def _backfill_records(
    session: Session,
    added: list[str],
    partial: tuple[str, str] | None,
    room: int,
    echo_of: str | None = None,
) -> list[_Item]:
    query = select(RecordRow).where(RecordRow.client_id.in_(added))
    if echo_of is not None:
        query = query.where(_not_echo(echo_of))
    if partial is not None and partial[0] in added:
        kind, _, after = partial[1].partition(":")
        if kind == "r":
            query = query.where(or_(RecordRow.client_id != partial[0], RecordRow.id > after))
        elif kind == "x":  # that client's records were all sent; its conflicts were under way
            query = query.where(RecordRow.client_id != partial[0])
        # kind "a": its attachments (sorted first) were under way; no record was sent yet
    query = query.order_by(RecordRow.client_id, RecordRow.id).limit(room + 1)
    return [(r.client_id, f"r:{r.id}", r) for r in session.scalars(query)]


def _backfill_conflicts(
    session: Session,
    who: Principal,
    added: list[str],
    partial: tuple[str, str] | None,
    room: int,
) -> list[_Item]:
    query = select(ConflictRow).where(
        ConflictRow.client_id.in_(added),
        ConflictRow.status == "open",
        or_(ConflictRow.mine_user_id == who.user_id, ConflictRow.theirs_user_id == who.user_id),
    )
    if partial is not None and partial[0] in added:
        kind, _, after = partial[1].partition(":")
        if kind == "x":
            query = query.where(or_(ConflictRow.client_id != partial[0], ConflictRow.id > after))
    query = query.order_by(ConflictRow.client_id, ConflictRow.id).limit(room + 1)
    return [(c.client_id, f"x:{c.id}", c) for c in session.scalars(query)]


def _not_echo(device_id: str) -> ColumnElement[bool]:
    """Records whose current revision was not given to ``device_id`` in a push answer.

    That device already holds such a revision (it applied the answer before it pulls, or
    sends the push again and gets the answer again), so sending it back would only double a
    first sync's traffic. Any later write raises ``rev`` past ``answered_rev``. Only safe
    where the device cannot have dropped the record since: the feed of clients it holds,
    and its first backfill (a device that purged a client and gets it back is backfilled
    in full).
    """
    return or_(
        RecordRow.answered_device_id.is_(None),
        RecordRow.answered_device_id != device_id,
        RecordRow.answered_rev != RecordRow.rev,
    )


def _record_change(row: RecordRow, names: dict[str, str]) -> Change:
    return Change(type="tombstone" if row.deleted else "upsert", record=record_payload(row, names))


def _feed_rows(
    session: Session, page: _Page, *, who: Principal, scope: set[str], after: int, room: int
) -> tuple[int, bool]:
    """Append feed changes after seq ``after``; return the new seq and whether more wait."""
    top = feedlog.max_seq(session)
    visible = or_(
        ChangeRow.type == "settings",
        and_(
            ChangeRow.client_id.in_(sorted(scope)),
            or_(
                ChangeRow.type == "record",
                ChangeRow.type == blobs.FEED_TYPE,
                ConflictRow.mine_user_id == who.user_id,
                ConflictRow.theirs_user_id == who.user_id,
            ),
        ),
    )
    query = (
        select(ChangeRow, RecordRow, ConflictRow)
        .outerjoin(RecordRow, and_(ChangeRow.type == "record", RecordRow.id == ChangeRow.record_id))
        .outerjoin(
            ConflictRow,
            and_(ChangeRow.type == "conflict", ConflictRow.id == ChangeRow.conflict_id),
        )
        .where(ChangeRow.seq > after, ChangeRow.seq <= top, visible)
        .where(_not_echo(who.device_id) if who.device_id else true())
        .order_by(ChangeRow.seq)
        .limit(room + 1)
    )
    rows = list(session.execute(query).all())
    more = len(rows) > room
    rows = rows[:room]
    new_seq = rows[-1][0].seq if more else top
    records = [r for _, r, _ in rows if r is not None]
    conflicts = [c for _, _, c in rows if c is not None]
    names = load_names(session, record_user_ids(records) | conflict_user_ids(conflicts))
    attachments = blobs.load(
        session, [c.record_id for c, _, _ in rows if c.type == blobs.FEED_TYPE and c.record_id]
    )
    # The current version is sent once per page, at its last position.
    latest: dict[str, Change] = {}
    for change_row, record, conflict in rows:
        if record is not None:
            latest.pop(record.id, None)
            latest[record.id] = _record_change(record, names)
            page.delivered.add(record.client_id)
        elif conflict is not None:
            latest.pop(conflict.id, None)
            latest[conflict.id] = Change(
                type="conflict", conflict=conflict_payload(conflict, names)
            )
            page.delivered.add(conflict.client_id)
        elif change_row.type == blobs.FEED_TYPE and change_row.record_id in attachments:
            attachment = attachments[change_row.record_id]
            latest[attachment.file_id] = blobs.change(attachment)
            page.delivered.add(attachment.client_id)
        elif change_row.type == "settings":
            latest.pop("settings", None)
            latest["settings"] = Change(type="settings", settings=settings.current(session))
    page.changes.extend(latest.values())
    return new_seq, more


def _read_page(
    session: Session, *, who: Principal, cursor_text: str | None, limit: int, key: bytes
) -> _Page:
    device_id = who.device_id or ""
    scope = scope_of(session, who)
    page = _Page()
    if cursor_text is None:
        cursor = Cursor(
            seq=feedlog.max_seq(session), snapshot=None, scope_hash=scope_hash(()), first=True
        )
        page.changes.append(Change(type="settings", settings=settings.current(session)))
    else:
        cursor = decode_cursor(cursor_text, key=key, device_id=device_id)
    page.presented_snapshot = cursor.snapshot
    held_before = _held_scope(session, who, cursor, scope)
    held = set(held_before)
    seq, partial = cursor.seq, None

    room = limit - len(page.changes)
    revoke = sorted(held - scope)
    for client_id in revoke[:room]:
        page.changes.append(Change(type="revoke", client_id=client_id))
        page.revoked.append(client_id)
        held.discard(client_id)
    room = limit - len(page.changes)
    pending = len(revoke) > len(page.revoked)

    if not pending and room > 0:
        added = sorted(scope - held)
        if added:
            completed, partial = _backfill(
                session,
                page,
                who=who,
                added=added,
                partial=cursor.partial,
                room=room,
                echo_of=who.device_id if cursor.first else None,
            )
            held |= completed
            pending = bool(scope - held)
            room = limit - len(page.changes)

    if not pending and room > 0:
        seq, pending = _feed_rows(session, page, who=who, scope=scope, after=seq, room=room)
    page.has_more = pending or room <= 0

    snapshot = cursor.snapshot
    if held != held_before:
        snapshot = uuid.uuid4().hex
        page.new_snapshot = sorted(held)
    page.cursor = Cursor(
        seq=seq,
        snapshot=snapshot,
        scope_hash=scope_hash(held),
        partial=partial,
        first=cursor.first and bool(scope - held),
    )
    return page


def pull(
    db: Database, *, who: Principal, cursor: str | None, limit: int, cursor_key: bytes
) -> ChangesPage:
    """One page of changes for ``who``'s device; audited per client delivered or revoked."""
    with db.read() as session:
        page = _read_page(session, who=who, cursor_text=cursor, limit=limit, key=cursor_key)
    assert page.cursor is not None
    ids = {"user_id": who.user_id, "device_id": who.device_id}
    entries = [AuditEntry("pull", "ok", client_id=c, **ids) for c in sorted(page.delivered)]
    entries += [AuditEntry("revoke", "ok", client_id=c, **ids) for c in page.revoked]
    if page.new_snapshot is not None or entries:
        with db.write() as uow:
            if page.new_snapshot is not None:
                _store_snapshot(uow.session, who, page)
            uow.audit.extend(entries)
    return ChangesPage(
        changes=page.changes,
        cursor=encode_cursor(page.cursor, key=cursor_key, device_id=who.device_id or ""),
        has_more=page.has_more,
    )


def _store_snapshot(session: Session, who: Principal, page: _Page) -> None:
    assert page.cursor is not None and page.cursor.snapshot is not None
    assert who.device_id is not None and page.new_snapshot is not None
    session.add(
        ScopeSnapshot(
            id=page.cursor.snapshot,
            device_id=who.device_id,
            client_ids=page.new_snapshot,
            created_at=utcnow(),
        )
    )
    keep = {page.cursor.snapshot, page.presented_snapshot}
    older = session.scalars(
        select(ScopeSnapshot.id)
        .where(ScopeSnapshot.device_id == who.device_id)
        .order_by(ScopeSnapshot.created_at.desc())
        .offset(SNAPSHOTS_KEPT)
    ).all()
    stale = [s for s in older if s not in keep]
    if stale:
        session.execute(delete(ScopeSnapshot).where(ScopeSnapshot.id.in_(stale)))
