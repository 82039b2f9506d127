"""Background lanes: one for the database, one for the network (STYLE.md habits 3 and 4).

A :class:`Lane` runs jobs one after another on its own worker thread and hands each result
back on the GUI thread, so a job reads like a sentence::

    db.run(lambda: load_caseload(store)).on_success(model.set_rows).on_failure(report)

Callbacks can be attached right after :meth:`Lane.run` returns: results travel to the GUI
thread as queued signals, which are only delivered once the code that started the job has
returned to the event loop. A callback attached after delivery runs at once.

:meth:`Lane.forget_pending` drops the results of every job started so far (they still run,
in order, but nobody hears of them): the session calls it when the app locks, so nothing
read before the lock reaches a widget after it.

Which thread: :meth:`Lane.run` and the callbacks belong to the GUI thread; the job itself
runs on the lane's worker thread and must not touch widgets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

T = TypeVar("T")
U = TypeVar("U")

log = logging.getLogger(__name__)


class _Outcome:
    """What a job produced: a value or an exception (never both)."""

    __slots__ = ("error", "value")

    def __init__(self, value: object = None, error: BaseException | None = None) -> None:
        self.value = value
        self.error = error


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits ``done`` and Qt queues it across."""

    done = Signal(object)


class Op(Generic[T]):
    """One job's result, with the callbacks that wait for it (GUI thread only)."""

    def __init__(self, lane: Lane) -> None:
        self._lane = lane
        self._outcome: _Outcome | None = None
        self._on_success: list[Callable[[T], object]] = []
        self._on_failure: list[Callable[[BaseException], object]] = []
        self._on_done: list[Callable[[], object]] = []

    @property
    def finished(self) -> bool:
        return self._outcome is not None

    def on_success(self, callback: Callable[[T], object]) -> Op[T]:
        self._on_success.append(callback)
        self._fire()
        return self

    def on_failure(self, callback: Callable[[BaseException], object]) -> Op[T]:
        self._on_failure.append(callback)
        self._fire()
        return self

    def on_done(self, callback: Callable[[], object]) -> Op[T]:
        """Runs after success or failure (e.g. to re-enable a button)."""
        self._on_done.append(callback)
        self._fire()
        return self

    def then(self, next_step: Callable[[T], Op[U]]) -> Op[U]:
        """Start ``next_step(result)`` once this succeeds; the returned op ends with it.

        A failure of either step fails the returned op.
        """
        chained: Op[U] = Op(self._lane)

        def go(value: T) -> None:
            inner = next_step(value)
            inner.on_success(lambda result: chained._deliver(_Outcome(value=result)))
            inner.on_failure(lambda error: chained._deliver(_Outcome(error=error)))

        self.on_success(go)
        self.on_failure(lambda error: chained._deliver(_Outcome(error=error)))
        return chained

    def _deliver(self, outcome: _Outcome) -> None:
        self._outcome = outcome
        if outcome.error is not None and not self._on_failure:
            self._lane.unhandled.emit(outcome.error)
        self._fire()

    def _fire(self) -> None:
        outcome = self._outcome
        if outcome is None:
            return
        success, failure, done = self._on_success, self._on_failure, self._on_done
        self._on_success, self._on_failure, self._on_done = [], [], []
        if outcome.error is None:
            for callback in success:
                callback(outcome.value)  # type: ignore[arg-type]
        else:
            for callback_f in failure:
                callback_f(outcome.error)
        for callback_d in done:
            callback_d()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            outcome = _Outcome(value=self._fn())
        except BaseException as error:  # handed to the GUI thread, never swallowed
            outcome = _Outcome(error=error)
        self._relay.done.emit(outcome)


class Lane(QObject):
    """A single worker thread that runs jobs in the order they were started.

    ``unhandled`` carries the error of a job that failed with no ``on_failure`` attached:
    the main window reports it, so no error disappears silently.
    """

    unhandled = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one lane = one thread = jobs in order
        self._pool.setExpiryTimeout(-1)
        self._generation = 0
        self._running = 0
        self._relays: set[_Relay] = set()
        self._owner = threading.get_ident()

    @property
    def busy(self) -> bool:
        return self._running > 0

    def run(self, fn: Callable[[], T]) -> Op[T]:
        """Start ``fn`` on the lane's thread; returns the :class:`Op` to attach callbacks to."""
        assert threading.get_ident() == self._owner, "Lane.run belongs to the GUI thread"
        op: Op[T] = Op(self)
        relay = _Relay()
        generation = self._generation
        self._relays.add(relay)

        def delivered(outcome: _Outcome) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            self._running -= 1
            if self._running == 0:
                self.busy_changed.emit(False)
            if generation == self._generation:
                op._deliver(outcome)
            elif outcome.error is not None:
                log.debug("dropped the error of a forgotten job: %s", type(outcome.error).__name__)

        relay.done.connect(delivered)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(fn, relay))
        return op

    def forget_pending(self) -> None:
        """Results of jobs started before now are dropped when they arrive."""
        self._generation += 1

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Block until every started job ran (shutdown and tests; never in normal UI code)."""
        return bool(self._pool.waitForDone(timeout_ms))
