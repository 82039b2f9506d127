"""The workspace pages beside browsing: safety plan, screening, score history, field check-in,
conflicts and edits that need attention.

Each page lives in the window's workspace stack for the whole run and is handed the session
at unlock and let go at lock (:meth:`WorkspacePages.attach`/:meth:`detach`), so locking
clears every one of them the same way. A page that closes asks for the caseload and client
again through ``back``; the window decides what that means.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QStackedWidget, QWidget

from fieldcm.ui.attention_view import AttentionView
from fieldcm.ui.conflicts_view import ConflictsView
from fieldcm.ui.field_checkin import FieldCheckinPanel, FieldVisitWatcher
from fieldcm.ui.safety_plan_editor import SafetyPlanEditor
from fieldcm.ui.screening_chart import ScreeningHistory
from fieldcm.ui.screening_form import ScreeningForm
from fieldcm.ui.session import Session


class WorkspacePages(QObject):
    """GUI thread only. ``stack`` is the window's workspace (browse page and note editor)."""

    back = Signal()
    """A page closed: show the caseload and the client again."""
    saved = Signal()
    """Something was written from a page: the sync status should count it."""

    def __init__(
        self, stack: QStackedWidget, sync_changed: SignalInstance, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._stack = stack
        self.plan_editor = SafetyPlanEditor()
        self.screening = ScreeningForm()
        self.score_history = ScreeningHistory()
        self.checkin = FieldCheckinPanel()
        self.conflicts = ConflictsView()
        self.attention = AttentionView()
        # Runs on every laptop, supervisors' too, so a missed check-in is raised on the next
        # sync of either laptop (DOMAIN.md D11).
        self.watcher = FieldVisitWatcher(parent=self)
        self._pages: tuple[QWidget, ...] = (
            self.plan_editor,
            self.screening,
            self.score_history,
            self.checkin,
            self.conflicts,
            self.attention,
        )
        for page in self._pages:
            stack.addWidget(page)
        self._connect(sync_changed)

    def _connect(self, sync_changed: SignalInstance) -> None:
        for closed in (
            self.plan_editor.closed,
            self.screening.closed,
            self.score_history.closed,
            self.checkin.closed,
            self.conflicts.closed,
            self.attention.closed,
        ):
            closed.connect(self.back)
        self.plan_editor.loaded.connect(lambda _id: self.show(self.plan_editor))
        self.score_history.loaded.connect(lambda _id: self.show(self.score_history))
        self.checkin.follow(sync_changed)
        self.screening.safety_plan_requested.connect(self._plan_after_screening)
        for written in (
            self.plan_editor.saved,
            self.screening.recorded,
            self.checkin.checked_out,
            self.checkin.checked_in,
            self.checkin.safe_recorded,
            self.checkin.extended,
            self.conflicts.decided,
            self.attention.resent,
            self.attention.discarded,
        ):
            written.connect(lambda *_: self.saved.emit())

    # ---- session --------------------------------------------------------------------

    def attach(self, session: Session) -> None:
        for attach in self._each("attach"):
            attach(session)
        self.watcher.attach(session)

    def detach(self) -> None:
        """Lock: each page saves what it must (queued before the store closes), then clears."""
        self.watcher.detach()
        for detach in self._each("detach"):
            detach()

    def _each(self, method: str) -> list[Callable[..., None]]:
        return [getattr(page, method) for page in self._pages]

    # ---- opening pages ----------------------------------------------------------------

    def show(self, page: QWidget) -> None:
        self._stack.setCurrentWidget(page)
        page.setFocus()

    def open_plan(self, client_id: str, client_name: str) -> None:
        self.plan_editor.open_plan(client_id, client_name)  # shown once loaded

    def open_screening(self, client_id: str, client_name: str, instrument: str) -> None:
        self.screening.open_screening(client_id, client_name, instrument=instrument)
        self.show(self.screening)

    def open_score_history(self, client_id: str, client_name: str) -> None:
        self.score_history.show_client(client_id, client_name)  # shown once loaded

    def open_checkin(self, client_id: str, client_name: str) -> None:
        self.checkin.prepare(client_id, client_name)
        self.show(self.checkin)

    def open_conflicts(self) -> None:
        self.conflicts.reload()
        self.show(self.conflicts)

    def open_attention(self) -> None:
        self.attention.reload()
        self.show(self.attention)

    def _plan_after_screening(self, client_id: str) -> None:
        self.open_plan(client_id, self.screening.client.text())

    def is_showing(self, page: QWidget) -> bool:
        return self._stack.currentWidget() is page
