"""Python's cyclic garbage collector, run on the GUI thread only, in small steps.

A collection can start in whichever thread happens to allocate; when it frees a Qt wrapper
from a database or network worker, Qt destroys the object on the wrong thread and the
process can crash. Like Anki, we switch automatic collection off once a QApplication exists
and collect on the GUI thread from a timer instead.

A full collection walks every tracked object: 200-260 ms with a large caseload loaded, a
visible stall (benchmarks/ui_bench.py). So the timer collects the young generation every
second, the middle one every ten, and everything once a minute; and the objects alive once
start-up is over (modules, Qt wrappers, the window, the first caseload: the window calls
:func:`freeze_survivors` when it has shown it) are frozen out of every later walk.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

TICK_MS = 1_000
MIDDLE_EVERY = 10
FULL_EVERY = 60
_frozen = False


class _Collector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._ticks = 0
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.step)
        self.timer.start()

    def step(self) -> None:
        self._ticks += 1
        if self._ticks % FULL_EVERY == 0:
            gc.collect()
        elif self._ticks % MIDDLE_EVERY == 0:
            gc.collect(1)
        else:
            gc.collect(0)


def freeze_survivors() -> None:
    """Once per process: collect, then keep what survived out of later walks (``gc.freeze``).

    What is frozen is never collected as a cycle again; start-up objects live as long as
    the process anyway, and whatever of them is freed later is freed by its reference count.
    """
    global _frozen  # noqa: PLW0603 (one process-wide switch, like gc's own state)
    if _frozen:
        return
    _frozen = True
    gc.collect()
    gc.freeze()


def collect_on_gui_thread(parent: QObject) -> QTimer:
    """Disable automatic collection and collect in steps on ``parent``'s thread."""
    gc.disable()
    return _Collector(parent).timer
