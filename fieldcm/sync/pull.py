"""Pull: fetch pages of changes after the stored cursor and apply each with its cursor.

One page, one local transaction, committed together with the page's cursor (DESIGN.md
property 7): a link cut or a kill at any instant leaves the store at the previous page's
cursor with exactly that page's effects, so at most that one page is fetched again, and a
page applied twice changes nothing twice (older or equal revisions are ignored, conflicts and
settings are replaced by id). No transaction is open while a page is on the wire.

A page that revokes clients first pushes what is still unsent for them (no transaction open
either), then, inside the page's transaction, keeps any leftovers as conflicts and purges.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from fieldcm.store.attachments import AttachmentStore
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.apply import apply_pulled_page
from fieldcm.sync.blobs import note_remote_attachment
from fieldcm.sync.profile import store_settings, to_stored_conflict
from fieldcm.sync.progress import Tracker
from fieldcm.sync.protocol import MAX_PAGE_SIZE, Change, ChangesPage
from fieldcm.sync.revocation import Identity, Revoked, revoke_client, unsent_for_client
from fieldcm.sync.transport import SyncTransport

OPTIMIZE_AFTER = 1000
"""Records a first sync must bring before the search index is merged (``optimize``)."""


@dataclass
class PullCounts:
    pages: int = 0
    records: int = 0
    conflicts: int = 0
    revoked: list[Revoked] = field(default_factory=list)
    settings_changed: bool = False


class Puller:
    def __init__(
        self,
        engine: Engine,
        transport: SyncTransport,
        tracker: Tracker,
        *,
        files: AttachmentStore,
        me: Identity,
        push_pending: Callable[[], object],
        page_size: int = MAX_PAGE_SIZE,
    ) -> None:
        self._engine = engine
        self._transport = transport
        self._tracker = tracker
        self._files = files
        self._me = me
        self._push_pending = push_pending
        self._page_size = min(page_size, MAX_PAGE_SIZE)

    def pull_all(self) -> PullCounts:
        counts = PullCounts()
        first = self._cursor() is None
        while True:
            self._tracker.checkpoint()
            cursor = self._cursor()
            page = self._transport.pull(cursor, limit=self._page_size)
            if page.changes or page.cursor != cursor:  # nothing new: nothing to write
                self._before_revocations(page)
                self._apply(page, counts)
            # Sizes come from the transport's meter: serialising a page again to measure it
            # cost as much as parsing it.
            self._tracker.page(len(page.changes))
            if not page.has_more:
                if first and counts.records >= OPTIMIZE_AFTER:
                    self._optimize_search()
                return counts

    def _optimize_search(self) -> None:
        """One full merge of the search index after a first sync loaded it in pages."""
        with UnitOfWork(self._engine) as uow:
            uow.search.optimize()
            uow.commit()

    def _cursor(self) -> str | None:
        with UnitOfWork(self._engine, read_only=True) as uow:
            return uow.sync_state.get().cursor

    def _before_revocations(self, page: ChangesPage) -> None:
        revoked = [c.client_id for c in page.changes if c.type == "revoke" and c.client_id]
        if not revoked:
            return
        with UnitOfWork(self._engine, read_only=True) as uow:
            waiting = any(unsent_for_client(uow, client_id) for client_id in revoked)
        if waiting:
            self._push_pending()

    def _apply(self, page: ChangesPage, counts: PullCounts) -> None:
        with UnitOfWork(self._engine) as uow:
            # The server sends revocations first in a page; records never follow for a
            # client revoked in the same page, so records can go in one batch after them.
            for change in page.changes:
                if change.type == "revoke" and change.client_id is not None:
                    revoked = revoke_client(uow, change.client_id, me=self._me, files=self._files)
                    counts.revoked.append(revoked)
            records = [c.record for c in page.changes if c.record is not None]
            apply_pulled_page(uow, records)
            counts.records += len(records)
            for change in page.changes:
                self._apply_one(uow, change, counts)
            uow.sync_state.set_cursor(page.cursor)
            uow.commit()
        counts.pages += 1

    def _apply_one(self, uow: UnitOfWork, change: Change, counts: PullCounts) -> None:
        if change.type == "conflict" and change.conflict is not None:
            uow.conflicts.put(to_stored_conflict(change.conflict))
            counts.conflicts += 1
        elif change.type == "settings" and change.settings is not None:
            store_settings(uow, change.settings)
            counts.settings_changed = True
        elif change.type == "attachment" and change.attachment is not None:
            # Indexed and queued here; the bytes come in the attachment phase (property 12).
            note_remote_attachment(uow, change.attachment, self._files)
