"""A write transaction with the feed entries and audit events it will publish on commit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from fieldcm.server import audit, feedlog
from fieldcm.server.clock import utcnow


class UnitOfWork:
    """Collects feed entries and audit events, appends them last, then commits.

    Appending last keeps the serializing locks (feed, then audit: always in this order, so
    two transactions cannot deadlock on them) held for the shortest time. Audit events added
    inside a savepoint that is later rolled back are still written: a refused attempt is
    audited too. Feed entries must only be added once their effect is certain.
    """

    def __init__(self, session: Session, *, is_postgres: bool) -> None:
        self.session = session
        self.is_postgres = is_postgres
        self.feed: list[feedlog.FeedEntry] = []
        self.audit: list[audit.AuditEntry] = []

    def commit(self) -> None:
        now = utcnow()
        feedlog.append_entries(self.session, self.feed, is_postgres=self.is_postgres, now=now)
        audit.append_entries(self.session, self.audit, is_postgres=self.is_postgres, now=now)
        self.session.commit()
        self.feed.clear()
        self.audit.clear()
