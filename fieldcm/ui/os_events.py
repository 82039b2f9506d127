"""The operating system's screen lock and sleep, where Qt can hear them (SECURITY.md U3).

Qt itself reports only an application being suspended (mobile platforms); on Linux
desktops the screen saver and logind announce lock and sleep on D-Bus, which this listens
to when a session bus is there. Elsewhere (Windows, macOS) the wall-clock check of
:class:`~fieldcm.ui.idle.IdleLock` still locks after a sleep on the first tick. Nothing here
listens on a socket (SECURITY.md M4): it is a D-Bus client only.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import SLOT, QObject, Signal, Slot

log = logging.getLogger(__name__)

_SCREENSAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


class OsLockWatcher(QObject):
    """Emits ``screen_locked`` when the desktop locks or the machine prepares to sleep."""

    screen_locked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listening = False

    def start(self) -> bool:
        """Connect to whatever the desktop offers; ``False`` when nothing could be heard."""
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # pragma: no cover - QtDBus ships with PySide6-Essentials
            return False
        session = QDBusConnection.sessionBus()
        system = QDBusConnection.systemBus()
        if session.isConnected():
            for service, path, interface in _SCREENSAVERS:
                if session.connect(
                    service, path, interface, "ActiveChanged", self, SLOT("_active(bool)").encode()
                ):
                    self.listening = True
        if system.isConnected() and system.connect(
            "org.freedesktop.login1",
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            self,
            SLOT("_sleeping(bool)").encode(),
        ):
            self.listening = True
        log.info("OS lock signals %s", "connected" if self.listening else "not available")
        return self.listening

    @Slot(bool)
    def _active(self, active: bool) -> None:
        if active:
            self.screen_locked.emit()

    @Slot(bool)
    def _sleeping(self, starting: bool) -> None:
        if starting:
            self.screen_locked.emit()
