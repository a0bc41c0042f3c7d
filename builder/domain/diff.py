"""What changed between two versions of a program: details, and nodes added, removed, moved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The program fields a diff compares (ids, versions and timestamps always differ).
DETAILS = ("title", "description", "goal", "level", "tags", "units", "notes", "status")
# Each level of the tree and the key of its children.
LEVELS = (("week", "days"), ("day", "groups"), ("group", "entries"), ("entry", None))
_NOT_FIELDS = {"id", "position", "days", "groups", "entries"}


@dataclass(frozen=True)
class _Node:
    level: str
    id: str
    parent_id: str | None
    position: int
    fields: dict[str, Any]


def program_diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The changes from `old` to `new`, two program documents (details and `weeks` tree).

    A node is matched by its level and id. It is "moved" when its parent changed, or when it
    left the longest run of siblings that kept their order (so an insertion before a node does
    not move it). Removing a node removes everything below it; each removed node is listed.
    """
    before, after = _nodes(old["weeks"]), _nodes(new["weeks"])
    return {
        "details": {
            name: {"old": old[name], "new": new[name]}
            for name in DETAILS
            if old.get(name) != new.get(name)
        },
        "added": [_place(node) for key, node in after.items() if key not in before],
        "removed": [_place(node) for key, node in before.items() if key not in after],
        "moved": _moved(before, after),
        "changed": [
            {"level": node.level, "id": node.id, "fields": changes}
            for key, node in after.items()
            if key in before and (changes := _changes(before[key].fields, node.fields))
        ],
    }


def _nodes(weeks: list[dict[str, Any]]) -> dict[tuple[str, str], _Node]:
    """Every node of the tree by (level, id), top down in document order."""
    found: dict[tuple[str, str], _Node] = {}

    def walk(children: list[dict[str, Any]], depth: int, parent_id: str | None) -> None:
        level, below = LEVELS[depth]
        for position, child in enumerate(children):
            fields = {k: v for k, v in child.items() if k not in _NOT_FIELDS}
            found[(level, child["id"])] = _Node(level, child["id"], parent_id, position, fields)
            if below:
                walk(child[below], depth + 1, child["id"])

    walk(weeks, 0, None)
    return found


def _place(node: _Node) -> dict[str, Any]:
    return {
        "level": node.level,
        "id": node.id,
        "parent_id": node.parent_id,
        "position": node.position,
    }


def _changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {"old": old.get(name), "new": new.get(name)}
        for name in sorted(old.keys() | new.keys())
        if old.get(name) != new.get(name)
    }


def _moved(
    before: dict[tuple[str, str], _Node], after: dict[tuple[str, str], _Node]
) -> list[dict[str, Any]]:
    kept = [key for key in after if key in before]
    stayed = {key for key in kept if before[key].parent_id == after[key].parent_id}
    in_order = set()
    for siblings_before, siblings_after in _sibling_runs(before, after, stayed):
        in_order |= _longest_common_run(siblings_before, siblings_after)
    return [
        {
            "level": after[key].level,
            "id": after[key].id,
            "old": {"parent_id": before[key].parent_id, "position": before[key].position},
            "new": {"parent_id": after[key].parent_id, "position": after[key].position},
        }
        for key in kept
        if key not in stayed or key not in in_order
    ]


def _sibling_runs(
    before: dict[tuple[str, str], _Node],
    after: dict[tuple[str, str], _Node],
    stayed: set[tuple[str, str]],
) -> list[tuple[list[tuple[str, str]], list[tuple[str, str]]]]:
    """For each parent, its children that stayed under it: in the old order and the new."""
    parents: dict[tuple[str, str | None], tuple[list, list]] = {}
    for tree, side in ((before, 0), (after, 1)):
        for key, node in tree.items():
            if key in stayed:
                parents.setdefault((node.level, node.parent_id), ([], []))[side].append(key)
    return list(parents.values())


def _longest_common_run(a: list[Any], b: list[Any]) -> set[Any]:
    """The items of a longest common subsequence of `a` and `b`: those that kept their order."""
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            if a[i] == b[j]:
                lengths[i][j] = lengths[i + 1][j + 1] + 1
            else:
                lengths[i][j] = max(lengths[i + 1][j], lengths[i][j + 1])
    kept, i, j = set(), 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            kept.add(a[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept
