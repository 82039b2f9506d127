"""Recording screens with their escalation, and the closing gate, on a real SQLCipher store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from fieldcm.domain import cssrs
from fieldcm.domain.alerts import AlertType
from fieldcm.domain.errors import InvalidAnswersError
from fieldcm.domain.escalation import EncounterNotReadyError
from fieldcm.domain.notes import NoteFormat
from fieldcm.domain.records import new_id
from fieldcm.domain.safety_plan import STEPS, add_item, empty_plan, mark_reviewed, plan_fields
from fieldcm.services import notes, screenings
from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import dispose_engine, open_engine
from fieldcm.store.migrations import upgrade
from fieldcm.store.repo_base import RecordNotFound
from fieldcm.store.uow import UnitOfWork

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
WORKER = "11111111-1111-4111-8111-111111111111"
Y, N = True, False
HIGH = cssrs.Answers.of({1: Y, 2: Y, 3: Y, 4: Y, 5: N, 6: N})
LOW = cssrs.Answers.of({1: Y, 2: N, 6: N})
PHQ9_ITEM9 = [1, 1, 1, 1, 0, 0, 0, 0, 2]


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = open_engine(tmp_path / "store.db", DataKey.generate(), create=True)
    upgrade(eng)
    yield eng
    dispose_engine(eng)


@pytest.fixture
def client_id(engine: Engine) -> str:
    cid = new_id()
    with UnitOfWork(engine) as uow:
        uow.records.create("client", cid, {"preferred_name": "Demo Client 0007"})
        uow.commit()
    return cid


def _phq9(uow: UnitOfWork, client_id: str, answers: list[int], at: datetime = NOW, **kw):  # type: ignore[no-untyped-def]
    return screenings.record_screen(
        uow, client_id=client_id, instrument="phq9", answers=answers, administered_by=WORKER,
        at=at, review_days=90, **kw,
    )  # fmt: skip


def _cssrs(uow: UnitOfWork, client_id: str, answers: cssrs.Answers, at: datetime = NOW, **kw):  # type: ignore[no-untyped-def]
    return screenings.record_cssrs(
        uow, client_id=client_id, answers=answers, administered_by=WORKER, at=at,
        review_days=90, **kw,
    )  # fmt: skip


def _plan(uow: UnitOfWork, client_id: str, reviewed: datetime | None) -> str:
    plan = empty_plan()
    for step in STEPS:
        plan = add_item(plan, step, f"synthetic {step.value}")
    if reviewed is not None:
        plan = mark_reviewed(plan, at=reviewed, by=WORKER)
    return uow.records.create("safety_plan", client_id, plan_fields(plan)).id


def _note(uow: UnitOfWork, client_id: str) -> str:
    return notes.start_note(
        uow, client_id=client_id, author_id=WORKER, note_format=NoteFormat.DAP
    ).id


def _outbox_kinds(uow: UnitOfWork) -> list[str]:
    return sorted(entry.kind for entry in uow.outbox.pending(100))


def test_a_negative_screen_is_one_assessment_and_no_alert(engine: Engine, client_id: str) -> None:
    with UnitOfWork(engine) as uow:
        done = _phq9(uow, client_id, [0, 1, 0, 1, 0, 0, 0, 0, 0])
        uow.commit()
    screen = done.assessment.screen
    assert screen is not None and (screen.total, screen.severity) == (2, "minimal")
    assert done.alerts == () and not done.requires_cssrs
    with UnitOfWork(engine, read_only=True) as uow:
        assert _outbox_kinds(uow) == ["assessment", "client"]


def test_item9_above_zero_writes_the_cssrs_alert_in_the_same_unit_of_work(
    engine: Engine, client_id: str
) -> None:
    with UnitOfWork(engine) as uow:
        done = _phq9(uow, client_id, PHQ9_ITEM9)
        uow.rollback()  # nothing is kept without commit: the screen and its alert go together
    with UnitOfWork(engine, read_only=True) as uow:
        assert uow.records.for_client(client_id, kinds=("assessment", "alert")) == []
    with UnitOfWork(engine) as uow:
        done = _phq9(uow, client_id, PHQ9_ITEM9)
        uow.commit()
    assert done.requires_cssrs
    [alert] = done.alerts
    assert alert.fields["type"] == AlertType.CSSRS_REQUIRED.value
    assert alert.fields["source_id"] == done.record.id
    with UnitOfWork(engine, read_only=True) as uow:
        assert _outbox_kinds(uow) == ["alert", "assessment", "client"]


def test_a_high_cssrs_notifies_the_supervisor_and_reports_no_plan(
    engine: Engine, client_id: str
) -> None:
    with UnitOfWork(engine) as uow:
        done = _cssrs(uow, client_id, HIGH)
        uow.commit()
    assert done.high_risk and done.supervisor_notified
    types = sorted(a.fields["type"] for a in done.alerts)
    assert types == ["safety_flag", "safety_plan_review", "supervisor_notification"]
    [to_supervisor] = [a for a in done.alerts if a.fields["notify"] == "supervisor"]
    assert to_supervisor.client_id == client_id
    assert done.safety_plan == screenings.NO_PLAN
    with UnitOfWork(engine, read_only=True) as uow:
        queued = {e.record_id for e in uow.outbox.pending(100)}
    assert to_supervisor.id in queued  # it syncs like any record of the client


def test_a_high_cssrs_reports_an_existing_plan_as_not_current_until_reviewed_after_it(
    engine: Engine, client_id: str
) -> None:
    with UnitOfWork(engine) as uow:
        plan_id = _plan(uow, client_id, reviewed=NOW - timedelta(days=3))
        done = _cssrs(uow, client_id, HIGH)
        uow.commit()
    status = done.safety_plan
    assert (status.exists, status.current, status.plan_id) == (True, False, plan_id)
    assert status.reviewed_at == NOW - timedelta(days=3) and status.missing == ()


def test_a_low_cssrs_flags_without_notifying_a_supervisor(engine: Engine, client_id: str) -> None:
    with UnitOfWork(engine) as uow:
        done = _cssrs(uow, client_id, LOW)
        uow.commit()
    assert not done.high_risk and not done.supervisor_notified
    assert sorted(a.fields["type"] for a in done.alerts) == ["safety_flag", "safety_plan_review"]


@pytest.mark.parametrize(
    "answers", [cssrs.Answers.of({1: N, 2: N}), cssrs.Answers.of({1: N, 2: N, 3: Y, 6: N})]
)
def test_incomplete_or_skipped_cssrs_answers_write_nothing(
    engine: Engine, client_id: str, answers: cssrs.Answers
) -> None:
    with UnitOfWork(engine) as uow, pytest.raises(InvalidAnswersError):
        _cssrs(uow, client_id, answers)
    with UnitOfWork(engine, read_only=True) as uow:
        assert uow.records.for_client(client_id, kinds=("assessment", "alert")) == []


def test_a_note_cannot_close_after_item9_until_the_cssrs_is_done(
    engine: Engine, client_id: str
) -> None:
    with UnitOfWork(engine) as uow:
        note_id = _note(uow, client_id)
        _phq9(uow, client_id, PHQ9_ITEM9, encounter_id=note_id)
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        problems = screenings.note_closure_problems(uow, note_id, now=NOW, review_days=90)
        assert [p.code for p in problems] == ["cssrs_required"]
        with pytest.raises(EncounterNotReadyError, match="C-SSRS"):
            screenings.ensure_note_can_close(uow, note_id, now=NOW, review_days=90)
    with UnitOfWork(engine) as uow:
        _cssrs(uow, client_id, LOW, at=NOW + timedelta(minutes=5), encounter_id=note_id)
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        screenings.ensure_note_can_close(uow, note_id, now=NOW, review_days=90)


def test_an_unlinked_screen_counts_for_a_day_and_a_linked_one_only_for_its_note(
    engine: Engine, client_id: str
) -> None:
    with UnitOfWork(engine) as uow:
        note_id, other_note = _note(uow, client_id), _note(uow, client_id)
        _phq9(uow, client_id, PHQ9_ITEM9)  # from the client record, no note yet
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        soon = screenings.note_closure_problems(uow, note_id, now=NOW, review_days=90)
        later = screenings.note_closure_problems(
            uow, note_id, now=NOW + timedelta(hours=25), review_days=90
        )
    assert [p.code for p in soon] == ["cssrs_required"] and later == ()
    with UnitOfWork(engine) as uow:
        third = _note(uow, client_id)
        _phq9(uow, client_id, PHQ9_ITEM9, at=NOW + timedelta(days=3), encounter_id=third)
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        now = NOW + timedelta(days=3)
        assert screenings.note_closure_problems(uow, other_note, now=now, review_days=90) == ()
        assert screenings.note_closure_problems(uow, third, now=now, review_days=90)


def test_a_high_cssrs_blocks_until_the_plan_is_reviewed_after_it(
    engine: Engine, client_id: str
) -> None:
    with UnitOfWork(engine) as uow:
        note_id = _note(uow, client_id)
        plan_id = _plan(uow, client_id, reviewed=NOW - timedelta(days=1))
        _cssrs(uow, client_id, HIGH, encounter_id=note_id)
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        problems = screenings.note_closure_problems(uow, note_id, now=NOW, review_days=90)
    assert [p.code for p in problems] == ["current_safety_plan_required"]
    with UnitOfWork(engine) as uow:
        uow.records.update(plan_id, {"reviewed_at": "2026-03-10T15:20:00Z", "reviewed_by": WORKER})
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        later = NOW + timedelta(minutes=30)
        assert screenings.note_closure_problems(uow, note_id, now=later, review_days=90) == ()


def test_a_high_screen_without_its_supervisor_alert_blocks(engine: Engine, client_id: str) -> None:
    """A screen synced in from an app that raised no alert: the gate still asks for it."""
    from fieldcm.domain.assessments import cssrs_fields

    with UnitOfWork(engine) as uow:
        note_id = _note(uow, client_id)
        uow.records.create(
            "assessment", client_id, cssrs_fields(HIGH, administered_at=NOW, encounter_id=note_id)
        )
        _plan(uow, client_id, reviewed=NOW + timedelta(minutes=10))
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        problems = screenings.note_closure_problems(
            uow, note_id, now=NOW + timedelta(minutes=20), review_days=90
        )
    assert [p.code for p in problems] == ["supervisor_notification_required"]


def test_closing_an_unknown_note_is_refused(engine: Engine) -> None:
    with UnitOfWork(engine, read_only=True) as uow, pytest.raises(RecordNotFound):
        screenings.note_closure_problems(uow, new_id(), now=NOW, review_days=90)


def test_history_is_oldest_first_with_scores_bands_and_risk(engine: Engine, client_id: str) -> None:
    with UnitOfWork(engine) as uow:
        _phq9(uow, client_id, [3, 3, 3, 3, 2, 1, 1, 0, 0], at=NOW - timedelta(days=30))
        screenings.record_screen(
            uow, client_id=client_id, instrument="gad7", answers=[1, 1, 1, 1, 1, 1, 0],
            administered_by=WORKER, at=NOW - timedelta(days=10), review_days=90,
        )  # fmt: skip
        _cssrs(uow, client_id, LOW, at=NOW)
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        history = screenings.score_history(uow, client_id)
    assert [(p.instrument, p.total, p.severity) for p in history] == [
        ("phq9", 16, "moderately_severe"),
        ("gad7", 6, "mild"),
        ("cssrs", None, "low"),
    ]
