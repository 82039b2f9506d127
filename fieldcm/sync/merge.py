"""Three-way, field-by-field merge of record fields: one pure function for client and server.

Rules (DESIGN.md "Sync protocol", property 3):

* Fields are compared one by one against the common base. A field only one side changed is
  taken from that side; a field both sides changed to the same value is simply that value.
* A field both sides changed differently is a conflict. The merged fields keep *theirs*
  (the server's current value) and the :class:`FieldConflict` holds base, mine and theirs so
  a person can decide; nothing is ever thrown away. Free text is never auto-merged: prose is
  compared whole, never diffed line by line.
* Fields named in ``spec.item_lists`` hold lists of ``{"id": ..., ...}`` items and merge item
  by item: items added on either side are kept; an item deleted on one side and unchanged on
  the other is deleted; an item deleted on one side and edited on the other, or edited
  differently on both sides, is a conflict naming the item (``item_id``). Order: the result
  keeps theirs' order and appends mine's new items in mine's order. A list that is not a list
  of uniquely identified dicts on some side falls back to whole-field comparison.
* Keys neither side touched survive unchanged, including keys this version does not know
  (property 13).

A missing key and a ``null`` value mean the same thing ("no value"), as in JSON Merge Patch;
the wire format (``FieldChange``) cannot tell them apart either. Values are compared as JSON:
``True`` and ``1`` differ, ``1`` and ``1.0`` differ.

The module imports only the standard library and ``fieldcm.domain.records`` and is
deterministic: the same inputs always give the same result, conflicts in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fieldcm.domain.records import KindSpec

ITEM_ID_KEY = "id"


@dataclass(frozen=True)
class FieldConflict:
    """One field (or one item of an id-keyed list) that both sides changed differently.

    ``None`` stands for "no value": a missing field, or a list item that side deleted.
    """

    field: str
    item_id: str | None
    base: Any
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class MergeResult:
    """The outcome of a merge.

    Attributes:
        fields: the merged fields; where a conflict exists the field or item keeps theirs.
        conflicts: every field or item both sides changed differently, ordered by field name
            then item id, so swapping the sides gives the same order.
        changed: fields whose value differs from theirs after the merge (what mine added).
        merged: both sides contributed different fields or items (answer "merged" rather
            than "applied"). :func:`merge_changes` only sees the fields a mutation names, so
            the server should also answer "merged" when the record moved past the base rev.
    """

    fields: dict[str, Any]
    conflicts: tuple[FieldConflict, ...]
    changed: frozenset[str]
    merged: bool


def merge_changes(
    spec: KindSpec,
    changes: Mapping[str, tuple[Any, Any]],
    current: Mapping[str, Any],
) -> MergeResult:
    """Apply a mutation's changed fields ``{field: (base, new)}`` onto the server's current fields.

    Fields the mutation does not name are, for the mutation, unchanged since its base, so
    they keep the server's current value.
    """
    base = dict(current)
    mine = dict(current)
    for name, (base_value, new_value) in changes.items():
        base[name] = base_value
        mine[name] = new_value
    return three_way_merge(spec, base, mine, current)


def three_way_merge(
    spec: KindSpec,
    base: Mapping[str, Any],
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
) -> MergeResult:
    """Full three-way merge of whole field maps.

    Used by the client when a pulled record (theirs) meets local pending edits (mine) made
    against an older server version (base).
    """
    merged_fields = dict(theirs)
    conflicts: list[FieldConflict] = []
    mine_contributed = False
    theirs_contributed = False

    for name in _sorted_keys(base, mine, theirs):
        outcome = _merge_field(spec, name, base.get(name), mine.get(name), theirs.get(name))
        conflicts.extend(outcome.conflicts)
        mine_contributed |= outcome.mine_contributed
        theirs_contributed |= outcome.theirs_contributed
        if outcome.take_mine_whole:
            _set_or_remove(merged_fields, name, mine)
        elif outcome.value is not _KEEP_THEIRS:
            merged_fields[name] = outcome.value

    changed = frozenset(
        name
        for name in _sorted_keys(merged_fields, theirs)
        if not json_equal(merged_fields.get(name), theirs.get(name))
    )
    return MergeResult(
        fields=merged_fields,
        conflicts=tuple(conflicts),
        changed=changed,
        merged=mine_contributed and theirs_contributed,
    )


# ---- one field -------------------------------------------------------------------------


_KEEP_THEIRS: Any = object()
"""Marker: the merged field is theirs' value, untouched."""


@dataclass
class _FieldOutcome:
    value: Any = _KEEP_THEIRS
    take_mine_whole: bool = False
    conflicts: list[FieldConflict] = field(default_factory=list)
    mine_contributed: bool = False
    theirs_contributed: bool = False


def _merge_field(spec: KindSpec, name: str, base: Any, mine: Any, theirs: Any) -> _FieldOutcome:
    mine_changed = not json_equal(mine, base)
    theirs_changed = not json_equal(theirs, base)
    if not mine_changed:
        return _FieldOutcome(theirs_contributed=theirs_changed)
    if not theirs_changed:
        return _FieldOutcome(take_mine_whole=True, mine_contributed=True)
    if json_equal(mine, theirs):
        return _FieldOutcome()
    if name in spec.item_lists:
        lists = _item_lists(base, mine, theirs)
        if lists is not None:
            return _merge_item_list(name, *lists)
    return _FieldOutcome(conflicts=[FieldConflict(name, None, base, mine, theirs)])


def _set_or_remove(target: dict[str, Any], name: str, source: Mapping[str, Any]) -> None:
    """Copy ``source[name]`` into ``target``, keeping "no value" as the source spelled it."""
    if name in source:
        target[name] = source[name]
    else:
        target.pop(name, None)


# ---- id-keyed lists --------------------------------------------------------------------


_NO_ITEM: Any = object()
"""Marker: the item does not exist on that side (never added, or deleted)."""

_ItemsById = dict[str, dict[str, Any]]


def _item_lists(
    base: Any, mine: Any, theirs: Any
) -> tuple[_ItemsById, _ItemsById, _ItemsById] | None:
    """Index the three lists by item id, or ``None`` when one is not mergeable item by item."""
    indexed = [_index_items(value) for value in (base, mine, theirs)]
    if indexed[0] is None or indexed[1] is None or indexed[2] is None:
        return None
    return indexed[0], indexed[1], indexed[2]


def _index_items(value: Any) -> _ItemsById | None:
    if value is None:
        return {}
    if not isinstance(value, list):
        return None
    by_id: _ItemsById = {}
    for item in value:
        if not isinstance(item, dict):
            return None
        item_id = item.get(ITEM_ID_KEY)
        if not isinstance(item_id, str) or item_id in by_id:
            return None
        by_id[item_id] = item
    return by_id


def _merge_item_list(
    name: str, base: _ItemsById, mine: _ItemsById, theirs: _ItemsById
) -> _FieldOutcome:
    outcome = _FieldOutcome()
    kept: dict[str, dict[str, Any]] = {}
    for item_id in sorted(base.keys() | mine.keys() | theirs.keys()):
        b = base.get(item_id, _NO_ITEM)
        m = mine.get(item_id, _NO_ITEM)
        t = theirs.get(item_id, _NO_ITEM)
        mine_changed = not _items_equal(m, b)
        theirs_changed = not _items_equal(t, b)
        chosen = t
        if mine_changed and not theirs_changed:
            chosen = m
            outcome.mine_contributed = True
        elif theirs_changed and not mine_changed:
            outcome.theirs_contributed = True
        elif mine_changed and not _items_equal(m, t):
            outcome.conflicts.append(
                FieldConflict(name, item_id, _or_none(b), _or_none(m), _or_none(t))
            )
        if chosen is not _NO_ITEM:
            kept[item_id] = chosen
    outcome.value = _in_result_order(kept, theirs, mine)
    return outcome


def _in_result_order(
    kept: _ItemsById, theirs: _ItemsById, mine: _ItemsById
) -> list[dict[str, Any]]:
    """Theirs' order first, then mine's new items in mine's order."""
    ordered = [kept[item_id] for item_id in theirs if item_id in kept]
    ordered += [kept[item_id] for item_id in mine if item_id in kept and item_id not in theirs]
    return ordered


def _items_equal(left: Any, right: Any) -> bool:
    if left is _NO_ITEM or right is _NO_ITEM:
        return left is right
    return json_equal(left, right)


def _or_none(item: Any) -> Any:
    return None if item is _NO_ITEM else item


# ---- comparing JSON values -------------------------------------------------------------


def with_item_decided(current: Any, item_id: str, chosen: Any) -> list[Any]:
    """The list ``current`` with item ``item_id`` replaced by ``chosen`` (a conflict's decision).

    ``None`` removes the item; an item no longer in the list is appended. Client and server
    both apply a decision with this, so a laptop shows offline what the server will write.
    """
    items = list(current) if isinstance(current, list) else []
    position = next(
        (
            i
            for i, item in enumerate(items)
            if isinstance(item, Mapping) and item.get(ITEM_ID_KEY) == item_id
        ),
        None,
    )
    if position is None:
        if chosen is not None:
            items.append(chosen)
    elif chosen is None:
        del items[position]
    else:
        items[position] = chosen
    return items


def json_equal(left: Any, right: Any) -> bool:
    """Equality as JSON sees it: ``True`` is not ``1``, and ``1`` is not ``1.0``."""
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        return left.keys() == right.keys() and all(json_equal(left[k], right[k]) for k in left)
    if _is_sequence(left) and _is_sequence(right):
        return len(left) == len(right) and all(
            json_equal(a, b) for a, b in zip(left, right, strict=True)
        )
    return type(left) is type(right) and bool(left == right)


def _is_sequence(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def _sorted_keys(*maps: Mapping[str, Any]) -> Iterable[str]:
    keys: set[str] = set()
    for mapping in maps:
        keys.update(mapping)
    return sorted(keys)
