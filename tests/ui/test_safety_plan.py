"""The safety plan editor: write the plan with the client, keyboard only, see its history,
review it, print the one-page copy in English or Spanish, and merge two laptops' edits.

Real SQLCipher profiles, the real database lane, real widgets; the two-laptop test runs
against a real server on 127.0.0.1.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt

from fieldcm.domain.records import new_id
from fieldcm.domain.safety_plan import (
    Section,
    add_item,
    empty_plan,
    mark_reviewed,
    plan_fields,
    read_plan,
)
from fieldcm.store.passphrase import passphrase_buffer
from fieldcm.store.repositories import StoredConflict
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import UnlockedStore, Vault
from fieldcm.sync.profile import store_settings
from fieldcm.sync.protocol import AgencySettings
from fieldcm.ui.safety_plan_editor import SafetyPlanEditor
from fieldcm.ui.safety_plan_print import LABELS, SECTION_LABELS
from fieldcm.ui.session import Session, read_workspace
from fieldcm.ui.tasks import Lane
from tests.ui.builders import FAST_POLICY, NOW, PASSPHRASE, WORKER, make_store

pytestmark = pytest.mark.ui

ED = "Riverside General Hospital, 1200 Elm Street, Springfield (synthetic)"


@dataclass
class Desk:
    session: Session
    editor: SafetyPlanEditor
    client_id: str
    store: UnlockedStore
    db: Lane


def _settings(store: UnlockedStore, **values: Any) -> None:
    with UnitOfWork(store.engine) as uow:
        store_settings(uow, AgencySettings(emergency_department=ED, **values))
        uow.commit()


def _client(store: UnlockedStore, name: str = "Rowan Vale", language: str = "English") -> str:
    client_id = new_id()
    with UnitOfWork(store.engine) as uow:
        uow.records.create(
            "client",
            client_id,
            {"preferred_name": name, "legal_name": f"{name} Q.", "language": language},
        )
        uow.commit()
    return client_id


def _open_desk(qtbot: Any, store: UnlockedStore, folder: Path, client_id: str) -> Desk:
    db = Lane("database")
    session = Session(
        store, read_workspace(store), vault=Vault(folder, policy=FAST_POLICY), db=db,
        clock=lambda: NOW,
    )  # fmt: skip
    editor = SafetyPlanEditor()
    qtbot.addWidget(editor)
    editor.resize(1366, 720)
    editor.show()
    editor.attach(session)
    with qtbot.waitSignal(editor.loaded, timeout=10_000):
        editor.open_plan(client_id)
    return Desk(session, editor, client_id, store, db)


def _close_desk(qtbot: Any, desk: Desk) -> None:
    desk.editor.detach()
    with qtbot.waitSignal(desk.session.closed, timeout=10_000):
        desk.session.close()
    desk.db.wait_idle()


@dataclass
class Template:
    folder: Path
    client_id: str


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """One enrolled profile with a client, built once; each test opens a copy (fast)."""
    folder = tmp_path_factory.mktemp("plan-template") / "profile"
    store = make_store(folder)
    _settings(store)
    client_id = _client(store)
    store.lock()
    return Template(folder, client_id)


def _copy(template: Template, tmp_path: Path) -> tuple[UnlockedStore, Path]:
    folder = tmp_path / "profile"
    shutil.copytree(template.folder, folder)
    return Vault(folder, policy=FAST_POLICY).unlock(passphrase_buffer(PASSPHRASE)), folder


@pytest.fixture
def desk(qtbot: Any, tmp_path: Path, template: Template) -> Iterator[Desk]:
    store, folder = _copy(template, tmp_path)
    built = _open_desk(qtbot, store, folder, template.client_id)
    yield built
    _close_desk(qtbot, built)


def _add(
    qtbot: Any, editor: SafetyPlanEditor, section: Section, text: str, phone: str = ""
) -> None:
    part = editor.sections[section]
    part.new_text.setFocus()
    qtbot.keyClicks(part.new_text, text)
    if phone:
        assert part.new_phone is not None
        qtbot.keyClicks(part.new_phone, phone)
    qtbot.keyClick(part.new_text, Qt.Key.Key_Return)


def _texts(editor: SafetyPlanEditor, section: Section) -> list[str]:
    return [item.text for item in editor.sections[section].model.items()]


def _save(qtbot: Any, editor: SafetyPlanEditor) -> None:
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.flush()
    qtbot.waitUntil(lambda: not editor._saving and editor.save_state.text().startswith("Saved"))


def _stored(desk: Desk) -> dict[str, Any]:
    with UnitOfWork(desk.store.engine, read_only=True) as uow:
        (plan,) = uow.records.for_client(desk.client_id, kinds=("safety_plan",))
        return plan.fields


def test_a_new_plan_is_written_keyboard_only_and_saved_as_an_ordinary_record(
    qtbot: Any, desk: Desk
) -> None:
    editor = desk.editor
    assert "No safety plan yet" in editor.reminder.text()
    assert "Missing steps: 1, 2, 3, 4, 5, 6." in editor.reminder.text()
    agency = [w.text() for w in editor.sections[Section.PROFESSIONAL_CONTACTS].findChildren(
        type(editor.reminder)) if "set by your agency" in w.text()]  # fmt: skip
    assert any("988" in text for text in agency) and any(ED in text for text in agency)

    _add(qtbot, editor, Section.WARNING_SIGNS, "Not sleeping")
    _add(qtbot, editor, Section.WARNING_SIGNS, "Pacing at night")
    _add(qtbot, editor, Section.HELP_CONTACTS, "Aunt Dee", "555-0100")
    assert _texts(editor, Section.WARNING_SIGNS) == ["Not sleeping", "Pacing at night"]
    assert editor.sections[Section.HELP_CONTACTS].model.items()[0].phone == "555-0100"

    # Reorder with the keyboard: the second warning sign moves up (Alt+Up).
    table = editor.sections[Section.WARNING_SIGNS].table
    table.setFocus()
    editor.sections[Section.WARNING_SIGNS].select_row(1)
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert _texts(editor, Section.WARNING_SIGNS) == ["Pacing at night", "Not sleeping"]
    assert editor.sections[Section.WARNING_SIGNS].current_row() == 0
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)

    # Edit in place: F2 on the first item, type, Enter.
    editor.sections[Section.WARNING_SIGNS].select_row(0)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    cell = table.focusWidget()
    assert cell is not None and cell is not table
    cell.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(cell, "Pacing the hallway at night")
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(
        lambda: (
            _texts(editor, Section.WARNING_SIGNS) == ["Pacing the hallway at night", "Not sleeping"]
        )
    )

    _save(qtbot, editor)
    fields = _stored(desk)
    assert [i["text"] for i in fields["warning_signs"]] == [
        "Pacing the hallway at night",
        "Not sleeping",
    ]
    assert fields["help_contacts"][0]["phone"] == "555-0100"
    with UnitOfWork(desk.store.engine, read_only=True) as uow:
        plan_ops = [e.op for e in uow.outbox.pending() if e.kind == "safety_plan"]
    assert plan_ops == ["create"]  # created once, as one ordinary syncable record
    assert "Missing steps: 2, 3, 5, 6." in editor.reminder.text()

    # Remove with Delete; the next save is an update of the same record.
    table.setFocus()
    editor.sections[Section.WARNING_SIGNS].select_row(1)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert _texts(editor, Section.WARNING_SIGNS) == ["Pacing the hallway at night"]
    _save(qtbot, editor)
    assert [i["text"] for i in _stored(desk)["warning_signs"]] == ["Pacing the hallway at night"]
    with UnitOfWork(desk.store.engine, read_only=True) as uow:
        updates = [e for e in uow.outbox.pending() if e.kind == "safety_plan" and e.op == "update"]
    assert [sorted(e.changes) for e in updates] == [["warning_signs"]]


def test_closing_with_a_cell_still_open_saves_it_and_says_closed(qtbot: Any, desk: Desk) -> None:
    editor = desk.editor
    _add(qtbot, editor, Section.COPING_STRATEGIES, "Walk by the river")
    part = editor.sections[Section.COPING_STRATEGIES]
    part.table.setFocus()
    part.select_row(0)
    qtbot.keyClick(part.table, Qt.Key.Key_F2)
    cell = part.table.focusWidget()
    cell.selectAll()  # type: ignore[union-attr, attr-defined]
    qtbot.keyClicks(cell, "Walk by the river with the dog")
    with qtbot.waitSignals([editor.closed, editor.saved], timeout=10_000):
        editor.close_plan()
    desk.db.wait_idle()
    assert [i["text"] for i in _stored(desk)["coping_strategies"]] == [
        "Walk by the river with the dog"
    ]


def test_bad_input_is_refused_with_a_reason_and_nothing_is_saved(qtbot: Any, desk: Desk) -> None:
    editor = desk.editor
    part = editor.sections[Section.HELP_CONTACTS]
    _add(qtbot, editor, Section.HELP_CONTACTS, "Neighbour", "call me maybe")
    assert part.model.rowCount() == 0
    assert part.problem.isVisible() and "not a phone number" in part.problem.text()
    part.new_phone.clear()  # type: ignore[union-attr]
    qtbot.keyClick(part.new_text, Qt.Key.Key_Return)
    assert _texts(editor, Section.HELP_CONTACTS) == ["Neighbour"]
    assert not part.problem.isVisible()
    _add(qtbot, editor, Section.COPING_STRATEGIES, "   ")
    assert editor.sections[Section.COPING_STRATEGIES].problem.isVisible()
    # A phone edited in place to nonsense is refused; the item keeps its old number.
    _add(qtbot, editor, Section.SOCIAL_DISTRACTIONS, "Cousin Max", "555-0111")
    model = editor.sections[Section.SOCIAL_DISTRACTIONS].model
    assert not model.setData(model.index(0, 1), "not a number")
    assert model.items()[0].phone == "555-0111"


def test_history_names_who_changed_what_and_keeps_a_resolved_losing_wording(
    qtbot: Any, desk: Desk
) -> None:
    editor = desk.editor
    _add(qtbot, editor, Section.WARNING_SIGNS, "Not sleeping")
    _save(qtbot, editor)
    _add(qtbot, editor, Section.COPING_STRATEGIES, "Walk by the river")
    _save(qtbot, editor)
    plan_id = editor.plan_id
    assert plan_id is not None
    with UnitOfWork(desk.store.engine) as uow:
        assert len(uow.history.versions(plan_id)) == 2
        uow.conflicts.put(
            StoredConflict(
                id=new_id(), kind="safety_plan", record_id=plan_id, client_id=desk.client_id,
                field="help_contacts", item_id="h1",
                mine={"id": "h1", "text": "Sister Jo", "phone": "555-0142"},
                theirs={"id": "h1", "text": "Sister Joanne", "phone": "555-0143"},
                mine_by={"user_id": WORKER.user_id, "user_name": WORKER.name},
                theirs_by={"user_id": "u-2", "user_name": "Ana Colleague",
                           "at": (NOW - timedelta(hours=1)).isoformat()},
                status="resolved",
                resolution={"id": "h1", "text": "Sister Joanne", "phone": "555-0143"},
                resolved_by={"user_id": "u-2", "user_name": "Ana Colleague",
                             "at": (NOW - timedelta(minutes=30)).isoformat()},
            )
        )  # fmt: skip
        uow.commit()
    with qtbot.waitSignal(editor.loaded, timeout=10_000):
        editor.open_plan(desk.client_id)
    entries = editor.history_model.entries()
    texts = "\n\n".join(entry.text() for entry in entries)
    versions = [entry for entry in entries if not entry.conflict]
    assert len(versions) == 2
    assert all(entry.who == "You (Sam Rivera)" and entry.when is not None for entry in versions)
    assert "Added to Step 2: Things I can do on my own: \u201cWalk by the river\u201d" in texts
    assert "Plan started" in texts and "\u201cNot sleeping\u201d" in texts
    assert "\u201cSister Jo\u201d (555-0142)" in texts  # the losing wording stays visible
    assert "Kept: \u201cSister Joanne\u201d (555-0143)" in texts
    assert "Ana Colleague" in texts
    assert editor.history_model.rowCount() == 3


def test_a_review_due_after_risk_changed_is_said_and_marking_it_reviewed_saves(
    qtbot: Any, tmp_path: Path, template: Template
) -> None:
    store, folder = _copy(template, tmp_path)
    _settings(store, safety_plan_review_days=30)
    client_id = template.client_id
    plan = empty_plan()
    for section in list(Section)[:6]:
        plan = add_item(plan, section, f"Synthetic {section.value}")
    plan = mark_reviewed(plan, at=NOW - timedelta(days=10), by="Sam Rivera")
    with UnitOfWork(store.engine) as uow:
        uow.records.create("safety_plan", client_id, plan_fields(plan))
        uow.records.create(
            "alert",
            client_id,
            {"type": "safety_plan_review", "severity": "warning", "message": "Risk changed",
             "raised_at": (NOW - timedelta(days=2)).isoformat(), "notify": "worker"},
        )  # fmt: skip
        uow.commit()
    desk = _open_desk(qtbot, store, folder, client_id)
    try:
        editor = desk.editor
        assert "Risk changed on" in editor.reminder.text()
        assert editor.banner.property("role") == "plan-banner-due"
        with qtbot.waitSignal(editor.saved, timeout=10_000):
            qtbot.keyClick(editor, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: "Next review by" in editor.reminder.text())
        assert editor.banner.property("role") == "plan-banner-ok"
        stored = read_plan(_stored(desk))
        assert stored.reviewed_at == NOW and stored.reviewed_by == "Sam Rivera"
    finally:
        _close_desk(qtbot, desk)


# ---- the one-page copy ---------------------------------------------------------------------


def _pdf_text(path: Path) -> tuple[int, str]:
    reader = pypdf.PdfReader(str(path))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(unicodedata.normalize("NFKC", text).split())


def _full_plan(qtbot: Any, editor: SafetyPlanEditor) -> dict[Section, str]:
    phones = {
        Section.SOCIAL_DISTRACTIONS: "555-0131",
        Section.HELP_CONTACTS: "(555) 010-0142",
        Section.PROFESSIONAL_CONTACTS: "555-0199",
    }
    for section in Section:
        _add(qtbot, editor, section, f"Synthetic item for {section.value}", phones.get(section, ""))
    return phones


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_client_copy_is_one_page_with_every_step_and_number(
    qtbot: Any, desk: Desk, tmp_path: Path, language: str
) -> None:
    phones = _full_plan(qtbot, desk.editor)
    path = tmp_path / f"plan-{language}.pdf"
    copy = desk.editor.save_pdf(path, language)
    assert copy is not None and copy.language == language
    pages, text = _pdf_text(path)
    assert pages == 1
    for section in Section:
        assert " ".join(SECTION_LABELS[language][section].split()) in text
    for phone in (*phones.values(), "988"):
        assert phone in text
    assert LABELS[language]["title"] in text
    assert "Rowan Vale" in text and "Riverside General Hospital" in text
    other = "es" if language == "en" else "en"
    assert SECTION_LABELS[other][Section.WARNING_SIGNS] not in text
    assert "Saved the" in desk.editor.print_state.text()


def test_a_plan_too_long_for_one_page_is_refused_and_no_file_is_left(
    qtbot: Any, desk: Desk, tmp_path: Path
) -> None:
    plan = empty_plan()
    for number in range(60):
        plan = add_item(
            plan, Section.WARNING_SIGNS, f"A long synthetic warning sign number {number} " * 3
        )
    desk.editor.draft.replace_plan(plan)
    path = tmp_path / "too-long.pdf"
    assert desk.editor.save_pdf(path, "en") is None
    assert not path.exists()
    assert list(tmp_path.glob("*.probe")) == []
    assert "does not fit on one page" in desk.editor.print_state.text()


# ---- two laptops, one plan, through a real server ---------------------------------------


@pytest.fixture(scope="module")
def sync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from tests.integration.server_harness import running_server

    with running_server("sqlite", tmp_path_factory.mktemp("plan-server")) as server:
        yield server


def test_two_laptops_edit_different_items_offline_and_both_hold_both(
    qtbot: Any, tmp_path: Path, sync_server: Any
) -> None:
    from tests.integration.sync.laptops import Office, item
    from tests.integration.sync.laptops import plan_fields as wire_plan

    office = Office(sync_server, tmp_path)
    try:
        worker = office.person()
        one, two = office.laptop(worker), office.laptop(worker)
        client = one.new_client("Avery Ashgrove")
        plan = one.create(
            "safety_plan", client,
            wire_plan(warning_signs=[item("Not sleeping")], help_contacts=[item("Aunt Dee")]),
        )  # fmt: skip
        assert one.sync().ok and two.sync().ok

        desks = [_open_desk(qtbot, lap.store, lap.folder, client) for lap in (one, two)]
        try:
            first, second = (d.editor for d in desks)
            # Offline (nobody syncs): laptop one edits the warning sign, two adds a contact.
            first.sections[Section.WARNING_SIGNS].model.setData(
                first.sections[Section.WARNING_SIGNS].model.index(0, 0), "Not sleeping for days"
            )
            _add(qtbot, second, Section.HELP_CONTACTS, "Coach Lee", "555-0177")
            _save(qtbot, first)
            _save(qtbot, second)
            for d in desks:
                d.db.wait_idle()
            for laptop in (one, two, one):
                result = laptop.sync()
                assert result.ok, result.message
            for laptop in (one, two):
                held = laptop.get(plan.id)
                assert held is not None
                fields = held.fields
                assert [i["text"] for i in fields["warning_signs"]] == ["Not sleeping for days"]
                assert [i["text"] for i in fields["help_contacts"]] == ["Aunt Dee", "Coach Lee"]
                assert laptop.conflicts(status=None) == []
            # The editors show the merged plan once they read again.
            for d in desks:
                with qtbot.waitSignal(d.editor.loaded, timeout=10_000):
                    d.editor.open_plan(client)
                assert _texts(d.editor, Section.HELP_CONTACTS) == ["Aunt Dee", "Coach Lee"]
                assert _texts(d.editor, Section.WARNING_SIGNS) == ["Not sleeping for days"]
            # Laptop one's history shows laptop two's addition, by the same worker elsewhere.
            history = "\n".join(e.text() for e in first.history_model.entries())
            assert "Added to Step 4: People I can ask for help: \u201cCoach Lee\u201d" in history
        finally:
            for d in desks:
                _close_desk(qtbot, d)
    finally:
        office.close()
