"""A value already written as JSON text, handed to the API's renderer to splice in as it is."""

from __future__ import annotations


class JSONText:
    """Valid JSON text standing for the value it encodes (a program's weeks: 1.5 MB on 52).

    A plain class, not a dataclass: orjson would encode a dataclass's fields itself.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"JSONText({self.text[:40]!r}...)"
