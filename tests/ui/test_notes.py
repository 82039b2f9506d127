"""The visit note: template, autosave, payer checks, timer, signing, addenda, late entry."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from fieldcm.domain.notes import NoteFormat, read_note
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import Vault
from fieldcm.ui.note_editor import NoteEditor
from fieldcm.ui.sign_dialogs import AddendumDialog, SignDialog
from tests.ui.builders import FAST_POLICY, PASSPHRASE
from tests.ui.conftest import Desk, open_client, unlock

pytestmark = pytest.mark.ui


def _new_note(qtbot: Any, desk: Desk, name: str, template: NoteFormat) -> NoteEditor:
    unlock(qtbot, desk)
    window = desk.window
    open_client(qtbot, desk, desk.profile.caseload.clients[name])
    view = window.client_view
    view.template.setCurrentIndex(view.template.findData(template))
    with qtbot.waitSignal(window.editor.loaded, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    return window.editor


def _fill(qtbot: Any, editor: NoteEditor, desk: Desk) -> None:
    form = editor.form
    form.contact_type.setCurrentIndex(form.contact_type.findData("home"))
    qtbot.keyClicks(form.location, "Client's apartment")
    form.client_present.setCurrentIndex(form.client_present.findData(True))
    form.service_code.setCurrentIndex(form.service_code.findData("T1017"))
    form.goal.setCurrentIndex(1)
    qtbot.mouseClick(form.timer_button, Qt.MouseButton.LeftButton)  # visit starts now
    desk.clock.advance(40 * 60)
    desk.idle.touch()  # the worker kept using the laptop (else it locks: tested elsewhere)
    qtbot.mouseClick(form.timer_button, Qt.MouseButton.LeftButton)  # and ends 40 min later
    for key, box in editor.sections.editors().items():
        qtbot.keyClicks(box, f"Synthetic {key} text.")


def _saved(qtbot: Any, desk: Desk, editor: NoteEditor) -> None:
    """Everything typed is written: save now, and let the database lane finish."""
    if editor.dirty:
        with qtbot.waitSignal(editor.saved, timeout=10_000):
            editor.flush()
    desk.db.wait_idle()


def _stored(desk: Desk, note_id: str) -> dict[str, Any]:
    store = desk.window.session.store  # type: ignore[union-attr]
    with UnitOfWork(store.engine, read_only=True) as uow:
        record = uow.records.get(note_id)
    assert record is not None
    return record.fields


def _sign(qtbot: Any, editor: NoteEditor, passphrase: str) -> SignDialog:
    if not isinstance(editor._dialog, SignDialog) or not editor._dialog.isVisible():
        editor.sign()
    dialog = editor._dialog
    assert isinstance(dialog, SignDialog)
    dialog.passphrase.setText(passphrase)
    return dialog


def test_a_note_is_written_autosaved_checked_timed_and_signed(qtbot: Any, desk: Desk) -> None:
    editor = _new_note(qtbot, desk, "Brin Birchall", NoteFormat.SOAP)
    assert list(editor.sections.editors()) == ["subjective", "objective", "assessment", "plan"]
    assert "Before you can sign" in editor.checks.text()
    assert not editor.sign_button.isEnabled()

    _fill(qtbot, editor, desk)
    _saved(qtbot, desk, editor)
    note_id = editor.note_id
    assert note_id is not None
    fields = _stored(desk, note_id)
    assert fields["sections"]["plan"] == "Synthetic plan text."
    assert fields["contact_type"] == "home"
    assert read_note(fields).duration_minutes == 40
    assert "40 min" in editor.form.duration.text()
    assert "Ready to sign" in editor.checks.text()
    assert editor.sign_button.isEnabled()

    dialog = _sign(qtbot, editor, "a wrong passphrase for signing")
    with (
        qtbot.waitSignal(dialog.ready, timeout=10_000),  # the throttle's wait, then...
        qtbot.waitSignal(dialog.refused, timeout=10_000),  # ...after the refusal
    ):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "not right" in dialog.message.text()
    assert read_note(_stored(desk, note_id)).status.value == "draft"

    dialog = _sign(qtbot, editor, PASSPHRASE)
    with qtbot.waitSignal(editor.signed, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    signed = read_note(_stored(desk, note_id))
    assert signed.status.value == "signed"
    assert signed.signature is not None and signed.signature.name == "Sam Rivera"
    assert not signed.late_entry

    # Read-only from now on, with the signature shown.
    assert all(box.isReadOnly() for box in editor.sections.editors().values())
    assert not editor.sign_button.isVisible()
    assert editor.addendum_button.isVisible()
    assert "Signed by Sam Rivera, CM" in editor.signature.text()
    assert editor.status.text() == "Signed"


def test_addenda_are_signed_new_records_shown_with_the_note(qtbot: Any, desk: Desk) -> None:
    unlock(qtbot, desk)
    window = desk.window
    client_id = desk.profile.caseload.clients["Avery Ashgrove"]
    open_client(qtbot, desk, client_id)
    editor = window.editor
    note_id = desk.profile.caseload.notes[client_id]
    with qtbot.waitSignal(editor.loaded, timeout=10_000):
        window.open_note(client_id, note_id)
    before = _stored(desk, note_id)

    editor.add_addendum()
    dialog = editor._dialog
    assert isinstance(dialog, AddendumDialog)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "Client called back with new information")
    qtbot.keyClicks(dialog.text, "The landlord agreed to a repayment plan.")
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(editor.addendum_added, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(editor.loaded, timeout=10_000):
        pass
    assert "The landlord agreed to a repayment plan." in editor.addenda.text()
    assert "Addendum — Sam Rivera, CM" in editor.addenda.text()
    assert _stored(desk, note_id) == before  # the signed note itself is untouched

    editor.close_note()
    with qtbot.waitSignal(window.client_loaded, timeout=10_000):
        pass
    types = [e.kind for e in window.client_view.timeline.rows()]
    assert "addendum" in types


def test_signing_long_after_the_visit_labels_a_late_entry(qtbot: Any, desk: Desk) -> None:
    editor = _new_note(qtbot, desk, "Elan Elderby", NoteFormat.DAP)
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        _fill(qtbot, editor, desk)
    desk.clock.advance(5 * 24 * 3600)  # documented five days later
    desk.idle.touch()
    editor._update_checks()
    assert "late entry" in editor.checks.text()
    dialog = _sign(qtbot, editor, PASSPHRASE)
    with qtbot.waitSignal(editor.signed, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert editor.note_id is not None
    assert read_note(_stored(desk, editor.note_id)).late_entry
    assert editor.late.isVisible()
    assert "Late entry" in editor.signature.text()


def test_changing_the_template_keeps_every_word(qtbot: Any, desk: Desk) -> None:
    editor = _new_note(qtbot, desk, "Brin Birchall", NoteFormat.SOAP)
    boxes = editor.sections.editors()
    qtbot.keyClicks(boxes["subjective"], "Says the new shelter is quiet.")
    qtbot.keyClicks(boxes["plan"], "Visit again Friday.")
    editor.template.setCurrentIndex(editor.template.findData(NoteFormat.DAP))
    values = editor.sections.values()
    assert list(values) == ["data", "assessment", "plan"]
    assert "Says the new shelter is quiet." in values["data"]
    assert values["plan"] == "Visit again Friday."
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.flush()
    assert editor.note_id is not None
    assert _stored(desk, editor.note_id)["format"] == "dap"


def test_an_untouched_draft_is_discarded_on_close(qtbot: Any, desk: Desk) -> None:
    editor = _new_note(qtbot, desk, "Brin Birchall", NoteFormat.DAP)
    note_id = editor.note_id
    assert note_id is not None
    with qtbot.waitSignal(desk.window.client_loaded, timeout=10_000):
        qtbot.keyClick(editor, Qt.Key.Key_Escape)
    kinds = [(e.record_id, e.status) for e in desk.window.client_view.timeline.rows()]
    assert (note_id, "draft") not in kinds


def test_the_passphrase_check_uses_the_real_key_file(qtbot: Any, desk: Desk) -> None:
    """Signing proves the passphrase by unwrapping the key, never by a stored hash."""
    unlock(qtbot, desk)
    session = desk.window.session
    assert session is not None
    with qtbot.waitSignal(desk.db.unhandled, timeout=10_000) as caught:
        session.verify_passphrase("wrong for this profile entirely")
    assert type(caught.args[0]).__name__ == "WrongPassphrase"
    vault = Vault(desk.profile.folder, policy=FAST_POLICY)
    assert vault.failed_attempts() == 1


def test_the_visit_timer_survives_an_auto_lock_during_the_visit(qtbot: Any, desk: Desk) -> None:
    """A 40-minute visit with the laptop closed: it locks, and the timer is still running."""
    editor = _new_note(qtbot, desk, "Brin Birchall", NoteFormat.DAP)
    window = desk.window
    client_id = desk.profile.caseload.clients["Brin Birchall"]
    qtbot.mouseClick(editor.form.timer_button, Qt.MouseButton.LeftButton)
    assert editor.form.running
    note_id = editor.note_id
    desk.clock.advance(40 * 60)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        desk.idle.check()

    unlock(qtbot, desk)
    open_client(qtbot, desk, client_id)
    with qtbot.waitSignal(editor.loaded, timeout=10_000):
        window.open_note(client_id, note_id)  # type: ignore[arg-type]
    assert editor.form.running
    assert editor.form.duration.text().startswith("Running 0:40:")
    qtbot.mouseClick(editor.form.timer_button, Qt.MouseButton.LeftButton)
    assert not editor.form.running
    assert editor.form.duration.text().startswith("40 min")
