"""The suicide-risk gate on signing a visit note (signing closes the encounter in fieldcm).

:class:`EncounterGate` keeps what still blocks the open note's encounter (read on the
database lane, again whenever data changes) so the note editor can show it next to its
other checks and refuse to open the signing dialog. The same rule is enforced again inside
the signing transaction (:func:`signing_guard`), so a stale view can never let a note through.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, Signal

from fieldcm.domain.errors import Problem
from fieldcm.services import screenings
from fieldcm.store.uow import UnitOfWork
from fieldcm.ui.screening_texts import closure_text
from fieldcm.ui.session import Session


class EncounterGate(QObject):
    """What blocks closing one note's encounter, kept current (GUI thread)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self._note_id: str | None = None
        self.problems: tuple[Problem, ...] = ()

    @property
    def blocked(self) -> bool:
        return bool(self.problems)

    def text(self) -> str:
        return closure_text(self.problems)

    def watch(self, session: Session | None, note_id: str | None) -> None:
        """Follow ``note_id`` (``None``: no note open) and read its problems now."""
        if session is not self._session:
            if self._session is not None:
                with contextlib.suppress(RuntimeError, TypeError):  # already gone at lock
                    self._session.data_changed.disconnect(self.refresh)
            if session is not None:
                session.data_changed.connect(self.refresh)
            self._session = session
        self._note_id = note_id
        self.problems = ()
        self.refresh()

    def refresh(self) -> None:
        session, note_id = self._session, self._note_id
        if session is None or not session.open or note_id is None:
            return
        now = session.clock()
        review_days = session.workspace.settings.safety_plan_review_days
        op = session.read(
            lambda uow: screenings.note_closure_problems(
                uow, note_id, now=now, review_days=review_days
            )
        )
        op.on_success(lambda problems: self._set(note_id, problems))
        op.on_failure(lambda _error: self._set(note_id, ()))  # the note is gone: nothing to gate

    def _set(self, note_id: str, problems: tuple[Problem, ...]) -> None:
        if note_id != self._note_id:
            return
        self.problems = tuple(problems)
        self.changed.emit()


def signing_guard(uow: UnitOfWork, note_id: str, session: Session) -> None:
    """Inside the signing transaction: raise ``EncounterNotReadyError`` if steps are missing."""
    screenings.ensure_note_can_close(
        uow,
        note_id,
        now=session.clock(),
        review_days=session.workspace.settings.safety_plan_review_days,
    )
