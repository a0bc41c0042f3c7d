"""The service's log of the maintenance operators run, such as projection rebuilds.

One stream for the whole service; its events name projections and positions, never people
(the actor is the operator who ran the command, or OPERATOR when none was named).
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from builder.domain.audit import AuditedAggregate

OPERATIONS_ID = UUID("0c5e4a4e-51b1-4f4e-8d6a-3f8b1f7a9c21")
# The actor of maintenance run from a shell without naming a person.
OPERATOR = UUID("6f0b7d0e-2c1a-4d8e-9b5f-1a2b3c4d5e6f")


class Operations(AuditedAggregate):
    """Every projection rebuild the service went through: which, and up to which position."""

    def __init__(self) -> None:
        self.rebuilds = 0

    @classmethod
    def open(cls) -> Operations:
        return cls._create(cls.Opened, id=OPERATIONS_ID)

    class Opened(AuditedAggregate.Created):
        """The log's first event."""

    def record_rebuild(self, *, projection: str, position: int) -> None:
        self._projection_rebuilt(projection=projection, position=position)

    @event("ProjectionRebuilt")
    def _projection_rebuilt(self, projection: str, position: int) -> None:
        self.rebuilds += 1
