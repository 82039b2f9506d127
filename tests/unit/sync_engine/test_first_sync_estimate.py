"""The first sync's estimate: share done from client ids, time left smoothed, honest gaps."""

from __future__ import annotations

import uuid

from fieldcm.sync.estimate import SyncEstimate, backfill_position
from fieldcm.sync.progress import Phase, Progress
from fieldcm.sync.protocol import Change, ChangesPage, RecordPayload


def _page(client_ids: list[str], *, more: bool = True) -> ChangesPage:
    changes = [
        Change(
            type="upsert",
            record=RecordPayload(kind="client", id=cid, client_id=cid, rev=1, fields={}),
        )
        for cid in client_ids
    ]
    return ChangesPage(changes=changes, cursor="c", has_more=more)


def test_the_last_client_id_of_a_page_says_how_far_the_backfill_is() -> None:
    quarter = str(uuid.UUID(int=1 << 126))
    assert backfill_position(_page([str(uuid.UUID(int=5)), quarter])) == 0.25
    assert backfill_position(_page([quarter], more=False)) == 1.0
    assert backfill_position(ChangesPage(changes=[], cursor="c", has_more=True)) is None


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _report(records: int, pages: int) -> Progress:
    return Progress(Phase.PULLING, pages=pages, records=records, bytes_down=records * 500)


def test_nothing_is_claimed_before_enough_has_arrived() -> None:
    clock = Clock()
    estimate = SyncEstimate(clock)
    estimate.progress(_report(500, 1))
    estimate.position(0.1)
    shown = estimate.now()
    assert shown.seconds_left is None and shown.records_per_second is None
    assert shown.share == 0.1


def test_time_left_extrapolates_and_counts_down_between_reports() -> None:
    clock = Clock()
    estimate = SyncEstimate(clock)
    clock.now += 10
    estimate.position(0.25)
    estimate.progress(_report(2_500, 5))
    first = estimate.now()
    assert first.seconds_left == 30.0  # 10 s for a quarter: 30 s for the rest
    assert first.records_per_second == 250.0
    clock.now += 4
    assert estimate.now().seconds_left == 26.0
    # A new report moves the estimate only part of the way: no jumps.
    clock.now += 6  # 20 s for 40 %: the raw estimate jumps to 30 s, the count says 20 s
    estimate.position(0.4)
    smoothed = estimate.now().seconds_left
    assert smoothed is not None and 20.0 < smoothed < 30.0


def test_later_lower_positions_are_ignored_and_done_is_done() -> None:
    clock = Clock()
    estimate = SyncEstimate(clock)
    estimate.position(0.6)
    estimate.position(0.2)
    assert estimate.now().share == 0.6
    estimate.position(1.0)
    assert estimate.now().share == 1.0
