"""What a user feels: plain text everywhere (SECURITY.md M2), names for every control,
shortcuts that are shown, and the Spanish translation."""

from __future__ import annotations

import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextBrowser,
    QWidget,
)

from fieldcm.ui.caseload_model import CLIENT_ID_ROLE
from fieldcm.ui.first_run import FirstRunPage
from fieldcm.ui.shortcuts import ShortcutsDialog
from fieldcm.ui.sign_dialogs import AddendumDialog, SignDialog
from fieldcm.ui.status_area import SignInDialog
from fieldcm.ui.tasks import Lane
from tests.ui.builders import HOSTILE
from tests.ui.conftest import Desk, build_desk, close_desk, open_client, save_shot, unlock

pytestmark = pytest.mark.ui


def widgets(root: QWidget) -> Iterator[QWidget]:
    yield root
    yield from root.findChildren(QWidget)


def _internal(widget: QWidget) -> bool:
    """Parts Qt builds inside a control (the line edit of a spin box, a combo's popup)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QMenu):
            return True
        parent = parent.parentWidget()
    return widget.objectName().startswith("qt_")


CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox,
            QAbstractItemView)  # fmt: skip


def unnamed_controls(root: QWidget) -> list[str]:
    return [
        f"{type(w).__name__} {w.objectName()!r} text={getattr(w, 'text', lambda: '')()!r}"
        for w in widgets(root)
        if isinstance(w, CONTROLS)
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not _internal(w)
        and not w.accessibleName().strip()
    ]


def rich_labels(root: QWidget) -> list[str]:
    return [
        f"{w.objectName()!r}: {w.text()[:40]!r}"
        for w in widgets(root)
        if isinstance(w, QLabel)
        and not _internal(w)
        and w.textFormat() != Qt.TextFormat.PlainText
        and w.text()
    ]


def _open_hostile_client_and_note(qtbot: Any, desk: Desk) -> None:
    unlock(qtbot, desk)
    client_id = desk.profile.caseload.clients[HOSTILE]
    open_client(qtbot, desk, client_id)


def test_a_hostile_client_name_is_shown_literally_everywhere(qtbot: Any, desk: Desk) -> None:
    window = desk.window
    _open_hostile_client_and_note(qtbot, desk)

    # caseload table
    model = window.caseload.model
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert HOSTILE in shown
    tips = [
        model.index(r, c).data(Qt.ItemDataRole.ToolTipRole)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]
    assert not any(t and "<" in t for t in tips), "untrusted text in a tooltip"

    # client record
    assert window.client_view.name.text() == HOSTILE
    assert '<b>x</b><a Q. href="http://x">' in window.client_view.details.text()

    # search results
    window.caseload.search.setText("update")
    with qtbot.waitSignal(window.caseload.search_finished, timeout=10_000):
        pass
    results = window.caseload.results
    names = [results.result(r).client_name for r in range(results.rowCount())]
    assert HOSTILE in names
    displayed = [results.index(r, 0).data() for r in range(results.rowCount())]
    assert any(d.startswith(HOSTILE) for d in displayed)

    # the note editor
    client_id = desk.profile.caseload.clients[HOSTILE]
    with qtbot.waitSignal(window.editor.loaded, timeout=10_000):
        window.open_note(client_id, desk.profile.caseload.notes[client_id])
    assert window.editor.client.text() == HOSTILE

    # nothing rendered as rich text, anywhere; never in the window title or a tooltip
    assert rich_labels(window) == []
    assert not list(w for w in widgets(window) if isinstance(w, QTextBrowser))
    assert "<b>" not in window.windowTitle()
    assert not [w for w in widgets(window) if "<b>x" in w.toolTip()]


def test_message_boxes_are_plain_text(qtbot: Any, desk: Desk) -> None:
    from fieldcm.ui.widgets import message_box

    box = message_box(desk.window, "fieldcm", HOSTILE, detail=HOSTILE)
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert rich_labels(box) == []


def test_every_control_has_an_accessible_name(qtbot: Any, desk: Desk, tmp_path: Path) -> None:
    window = desk.window
    assert unnamed_controls(window) == [], "lock screen"

    _open_hostile_client_and_note(qtbot, desk)
    assert unnamed_controls(window) == [], "caseload and client record"

    with qtbot.waitSignal(window.editor.loaded, timeout=10_000):
        window.client_view.request_new_note()
    assert unnamed_controls(window) == [], "note editor"

    dialogs: list[QDialog] = [
        SignDialog(signer="Sam", credentials="CM", warnings=[], confirm=lambda p: None),  # type: ignore[arg-type,return-value]
        AddendumDialog(confirm=lambda *a: None),  # type: ignore[arg-type,return-value]
        SignInDialog(),
        ShortcutsDialog(window.menuBar()),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert unnamed_controls(dialog) == [], type(dialog).__name__
        assert dialog.accessibleName()

    page = FirstRunPage(tmp_path / "new-profile", Lane("network"))
    qtbot.addWidget(page)
    assert unnamed_controls(page) == [], "first run"


def test_every_action_shows_its_shortcut_in_a_menu(qtbot: Any, desk: Desk) -> None:
    menus = [a.menu() for a in desk.window.menuBar().actions()]
    actions = [a for m in menus if isinstance(m, QMenu) for a in m.actions()]
    assert len(actions) >= 9
    assert all(not a.shortcut().isEmpty() for a in actions)
    texts = {a.text().replace("&", ""): a.shortcut().toString() for a in actions}
    assert texts["Lock"] == "Ctrl+L"
    assert texts["Sync now"] == "F5"


def test_keyboard_only_from_search_to_a_client(qtbot: Any, desk: Desk) -> None:
    unlock(qtbot, desk)
    window = desk.window
    assert window.caseload.search.hasFocus() or window.focusWidget() is window.caseload.search
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    table = window.caseload.table
    assert table.hasFocus()
    with qtbot.waitSignal(window.client_loaded, timeout=10_000):
        qtbot.keyClick(table, Qt.Key.Key_Down)
    assert window.client_view.record is not None
    selected = table.currentIndex().data(CLIENT_ID_ROLE)
    assert window.client_view.record.client_id == selected


def _build_translations(out: Path) -> None:
    """The build step itself: resources/translations/translations.py build --out OUT."""
    script = Path(__file__).resolve().parents[2] / "resources" / "translations" / "translations.py"
    namespace = runpy.run_path(str(script))
    namespace["build"](out)


def test_spanish_translation_builds_and_is_used(
    qtbot: Any, qapp: Any, profile: Any, tmp_path: Path
) -> None:
    from fieldcm.ui.resources import install_translator

    _build_translations(tmp_path / "qm")
    translator = install_translator(qapp, "es", tmp_path / "qm")
    assert translator is not None
    try:
        assert QCoreApplication.translate("Formatting", "High") == "Alto"
        assert QCoreApplication.translate("Messages", "Too many wrong passphrases.").startswith(
            "Demasiadas"
        )
        desk = build_desk(qtbot, profile)
        try:
            screen = desk.window.lock_screen
            assert screen.title.text() == "fieldcm está bloqueado"
            assert "Desbloquear" in screen.unlock_button.text().replace("&", "")
            unlock(qtbot, desk)
            header = desk.window.caseload.model.headerData(
                1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
            )
            assert header == "Riesgo"
            dialog = SignDialog(signer="Sam", credentials="CM", warnings=[], confirm=None)  # type: ignore[arg-type]
            qtbot.addWidget(dialog)
            assert dialog.ok_button.text().replace("&", "") == "Firmar"  # base-class strings
            QApplication.sendPostedEvents()
            save_shot(desk.window, "09-caseload-es")
        finally:
            close_desk(qtbot, desk)
    finally:
        qapp.removeTranslator(translator)
        install_translator(qapp, "en")


def test_self_check_opens_a_temporary_store_and_renders(qtbot: Any, capsys: Any) -> None:
    from fieldcm.app import run_self_check
    from tests.ui.builders import FAST_POLICY

    assert run_self_check(policy=FAST_POLICY) == 0
    assert "fieldcm self-check: ok" in capsys.readouterr().out
