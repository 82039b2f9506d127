"""Convergence without clocks (property 2): skewed or identical device clocks end the same.

The same scenario (merging edits, a same-field conflict, a delete against an edit, a
safety-plan item added on each side) runs with the two laptops' clocks equal to the second,
a day apart one way, and a day apart the other way. The final states, compared by content
(ids are random per run; times are the devices' own), must be identical.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from .laptops import Laptop, Office, assert_matches_server, item, plan_fields

DAY = timedelta(days=1)


class Frozen:
    """Both laptops read exactly this instant."""

    def __init__(self, at: datetime) -> None:
        self.at = at
        self.skew = timedelta(0)

    def __call__(self) -> datetime:
        return self.at + self.skew


def _scenario(office: Office, clocks: tuple[Any, Any]) -> tuple[Any, ...]:
    worker = office.person()
    one, two = office.laptop(worker, clock=clocks[0]), office.laptop(worker, clock=clocks[1])
    client = one.new_client("Skew Client")
    shared = one.new_note(client, "Shared note")
    doomed = one.new_note(client, "Doomed note")
    plan = one.create("safety_plan", client, plan_fields(coping_strategies=[item("Walk")])).id
    assert one.sync().ok and two.sync().ok

    one.update(shared, {"narrative": "Wording from one"})
    two.update(shared, {"narrative": "Wording from two"})
    one.update(shared, {"service_end": "2026-01-05T10:00:00Z"})
    two.update(client, {"program": "Housing First"})
    one.delete(doomed)
    two.update(doomed, {"narrative": "Late edit"})
    for laptop, text in ((one, "Music"), (two, "Call a friend")):
        current = laptop.get(plan).fields["coping_strategies"]  # type: ignore[union-attr]
        laptop.update(plan, {"coping_strategies": [*current, item(text)]})
    for laptop in (two, one, two, one):
        assert laptop.sync().ok
    for laptop in (one, two):
        assert_matches_server(laptop)
    return _canonical(one), _canonical(two)


def _canonical(laptop: Laptop) -> tuple[Any, ...]:
    records = sorted(
        (
            r.kind,
            r.rev,
            r.deleted,
            _strip(r.fields),
        )
        for r in laptop.records().values()
    )
    conflicts = sorted(
        (c.kind, c.field, repr(_strip(c.mine)), repr(_strip(c.theirs)), c.status)
        for c in laptop.conflicts(status=None)
    )
    return repr(records), repr(conflicts)


def _strip(value: Any) -> Any:
    """Drop what is random per run (item ids), keep everything a person wrote."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in sorted(value.items()) if k != "id"}
    if isinstance(value, list):
        return sorted((_strip(v) for v in value), key=repr)
    return value


def test_skewed_and_identical_clocks_end_identically(office: Office) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    same = Frozen(now)
    results = [
        _scenario(office, (same, same)),
        _scenario(office, (Frozen(now - DAY), Frozen(now + DAY))),
        _scenario(office, (Frozen(now + DAY), Frozen(now - DAY))),
    ]
    for one, two in results:
        assert one == two
    conflicts = results[0][0][1]
    assert "'narrative'" in conflicts and "'_deleted'" in conflicts  # the scenario has teeth
    assert "Call a friend" in results[0][0][0] and "Music" in results[0][0][0]
    assert results[0] == results[1] == results[2]
