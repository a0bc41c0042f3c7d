"""Program snapshots that store the tree as one JSON text, so loading one stays cheap."""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Snapshot


class ProgramSnapshot(Snapshot):
    """A snapshot whose `weeks` is the program's structure as (compressed) JSON text.

    The library's transcoder calls a Python hook for every JSON object it decodes; a 3,000-entry
    tree holds tens of thousands of them. As one string, the tree is parsed by the C decoder
    and rebuilt without re-validation (it was valid when recorded).

    The program's text is personal data: it is kept under the key of the program's athlete, or
    else its owner (`subject_id`). Snapshots are a cache of the events: erasing anyone whose
    text a program holds deletes its snapshots, and loading replays the events instead.
    """

    subject_id: UUID | None

    personal_fields: ClassVar[tuple[str, ...]] = (
        "state.title",
        "state.description",
        "state.goal",
        "state.tags.*",
        "state.notes.*",
        "state.weeks",
    )

    @classmethod
    def take(cls, aggregate: Any) -> ProgramSnapshot:
        taken = Snapshot.take(aggregate)
        for name in aggregate.TRANSIENT:
            taken.state.pop(name, None)
        taken.state["weeks"] = pack_weeks(aggregate.structure())
        return cls(
            originator_id=taken.originator_id,
            originator_version=taken.originator_version,
            timestamp=taken.timestamp,
            topic=taken.topic,
            state=taken.state,
            subject_id=aggregate.owner_subject(),
        )

    def mutate(self, _: None) -> Any:
        program = super().mutate(None)
        program.weeks = type(program).weeks_from_structure(unpack_weeks(program.weeks))
        return program


# The tree is JSON compressed with zlib, then base64 text (the event store encrypts it as a
# personal text). A 52-week tree is 1.5 MB of very repetitive JSON: packed, some 150 kB to
# encrypt, encode and write instead of 2.7 MB. Snapshots taken before hold the JSON itself.
_PACKED = "zlib:"


def pack_weeks(structure: list[dict[str, Any]]) -> str:
    text = json.dumps(structure, separators=(",", ":")).encode("utf-8")
    return _PACKED + base64.b64encode(zlib.compress(text, 1)).decode("ascii")


def unpack_weeks(weeks: str) -> list[dict[str, Any]]:
    if weeks.startswith(_PACKED):
        return json.loads(zlib.decompress(base64.b64decode(weeks[len(_PACKED) :])))
    return json.loads(weeks)
