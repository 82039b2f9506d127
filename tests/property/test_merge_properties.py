"""Properties of the three-way merge over random edits (DESIGN.md sync properties 1 and 3).

Each test draws a base record and two independent edits of it (mine and theirs) made of the
edits people make: change, clear or remove a field, add a field, and for id-keyed lists add,
edit, delete and reorder items (ids drawn from a small pool, so both sides sometimes touch
the same item or add the same id). Runs are seeded and bounded so CI is deterministic.
"""

from __future__ import annotations

import copy
import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcm.domain.records import KindSpec
from fieldcm.sync.merge import (
    FieldConflict,
    MergeResult,
    json_equal,
    merge_changes,
    three_way_merge,
)

SPEC = KindSpec(
    "property_test",
    free_text=frozenset({"text"}),
    item_lists=frozenset({"items", "steps"}),
)
SCALAR_KEYS = ("a", "b", "text", "unknown_future_field")
LIST_KEYS = ("items", "steps")
ITEM_IDS = ("i1", "i2", "i3", "i4", "i5")

MERGE_SETTINGS = settings(max_examples=200, derandomize=True, deadline=None, database=None)
LONG_SETTINGS = settings(MERGE_SETTINGS, max_examples=5000)

json_scalars = st.none() | st.booleans() | st.integers(-3, 3) | st.floats(-2, 2, allow_nan=False)
json_values = st.recursive(
    json_scalars | st.text(alphabet="xyz", max_size=3),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from("pq"), children, max_size=2)
    ),
    max_leaves=5,
)
item_texts = st.sampled_from(["call aunt", "walk", "music", "pray", ""])


@st.composite
def items(draw: st.DrawFn) -> list[dict[str, Any]]:
    ids = draw(st.lists(st.sampled_from(ITEM_IDS), unique=True, max_size=4))
    return [{"id": item_id, "text": draw(item_texts)} for item_id in ids]


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key in SCALAR_KEYS:
        if draw(st.booleans()):
            record[key] = draw(json_values)
    for key in LIST_KEYS:
        if draw(st.booleans()):
            record[key] = draw(items())
    return record


@st.composite
def edits_of(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """An independent edit of ``base``, the way one device would make it."""
    edited = copy.deepcopy(base)
    for key in SCALAR_KEYS:
        action = draw(st.sampled_from(["keep", "keep", "set", "remove"]))
        if action == "set":
            edited[key] = draw(json_values)
        elif action == "remove":
            edited.pop(key, None)
    for key in LIST_KEYS:
        if draw(st.booleans()):
            edited[key] = draw(_edited_items(edited.get(key) or []))
    return edited


@st.composite
def _edited_items(draw: st.DrawFn, current: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for entry in current:
        action = draw(st.sampled_from(["keep", "keep", "edit", "delete"]))
        if action == "keep":
            result.append(entry)
        elif action == "edit":
            result.append({**entry, "text": draw(item_texts), "done": draw(st.booleans())})
    taken = {entry["id"] for entry in result} | {entry["id"] for entry in current}
    free_ids = [item_id for item_id in ITEM_IDS if item_id not in taken]
    for item_id in (
        draw(st.lists(st.sampled_from(free_ids), unique=True, max_size=2)) if free_ids else []
    ):
        result.append({"id": item_id, "text": draw(item_texts)})
    if draw(st.booleans()):
        result = draw(st.permutations(result))
    return result


@st.composite
def three_versions(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    base = draw(records())
    return base, draw(edits_of(base)), draw(edits_of(base))


# ---- helpers that read a result ---------------------------------------------------------


def without_nulls(fields: dict[str, Any]) -> dict[str, Any]:
    """A missing field and a null field both mean "no value"."""
    return {key: value for key, value in fields.items() if value is not None}


def by_id(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        return None
    indexed = {entry.get("id"): entry for entry in value}
    return indexed if len(indexed) == len(value) else None


def swapped(conflict: FieldConflict) -> FieldConflict:
    return FieldConflict(
        conflict.field, conflict.item_id, conflict.base, conflict.theirs, conflict.mine
    )


def conflict_keys(result: MergeResult) -> list[tuple[str, str | None]]:
    return [(c.field, c.item_id) for c in result.conflicts]


def kept_value_is_visible(
    result: MergeResult, field: str, item_id: str | None, written: Any, side: str
) -> bool:
    """``written`` (by ``side``) is the merged value or one side of a conflict on that spot."""
    for conflict in result.conflicts:
        if (conflict.field, conflict.item_id) == (field, item_id):
            return json_equal(getattr(conflict, side), written)
    merged = result.fields.get(field)
    if item_id is None:
        return json_equal(merged, written)
    merged_items = by_id(merged) or {}
    return json_equal(merged_items.get(item_id), written)


def every_write_survives(
    result: MergeResult, base: dict[str, Any], side_fields: dict[str, Any], side: str
) -> list[str]:
    """What ``side`` wrote that is neither in the result nor in a conflict (should be empty)."""
    lost: list[str] = []
    for field in sorted(set(base) | set(side_fields)):
        written = side_fields.get(field)
        if json_equal(written, base.get(field)):
            continue
        if kept_value_is_visible(result, field, None, written, side):
            continue
        base_items, side_items = by_id(base.get(field) or []), by_id(written or [])
        if field not in SPEC.item_lists or base_items is None or side_items is None:
            lost.append(field)
            continue
        for item_id in sorted(set(base_items) | set(side_items)):
            item = side_items.get(item_id)
            if not json_equal(item, base_items.get(item_id)) and not kept_value_is_visible(
                result, field, item_id, item, side
            ):
                lost.append(f"{field}[{item_id}]")
    return lost


# ---- properties -------------------------------------------------------------------------


@MERGE_SETTINGS
@given(three_versions())
def test_merge_is_deterministic_and_leaves_inputs_alone(
    versions: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    base, mine, theirs = versions
    before = copy.deepcopy(versions)

    first = three_way_merge(SPEC, base, mine, theirs)
    second = three_way_merge(SPEC, copy.deepcopy(base), copy.deepcopy(mine), copy.deepcopy(theirs))

    assert first == second
    assert (base, mine, theirs) == before


@MERGE_SETTINGS
@given(three_versions())
def test_swapping_sides_swaps_conflicts_and_keeps_the_same_fields(
    versions: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    base, mine, theirs = versions

    forward = three_way_merge(SPEC, base, mine, theirs)
    backward = three_way_merge(SPEC, base, theirs, mine)

    assert [swapped(c) for c in backward.conflicts] == list(forward.conflicts)
    conflicted = set(conflict_keys(forward))
    for field in sorted(set(forward.fields) | set(backward.fields)):
        if (field, None) in conflicted:
            continue
        ahead, behind = forward.fields.get(field), backward.fields.get(field)
        ahead_items, behind_items = by_id(ahead), by_id(behind)
        if field in SPEC.item_lists and ahead_items is not None and behind_items is not None:
            # Order follows "theirs", which the swap changes; the items kept must not.
            for item_id in set(ahead_items) | set(behind_items):
                if (field, item_id) not in conflicted:
                    assert json_equal(ahead_items.get(item_id), behind_items.get(item_id))
        else:
            assert json_equal(ahead, behind), field


@MERGE_SETTINGS
@given(three_versions())
def test_no_value_either_side_wrote_is_dropped(
    versions: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    base, mine, theirs = versions

    result = three_way_merge(SPEC, base, mine, theirs)

    assert every_write_survives(result, base, mine, "mine") == []
    assert every_write_survives(result, base, theirs, "theirs") == []


@MERGE_SETTINGS
@given(three_versions())
def test_no_change_on_one_side_returns_the_other(
    versions: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    base, mine, theirs = versions

    only_theirs = three_way_merge(SPEC, base, base, theirs)
    only_mine = three_way_merge(SPEC, base, mine, base)

    assert only_theirs.fields == theirs
    assert only_theirs.conflicts == ()
    assert only_theirs.changed == frozenset()
    assert without_nulls(only_mine.fields) == without_nulls(mine)
    assert only_mine.conflicts == ()


@MERGE_SETTINGS
@given(three_versions())
def test_changed_lists_exactly_the_fields_that_differ_from_theirs(
    versions: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    base, mine, theirs = versions

    result = three_way_merge(SPEC, base, mine, theirs)

    differing = {
        field
        for field in set(result.fields) | set(theirs)
        if not json_equal(result.fields.get(field), theirs.get(field))
    }
    assert result.changed == differing


@MERGE_SETTINGS
@given(three_versions())
def test_merge_changes_agrees_with_the_full_merge(
    versions: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    base, mine, theirs = versions
    changes = {
        field: (base.get(field), mine.get(field))
        for field in set(base) | set(mine)
        if not json_equal(base.get(field), mine.get(field))
    }

    from_mutation = merge_changes(SPEC, changes, theirs)
    full = three_way_merge(SPEC, base, mine, theirs)

    assert from_mutation.conflicts == full.conflicts
    assert without_nulls(from_mutation.fields) == without_nulls(full.fields)


@st.composite
def disjoint_item_edits(
    draw: st.DrawFn,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Mine and theirs each edit or delete their own items of one list and add distinct ones."""
    base_items = [{"id": item_id, "text": draw(item_texts)} for item_id in ("i1", "i2", "i3", "i4")]
    owners = draw(st.lists(st.sampled_from(["mine", "theirs", "nobody"]), min_size=4, max_size=4))
    sides: dict[str, list[dict[str, Any]]] = {"mine": [], "theirs": []}
    for entry, owner in zip(base_items, owners, strict=True):
        for side, side_items in sides.items():
            if side != owner:
                side_items.append(entry)
            elif draw(st.booleans()):
                side_items.append({**entry, "text": entry["text"] + f" ({side})"})
    if draw(st.booleans()):
        sides["mine"].append({"id": "m-new", "text": "new on mine"})
    if draw(st.booleans()):
        sides["theirs"].insert(0, {"id": "t-new", "text": "new on theirs"})
    other = draw(json_values)
    return (
        {"items": base_items, "a": other},
        {"items": sides["mine"], "a": other},
        {"items": sides["theirs"], "a": draw(json_values)},
    )


@MERGE_SETTINGS
@given(disjoint_item_edits())
def test_different_items_edited_concurrently_merge_without_conflict(
    versions: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    base, mine, theirs = versions

    result = three_way_merge(SPEC, base, mine, theirs)

    assert result.conflicts == ()
    merged = by_id(result.fields["items"])
    assert merged is not None
    base_items = by_id(base["items"]) or {}
    for side in (mine, theirs):
        side_items = by_id(side["items"]) or {}
        for item_id in set(base_items) | set(side_items):
            if not json_equal(side_items.get(item_id), base_items.get(item_id)):
                assert json_equal(merged.get(item_id), side_items.get(item_id)), item_id
    theirs_order = [entry["id"] for entry in theirs["items"] if entry["id"] in merged]
    assert [entry["id"] for entry in result.fields["items"]][: len(theirs_order)] == theirs_order


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("FIELDCM_STRESS"), reason="set FIELDCM_STRESS=1")
@LONG_SETTINGS
@given(three_versions())
def test_long_run_loses_nothing_and_is_symmetric(
    versions: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    base, mine, theirs = versions

    forward = three_way_merge(SPEC, base, mine, theirs)
    backward = three_way_merge(SPEC, base, theirs, mine)

    assert every_write_survives(forward, base, mine, "mine") == []
    assert every_write_survives(forward, base, theirs, "theirs") == []
    assert [swapped(c) for c in backward.conflicts] == list(forward.conflicts)
