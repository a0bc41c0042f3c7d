"""The diff of two program versions: empty for equal versions, exact for obvious edits."""

from __future__ import annotations

import copy
import itertools

from hypothesis import given
from hypothesis import strategies as st

from builder.domain.diff import LEVELS, program_diff

_ids = itertools.count()
labels = st.sampled_from(["", "A", "B", "Deload", "Heavy"])


def fresh_id() -> str:
    return f"00000000-0000-4000-8000-{next(_ids):012d}"


@st.composite
def trees(draw, depth: int = 0) -> list[dict]:
    below = LEVELS[depth][1]
    nodes = []
    for _ in range(draw(st.integers(0, 3))):
        node = {"id": fresh_id(), "label": draw(labels)}
        if below:
            node[below] = draw(trees(depth + 1))
        nodes.append(node)
    return nodes


@st.composite
def documents(draw) -> dict:
    return {
        "title": draw(st.sampled_from(["Block", "Peak"])),
        "description": "",
        "goal": "",
        "level": "",
        "tags": draw(st.lists(st.sampled_from(["legs", "push"]), unique=True)),
        "units": "kg",
        "notes": {},
        "status": "draft",
        "weeks": draw(trees()),
    }


def sibling_lists(weeks: list[dict]) -> list[tuple[str | None, int, list[dict]]]:
    """Every list of children in the tree: (parent id, depth of the children, the list)."""
    found = [(None, 0, weeks)]
    for _, depth, children in found:
        below = LEVELS[depth][1]
        if below:
            found += [(child["id"], depth + 1, child[below]) for child in children]
    return found


def flat(nodes: list[dict], depth: int) -> list[tuple[str, str]]:
    out = []
    for node in nodes:
        out.append((LEVELS[depth][0], node["id"]))
        below = LEVELS[depth][1]
        if below:
            out += flat(node[below], depth + 1)
    return out


@given(documents())
def test_a_version_compared_with_itself_has_no_changes(document):
    diff = program_diff(document, copy.deepcopy(document))

    assert not any(diff.values())


@given(documents(), st.data())
def test_an_added_node_is_the_only_change(document, data):
    parent_id, depth, _ = data.draw(st.sampled_from(sibling_lists(document["weeks"])))
    new = copy.deepcopy(document)
    children = next(c for p, d, c in sibling_lists(new["weeks"]) if (p, d) == (parent_id, depth))
    position = data.draw(st.integers(0, len(children)))
    node = {"id": fresh_id(), "label": "new"}
    if LEVELS[depth][1]:
        node[LEVELS[depth][1]] = []
    children.insert(position, node)

    diff = program_diff(document, new)

    level = LEVELS[depth][0]
    assert diff["added"] == [
        {"level": level, "id": node["id"], "parent_id": parent_id, "position": position}
    ]
    assert not diff["removed"] and not diff["moved"] and not diff["changed"]


@given(documents(), st.data())
def test_a_removed_node_takes_everything_below_it_and_nothing_else(document, data):
    candidates = [(p, d, c) for p, d, c in sibling_lists(document["weeks"]) if c]
    if not candidates:
        return
    parent_id, depth, children = data.draw(st.sampled_from(candidates))
    position = data.draw(st.integers(0, len(children) - 1))
    new = copy.deepcopy(document)
    same = next(c for p, d, c in sibling_lists(new["weeks"]) if (p, d) == (parent_id, depth))
    removed = same.pop(position)

    diff = program_diff(document, new)

    assert [(n["level"], n["id"]) for n in diff["removed"]] == flat([removed], depth)
    assert diff["removed"][0]["parent_id"] == parent_id
    assert not diff["added"] and not diff["moved"] and not diff["changed"]


@given(documents(), st.data())
def test_a_changed_field_is_reported_with_its_old_and_new_value(document, data):
    nodes = [(d, n) for _, d, c in sibling_lists(document["weeks"]) for n in c]
    if not nodes:
        return
    depth, node = data.draw(st.sampled_from(nodes))
    new = copy.deepcopy(document)
    target = next(n for _, _, c in sibling_lists(new["weeks"]) for n in c if n["id"] == node["id"])
    target["label"] = node["label"] + " (changed)"

    diff = program_diff(document, new)

    assert diff["changed"] == [
        {
            "level": LEVELS[depth][0],
            "id": node["id"],
            "fields": {"label": {"old": node["label"], "new": target["label"]}},
        }
    ]
    assert not diff["added"] and not diff["removed"] and not diff["moved"]


@given(documents(), st.data())
def test_a_node_moved_among_its_siblings_is_the_only_move(document, data):
    candidates = [(p, d, c) for p, d, c in sibling_lists(document["weeks"]) if len(c) > 1]
    if not candidates:
        return
    parent_id, depth, children = data.draw(st.sampled_from(candidates))
    source = data.draw(st.integers(0, len(children) - 1))
    target = data.draw(st.integers(0, len(children) - 1).filter(lambda t: t != source))
    new = copy.deepcopy(document)
    same = next(c for p, d, c in sibling_lists(new["weeks"]) if (p, d) == (parent_id, depth))
    moved = same.pop(source)
    same.insert(target, moved)

    diff = program_diff(document, new)

    assert len(diff["moved"]) == 1
    if abs(source - target) > 1:  # a swap of neighbours may be told either way round
        assert diff["moved"][0]["id"] == moved["id"]
        assert diff["moved"][0]["old"] == {"parent_id": parent_id, "position": source}
        assert diff["moved"][0]["new"] == {"parent_id": parent_id, "position": target}
    assert not diff["added"] and not diff["removed"] and not diff["changed"]


@given(documents(), st.data())
def test_a_node_moved_to_another_parent_is_moved_alone(document, data):
    lists = sibling_lists(document["weeks"])
    moves = [
        (a, b)
        for a, b in itertools.permutations(lists, 2)
        if a[1] == b[1] and a[2] and a[0] is not None
    ]
    if not moves:
        return
    (from_parent, depth, _), (to_parent, _, _) = data.draw(st.sampled_from(moves))
    new = copy.deepcopy(document)
    new_lists = {(p, d): c for p, d, c in sibling_lists(new["weeks"])}
    source, target = new_lists[(from_parent, depth)], new_lists[(to_parent, depth)]
    node = source.pop(data.draw(st.integers(0, len(source) - 1)))
    target.insert(data.draw(st.integers(0, len(target))), node)

    diff = program_diff(document, new)

    assert [m["id"] for m in diff["moved"]] == [node["id"]]
    assert diff["moved"][0]["new"]["parent_id"] == to_parent
    assert not diff["added"] and not diff["removed"] and not diff["changed"]


@given(documents())
def test_changed_details_are_reported_and_the_tree_is_not(document):
    new = {**copy.deepcopy(document), "title": document["title"] + "!", "tags": ["new"]}

    diff = program_diff(document, new)

    assert diff["details"]["title"] == {"old": document["title"], "new": new["title"]}
    if document["tags"] != ["new"]:
        assert diff["details"]["tags"] == {"old": document["tags"], "new": ["new"]}
    assert not diff["added"] and not diff["removed"] and not diff["moved"] and not diff["changed"]
