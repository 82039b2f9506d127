"""Lone-worker safety: check out before a field visit, check in during and after (DOMAIN.md D11).

:class:`FieldCheckinPanel` is the worker's side: a check-out form (address, expected
duration, the time they must check in by), then the open visit with "I'm safe", "Extend"
and "Check in" and a reminder that a QTimer raises against the session's clock (injectable,
so tests move time by hand). While offline it shows the agency's phone fallback
(``Workspace.settings.checkin_fallback``): the check-out is kept on the laptop and sent on
reconnecting, but nobody at the office can see it until then.

:class:`FieldVisitWatcher` runs on every laptop, the worker's and the supervisor's: it turns
a missed check-in into alert records (:func:`fieldcm.services.field_visits.raise_due_alerts`)
that the next sync sends; both laptops write the same record id, so the office sees one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from PySide6.QtCore import QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldcm.domain.field_visit import CheckInPolicy, VisitState
from fieldcm.services import field_visits
from fieldcm.services.field_visits import DEFAULT_POLICY, OpenVisit
from fieldcm.ui.formatting import minutes_text, time_only
from fieldcm.ui.messages import explain
from fieldcm.ui.session import Session
from fieldcm.ui.sync_controller import SyncState, SyncView
from fieldcm.ui.widgets import back_button, named, plain_label, set_role

TICK_MS: Final = 30_000
REMIND_BEFORE: Final = timedelta(minutes=5)
ONLINE_STATES: Final = frozenset({SyncState.UP_TO_DATE, SyncState.SYNCING})
CHECKOUT_PAGE, VISIT_PAGE = 0, 1
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Reminder:
    level: str
    """``none``, ``soon``, ``due`` or ``overdue``: what the panel says and how loudly."""
    text: str


class FieldVisitWatcher(QObject):
    """Raises the alerts of overdue visits on this laptop, on a timer and after each sync.

    Wire ``SyncController.settled`` to :meth:`check_now`, so a visit that arrives from the
    worker's laptop is judged at once on the supervisor's.
    """

    alerts_raised = Signal(int)

    def __init__(
        self,
        *,
        tick_ms: int = 60_000,
        policy: CheckInPolicy = DEFAULT_POLICY,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self._policy = policy
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.check_now)

    def attach(self, session: Session) -> None:
        self._session = session
        self._timer.start()
        self.check_now()

    def detach(self) -> None:
        self._timer.stop()
        self._session = None

    def check_now(self, *_ignored: object) -> None:
        """Look (read-only, cheap) and write only when an alert is missing."""
        session = self._session
        if session is None or not session.open:
            return
        now, policy = session.clock(), self._policy
        op = session.read(
            lambda uow: bool(field_visits.alerts_to_raise(uow, now=now, policy=policy))
        )
        op.on_success(lambda missing: self._raise(session, now) if missing else None)

    def _raise(self, session: Session, now: datetime) -> None:
        if session is not self._session:
            return
        policy = self._policy
        op = session.write(lambda uow: field_visits.raise_due_alerts(uow, now=now, policy=policy))
        op.on_success(self._raised)

    def _raised(self, raised: Sequence[object]) -> None:
        if raised:
            self.alerts_raised.emit(len(raised))


class FieldCheckinPanel(QWidget):
    """The worker's check-out / check-in panel (GUI thread); :meth:`attach` a session first.

    Call :meth:`prepare` with the client about to be visited; :meth:`follow` the sync
    controller (or call :meth:`set_online`) so the offline fallback shows when it should.
    """

    checked_out = Signal(str)
    """The new visit's id."""
    checked_in = Signal(str)
    safe_recorded = Signal(str)
    extended = Signal(str)
    reminder = Signal(str)
    """A check-in is due soon, due now or overdue: a sentence for the status bar."""
    visit_loaded = Signal(object)
    """The worker's open visit (:class:`OpenVisit`) or ``None``, after every read."""
    closed = Signal()
    """Back (or Esc): the window shows the client again."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        tick_ms: int = TICK_MS,
        policy: CheckInPolicy = DEFAULT_POLICY,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("fieldCheckin")
        self._session: Session | None = None
        self._clock = clock
        self._policy = policy
        self._client_id = ""
        self._client_name = ""
        self._visit: OpenVisit | None = None
        self._online = False
        self._last_level = "none"
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        self._build()
        self._show_visit(None)

    # ---- layout ---------------------------------------------------------------------

    def _build(self) -> None:
        self.title = plain_label(self.tr("Field visit safety check-in"), role="title")
        self.client = plain_label("", role="subtitle", name=self.tr("Client visited"))
        # Two cards, one shown: a hidden widget takes no room (a stack is as tall as its
        # tallest page, which left gaps in the shorter one).
        self.cards = (self._build_checkout(), self._build_visit())
        self.fallback = self._build_fallback()
        self.connected = plain_label(
            self.tr(
                "Connected: the office receives your check-out and check-ins shortly after "
                "you save them."
            ),
            wrap=True,
            role="ok",
            name=self.tr("Connection"),
        )
        self.message = plain_label("", wrap=True, role="danger", name=self.tr("Check-in message"))
        self.message.setVisible(False)

        column = QVBoxLayout()
        column.setSpacing(12)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(back_button(self, self.closed.emit))
        column.addLayout(heading)
        column.addWidget(self.client)
        column.addWidget(self.fallback)
        for card in self.cards:
            column.addWidget(card)
        column.addWidget(self.connected)
        column.addWidget(self.message)
        column.addStretch(1)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(720)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.addWidget(holder, 1)
        outer.addStretch(0)

    def _build_checkout(self) -> QFrame:
        card = QFrame()
        card.setProperty("role", "card")
        intro = plain_label(
            self.tr(
                "Before you go, tell the office where you will be and when you will check in. "
                "If you miss a check-in, your supervisor is alerted."
            ),
            wrap=True,
        )
        self.address = named(QLineEdit(), self.tr("Visit address"))
        self.address.setPlaceholderText(self.tr("Street, number, apartment or place"))
        self.address.textChanged.connect(self._update_checkout)
        self.address.returnPressed.connect(self.check_out)
        self.duration = named(QSpinBox(), self.tr("Expected duration in minutes"))
        self.duration.setRange(15, 12 * 60)
        self.duration.setSingleStep(15)
        self.duration.setValue(60)
        self.duration.setSuffix(self.tr(" min"))
        self.duration.setMaximumWidth(160)
        self.duration.valueChanged.connect(self._update_checkout)
        self.due_by = plain_label("", role="field", name=self.tr("Check in by"))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        address_label = plain_label(self.tr("Visit &address"))
        address_label.setBuddy(self.address)
        duration_label = plain_label(self.tr("Expected &duration"))
        duration_label.setBuddy(self.duration)
        form.addRow(address_label, self.address)
        form.addRow(duration_label, self.duration)
        form.addRow(plain_label(self.tr("Check in by")), self.due_by)
        self.checkout_button = named(
            QPushButton(self.tr("Check &out and start the visit")), self.tr("Check out")
        )
        self.checkout_button.setDefault(True)
        self.checkout_button.clicked.connect(self.check_out)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.checkout_button)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        return card

    def _build_visit(self) -> QFrame:
        card = QFrame()
        card.setProperty("role", "card")
        self.state = plain_label("", role="badge", name=self.tr("Visit state"))
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.where = plain_label("", wrap=True, selectable=True, name=self.tr("Visit address"))
        self.times = plain_label("", wrap=True, name=self.tr("Visit times"))
        self.due = plain_label("", role="section", wrap=True, name=self.tr("Next check-in"))
        self.remind = plain_label("", wrap=True, role="warning", name=self.tr("Reminder"))
        self.safe_button = named(QPushButton(self.tr("I'm &safe")), self.tr("I'm safe"))
        self.safe_button.setDefault(True)
        self.safe_button.setToolTip(self.tr("Record a safe check; the next one is due later"))
        self.safe_button.clicked.connect(self.record_safe)
        self.extend_by = named(QSpinBox(), self.tr("Extend by minutes"))
        self.extend_by.setRange(15, 8 * 60)
        self.extend_by.setSingleStep(15)
        self.extend_by.setValue(30)
        self.extend_by.setSuffix(self.tr(" min"))
        self.extend_button = named(QPushButton(self.tr("E&xtend by")), self.tr("Extend the visit"))
        self.extend_button.clicked.connect(self.extend)
        self.checkin_button = named(
            QPushButton(self.tr("&Check in: visit over")), self.tr("Check in, visit over")
        )
        self.checkin_button.clicked.connect(self.check_in)
        QShortcut(QKeySequence("Ctrl+Shift+S"), self, self.record_safe)

        top = QHBoxLayout()
        top.addWidget(self.due, 1)
        top.addWidget(self.state, 0, Qt.AlignmentFlag.AlignTop)
        actions = QHBoxLayout()
        actions.addWidget(self.safe_button)
        actions.addSpacing(12)
        actions.addWidget(self.extend_button)
        actions.addWidget(self.extend_by)
        actions.addStretch(1)
        actions.addWidget(self.checkin_button)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.remind)
        layout.addWidget(self.where)
        layout.addWidget(self.times)
        layout.addLayout(actions)
        return card

    def _build_fallback(self) -> QFrame:
        box = QFrame()
        box.setObjectName("checkinFallback")
        box.setProperty("role", "safety")
        heading = plain_label(self.tr("No connection to the office"), role="section")
        self.fallback_text = plain_label(
            "", wrap=True, role="safety-contact", selectable=True, name=self.tr("Phone fallback")
        )
        explain_text = plain_label(
            self.tr(
                "Your check-ins are saved on this laptop and sent when it reconnects, but "
                "nobody at the office can see them until then. Use the phone as well."
            ),
            wrap=True,
        )
        layout = QVBoxLayout(box)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(self.fallback_text)
        layout.addWidget(explain_text)
        return box

    # ---- session and connectivity ---------------------------------------------------

    def attach(self, session: Session) -> None:
        self._session = session
        fallback = session.workspace.settings.checkin_fallback.strip()
        self.fallback_text.setText(
            fallback
            or self.tr(
                "Phone your supervisor or the office: say where you are and when you expect "
                "to be done, and call again when you leave."
            )
        )
        self._update_fallback()
        self._timer.start()
        self.reload()

    def detach(self) -> None:
        self._timer.stop()
        self._session = None
        self._visit = None
        self._client_id = self._client_name = ""
        self.address.clear()
        self.client.clear()
        self._show_visit(None)

    def follow(self, sync_view_changed: SignalInstance) -> None:
        """Track connectivity from ``SyncController.changed`` (it carries a ``SyncView``)."""
        sync_view_changed.connect(self.show_sync_view)

    def show_sync_view(self, view: SyncView) -> None:
        self.set_online(view.state in ONLINE_STATES)

    def set_online(self, online: bool) -> None:
        self._online = online
        self._update_fallback()

    @property
    def online(self) -> bool:
        return self._online

    def _update_fallback(self) -> None:
        self.fallback.setVisible(not self._online)
        self.connected.setVisible(self._online)

    def _now(self) -> datetime:
        if self._clock is not None:
            return self._clock()
        if self._session is not None:
            return self._session.clock()
        from fieldcm.ui.session import utc_now

        return utc_now()

    # ---- reading --------------------------------------------------------------------

    def prepare(self, client_id: str, client_name: str) -> None:
        """Get ready to check out for a visit to this client (the form is shown if no visit
        is open)."""
        self._client_id, self._client_name = client_id, client_name
        if self._visit is None:
            self.client.setText(client_name)
            self.address.setFocus()
        self._update_checkout()

    def reload(self) -> None:
        session = self._session
        if session is None or not session.open:
            return
        worker, now, policy = session.identity.user_id, self._now(), self._policy
        op = session.read(
            lambda uow: field_visits.open_visits(uow, now=now, policy=policy, worker_id=worker)
        )
        op.on_success(lambda visits: self._show_visit(visits[-1] if visits else None))
        op.on_failure(self._report)

    def _show_visit(self, visit: OpenVisit | None) -> None:
        self._visit = visit
        self._show_page(VISIT_PAGE if visit is not None else CHECKOUT_PAGE)
        if visit is None:
            self.client.setText(self._client_name)
            self._last_level = "none"
            self._update_checkout()
        self.tick()
        self.visit_loaded.emit(visit)

    def _show_page(self, index: int) -> None:
        for number, card in enumerate(self.cards):
            card.setVisible(number == index)

    @property
    def page(self) -> int:
        """:data:`CHECKOUT_PAGE` or :data:`VISIT_PAGE`."""
        return VISIT_PAGE if self._visit is not None else CHECKOUT_PAGE

    @property
    def visit(self) -> OpenVisit | None:
        return self._visit

    # ---- the clock ------------------------------------------------------------------

    def tick(self) -> None:
        """Re-judge the open visit against the clock: texts, reminder, overdue alert."""
        now = self._now()
        visit = self._visit
        if visit is None:
            self._update_checkout()
            return
        view = field_visits.open_visit_view(visit.record, now, self._policy)
        self._visit = view
        self.where.setText(self.tr("At: {address}").format(address=view.visit.address))
        self.times.setText(
            self.tr("Out since {start}. Expected back by {end}.").format(
                start=time_only(view.visit.check_out_at),
                end=time_only(view.visit.expected_return_at),
            )
        )
        self.due.setText(
            self.tr("Next check-in due at {time} ({relative})").format(
                time=time_only(view.next_check_due),
                relative=self._relative(view.next_check_due, now),
            )
        )
        past_return = now >= view.visit.expected_return_at
        self.safe_button.setText(
            self.tr("I'm &safe (+{n} min)").format(n=self.extend_by.value())
            if past_return
            else self.tr("I'm &safe")
        )
        reminder = self.reminder_for(view, now)
        badge = {
            "none": (self.tr("On visit"), "risk-low"),
            "soon": (self.tr("Check-in soon"), "risk-moderate"),
            "due": (self.tr("Check-in due"), "risk-moderate"),
            "overdue": (self.tr("Overdue"), "risk-high"),
        }[reminder.level]
        self.state.setText(badge[0])
        set_role(self.state, badge[1])
        self.remind.setText(reminder.text)
        self.remind.setVisible(bool(reminder.text))
        set_role(self.remind, "danger" if reminder.level == "overdue" else "warning")
        if reminder.level != self._last_level:
            self._last_level = reminder.level
            if reminder.level != "none":
                self.reminder.emit(reminder.text)
                QApplication.alert(self.window())
            if reminder.level == "overdue":
                self._raise_alerts(now)

    def reminder_for(self, view: OpenVisit, now: datetime) -> Reminder:
        if view.state in (VisitState.OVERDUE, VisitState.DURESS):
            return Reminder(
                "overdue",
                self.tr(
                    "You missed your check-in. Your supervisor is alerted at the next sync. "
                    "If you are safe, press I'm safe, or Check in if the visit is over."
                ),
            )
        if view.state is VisitState.CHECK_DUE:
            return Reminder(
                "due",
                self.tr(
                    "Check in now: press I'm safe if you are staying, or Check in if the visit "
                    "is over."
                ),
            )
        if view.next_check_due - now <= REMIND_BEFORE:
            return Reminder("soon", self.tr("A check-in is due in a few minutes."))
        return Reminder("none", "")

    def _relative(self, when: datetime, now: datetime) -> str:
        minutes = round((when - now).total_seconds() / 60)
        if minutes >= 0:
            return self.tr("in {time}").format(time=minutes_text(minutes))
        return self.tr("{time} ago").format(time=minutes_text(-minutes))

    def _update_checkout(self) -> None:
        due = self._now() + timedelta(minutes=self.duration.value())
        self.due_by.setText(time_only(due))
        ready = bool(self.address.text().strip()) and bool(self._client_id) and not self._busy
        self.checkout_button.setEnabled(ready and self._session is not None)

    def _raise_alerts(self, now: datetime) -> None:
        session, policy = self._session, self._policy
        if session is None:
            return
        session.write(lambda uow: field_visits.raise_due_alerts(uow, now=now, policy=policy))

    # ---- actions --------------------------------------------------------------------

    def check_out(self) -> None:
        session = self._session
        if session is None or self._visit is not None or not self.checkout_button.isEnabled():
            return
        client_id, worker = self._client_id, session.identity.user_id
        address, now = self.address.text(), self._now()
        back = now + timedelta(minutes=self.duration.value())
        self._run(
            lambda uow: field_visits.start_visit(
                uow, client_id=client_id, worker_id=worker, address=address, at=now,
                expected_return_at=back,
            ),
            self.checked_out,
        )  # fmt: skip

    def record_safe(self) -> None:
        """ "I'm safe". Past the expected return a safe check alone would change nothing (the
        return time still stands), so it also extends the visit by the chosen minutes."""
        if self._visit is None:
            return
        visit_id, now = self._visit.id, self._now()
        if now >= self._visit.visit.expected_return_at:
            self.extend()
            return
        self._run(lambda uow: field_visits.mark_safe(uow, visit_id, at=now), self.safe_recorded)

    def extend(self) -> None:
        if self._visit is None:
            return
        visit_id, now = self._visit.id, self._now()
        base = max(self._visit.visit.expected_return_at, now)
        back = base + timedelta(minutes=self.extend_by.value())
        self._run(
            lambda uow: field_visits.extend_visit(uow, visit_id, at=now, expected_return_at=back),
            self.extended,
        )

    def check_in(self) -> None:
        if self._visit is None:
            return
        visit_id, now = self._visit.id, self._now()
        self._run(lambda uow: field_visits.finish_visit(uow, visit_id, at=now), self.checked_in)

    def _run(self, job: Callable[..., object], done: SignalInstance) -> None:
        session = self._session
        if session is None or self._busy:
            return
        self._busy = True
        self.message.setVisible(False)
        op = session.write(job)

        def finished(record: object) -> None:
            self._busy = False
            self._last_level = "none"
            if done is self.checked_in:  # the visit is over: the form starts empty again
                self.address.clear()
            done.emit(getattr(record, "id", ""))
            self.reload()

        def failed(error: BaseException) -> None:
            self._busy = False
            self._report(error)
            self._update_checkout()

        op.on_success(finished).on_failure(failed)

    def _report(self, error: BaseException) -> None:
        self.message.setText(explain(error).text)
        self.message.setVisible(True)
