"""What a running sync tells the person watching it, and how they stop it.

The engine reports through a :class:`ProgressSink` (a plain callback object: the UI adapts
it to a Qt signal in its worker, the headless command prints it) and checks a
:class:`CancelToken` between network calls. Cancelling is always safe: every page is
applied together with its cursor, every push answer in its own transaction, so a
cancelled sync simply resumes where it stopped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from fieldcm.sync.transport_meter import WireCount


class Phase(StrEnum):
    STARTING = "starting"
    PUSHING = "pushing"
    PULLING = "pulling"
    VERIFYING = "verifying"
    REPAIRING = "repairing"
    ATTACHMENTS = "attachments"
    WIPING = "wiping"
    DONE = "done"


@dataclass(frozen=True)
class Progress:
    """A snapshot of one sync run.

    ``requests``, ``bytes_up`` and ``bytes_down`` are what the transport moved during this
    run, on the wire (headers and compressed bodies; see ``fieldcm.sync.transport_meter``).
    Without a transport meter they count JSON payloads before compression.
    """

    phase: Phase = Phase.STARTING
    pages: int = 0
    records: int = 0
    pushed: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    requests: int = 0


ProgressSink = Callable[[Progress], None]
"""Called on the sync's thread after every change; keep it quick (post it to the UI)."""


def ignore_progress(_progress: Progress) -> None:
    """The default sink."""


class SyncCancelled(Exception):
    """The person (or the app shutting down) stopped the sync; nothing is half-applied."""


class CancelToken:
    """Set from any thread; the engine checks it between network calls."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise SyncCancelled("sync cancelled")


class Tracker:
    """Accumulates the counters of one run and forwards each change to the sink."""

    def __init__(
        self,
        sink: ProgressSink,
        cancel: CancelToken,
        *,
        wire: Callable[[], WireCount] | None = None,
    ) -> None:
        """``wire``: the transport's running totals (``SyncTransport.wire.count``); when
        given, requests and bytes come from it and the sizes passed below are not added."""
        self._sink = sink
        self._cancel = cancel
        self._wire = wire
        self._wire_start = wire() if wire is not None else WireCount()
        self.current = Progress()

    def phase(self, phase: Phase) -> None:
        self._emit(replace(self.current, phase=phase))

    def page(self, records: int, size: int = 0) -> None:
        c = self.current
        self._emit(
            replace(self._sized(size_down=size), pages=c.pages + 1, records=c.records + records)
        )

    def pushed(self, mutations: int, up: int = 0, down: int = 0) -> None:
        c = self.current
        self._emit(replace(self._sized(up, down), pushed=c.pushed + mutations))

    def bytes(self, up: int = 0, down: int = 0) -> None:
        self._emit(self._sized(up, down))

    def _sized(self, size_up: int = 0, size_down: int = 0) -> Progress:
        c = self.current
        if self._wire is not None:
            return c  # _emit reads the meter
        return replace(c, bytes_up=c.bytes_up + size_up, bytes_down=c.bytes_down + size_down)

    def checkpoint(self) -> None:
        """Between network calls: stop here if asked to."""
        self._cancel.check()

    def _emit(self, progress: Progress) -> None:
        if self._wire is not None:
            moved = self._wire() - self._wire_start
            progress = replace(
                progress,
                requests=moved.requests,
                bytes_up=moved.bytes_up,
                bytes_down=moved.bytes_down,
            )
        self.current = progress
        self._sink(progress)
