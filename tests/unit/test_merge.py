"""Table tests for the three-way merge (DESIGN.md "Merge", sync properties 1, 3 and 13)."""

from __future__ import annotations

from typing import Any

import pytest

from fieldcm.domain.records import KindSpec, spec_for
from fieldcm.sync.merge import FieldConflict, json_equal, merge_changes, three_way_merge

CLIENT = spec_for("client")
NOTE = spec_for("note")
PLAN = spec_for("safety_plan")
GOAL = spec_for("goal")


def item(item_id: str, text: str, **extra: Any) -> dict[str, Any]:
    return {"id": item_id, "text": text, **extra}


# ---- scalar fields ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "expected", "conflicting"),
    [
        pytest.param({"a": 1}, {"a": 1}, {"a": 1}, {"a": 1}, set(), id="nothing changed"),
        pytest.param({"a": 1}, {"a": 2}, {"a": 1}, {"a": 2}, set(), id="only mine changed"),
        pytest.param({"a": 1}, {"a": 1}, {"a": 3}, {"a": 3}, set(), id="only theirs changed"),
        pytest.param({"a": 1}, {"a": 2}, {"a": 2}, {"a": 2}, set(), id="both changed equal"),
        pytest.param({"a": 1}, {"a": 2}, {"a": 3}, {"a": 3}, {"a"}, id="both changed diff"),
        pytest.param(
            {"a": 1, "b": 1},
            {"a": 2, "b": 1},
            {"a": 1, "b": 3},
            {"a": 2, "b": 3},
            set(),
            id="different fields merge",
        ),
        pytest.param({}, {"new": "x"}, {}, {"new": "x"}, set(), id="mine adds a field"),
        pytest.param({}, {"new": "x"}, {"new": "y"}, {"new": "y"}, {"new"}, id="both add"),
        pytest.param({"a": 1}, {}, {"a": 1}, {}, set(), id="mine removes a field"),
        pytest.param({"a": 1}, {"a": True}, {"a": 1}, {"a": True}, set(), id="1 is not True"),
        pytest.param({"a": 1}, {"a": 1.0}, {"a": 1}, {"a": 1.0}, set(), id="1 is not 1.0"),
        pytest.param(
            {"a": {"x": 1}},
            {"a": {"x": 1, "y": 2}},
            {"a": {"x": 2}},
            {"a": {"x": 2}},
            {"a"},
            id="nested dict is one value",
        ),
    ],
)
def test_scalar_fields_merge_field_by_field(
    base: dict[str, Any],
    mine: dict[str, Any],
    theirs: dict[str, Any],
    expected: dict[str, Any],
    conflicting: set[str],
) -> None:
    result = three_way_merge(CLIENT, base, mine, theirs)

    assert result.fields == expected
    assert {c.field for c in result.conflicts} == conflicting


def test_conflict_keeps_theirs_and_holds_all_three_values() -> None:
    result = three_way_merge(CLIENT, {"tier": "low"}, {"tier": "high"}, {"tier": "medium"})

    assert result.fields == {"tier": "medium"}
    assert result.conflicts == (FieldConflict("tier", None, "low", "high", "medium"),)
    assert result.changed == frozenset()
    assert result.merged is False


def test_missing_key_and_null_mean_no_value() -> None:
    result = three_way_merge(CLIENT, {"a": None}, {}, {"b": 1})

    assert result.conflicts == ()
    assert result.fields == {"b": 1}


def test_free_text_changed_on_both_sides_is_never_auto_merged() -> None:
    base = {"narrative": "Met client at shelter.\nDiscussed housing."}
    mine = {"narrative": "Met client at shelter.\nDiscussed housing.\nClient agreed to apply."}
    theirs = {"narrative": "Met client at the shelter.\nDiscussed housing."}

    result = three_way_merge(NOTE, base, mine, theirs)

    assert result.fields == theirs
    assert result.conflicts == (
        FieldConflict("narrative", None, base["narrative"], mine["narrative"], theirs["narrative"]),
    )


def test_unknown_fields_survive_an_edit_that_does_not_know_them() -> None:
    current = {"preferred_name": "Sam", "added_by_newer_server": {"x": [1, 2]}}

    result = merge_changes(CLIENT, {"preferred_name": ("Sam", "Sammy")}, current)

    assert result.fields == {"preferred_name": "Sammy", "added_by_newer_server": {"x": [1, 2]}}
    assert result.changed == frozenset({"preferred_name"})


def test_changed_names_fields_that_differ_from_theirs() -> None:
    result = three_way_merge(CLIENT, {"a": 1, "b": 1}, {"a": 2, "b": 1}, {"a": 1, "b": 5})

    assert result.changed == frozenset({"a"})
    assert result.merged is True


def test_merged_is_false_when_only_mine_contributed() -> None:
    result = three_way_merge(CLIENT, {"a": 1, "b": 1}, {"a": 2, "b": 1}, {"a": 1, "b": 1})

    assert result.merged is False
    assert result.changed == frozenset({"a"})


# ---- merge_changes ---------------------------------------------------------------------


def test_merge_changes_applies_onto_unchanged_current() -> None:
    result = merge_changes(CLIENT, {"risk_tier": ("low", "high")}, {"risk_tier": "low", "n": 1})

    assert result.fields == {"risk_tier": "high", "n": 1}
    assert result.conflicts == ()


def test_merge_changes_conflicts_when_current_moved_differently() -> None:
    result = merge_changes(CLIENT, {"risk_tier": ("low", "high")}, {"risk_tier": "medium"})

    assert result.fields == {"risk_tier": "medium"}
    assert result.conflicts == (FieldConflict("risk_tier", None, "low", "high", "medium"),)


def test_merge_changes_null_base_matches_a_missing_field() -> None:
    result = merge_changes(CLIENT, {"pronouns": (None, "they/them")}, {"legal_name": "A"})

    assert result.fields == {"legal_name": "A", "pronouns": "they/them"}
    assert result.conflicts == ()


def test_merge_changes_does_not_touch_its_inputs() -> None:
    current = {"warning_signs": [item("w1", "a")]}
    changes = {"warning_signs": ([item("w1", "a")], [item("w1", "a"), item("w2", "b")])}

    merge_changes(PLAN, changes, current)

    assert current == {"warning_signs": [item("w1", "a")]}
    assert changes["warning_signs"][1] == [item("w1", "a"), item("w2", "b")]


# ---- id-keyed lists --------------------------------------------------------------------


def test_items_added_on_both_sides_are_all_kept_theirs_first() -> None:
    base = {"warning_signs": [item("w1", "isolating")]}
    mine = {"warning_signs": [item("w1", "isolating"), item("m1", "not sleeping")]}
    theirs = {"warning_signs": [item("t1", "skipping meals"), item("w1", "isolating")]}

    result = three_way_merge(PLAN, base, mine, theirs)

    assert result.conflicts == ()
    assert result.fields["warning_signs"] == [
        item("t1", "skipping meals"),
        item("w1", "isolating"),
        item("m1", "not sleeping"),
    ]
    assert result.merged is True


def test_different_items_edited_concurrently_merge_without_conflict() -> None:
    base = {"coping_strategies": [item("a", "walk"), item("b", "music")]}
    mine = {"coping_strategies": [item("a", "walk the dog"), item("b", "music")]}
    theirs = {"coping_strategies": [item("a", "walk"), item("b", "loud music")]}

    result = three_way_merge(PLAN, base, mine, theirs)

    assert result.conflicts == ()
    assert result.fields["coping_strategies"] == [
        item("a", "walk the dog"),
        item("b", "loud music"),
    ]


def test_item_deleted_on_one_side_and_unchanged_on_the_other_is_deleted() -> None:
    base = {"help_contacts": [item("a", "Aunt"), item("b", "Coach")]}
    mine = {"help_contacts": [item("b", "Coach")]}
    theirs = {"help_contacts": [item("a", "Aunt"), item("b", "Coach"), item("c", "Pastor")]}

    result = three_way_merge(PLAN, base, mine, theirs)

    assert result.conflicts == ()
    assert result.fields["help_contacts"] == [item("b", "Coach"), item("c", "Pastor")]


def test_item_edited_on_one_side_and_deleted_on_the_other_is_a_conflict() -> None:
    base = {"help_contacts": [item("a", "Aunt")]}
    mine = {"help_contacts": [item("a", "Aunt Rosa, 555-0100")]}
    theirs: dict[str, Any] = {"help_contacts": []}

    result = three_way_merge(PLAN, base, mine, theirs)

    assert result.fields["help_contacts"] == []
    assert result.conflicts == (
        FieldConflict(
            "help_contacts", "a", item("a", "Aunt"), item("a", "Aunt Rosa, 555-0100"), None
        ),
    )


def test_item_deleted_by_mine_and_edited_by_theirs_keeps_theirs_edit() -> None:
    base = {"objectives": [item("o1", "apply")]}
    mine: dict[str, Any] = {"objectives": []}
    theirs = {"objectives": [item("o1", "apply by Friday")]}

    result = three_way_merge(GOAL, base, mine, theirs)

    assert result.fields["objectives"] == [item("o1", "apply by Friday")]
    assert result.conflicts == (
        FieldConflict("objectives", "o1", item("o1", "apply"), None, item("o1", "apply by Friday")),
    )


def test_same_item_changed_differently_is_a_conflict_naming_the_item() -> None:
    base = {"reasons_for_living": [item("r", "kids"), item("s", "dog")]}
    mine = {"reasons_for_living": [item("r", "my kids"), item("s", "dog")]}
    theirs = {"reasons_for_living": [item("r", "the kids"), item("s", "my dog")]}

    result = three_way_merge(PLAN, base, mine, theirs)

    assert result.fields["reasons_for_living"] == [item("r", "the kids"), item("s", "my dog")]
    assert [(c.field, c.item_id, c.mine, c.theirs) for c in result.conflicts] == [
        ("reasons_for_living", "r", item("r", "my kids"), item("r", "the kids"))
    ]


def test_same_item_added_on_both_sides_with_different_content_is_a_conflict() -> None:
    result = three_way_merge(
        PLAN, {}, {"warning_signs": [item("x", "a")]}, {"warning_signs": [item("x", "b")]}
    )

    assert result.fields == {"warning_signs": [item("x", "b")]}
    assert result.conflicts == (
        FieldConflict("warning_signs", "x", None, item("x", "a"), item("x", "b")),
    )


def test_reorder_on_one_side_only_is_kept() -> None:
    base = {"warning_signs": [item("a", "1"), item("b", "2")]}
    mine = {"warning_signs": [item("b", "2"), item("a", "1")]}

    result = three_way_merge(PLAN, base, mine, base)

    assert result.fields == mine


@pytest.mark.parametrize(
    "malformed",
    [
        pytest.param("not a list", id="string"),
        pytest.param([{"text": "no id"}], id="item without id"),
        pytest.param([item("a", "1"), item("a", "2")], id="duplicate ids"),
        pytest.param([{"id": 7, "text": "int id"}], id="non-string id"),
        pytest.param(["plain"], id="item not a dict"),
    ],
)
def test_list_not_keyed_by_unique_ids_falls_back_to_whole_field(malformed: Any) -> None:
    base = {"warning_signs": [item("a", "0")]}
    mine = {"warning_signs": malformed}
    theirs = {"warning_signs": [item("a", "0"), item("b", "theirs")]}

    result = three_way_merge(PLAN, base, mine, theirs)

    assert result.fields == theirs
    assert result.conflicts == (
        FieldConflict(
            "warning_signs", None, base["warning_signs"], malformed, theirs["warning_signs"]
        ),
    )


def test_list_field_not_declared_as_item_list_is_one_value() -> None:
    spec = KindSpec("custom")
    base = {"tags": [item("a", "0")]}
    mine = {"tags": [item("a", "0"), item("m", "1")]}
    theirs = {"tags": [item("a", "0"), item("t", "2")]}

    result = three_way_merge(spec, base, mine, theirs)

    assert [c.field for c in result.conflicts] == ["tags"]


def test_conflicts_come_in_field_name_order() -> None:
    base = {"b": 0, "a": 0, "c": 0}
    result = three_way_merge(CLIENT, base, {"b": 1, "a": 1, "c": 1}, {"c": 2, "b": 2, "a": 2})

    assert [c.field for c in result.conflicts] == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        (1, 1, True),
        (1, True, False),
        (1, 1.0, False),
        ([1, {"a": None}], [1, {"a": None}], True),
        ({"a": 1}, {"a": 1, "b": 2}, False),
        ([1, 2], (1, 2), True),
        ("ab", ["a", "b"], False),
        (None, None, True),
    ],
)
def test_json_equal(left: Any, right: Any, equal: bool) -> None:
    assert json_equal(left, right) is equal
