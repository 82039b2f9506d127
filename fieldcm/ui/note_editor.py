"""The visit note editor: a draft saved as you type, checked per payer, signed, then read-only.

Saving: the first change starts a short timer (:data:`AUTOSAVE_MS`) that is not restarted
by later keys, so a draft is written at most that long after any keystroke, on the database
lane (typing never waits on it). Only the fields that changed since the last save are
written; each save is one outbox entry that syncs like any other edit.

Signing re-asks the passphrase, saves what is on screen first, and lets the domain decide
(completeness per payer, late entry); afterwards the note is read-only and corrections are
signed addenda (DOMAIN.md D6, D7).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldcm.domain.addenda import AddendumType
from fieldcm.domain.billing import PayerRule
from fieldcm.domain.notes import NoteFormat, read_note
from fieldcm.domain.records import Record
from fieldcm.services import notes as note_service
from fieldcm.store.uow import UnitOfWork
from fieldcm.ui import note_texts as texts
from fieldcm.ui.client_data import FORMAT_NAMES, GoalChoice
from fieldcm.ui.client_view import TEMPLATES
from fieldcm.ui.formatting import time_only
from fieldcm.ui.messages import explain
from fieldcm.ui.note_data import LoadedNote, changed_fields, load_note, untouched
from fieldcm.ui.note_form import NoteForm
from fieldcm.ui.note_sections import NoteSections
from fieldcm.ui.screening_gate import EncounterGate, signing_guard
from fieldcm.ui.session import Session
from fieldcm.ui.sign_dialogs import AddendumDialog, SignDialog
from fieldcm.ui.tasks import Op
from fieldcm.ui.widgets import named, plain_label, set_role

AUTOSAVE_MS: Final = 700
RETRY_MS: Final = 3_000
MAX_SAVE_RETRIES: Final = 5


class NoteEditor(QWidget):
    """One note at a time (GUI thread only); :meth:`attach` a session before use."""

    closed = Signal()
    loaded = Signal(str)
    saved = Signal(str)
    signed = Signal(str)
    addendum_added = Signal(str)
    save_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self._session: Session | None = None
        self._note: Record | None = None
        self._saved: dict[str, Any] = {}
        self._client_name = ""
        self._locked = False
        self._in_flight = 0
        self._retries = 0
        self._dialog: QDialog | None = None
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.flush)
        # Suicide-risk steps that must be done before the visit closes (DOMAIN.md D1-D4).
        self.gate = EncounterGate(self)
        self.gate.changed.connect(self._update_checks)
        self._build()

    # ---- layout ---------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(self._build_header())
        layout.addWidget(self._build_body(), 1)
        layout.addWidget(self._build_footer())
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.sign)
        QShortcut(QKeySequence("Ctrl+S"), self, self.flush)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_note)

    def _build_header(self) -> QHBoxLayout:
        self.title = plain_label("", role="title", name=self.tr("Note title"))
        self.client = plain_label("", role="subtitle", name=self.tr("Client of this note"))
        self.status = plain_label("", role="badge", name=self.tr("Note status"))
        self.late = plain_label(
            self.tr("Late entry"), role="badge-late", name=self.tr("Late entry")
        )
        for badge in (self.status, self.late):
            badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.save_state = plain_label("", role="muted", name=self.tr("Save state"))
        self.close_button = named(QPushButton(self.tr("&Close")), self.tr("Close note"))
        self.close_button.setToolTip(self.tr("Back to the client (Esc)"))
        self.close_button.clicked.connect(self.close_note)

        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.client)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.status)
        header.addWidget(self.late)
        header.addSpacing(12)
        header.addWidget(self.save_state)
        header.addWidget(self.close_button)
        return header

    def _build_body(self) -> QSplitter:
        self.template = named(QComboBox(), self.tr("Template"))
        for note_format, label in TEMPLATES:
            shown = self.tr("Brief contact") if note_format is NoteFormat.FREE else label
            self.template.addItem(shown, note_format)
        self.template.currentIndexChanged.connect(self._template_changed)
        self.form = NoteForm(self._now)
        self.form.changed.connect(self._edited)
        self.form.payer.currentIndexChanged.connect(self._payer_changed)
        left = QWidget()
        left.setObjectName("noteFacts")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 12, 0)
        template_row = QHBoxLayout()
        template_label = plain_label(self.tr("Template"))
        template_label.setBuddy(self.template)
        template_row.addWidget(template_label)
        template_row.addWidget(self.template, 1)
        self.checks = plain_label("", wrap=True, name=self.tr("Before signing"))
        self.checks.setProperty("role", "checks")
        left_layout.addLayout(template_row)
        left_layout.addWidget(self.form)
        left_layout.addWidget(self.checks)
        left_layout.addStretch(1)

        self.sections = NoteSections()
        self.sections.changed.connect(self._edited)
        self.addenda = plain_label("", wrap=True, selectable=True, name=self.tr("Addenda"))
        self.addenda.setProperty("role", "addenda")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(12, 0, 0, 0)
        right_layout.addWidget(self.sections, 1)
        right_layout.addWidget(self.addenda)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 900])
        splitter.setChildrenCollapsible(False)
        return splitter

    def _build_footer(self) -> QFrame:
        self.signature = plain_label("", wrap=True, name=self.tr("Signature"), selectable=True)
        self.sign_button = named(QPushButton(self.tr("&Sign…")), self.tr("Sign note"))
        self.sign_button.setToolTip(self.tr("Sign with your passphrase (Ctrl+Enter)"))
        self.sign_button.clicked.connect(self.sign)
        self.addendum_button = named(
            QPushButton(self.tr("Add &addendum…")), self.tr("Add addendum")
        )
        self.addendum_button.clicked.connect(self.add_addendum)
        footer_frame = QFrame()
        footer_frame.setProperty("role", "footer")
        footer = QHBoxLayout(footer_frame)
        footer.setContentsMargins(12, 8, 12, 8)
        footer.addWidget(self.signature, 1)
        footer.addWidget(self.addendum_button)
        footer.addWidget(self.sign_button)
        return footer_frame

    # ---- session --------------------------------------------------------------------

    def attach(self, session: Session) -> None:
        self._session = session
        self.form.set_choices((), session.workspace.payer_rules)

    def detach(self) -> None:
        """The app is locking: save what is typed (queued before the store closes), then
        forget every word on screen."""
        if self._note is not None and not self._locked and self._session is not None:
            self.flush()
        self._session = None
        self.gate.watch(None, None)
        self.clear()

    def clear(self) -> None:
        self._autosave.stop()
        self._note = None
        self._saved = {}
        self._locked = False
        self.sections.load(NoteFormat.DAP, {})
        self.form.load({})
        self.title.clear()
        self.client.clear()
        self.addenda.clear()
        self.checks.clear()
        self.save_state.clear()

    @property
    def note_id(self) -> str | None:
        return None if self._note is None else self._note.id

    @property
    def dirty(self) -> bool:
        return bool(self._changes())

    def _now(self) -> datetime:
        if self._session is not None:
            return self._session.clock()
        from fieldcm.ui.session import utc_now

        return utc_now()

    # ---- opening --------------------------------------------------------------------

    def start_new(
        self,
        client_id: str,
        client_name: str,
        note_format: NoteFormat,
        goals: tuple[GoalChoice, ...],
    ) -> Op[Record]:
        session = self._require_session()
        author = session.identity.user_id
        op = session.write(
            lambda uow: note_service.start_note(
                uow, client_id=client_id, author_id=author, note_format=note_format
            )
        )
        op.on_success(lambda record: self.open_note(record.id, client_name, goals))
        op.on_failure(self._report)
        return op

    def open_note(self, note_id: str, client_name: str, goals: tuple[GoalChoice, ...]) -> None:
        session = self._require_session()
        self.flush()
        self._client_name = client_name
        self.form.set_choices(goals, session.workspace.payer_rules)
        session.read(lambda uow: load_note(uow, note_id)).on_success(self._show).on_failure(
            self._report
        )

    def _show(self, loaded: LoadedNote | None) -> None:
        if loaded is None or self._session is None:
            return
        note = loaded.note
        self._note = note
        self._saved = dict(note.fields)
        parsed = read_note(note.fields)
        self._locked = parsed.locked
        self.title.setText(
            self.tr("{format} note").format(format=FORMAT_NAMES[parsed.format])
            if parsed.format is not NoteFormat.FREE
            else self.tr("Brief contact note")
        )
        self.client.setText(self._client_name)
        self.template.blockSignals(True)
        self.template.setCurrentIndex(max(0, self.template.findData(parsed.format)))
        self.template.blockSignals(False)
        self.sections.load(parsed.format, dict(parsed.sections))
        self.form.load(note.fields)
        self._apply_lock_state(parsed.late_entry)
        self._show_addenda(loaded.addenda)
        self.save_state.setText(self.tr("Saved") if not self._locked else "")
        self._payer_changed()
        self.gate.watch(self._session, None if self._locked else note.id)
        self.loaded.emit(note.id)
        if not self._locked:
            self.sections.focus_first()

    def _apply_lock_state(self, late_entry: bool) -> None:
        locked = self._locked
        status = read_note(self._saved).status.value if self._saved else "draft"
        self.status.setText(texts.status_label(status))
        set_role(self.status, "badge-signed" if locked else "badge-draft")
        self.late.setVisible(late_entry)
        self.template.setEnabled(not locked)
        self.sections.set_read_only(locked)
        self.form.set_read_only(locked)
        self.sign_button.setVisible(not locked)
        self.addendum_button.setVisible(locked)
        self.signature.setText(texts.signature_text(self._saved) if locked else texts.draft_text())

    def _show_addenda(self, addenda: tuple[Record, ...]) -> None:
        self.addenda.setText(texts.addenda_text(addenda))
        self.addenda.setVisible(bool(addenda))

    # ---- editing and saving ---------------------------------------------------------

    def _current(self) -> dict[str, Any]:
        values = self.form.values()
        values["format"] = self.sections.note_format.value
        values["sections"] = self.sections.values()
        return values

    def _changes(self) -> dict[str, Any]:
        if self._note is None or self._locked:
            return {}
        return changed_fields(self._saved, self._current())

    def _edited(self) -> None:
        if self._note is None or self._locked:
            return
        self.save_state.setText(self.tr("Editing…"))
        if not self._autosave.isActive():
            self._autosave.start(AUTOSAVE_MS)
        self._update_checks()

    def flush(self) -> None:
        """Save what changed now (on the database lane); harmless when nothing did."""
        self._autosave.stop()
        changes = self._changes()
        if not changes or self._session is None or self._note is None:
            return
        note_id = self._note.id
        self._saved.update(changes)
        self._in_flight += 1
        self.save_state.setText(self.tr("Saving…"))
        op = self._session.write(
            lambda uow: note_service.save_draft(uow, note_id, changes), announce=False
        )
        op.on_success(lambda _record: self._save_done(note_id))
        op.on_failure(lambda error: self._save_error(note_id, changes, error))

    def _save_done(self, note_id: str) -> None:
        self._in_flight -= 1
        self._retries = 0
        set_role(self.save_state, "muted")
        if self._note is not None and self._note.id == note_id and self._in_flight == 0:
            if self._changes():
                self.save_state.setText(self.tr("Editing…"))
            else:
                self.save_state.setText(self.tr("Saved {time}").format(time=time_only(self._now())))
        self.saved.emit(note_id)

    def _save_error(self, note_id: str, changes: dict[str, Any], error: BaseException) -> None:
        self._in_flight -= 1
        if self._note is not None and self._note.id == note_id:
            for name in changes:  # not saved: keep them as changes so the next save retries
                self._saved.pop(name, None)
            text = explain(error).text
            self.save_state.setText(self.tr("Not saved: {why}").format(why=text))
            set_role(self.save_state, "danger")
            if self._retries < MAX_SAVE_RETRIES:  # e.g. the database was busy: try again
                self._retries += 1
                self._autosave.start(RETRY_MS)
        self.save_failed.emit(note_id)

    def _template_changed(self) -> None:
        value = self.template.currentData()
        if value and not self._locked:
            self.sections.switch_format(NoteFormat(value))

    def _payer_changed(self) -> None:
        if self._session is None:
            return
        self.form.set_rule(self._rule())
        self._update_checks()

    # ---- completeness ---------------------------------------------------------------

    def _fields_now(self) -> dict[str, Any]:
        return {**self._saved, **self._current()}

    def _rule(self) -> PayerRule:
        return self._require_session().workspace.rule_for(self.form.payer.currentData())

    def _update_checks(self) -> None:
        if self._locked or self._note is None or self._session is None:
            self.checks.setText("")
            self.checks.setVisible(False)
            return
        found = texts.checklist(
            self._fields_now(), self._rule(), self._session.identity.signer(), self._now()
        )
        text, blocked = found.text, found.blocked or self.gate.blocked
        if self.gate.blocked:
            text = self.gate.text() + ("\n\n" + found.text if found.blocked else "")
        self.checks.setVisible(True)
        self.checks.setText(text)
        set_role(self.checks, "checks-blocked" if blocked else "checks-ready")
        self.sign_button.setEnabled(not blocked)

    # ---- signing --------------------------------------------------------------------

    def sign(self) -> None:
        if self._note is None or self._locked or self._session is None:
            return
        self.flush()
        identity = self._session.identity
        found = texts.checklist(self._fields_now(), self._rule(), identity.signer(), self._now())
        if found.blocked or self.gate.blocked:
            self._update_checks()
            return
        late = texts.late_entry_warning(
            self._fields_now().get("service_end"), self._now(), self._rule()
        )
        dialog = SignDialog(
            signer=identity.name,
            credentials=identity.credentials,
            warnings=[late] if late else [],
            confirm=self._confirm_sign,
            parent=self,
        )
        dialog.open()
        self._dialog = dialog

    def _confirm_sign(self, passphrase: str) -> Op[Record]:
        session = self._require_session()
        assert self._note is not None
        note_id = self._note.id
        rule = self._rule()
        signer = session.identity.signer()
        on_screen = self._current()

        def save_and_sign(uow: UnitOfWork) -> Record:
            # What is on screen is what is signed, even if an autosave did not get through.
            note_service.save_draft(uow, note_id, on_screen)
            signing_guard(uow, note_id, session)  # the gate again, inside the transaction
            return note_service.sign(uow, note_id, signer, at=session.clock(), rule=rule)

        op = session.verify_passphrase(passphrase).then(lambda _: session.write(save_and_sign))
        return op.on_success(self._after_signing)

    def _after_signing(self, record: Record) -> None:
        self._show(LoadedNote(record, ()))
        self.signed.emit(record.id)

    def add_addendum(self) -> None:
        if self._note is None or not self._locked:
            return
        dialog = AddendumDialog(confirm=self._confirm_addendum, parent=self)
        dialog.open()
        self._dialog = dialog

    def _confirm_addendum(
        self, passphrase: str, kind: AddendumType, reason: str, text: str
    ) -> Op[Record]:
        session = self._require_session()
        assert self._note is not None
        note_id = self._note.id
        author = session.identity.signer()

        def write(_: object) -> Op[Record]:
            return session.write(
                lambda uow: note_service.add_addendum(
                    uow, note_id, author, text=text, reason=reason, at=session.clock(),
                    addendum_type=kind,
                )
            )  # fmt: skip

        op = session.verify_passphrase(passphrase).then(write)
        return op.on_success(self._after_addendum)

    def _after_addendum(self, record: Record) -> None:
        self._reload()
        self.addendum_added.emit(record.id)

    def _reload(self) -> None:
        if self._note is None or self._session is None:
            return
        note_id = self._note.id
        self._session.read(lambda uow: load_note(uow, note_id)).on_success(self._show)

    # ---- leaving --------------------------------------------------------------------

    def close_note(self) -> None:
        """Back to the client; a draft nobody wrote anything in is discarded, not kept."""
        if self._is_untouched_draft() and self._session is not None and self._note is not None:
            note_id = self._note.id
            self._autosave.stop()
            self._session.write(lambda uow: uow.records.delete(note_id), announce=False)
            self._note = None
        else:
            self.flush()
        self.closed.emit()

    def _is_untouched_draft(self) -> bool:
        if self._note is None or self._locked:
            return False
        return untouched({**self._saved, **self._current()})

    def _report(self, error: BaseException) -> None:
        self.save_state.setText(explain(error).text)
        set_role(self.save_state, "danger")

    def _require_session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the note editor has no open session")
        return self._session
