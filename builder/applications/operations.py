"""The operations log application: records maintenance (projection rebuilds) as events."""

from __future__ import annotations

from builder.applications.base import CommandApplication, Kind
from builder.domain import Actor, IdTakenError, StaleVersion, acting
from builder.domain.operations import OPERATIONS_ID, Operations

ATTEMPTS = 3
# The log is opened by the first operation recorded in it.
OPERATIONS = Kind(Operations, "operations")


class OperationsLog(CommandApplication):
    """Appends to the service's one operations stream (retrying if two operators race)."""

    name = "operations"
    kinds = (OPERATIONS,)

    def record_rebuild(self, *, actor: Actor, projection: str, position: int) -> None:
        for attempt in range(ATTEMPTS):
            with acting(actor):
                log = self._find(OPERATIONS_ID, OPERATIONS) or Operations.open()
                log.record_rebuild(projection=projection, position=position)
            try:
                self._save(log)
                return
            # Another operator appended (or opened the log) since this one read it.
            except (StaleVersion, IdTakenError):
                if attempt == ATTEMPTS - 1:
                    raise
