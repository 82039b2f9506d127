"""Python's cyclic garbage collector, run on the GUI thread only.

A collection can start in whichever thread happens to allocate; when it frees a Qt wrapper
from a database or network worker, Qt destroys the object on the wrong thread and the
process can crash. Like Anki, we switch automatic collection off once a QApplication exists
and collect on the GUI thread from a timer instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

COLLECT_EVERY_MS = 5_000


def collect_on_gui_thread(parent: QObject) -> QTimer:
    """Disable automatic collection and collect every few seconds on ``parent``'s thread."""
    gc.disable()
    timer = QTimer(parent)
    timer.setInterval(COLLECT_EVERY_MS)
    timer.timeout.connect(gc.collect)
    timer.start()
    return timer
