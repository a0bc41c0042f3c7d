"""Program snapshots that store the tree as one JSON text, so loading one stays cheap."""

from __future__ import annotations

import json
from typing import Any

from eventsourcing.domain import Snapshot


class ProgramSnapshot(Snapshot):
    """A snapshot whose `weeks` is the program's structure as JSON text.

    The library's transcoder calls a Python hook for every JSON object it decodes; a 3,000-entry
    tree holds tens of thousands of them. As one string, the tree is parsed by the C decoder
    and rebuilt without re-validation (it was valid when recorded).
    """

    @classmethod
    def take(cls, aggregate: Any) -> ProgramSnapshot:
        snapshot = super().take(aggregate)
        snapshot.state["weeks"] = json.dumps(aggregate.structure(), separators=(",", ":"))
        return snapshot

    def mutate(self, _: None) -> Any:
        program = super().mutate(None)
        program.weeks = type(program).weeks_from_structure(json.loads(program.weeks))
        return program
