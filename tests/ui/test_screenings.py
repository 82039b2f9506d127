"""Screens in the UI: PHQ-9 to C-SSRS, the high-risk banner, the signing gate, the trend chart.

Real profile (SQLCipher), real lanes, real widgets; answers are keyed in as a worker would.
Screens are saved at 1366x768 to ``$FIELDCM_SHOTS`` (default /tmp/fieldcm-shots).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from fieldcm.domain import cssrs
from fieldcm.domain.cssrs import Question
from fieldcm.domain.escalation import EncounterNotReadyError
from fieldcm.domain.notes import NoteFormat, read_note
from fieldcm.domain.screening import GAD7, PHQ9
from fieldcm.services import notes, screenings
from fieldcm.store.uow import UnitOfWork
from fieldcm.ui.screening_chart import ScreeningHistory
from fieldcm.ui.screening_form import CSSRS_PAGE, QUESTIONS_PAGE, RESULT_PAGE, ScreeningForm
from fieldcm.ui.screening_questions import NO, YES
from tests.ui.builders import NOW, PASSPHRASE, WORKER
from tests.ui.conftest import Desk, save_shot, session_of, unlock

pytestmark = pytest.mark.ui

WITHOUT_PLAN = "Corin Coldwater"
WITH_PLAN = "Brin Birchall"


@pytest.fixture
def form(qtbot: Any, desk: Desk) -> Iterator[ScreeningForm]:
    unlock(qtbot, desk)
    made = ScreeningForm()
    qtbot.addWidget(made)
    made.attach(session_of(desk))
    made.resize(1366, 768)
    made.show()
    made.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is made, timeout=5_000)
    yield made
    made.detach()
    desk.db.wait_idle()


def _client(desk: Desk, name: str) -> str:
    return desk.profile.caseload.clients[name]


def _records(desk: Desk, client_id: str, kind: str) -> list[Any]:
    with UnitOfWork(session_of(desk).store.engine, read_only=True) as uow:
        return uow.records.for_client(client_id, kinds=(kind,))


def _key_answers(qtbot: Any, form: ScreeningForm, keys: str) -> None:
    """Answer from the keyboard: focus the first question, then one key per question."""
    form.frequency.focus_first()
    for key in keys:
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, key)


def _answer_cssrs(form: ScreeningForm, answers: dict[int, bool], recent: bool | None) -> None:
    for number, yes in answers.items():
        form.cssrs.groups[Question(number)].button(YES if yes else NO).click()
    if recent is not None:
        form.cssrs.recency_group.button(YES if recent else NO).click()


def test_phq9_is_scored_live_from_keyed_answers_and_item9_moves_to_the_cssrs(
    qtbot: Any, desk: Desk, form: ScreeningForm
) -> None:
    client_id = _client(desk, WITHOUT_PLAN)
    form.open_screening(client_id, WITHOUT_PLAN, "phq9")
    # The published wording, from the domain, on screen:
    assert form.frequency.stem.text().startswith("Over the last 2 weeks")
    texts = [b.accessibleDescription() for b in form.frequency.groups[8].buttons()]
    assert texts[0] == PHQ9.items[8].text
    assert not form.record_button.isEnabled()

    _key_answers(qtbot, form, "1211010")  # items 1-7 by digit; focus moves on by itself
    assert form.frequency.answers()[:7] == [1, 2, 1, 1, 0, 1, 0]
    assert form.score.text() == "—" and "7 of 9" in form.progress.text()
    focused = QApplication.focusWidget()
    assert focused in form.frequency.groups[7].buttons()
    qtbot.keyClick(focused, Qt.Key.Key_Right)  # arrow keys move within item 8...
    focused = QApplication.focusWidget()
    assert focused is form.frequency.groups[7].button(1)
    qtbot.keyClick(focused, Qt.Key.Key_Space)  # ...and Space answers it
    assert form.frequency.answers()[7] == 1
    qtbot.keyClick(focused, "0")  # a digit changes it and moves on
    qtbot.keyClick(QApplication.focusWidget(), "2")  # item 9: more than half the days
    assert form.frequency.answers() == [1, 2, 1, 1, 0, 1, 0, 0, 2]
    assert form.score.text() == "8 of 27"
    assert form.band.text() == "Mild"
    assert form.item9.isVisible() and "C-SSRS" in form.item9.text()
    assert form.frequency.difficulty_box.isVisible()  # a problem was checked (D1)
    save_shot(form, "screen-01-phq9-item9-positive")

    with (
        qtbot.waitSignal(form.recorded, timeout=10_000),
        qtbot.waitSignal(form.cssrs_opened, timeout=10_000),
    ):
        qtbot.keyClick(form.record_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.page == CSSRS_PAGE and form.instrument == "cssrs"
    assert form.escalation.isVisible() and "C-SSRS" in form.escalation.text()
    assert not form.record_button.isEnabled()
    [phq9] = [r for r in _records(desk, client_id, "assessment") if r.fields["total"] == 8]
    assert phq9.fields["requires_cssrs"] is True and phq9.fields["severity"] == "mild"
    alerts = [a.fields["type"] for a in _records(desk, client_id, "alert")]
    assert "cssrs_required" in alerts
    save_shot(form, "screen-02-cssrs-after-item9")


def test_cssrs_skip_logic_and_a_high_result_banner(
    qtbot: Any, desk: Desk, form: ScreeningForm
) -> None:
    client_id = _client(desk, WITHOUT_PLAN)
    form.open_screening(client_id, WITHOUT_PLAN, "cssrs")
    rows = form.cssrs.rows
    _answer_cssrs(form, {1: True, 2: False}, None)
    assert [q for q in Question if not rows[q].isHidden()] == [
        Question.WISH_TO_BE_DEAD,
        Question.SUICIDAL_THOUGHTS,
        Question.BEHAVIOR,
    ]
    assert form.cssrs.skipped.isVisible()
    _answer_cssrs(form, {2: True, 3: True, 4: False}, None)
    assert all(not rows[q].isHidden() for q in Question)
    _answer_cssrs(form, {2: False}, None)  # back to No: 3-5 are emptied, not just hidden
    assert form.cssrs.groups[Question.METHOD].checkedId() == -1
    assert form.cssrs.recency_row.isHidden()
    focused = form.cssrs.groups[Question.BEHAVIOR].buttons()[0]
    focused.setFocus()
    qtbot.keyClick(focused, "y")  # Y answers the focused question and moves on
    assert not form.cssrs.recency_row.isHidden()
    assert form.band.text() == "Answer every question shown"
    qtbot.keyClick(QApplication.focusWidget(), "y")  # within the past 3 months
    assert form.cssrs.answers() == cssrs.Answers.of({1: True, 2: False, 6: True}, True)
    assert form.band.text() == "High risk" and form.record_button.isEnabled()

    with qtbot.waitSignal(form.recorded, timeout=10_000):
        form.record()
    assert form.page == RESULT_PAGE
    banner = form.banner
    assert banner.heading.text() == "High risk on the C-SSRS screener"
    assert "supervisor is notified at the next sync" in banner.done.text()
    assert banner.captions[2].isVisible() and banner.plan.isVisible()
    assert "no safety plan" in banner.plan.text()
    assert banner.plan_button.text().replace("&", "") == "Make a safety plan"
    assert banner.property("role") == "safety"
    save_shot(form, "screen-03-cssrs-high-banner")
    with qtbot.waitSignal(form.safety_plan_requested, timeout=2_000) as asked:
        banner.plan_button.click()
    assert asked.args == [client_id]
    alerts = {a.fields["type"]: a for a in _records(desk, client_id, "alert")}
    to_supervisor = alerts["supervisor_notification"]
    assert to_supervisor.fields["notify"] == "supervisor"


def test_a_high_result_says_an_existing_plan_must_be_reviewed(
    qtbot: Any, desk: Desk, form: ScreeningForm
) -> None:
    client_id = _client(desk, WITH_PLAN)
    form.open_screening(client_id, WITH_PLAN, "cssrs")
    _answer_cssrs(form, {1: True, 2: True, 3: True, 4: False, 5: True, 6: False}, None)
    with qtbot.waitSignal(form.recorded, timeout=10_000):
        form.record()
    text = form.banner.plan.text()
    assert "has a safety plan (last reviewed" in text and "cannot be signed" in text
    assert form.banner.plan_button.text().replace("&", "") == "Open safety plan"


def test_a_gad7_is_recorded_with_its_band_and_no_escalation(
    qtbot: Any, desk: Desk, form: ScreeningForm
) -> None:
    client_id = _client(desk, WITHOUT_PLAN)
    form.open_screening(client_id, WITHOUT_PLAN, "gad7")
    assert len(form.frequency.groups) == len(GAD7.items)
    assert form.frequency.difficulty_box.isHidden()
    form.frequency.set_answers([3, 3, 2, 2, 2, 1, 2])
    assert (form.score.text(), form.band.text()) == ("15 of 21", "Severe")
    with qtbot.waitSignal(form.recorded, timeout=10_000):
        form.record()
    assert form.page == RESULT_PAGE
    assert form.banner.heading.text() == "GAD-7 recorded: 15 of 21"


def test_an_unknown_instrument_is_refused(form: ScreeningForm) -> None:
    with pytest.raises(ValueError, match="unknown screen"):
        form.open_screening("x", "y", "phq10")
    assert form.page == QUESTIONS_PAGE


# ---- the signing gate ------------------------------------------------------------------


def _complete_draft(desk: Desk, client_id: str) -> str:
    start = NOW - timedelta(hours=1)
    with UnitOfWork(session_of(desk).store.engine) as uow:
        note = notes.start_note(
            uow, client_id=client_id, author_id=WORKER.user_id, note_format=NoteFormat.DAP,
            service_start=start, service_end=start + timedelta(minutes=40),
        )  # fmt: skip
        notes.save_draft(
            uow,
            note.id,
            {
                "sections": {"data": "Synthetic.", "assessment": "Synthetic.", "plan": "Visit."},
                "contact_type": "home",
                "location": "Client's apartment",
                "client_present": True,
                "service_code": "T1017",
                "goal_ids": [desk.profile.caseload.goals[client_id]],
            },
        )
        uow.commit()
    return note.id


def test_a_positive_item9_blocks_signing_the_note_until_the_cssrs_is_done(
    qtbot: Any, desk: Desk
) -> None:
    unlock(qtbot, desk)
    session = session_of(desk)
    client_id = _client(desk, WITHOUT_PLAN)
    note_id = _complete_draft(desk, client_id)
    editor = desk.window.editor
    with qtbot.waitSignals([editor.loaded, editor.gate.changed], timeout=10_000):
        desk.window.open_note(client_id, note_id)
    assert editor.sign_button.isEnabled() and not editor.gate.blocked

    with qtbot.waitSignal(editor.gate.changed, timeout=10_000):
        session.write(
            lambda uow: screenings.record_screen(
                uow, client_id=client_id, instrument="phq9", answers=[1, 1, 1, 1, 1, 0, 0, 0, 1],
                administered_by=WORKER.user_id, at=session.clock(), review_days=90,
                encounter_id=note_id,
            )
        )  # fmt: skip
    assert not editor.sign_button.isEnabled()
    assert "Before this visit can be closed" in editor.checks.text()
    assert "C-SSRS" in editor.checks.text()
    editor.sign()  # Ctrl+Enter: no signing dialog while the gate is closed
    assert editor._dialog is None or not editor._dialog.isVisible()
    save_shot(desk.window, "screen-05-note-blocked-by-item9")

    # A stale screen cannot slip through: the rule is enforced inside the signing transaction.
    failures: list[BaseException] = []
    with qtbot.waitSignal(desk.db.busy_changed, timeout=10_000, check_params_cb=lambda b: not b):
        editor._confirm_sign(PASSPHRASE).on_failure(failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
    assert isinstance(failures[0], EncounterNotReadyError)
    [note] = [r for r in _records(desk, client_id, "note") if r.id == note_id]
    assert read_note(note.fields).status.value == "draft"

    with qtbot.waitSignal(editor.gate.changed, timeout=10_000):
        session.write(
            lambda uow: screenings.record_cssrs(
                uow, client_id=client_id, answers=cssrs.Answers.of({1: False, 2: False, 6: False}),
                administered_by=WORKER.user_id, at=session.clock(), review_days=90,
                encounter_id=note_id,
            )
        )  # fmt: skip
    assert editor.sign_button.isEnabled()
    editor.sign()
    dialog = editor._dialog
    assert dialog is not None and dialog.isVisible()
    dialog.passphrase.setText(PASSPHRASE)  # type: ignore[attr-defined]
    with qtbot.waitSignal(editor.signed, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


# ---- the trend chart -------------------------------------------------------------------


def test_the_trend_chart_draws_each_instrument_with_bands_and_a_text_table(
    qtbot: Any, desk: Desk
) -> None:
    unlock(qtbot, desk)
    session = session_of(desk)
    client_id = _client(desk, WITH_PLAN)
    history = [
        ("phq9", [2, 2, 2, 2, 2, 2, 2, 2, 1], 70), ("gad7", [2, 2, 2, 2, 2, 2, 1], 70),
        ("phq9", [2, 2, 2, 1, 1, 1, 1, 1, 0], 45), ("gad7", [2, 2, 1, 1, 1, 1, 1], 44),
        ("phq9", [1, 1, 1, 1, 1, 1, 0, 0, 0], 20), ("gad7", [1, 1, 1, 1, 1, 0, 0], 19),
    ]  # fmt: skip
    with UnitOfWork(session.store.engine) as uow:
        for code, answers, days in history:
            screenings.record_screen(
                uow, client_id=client_id, instrument=code, answers=answers,
                administered_by=WORKER.user_id, at=NOW - timedelta(days=days), review_days=90,
            )  # fmt: skip
        screenings.record_cssrs(
            uow, client_id=client_id, answers=cssrs.Answers.of({1: True, 2: False, 6: False}),
            administered_by=WORKER.user_id, at=NOW - timedelta(days=70), review_days=90,
        )  # fmt: skip
        uow.commit()
    view = ScreeningHistory()
    qtbot.addWidget(view)
    view.attach(session)
    view.resize(1366, 768)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show_client(client_id, WITH_PLAN)

    # 6 new screens + the seeded PHQ-9 + the C-SSRS: every point is a row of the table.
    assert view.model.rowCount() == 8
    first_row = [view.model.item(0, c).text() for c in range(4)]
    assert first_row[1:] == ["PHQ-9", "7 of 27", "Mild"]  # newest first: the seeded screen
    description = view.chart.accessibleDescription()
    assert "PHQ-9: 4 scores, latest 7 (Mild)" in description
    assert "GAD-7: 3 scores" in description and "C-SSRS: 1 screens" in description
    assert view.chart.accessibleName() == "Screening score trend"
    save_shot(view, "screen-04-trend-chart")

    image = view.chart.grab().toImage()
    colours = {
        QColor(image.pixel(x, y)).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 3)
    }
    assert "#1570ef" in colours and "#7a5af8" in colours  # both lines are drawn
    assert "#fefbe8" in colours  # the mild band is shaded
    view.bands.setCurrentIndex(view.bands.findData("gad7"))
    assert view.chart.band_instrument == "gad7"
    view.detach()
    assert view.model.rowCount() == 0


def test_every_screen_control_is_named_and_every_label_plain(
    qtbot: Any, desk: Desk, form: ScreeningForm
) -> None:
    from tests.ui.builders import HOSTILE
    from tests.ui.test_quality import rich_labels, unnamed_controls

    client_id = _client(desk, HOSTILE)
    for instrument in ("phq9", "gad7", "cssrs"):
        form.open_screening(client_id, HOSTILE, instrument)
        assert unnamed_controls(form) == [], instrument
        assert rich_labels(form) == [], instrument
    assert form.client.text() == HOSTILE
    _answer_cssrs(form, {1: False, 2: True, 3: True, 4: True, 5: False, 6: False}, None)
    with qtbot.waitSignal(form.recorded, timeout=10_000):
        form.record()
    assert unnamed_controls(form) == [] and rich_labels(form) == []
    history = ScreeningHistory()
    qtbot.addWidget(history)
    assert unnamed_controls(history) == [] and rich_labels(history) == []
