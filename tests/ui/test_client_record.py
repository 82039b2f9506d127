"""The client record's contacts (with their release status), attachments and action row."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldcm.store.passphrase import passphrase_buffer
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import Vault
from fieldcm.ui.attachment_viewer import AttachmentViewer, show_attachment
from fieldcm.ui.attachments_model import Preview
from fieldcm.ui.client_view import CONTACTS_TAB, SCREENINGS
from fieldcm.ui.contacts_model import ContactColumn, Sharing
from tests.ui.builders import FAST_POLICY, PASSPHRASE
from tests.ui.conftest import Desk, Profile, build_desk, close_desk, open_client, save_shot, unlock
from tests.ui.record_builders import IMAGE_MARKER, TEXT_MARKER, RecordExtras, add_record_extras

CLIENT = "Avery Ashgrove"


@pytest.fixture
def extras(profile: Profile) -> RecordExtras:
    store = Vault(profile.folder, policy=FAST_POLICY).unlock(passphrase_buffer(PASSPHRASE))
    try:
        return add_record_extras(store, profile.caseload.clients[CLIENT])
    finally:
        store.lock()


@pytest.fixture
def opened(qtbot: Any, profile: Profile, extras: RecordExtras) -> Iterator[Desk]:
    desk = build_desk(qtbot, profile)
    unlock(qtbot, desk)
    open_client(qtbot, desk, profile.caseload.clients[CLIENT])
    view = desk.window.client_view
    # The lead wires this in the main window; the tests wire it the same way.
    view.attachment_requested.connect(
        lambda client_id, file_id: show_attachment(
            desk.window.session,  # type: ignore[arg-type]
            client_id,
            file_id,
            view,
            clipboard=view.clipboard,
        )
    )
    yield desk
    close_desk(qtbot, desk)


def test_contacts_say_in_plain_words_whether_information_may_be_shared(opened: Desk) -> None:
    view = opened.window.client_view
    rows = {
        view.contacts.row(i).name: view.contacts.row(i) for i in range(view.contacts.rowCount())
    }
    assert {name: row.release.sharing for name, row in rows.items()} == {
        "Mara Ashgrove": Sharing.VALID,
        "Dale Finch": Sharing.EXPIRED,
        "Priya Natarajan": Sharing.REVOKED,
        "Tomas Reyes": Sharing.NONE,
    }
    shown = {
        view.contacts.index(i, ContactColumn.NAME).data(): view.contacts.index(
            i, ContactColumn.SHARING
        ).data()
        for i in range(view.contacts.rowCount())
    }
    assert shown["Mara Ashgrove"].startswith("Yes, until ")
    assert shown["Mara Ashgrove"].endswith("(not substance use)")
    assert shown["Dale Finch"].startswith("No: release expired")
    assert shown["Priya Natarajan"].startswith("No: release revoked")
    assert shown["Tomas Reyes"] == "No: no release on file"
    assert view.contacts.index(0, ContactColumn.PHONE).data().startswith("555-")
    assert "Contacts (4)" in view.tabs.tabText(CONTACTS_TAB).replace("&", "")


def test_a_client_without_contacts_or_files_says_so(qtbot: Any, profile: Profile) -> None:
    desk = build_desk(qtbot, profile)
    try:
        unlock(qtbot, desk)
        open_client(qtbot, desk, profile.caseload.clients["Brin Birchall"])
        view = desk.window.client_view
        assert view.contacts.rowCount() == 0 and view.attachments.rowCount() == 0
        assert not view.no_contacts.isHidden() and view.contacts_table.isHidden()
        assert not view.no_attachments.isHidden() and not view.open_attachment.isEnabled()
    finally:
        close_desk(qtbot, desk)


def _open(qtbot: Any, desk: Desk, name: str) -> AttachmentViewer:
    view = desk.window.client_view
    rows = {view.attachments.entry(i).name: i for i in range(view.attachments.rowCount())}
    view.attachments_table.setCurrentIndex(view.attachments.index(rows[name], 0))
    view.open_attachment.click()
    viewer = view.findChildren(AttachmentViewer)[-1]
    qtbot.waitUntil(lambda: viewer.showing is not None, timeout=10_000)
    return viewer


def _files_with(marker: bytes, roots: list[Path], since: float) -> list[Path]:
    """Files under ``roots`` changed since ``since`` holding ``marker`` (raw or UTF-16)."""
    needles = (marker, marker.decode().encode("utf-16-le"))
    found = []
    for root in roots:
        for path in root.rglob("*"):
            try:
                if not path.is_file() or path.stat().st_mtime < since:
                    continue
                if path.stat().st_size > 256 << 20:
                    continue
                data = path.read_bytes()
            except OSError:
                continue  # another process's file came and went
            if any(needle in data for needle in needles):
                found.append(path)
    return found


def test_attachments_open_in_the_app_from_memory_only(
    qtbot: Any, opened: Desk, tmp_path: Path
) -> None:
    started = time.time() - 1
    image = _open(qtbot, opened, "id-card-scan.png")
    assert image.showing is Preview.IMAGE
    assert not image.picture.pixmap().isNull()
    assert image.windowTitle() == "Attachment"  # never the file's name (S7)
    save_shot(image, "client-attachment-image")
    image.close()

    text = _open(qtbot, opened, "visit-checklist.txt")
    assert text.showing is Preview.TEXT
    assert TEXT_MARKER in text.text.toPlainText()
    text.text.selectAll()
    qtbot.keyClick(text.text, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert TEXT_MARKER in QApplication.clipboard().text()
    assert opened.window.client_view.clipboard.holding, "a guarded copy, cleared again"
    opened.window.client_view.clipboard.clear_if_ours()
    text.close()

    pdf = _open(qtbot, opened, "signed-release.pdf")
    assert pdf.showing is Preview.NONE
    assert "can't be previewed on this laptop" in pdf.message.text()
    save_shot(pdf, "client-attachment-no-preview")
    pdf.close()

    roots = [opened.profile.folder, Path(tempfile.gettempdir())]
    for marker in (TEXT_MARKER, IMAGE_MARKER):
        assert _files_with(marker.encode(), roots, started) == [], marker


def test_a_damaged_attachment_is_reported_not_shown(qtbot: Any, opened: Desk) -> None:
    view = opened.window.client_view
    store = opened.window.session.store  # type: ignore[union-attr]
    with UnitOfWork(store.engine, read_only=True) as uow:
        entry = next(e for e in uow.attachments.for_client(view.record.client_id)  # type: ignore[union-attr]
                     if e.name == "visit-checklist.txt")  # fmt: skip
    path = store.attachments.path_of(__import__("uuid").UUID(entry.file_id))
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF
    path.write_bytes(bytes(data))
    viewer = _open(qtbot, opened, "visit-checklist.txt")
    assert viewer.showing is Preview.NONE
    assert "cannot be opened" in viewer.message.text() or "damaged" in viewer.message.text()


def test_locking_closes_the_viewer_and_drops_the_content(qtbot: Any, opened: Desk) -> None:
    viewer = _open(qtbot, opened, "visit-checklist.txt")
    assert viewer.isVisible()
    texts: list[str] = []
    viewer.text.textChanged.connect(lambda: texts.append(viewer.text.toPlainText()))
    with qtbot.waitSignal(opened.window.locked, timeout=10_000):
        opened.window.lock()
    assert texts and set(texts) == {""}, "the text was dropped before the viewer went"
    qtbot.waitUntil(lambda: opened.window.client_view.findChildren(AttachmentViewer) == [])


def test_the_action_row_asks_for_safety_plan_screening_and_check_out(
    qtbot: Any, opened: Desk
) -> None:
    view = opened.window.client_view
    client_id = view.record.client_id  # type: ignore[union-attr]
    with qtbot.waitSignal(view.safety_plan_requested) as plan:
        view.safety_plan_button.click()
    assert plan.args == [client_id]
    with qtbot.waitSignal(view.check_out_requested) as check_out:
        view.check_out_button.click()
    assert check_out.args == [client_id]
    asked = []
    view.screening_requested.connect(lambda c, i: asked.append((c, i)))
    for action in view.screening_menu.actions():
        action.trigger()
    assert asked == [(client_id, name) for name in SCREENINGS]
    for button in (view.safety_plan_button, view.screening_button, view.check_out_button):
        assert button.accessibleName()
        assert "&" in button.text()  # a visible Alt shortcut


def test_client_overview_screens(qtbot: Any, opened: Desk) -> None:
    window = opened.window
    save_shot(window, "client-overview-notes")
    window.client_view.tabs.setCurrentIndex(CONTACTS_TAB)
    save_shot(window, "client-overview-contacts")
    window.client_view.tabs.setCurrentIndex(CONTACTS_TAB + 1)
    save_shot(window, "client-overview-attachments")


def test_the_overview_and_the_plan_editor_agree_that_risk_changed(
    qtbot: Any, profile: Profile
) -> None:
    """The seeded plan is within its interval, but a review alert came after its review."""
    desk = build_desk(qtbot, profile)
    try:
        unlock(qtbot, desk)
        client_id = profile.caseload.clients[CLIENT]
        open_client(qtbot, desk, client_id)
        assert "review due" in desk.window.client_view.plan.text()

        editor = desk.window.workspace_pages.plan_editor
        with qtbot.waitSignal(editor.loaded, timeout=10_000):
            desk.window.plan_action.trigger()
        assert "review now" in editor.reminder.text()
    finally:
        close_desk(qtbot, desk)
