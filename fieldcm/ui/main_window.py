"""The main window: the lock screen, or the workspace (caseload, client record, note editor).

The window owns the session's life: unlock creates the :class:`Session`, locking tears it
down in an order that loses nothing and leaves nothing (SECURITY.md U4): the draft on
screen is queued for saving, sync is cancelled, every model is emptied and every label
cleared, then the store is closed on the database lane after the queued save and
``locked`` is emitted once no connection is left.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget, QWidget

from fieldcm.domain.notes import NoteFormat, Role
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import UnlockedStore, Vault
from fieldcm.sync.engine import Credentials, SyncResult
from fieldcm.ui.attachment_viewer import show_attachment
from fieldcm.ui.caseload_model import CaseloadItem, caseload_items
from fieldcm.ui.caseload_view import SEARCH_LIMIT, CaseloadView
from fieldcm.ui.client_data import ClientRecord, load_client
from fieldcm.ui.client_view import ClientView
from fieldcm.ui.gc_lane import freeze_survivors
from fieldcm.ui.idle import IdleLock
from fieldcm.ui.lock_screen import LockScreen
from fieldcm.ui.messages import explain
from fieldcm.ui.note_editor import NoteEditor
from fieldcm.ui.search_model import SearchResult
from fieldcm.ui.session import Clock, Session, Workspace, utc_now
from fieldcm.ui.shortcuts import ShortcutsDialog
from fieldcm.ui.status_area import StatusArea
from fieldcm.ui.sync_controller import SyncController, SyncerFactory
from fieldcm.ui.tasks import Lane
from fieldcm.ui.widgets import message_box
from fieldcm.ui.workspace_pages import WorkspacePages

log = logging.getLogger(__name__)

BROWSE_PAGE = 0
EDITOR_PAGE = 1


class MainWindow(QMainWindow):
    """GUI thread only. Everything it needs is passed in (no globals)."""

    unlocked = Signal()
    locked = Signal()
    """The store is closed (every connection, the key) after a lock."""
    caseload_loaded = Signal(int)
    client_loaded = Signal(str)

    def __init__(
        self,
        vault: Vault,
        *,
        db: Lane,
        network: Lane,
        syncer_factory: SyncerFactory | None = None,
        idle: IdleLock | None = None,
        clock: Clock = utc_now,
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("fieldcm")  # never a client's name (SECURITY.md S7)
        self.setAccessibleName(self.tr("fieldcm main window"))
        self.resize(1366, 768)
        self.setMinimumSize(1024, 640)
        self.vault = vault
        self.db = db
        self.network = network
        self.clock = clock
        self.session: Session | None = None
        self._client_id: str | None = None
        self._pending_note: str | None = None
        self.idle = idle or IdleLock(parent=self)
        self.idle.timed_out.connect(self._auto_lock)
        self.sync = SyncController(network, syncer_factory, self)
        db.unhandled.connect(self._report)
        network.unhandled.connect(self._report)
        self._build(hint)
        self._build_actions()
        self._show_locked("")

    # ---- layout ---------------------------------------------------------------------

    def _build(self, hint: str) -> None:
        self.lock_screen = LockScreen(self.vault, self.db, hint=hint)
        self.lock_screen.unlocked.connect(self._unlocked)
        self.caseload = CaseloadView()
        self.caseload.client_chosen.connect(self.show_client)
        self.caseload.note_chosen.connect(self.open_note)
        self.caseload.set_search(self._search)
        self.client_view = ClientView()
        self.client_view.new_note_requested.connect(self.new_note)
        self.client_view.note_requested.connect(self.open_note)
        self.editor = NoteEditor()
        self.editor.closed.connect(self._editor_closed)

        browse = QSplitter(Qt.Orientation.Horizontal)
        browse.setObjectName("browse")
        browse.addWidget(self.caseload)
        browse.addWidget(self.client_view)
        browse.setStretchFactor(0, 5)
        browse.setStretchFactor(1, 6)
        browse.setSizes([660, 706])
        browse.setChildrenCollapsible(False)
        self.workspace = QStackedWidget()
        self.workspace.addWidget(browse)
        self.workspace.addWidget(self.editor)
        self.editor.loaded.connect(lambda _id: self.workspace.setCurrentIndex(EDITOR_PAGE))
        self.workspace_pages = WorkspacePages(self.workspace, self.sync.changed, self)
        self.workspace_pages.back.connect(self._editor_closed)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.lock_screen)
        self.pages.addWidget(self.workspace)
        self.setCentralWidget(self.pages)

        self.status_area = StatusArea()
        self.status_area.sync_requested.connect(self.sync.sync_now)
        self.status_area.sign_in_requested.connect(self._sign_in)
        self.statusBar().addPermanentWidget(self.status_area, 1)
        self.statusBar().setSizeGripEnabled(False)
        self.sync.changed.connect(self.status_area.show_view)
        self.sync.finished.connect(self._synced)
        self.sync.wiped.connect(self._wiped)
        self.editor.saved.connect(lambda _id: self.sync.refresh())
        self._connect_pages()

    def _connect_pages(self) -> None:
        pages = self.workspace_pages
        pages.saved.connect(self.sync.refresh)
        self.sync.settled.connect(pages.watcher.check_now)
        self.status_area.conflicts_requested.connect(pages.open_conflicts)
        self.status_area.attention_requested.connect(pages.open_attention)
        view = self.client_view
        view.safety_plan_requested.connect(
            lambda client_id: pages.open_plan(client_id, self._client_name(client_id))
        )
        view.screening_requested.connect(
            lambda client_id, instrument: pages.open_screening(
                client_id, self._client_name(client_id), instrument
            )
        )
        view.attachment_requested.connect(self._show_attachment)
        view.check_out_requested.connect(
            lambda client_id: pages.open_checkin(client_id, self._client_name(client_id))
        )

    def _show_attachment(self, client_id: str, file_id: str) -> None:
        if self.session is None:
            return
        # Parented to the client view, so a lock (which clears it) closes the viewer too.
        view = self.client_view
        show_attachment(self.session, client_id, file_id, view, clipboard=view.clipboard)

    def _client_name(self, client_id: str) -> str:
        record = self.client_view.record
        return record.name if record is not None and record.client_id == client_id else ""

    def _for_current_client(self, open_page: Callable[[str, str], None]) -> Callable[[], None]:
        def run() -> None:
            record = self.client_view.record
            if self.session is not None and record is not None:
                open_page(record.client_id, record.name)

        return run

    def _build_actions(self) -> None:
        def action(text: str, keys: str | QKeySequence, slot: Callable[[], object]) -> QAction:
            made = QAction(text, self)
            made.setShortcut(QKeySequence(keys))
            made.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            made.triggered.connect(slot)
            self.addAction(made)
            return made

        self.lock_action = action(self.tr("&Lock"), "Ctrl+L", lambda: self.lock(""))
        self.quit_action = action(self.tr("&Quit"), "Ctrl+Q", self.close)
        self.find_action = action(self.tr("&Find client or note"), "Ctrl+F", self._find)
        self.new_note_action = action(
            self.tr("&New note"), "Ctrl+N", self.client_view.request_new_note
        )
        self.caseload_action = action(self.tr("Go to &caseload"), "Ctrl+1", self._focus_caseload)
        self.timeline_action = action(
            self.tr("Go to the client's &notes"), "Ctrl+2", self._focus_timeline
        )
        self.overdue_action = action(
            self.tr("Show only &overdue"), "Ctrl+Shift+O", self.caseload.overdue.toggle
        )
        self.high_risk_action = action(
            self.tr("Show only &high risk"), "Ctrl+Shift+H", self.caseload.high_risk.toggle
        )
        self.sync_action = action(self.tr("&Sync now"), "F5", self.sync.sync_now)
        pages = self.workspace_pages
        self.plan_action = action(
            self.tr("Safety &plan"), "Ctrl+Shift+P", self._for_current_client(pages.open_plan)
        )
        self.scores_action = action(
            self.tr("Screening &scores over time"),
            "Ctrl+Shift+G",
            self._for_current_client(pages.open_score_history),
        )
        self.checkin_action = action(
            self.tr("Check out for a &visit"),
            "Ctrl+Shift+V",
            self._for_current_client(pages.open_checkin),
        )
        self.conflicts_action = action(
            self.tr("&Conflicts to decide"), "Ctrl+Shift+C", pages.open_conflicts
        )
        self.attention_action = action(
            self.tr("Edits that need &attention"), "Ctrl+Shift+A", pages.open_attention
        )
        self.shortcuts_action = action(
            self.tr("&Keyboard shortcuts"),
            "F1",
            lambda: ShortcutsDialog(self.menuBar(), self).exec(),
        )
        menus = self.menuBar()
        for title, actions in (
            (self.tr("&File"), [self.lock_action, self.quit_action]),
            (
                self.tr("&Clients"),
                [
                    self.find_action,
                    self.caseload_action,
                    self.timeline_action,
                    self.new_note_action,
                    self.overdue_action,
                    self.high_risk_action,
                    self.plan_action,
                    self.scores_action,
                    self.checkin_action,
                ],
            ),
            (self.tr("S&ync"), [self.sync_action, self.conflicts_action, self.attention_action]),
            (self.tr("&Help"), [self.shortcuts_action]),
        ):
            menu = menus.addMenu(title)
            for item in actions:
                menu.addAction(item)
        self._session_actions = [
            self.lock_action,
            self.find_action,
            self.new_note_action,
            self.caseload_action,
            self.timeline_action,
            self.overdue_action,
            self.high_risk_action,
            self.sync_action,
            self.plan_action,
            self.scores_action,
            self.checkin_action,
            self.conflicts_action,
            self.attention_action,
        ]

    # ---- unlock and lock ------------------------------------------------------------

    def open_session(self, store: UnlockedStore, workspace: Workspace) -> None:
        """Show the workspace over an unlocked store (unlock, enrollment, the demo)."""
        self._unlocked(store, workspace)

    def show_setup(self, page: QWidget) -> None:
        """Show a first-run or demo page until it opens a session."""
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        self.statusBar().setVisible(False)
        for item in self._session_actions:
            item.setEnabled(False)

    def _unlocked(self, store: UnlockedStore, workspace: Workspace) -> None:
        session = Session(
            store, workspace, vault=self.vault, db=self.db, clock=self.clock, parent=self
        )
        session.data_changed.connect(self._reload)
        self.session = session
        self.editor.attach(session)
        self.workspace_pages.attach(session)
        self.sync.attach(session)
        self.idle.set_minutes(workspace.settings.auto_lock_minutes)
        self.idle.arm()
        self.pages.setCurrentWidget(self.workspace)
        self.workspace.setCurrentIndex(BROWSE_PAGE)
        self.statusBar().setVisible(True)
        for item in self._session_actions:
            item.setEnabled(True)
        self.load_caseload()
        self.caseload.focus_search()
        self.unlocked.emit()

    def lock(self, reason: str = "") -> None:
        """Close the session and show the lock screen (Ctrl+L, idle, suspend, screen lock)."""
        session, self.session = self.session, None
        if session is None:
            return
        self.editor.detach()  # queues the last draft save before the store closes
        self.workspace_pages.detach()  # likewise the safety plan on screen
        self.sync.detach()
        self.idle.disarm()
        self.caseload.clear()
        self.client_view.show_record(None)
        self.client_view.clipboard.clear_if_ours()  # SECURITY.md M3
        self._client_id = None
        session.closed.connect(self.locked.emit)
        session.close()
        self._show_locked(reason)

    def _show_locked(self, reason: str) -> None:
        self.pages.setCurrentWidget(self.lock_screen)
        self.statusBar().setVisible(False)
        for item in getattr(self, "_session_actions", []):
            item.setEnabled(False)
        self.lock_screen.reset(reason)

    def _auto_lock(self, why: str) -> None:
        reasons = {
            "idle": self.tr("Locked after {n} idle minutes.").format(n=int(self.idle.minutes)),
            "suspend": self.tr("Locked because the computer went to sleep."),
            "screen_lock": self.tr("Locked with the screen."),
        }
        self.lock(reasons.get(why, ""))

    def _wiped(self, message: str) -> None:
        self.lock(message or self.tr("The agency erased fieldcm's data on this laptop."))

    # ---- caseload and clients -------------------------------------------------------

    def load_caseload(self) -> None:
        session = self.session
        if session is None:
            return
        now = session.clock()
        all_mine = session.identity.role is Role.WORKER  # a worker's scope is their own
        session.read(lambda uow: uow.caseload(now)).on_success(
            lambda rows: self._show_caseload(
                session, caseload_items(rows, now, all_mine=all_mine), now
            )
        ).on_failure(self._report)

    def _show_caseload(self, session: Session, items: list[CaseloadItem], now: datetime) -> None:
        if session is not self.session:
            return
        self.caseload.model.set_items(items, now)
        self.caseload.update_count()
        freeze_survivors()  # start-up is over: keep its objects out of later collections
        self.caseload_loaded.emit(len(items))

    def show_client(self, client_id: str) -> None:
        session = self.session
        if session is None:
            return
        self._client_id = client_id
        now = session.clock()
        review_days = session.workspace.settings.safety_plan_review_days
        session.read(
            lambda uow: load_client(uow, client_id, now=now, review_days=review_days)
        ).on_success(lambda record: self._show_client(client_id, record)).on_failure(self._report)

    def _show_client(self, client_id: str, record: ClientRecord | None) -> None:
        if self.session is None or client_id != self._client_id:
            return
        self.client_view.show_record(record)
        if record is not None:
            self._audit_view(client_id)
        self.client_loaded.emit(client_id)
        note_id, self._pending_note = self._pending_note, None
        if note_id is not None and record is not None:
            self.editor.open_note(note_id, record.name, record.goals)

    def _audit_view(self, client_id: str) -> None:
        """A client record viewed offline reaches the server's audit log later (SECURITY L1)."""
        session = self.session
        if session is None:
            return
        at = session.clock()
        session.write(
            lambda uow: uow.audit.log("view_client", client_id=client_id, at=at), announce=False
        ).on_failure(lambda e: log.warning("audit: %s", type(e).__name__))

    def open_note(self, client_id: str, note_id: str) -> None:
        record = self.client_view.record
        if record is not None and record.client_id == client_id:
            self.editor.open_note(note_id, record.name, record.goals)
            return
        self._pending_note = note_id
        self.show_client(client_id)

    def new_note(self, client_id: str, note_format: NoteFormat) -> None:
        record = self.client_view.record
        if self.session is None or record is None or record.client_id != client_id:
            return
        self.editor.start_new(client_id, record.name, note_format, record.goals)

    def _editor_closed(self) -> None:
        self.workspace.setCurrentIndex(BROWSE_PAGE)
        if self.session is not None:
            self.session.data_changed.emit()
        self.client_view.table.setFocus()

    def _reload(self) -> None:
        self.load_caseload()
        if self._client_id is not None:
            self.show_client(self._client_id)

    def _synced(self, result: SyncResult) -> None:
        pull = result.pull
        if pull.records or pull.conflicts or pull.revoked or result.push.answered:
            self._reload()

    # ---- search ---------------------------------------------------------------------

    def _search(self, query: str) -> None:
        session = self.session
        if session is None:
            return
        names = {item.client_id: item.name for item in self.caseload.model.items()}
        unknown = self.tr("(client not in caseload)")

        def run(uow: UnitOfWork) -> list[SearchResult]:
            hits = uow.search.query(query, SEARCH_LIMIT)
            return [
                SearchResult(
                    record_id=hit.record_id,
                    client_id=hit.client_id,
                    client_name=names.get(hit.client_id, unknown),
                    kind=hit.kind,
                    snippet=hit.snippet,
                )
                for hit in hits
            ]

        session.read(run).on_success(lambda results: self.caseload.show_results(query, results))

    def _find(self) -> None:
        self.workspace.setCurrentIndex(BROWSE_PAGE)
        self.caseload.focus_search()

    def _focus_caseload(self) -> None:
        self.workspace.setCurrentIndex(BROWSE_PAGE)
        self.caseload.table.setFocus()

    def _focus_timeline(self) -> None:
        self.workspace.setCurrentIndex(BROWSE_PAGE)
        self.client_view.table.setFocus()

    def _sign_in(self, credentials: Credentials) -> None:
        self.sync.sync_now(credentials)

    # ---- errors and closing ---------------------------------------------------------

    def _report(self, error: BaseException) -> None:
        explained = explain(error)
        if self.session is None and not explained.is_bug:
            return
        message_box(self, self.tr("fieldcm"), explained.text).open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.lock("")
        self.db.wait_idle()
        self.network.wait_idle(5_000)
        event.accept()
