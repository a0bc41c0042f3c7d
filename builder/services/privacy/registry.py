"""The registry of contexts that add to a person's export and take part in their erasure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from builder.domain import Actor


@dataclass(frozen=True)
class Contribution:
    """What one context adds to a person's export, and how it erases their data."""

    name: str
    export: Callable[[UUID], Any]
    erase: Callable[[UUID, Actor], None]


_contributions: dict[str, Contribution] = {}


def register(
    name: str, *, export: Callable[[UUID], Any], erase: Callable[[UUID, Actor], None]
) -> None:
    """Add a context's export section `name` and its erasure step (registering again replaces)."""
    _contributions[name] = Contribution(name, export, erase)


def unregister(name: str) -> None:
    _contributions.pop(name, None)


def contributions() -> list[Contribution]:
    return list(_contributions.values())
