"""Automatic lock (SECURITY.md U3): after idle minutes, on suspend, on the OS screen lock.

Idle time is measured on two clocks and the larger wins. The monotonic clock cannot be
changed by anyone but stops while the laptop sleeps on some systems; the wall clock keeps
running through a suspend, so a laptop opened after an hour in a bag locks on its first
tick instead of waiting out the rest of the timer (KeePassXC #2014, pitfall 10). A wall
clock set backwards only makes its own measure negative, which is ignored.

Both clocks are injectable so tests move time without sleeping.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)

Seconds = Callable[[], float]
DEFAULT_MINUTES: Final = 5
TICK_MS: Final = 5_000

_ACTIVITY: Final = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
        QEvent.Type.Shortcut,
    }
)


class IdleLock(QObject):
    """Watches the person's input and emits ``timed_out`` when they have been away too long.

    Install it with :meth:`start` (an application-wide event filter); :meth:`check` is what
    the timer calls and what tests call after moving the injected clocks.
    """

    timed_out = Signal(str)
    """Why: ``"idle"``, ``"suspend"`` or ``"screen_lock"``."""

    def __init__(
        self,
        *,
        minutes: float = DEFAULT_MINUTES,
        monotonic: Seconds = time.monotonic,
        wall: Seconds = time.time,
        tick_ms: int = TICK_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._minutes = minutes
        self._monotonic = monotonic
        self._wall = wall
        self._armed = False
        self._last_mono = monotonic()
        self._last_wall = wall()
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.check)

    @property
    def minutes(self) -> float:
        return self._minutes

    def set_minutes(self, minutes: float) -> None:
        """Agency policy arrived (or changed with a sync)."""
        self._minutes = max(1.0, float(minutes))

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._state_changed)

    def stop(self) -> None:
        """Undo :meth:`start` (tests build many windows in one application)."""
        self.disarm()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if isinstance(app, QGuiApplication):
            with contextlib.suppress(RuntimeError, TypeError):
                app.applicationStateChanged.disconnect(self._state_changed)

    def arm(self) -> None:
        """Begin counting (after unlock)."""
        self._armed = True
        self.touch()
        self._timer.start()

    def disarm(self) -> None:
        """Stop counting (while locked)."""
        self._armed = False
        self._timer.stop()

    def touch(self) -> None:
        self._last_mono = self._monotonic()
        self._last_wall = self._wall()

    def idle_seconds(self) -> float:
        by_mono = self._monotonic() - self._last_mono
        by_wall = self._wall() - self._last_wall  # negative if the clock went back: ignored
        return max(by_mono, by_wall, 0.0)

    def check(self) -> None:
        if self._armed and self.idle_seconds() >= self._minutes * 60:
            self._fire("idle")

    def screen_locked(self) -> None:
        """The operating system locked the screen or is about to sleep."""
        if self._armed:
            self._fire("screen_lock")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if self._armed and event.type() in _ACTIVITY:
            # A late tick (the laptop slept) must not be undone by the first key pressed.
            self.check()
            if self._armed:
                self.touch()
        return False

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended and self._armed:
            self._fire("suspend")

    def _fire(self, why: str) -> None:
        log.info("auto-lock: %s", why)
        self.disarm()
        self.timed_out.emit(why)
