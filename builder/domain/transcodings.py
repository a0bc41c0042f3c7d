"""JSON transcodings for the domain's own types, so snapshots of a Program can be stored."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Transcoding

from builder.domain.prescription import Prescription
from builder.domain.tree import Day, Entry, Group, Week

# Events never need these: they store plain dicts. Snapshots do, because they transcode the
# aggregate's __dict__, which holds Week, Day, Group, Entry and Prescription objects.
# Nested objects are left as objects here; the transcoder encodes them with their own
# transcoding (and UUIDs with UUIDAsHex), and decodes inner objects before outer ones.


class PrescriptionAsDict(Transcoding):
    type = Prescription
    name = "builder_prescription"

    def encode(self, obj: Prescription) -> dict[str, Any]:
        return obj.to_dict()

    def decode(self, data: dict[str, Any]) -> Prescription:
        return Prescription.restore(data)


class EntryAsDict(Transcoding):
    type = Entry
    name = "builder_entry"

    def encode(self, obj: Entry) -> dict[str, Any]:
        return dict(vars(obj))

    def decode(self, data: dict[str, Any]) -> Entry:
        return Entry(**data)


class GroupAsDict(Transcoding):
    type = Group
    name = "builder_group"

    def encode(self, obj: Group) -> dict[str, Any]:
        return dict(vars(obj))

    def decode(self, data: dict[str, Any]) -> Group:
        return Group(**data)


class DayAsDict(Transcoding):
    type = Day
    name = "builder_day"

    def encode(self, obj: Day) -> dict[str, Any]:
        return dict(vars(obj))

    def decode(self, data: dict[str, Any]) -> Day:
        return Day(**data)


class WeekAsDict(Transcoding):
    type = Week
    name = "builder_week"

    def encode(self, obj: Week) -> dict[str, Any]:
        return dict(vars(obj))

    def decode(self, data: dict[str, Any]) -> Week:
        return Week(**data)


def transcodings() -> list[Transcoding]:
    """One instance of each domain transcoding, to register with the JSONTranscoder."""
    return [PrescriptionAsDict(), EntryAsDict(), GroupAsDict(), DayAsDict(), WeekAsDict()]
