"""Python's cyclic garbage collector, run on the GUI thread only, in small steps.

A collection can start in whichever thread happens to allocate; when it frees a Qt wrapper
from a database or network worker, Qt destroys the object on the wrong thread and the
process can crash. Like Anki, we switch automatic collection off once a QApplication exists
and collect on the GUI thread from a timer instead.

A full collection walks every tracked object: 200-260 ms with a large caseload loaded, a
visible stall (benchmarks/ui_bench.py). So the timer collects the young generation every
second, the middle one every ten, and everything once a minute; and the objects alive once
start-up is over (modules, Qt wrappers, the window) are frozen out of every later walk.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

TICK_MS = 1_000
MIDDLE_EVERY = 10
FULL_EVERY = 60
FREEZE_AFTER_MS = 10_000


class _Collector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._ticks = 0
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.step)
        self.timer.start()
        QTimer.singleShot(FREEZE_AFTER_MS, self, freeze_survivors)

    def step(self) -> None:
        self._ticks += 1
        if self._ticks % FULL_EVERY == 0:
            gc.collect()
        elif self._ticks % MIDDLE_EVERY == 0:
            gc.collect(1)
        else:
            gc.collect(0)


def freeze_survivors() -> None:
    """Collect once, then keep what survived out of later collections (``gc.freeze``)."""
    gc.collect()
    gc.freeze()


def collect_on_gui_thread(parent: QObject) -> QTimer:
    """Disable automatic collection and collect in steps on ``parent``'s thread."""
    gc.disable()
    return _Collector(parent).timer
