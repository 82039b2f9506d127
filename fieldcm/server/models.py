"""The server's tables (SQLAlchemy 2 declarative); migrations/ creates them, by hand.

Ids are the client-generated lowercase UUID strings of the wire format. Times are stored in
UTC. Tokens, refresh tokens and enrollment codes are stored only as SHA-256 hashes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID = String(36)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on both backends (SQLite keeps no offset, so we add it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# A 64-bit counter on PostgreSQL; on SQLite INTEGER PRIMARY KEY is the rowid (also 64-bit).
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    pass


class ServerMeta(Base):
    """Small server-wide values (the cursor signing key)."""

    __tablename__ = "server_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    credentials: Mapped[str] = mapped_column(String(200), default="")
    team_id: Mapped[str | None] = mapped_column(ForeignKey("teams.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(300))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Assignment(Base):
    """A client on a user's caseload."""

    __tablename__ = "assignments"
    client_id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EnrollmentCode(Base):
    __tablename__ = "enrollment_codes"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    device_id: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Device(Base):
    """An enrolled laptop. ``state``: active, revoked, wipe_pending, wiped."""

    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20))
    protocol_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    wipe_requested_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    wiped_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DeviceToken(Base):
    """One access or refresh token of a device (its token family). ``state``: active,
    rotated (a refresh token already exchanged), superseded (an exchange's answer that was
    never used, replaced within the grace period: presenting it is reuse), revoked."""

    __tablename__ = "device_tokens"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(10))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Added by 0003, for the refresh grace period (``devices.refresh``).
    rotated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    parent_id: Mapped[str | None] = mapped_column(ID, nullable=True, index=True)


class RecordRow(Base):
    """The current version of a record; ``fields`` is the free JSON mapping of the wire."""

    __tablename__ = "records"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    client_id: Mapped[str] = mapped_column(ID, index=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    rev: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by_user_id: Mapped[str | None] = mapped_column(ID)
    updated_by_device_id: Mapped[str | None] = mapped_column(ID)
    # Added by 0004: the device whose push answer carried revision ``answered_rev``; the feed
    # does not send that revision back to it (see feed.py, "echo").
    answered_device_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    answered_rev: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ChangeRow(Base):
    """The feed: one row per change, in server order (``seq``). ``type``: record, conflict,
    settings. A record row points at the record; readers send its current version."""

    __tablename__ = "changes"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    type: Mapped[str] = mapped_column(String(10))
    record_id: Mapped[str | None] = mapped_column(ID)
    conflict_id: Mapped[str | None] = mapped_column(ID)
    client_id: Mapped[str | None] = mapped_column(ID)
    kind: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    # AUTOINCREMENT on SQLite: a seq is never handed out twice, even after a rollback.
    __table_args__ = (
        Index("ix_changes_client_seq", "client_id", "seq"),
        {"sqlite_autoincrement": True},
    )


class AppliedMutation(Base):
    """A mutation id the server has applied, with the answer it gave (idempotent retries)."""

    __tablename__ = "applied_mutations"
    mutation_id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ID)
    device_id: Mapped[str | None] = mapped_column(ID)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ConflictRow(Base):
    """Both values of a field (or list item) two people changed differently."""

    __tablename__ = "conflicts"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    record_id: Mapped[str] = mapped_column(ID, index=True)
    client_id: Mapped[str] = mapped_column(ID, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    field: Mapped[str] = mapped_column(Text)
    item_id: Mapped[str | None] = mapped_column(Text)
    base: Mapped[Any] = mapped_column(JSON, nullable=True)
    mine: Mapped[Any] = mapped_column(JSON, nullable=True)
    theirs: Mapped[Any] = mapped_column(JSON, nullable=True)
    mine_user_id: Mapped[str] = mapped_column(ID)
    mine_device_id: Mapped[str | None] = mapped_column(ID)
    mine_at: Mapped[datetime] = mapped_column(UtcDateTime)
    theirs_user_id: Mapped[str | None] = mapped_column(ID)
    theirs_device_id: Mapped[str | None] = mapped_column(ID)
    theirs_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(10))
    resolution: Mapped[Any] = mapped_column(JSON, nullable=True)
    resolved_by_user_id: Mapped[str | None] = mapped_column(ID)
    resolved_by_device_id: Mapped[str | None] = mapped_column(ID)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolve_mutation_id: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditRow(Base):
    """Append-only, hash-chained: ``hash = sha256(prev_hash || canonical row)``; triggers
    refuse UPDATE and DELETE. ``at`` is ISO 8601 UTC text so the hash input round-trips."""

    __tablename__ = "audit"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[str | None] = mapped_column(ID)
    device_id: Mapped[str | None] = mapped_column(ID)
    client_id: Mapped[str | None] = mapped_column(ID)
    action: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(40))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AgencySettingsRow(Base):
    """The one row (id 1) of agency settings, as the wire's AgencySettings JSON."""

    __tablename__ = "agency_settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RateLimitRow(Base):
    """A fixed-window counter shared by every server process."""

    __tablename__ = "rate_limits"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger)
    count: Mapped[int] = mapped_column(Integer)


class ScopeSnapshot(Base):
    """The set of clients a device holds as of one of its cursors (see feed.py)."""

    __tablename__ = "scope_snapshots"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    client_ids: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AttachmentRow(Base):
    """A file linked to a client: its metadata here, its bytes in the blob store on disk
    (named by ``sha256``, see blobs.py), never in the database."""

    __tablename__ = "attachments"
    file_id: Mapped[str] = mapped_column(ID, primary_key=True)
    client_id: Mapped[str] = mapped_column(ID, index=True)
    record_id: Mapped[str | None] = mapped_column(ID)
    name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_by: Mapped[str] = mapped_column(ID)
    device_id: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BlobUpload(Base):
    """A device sent every byte of a blob and the hash matched: it may link that blob.

    This is what lets a device link a file before any attachment in its caseload has it,
    without letting anyone link (and so read) a blob only known by its hash."""

    __tablename__ = "blob_uploads"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ID)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
