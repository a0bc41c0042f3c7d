"""The operations log application: records maintenance (projection rebuilds) as events."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import RecordConflictError

from builder.domain import Actor, acting
from builder.domain.operations import OPERATIONS_ID, Operations

ATTEMPTS = 3


class OperationsLog(Application[UUID]):
    """Appends to the service's one operations stream (retrying if two operators race)."""

    name = "operations"

    def record_rebuild(self, *, actor: Actor, projection: str, position: int) -> None:
        for attempt in range(ATTEMPTS):
            with acting(actor):
                log = self._log()
                log.record_rebuild(projection=projection, position=position)
            try:
                self.save(log)
                return
            except RecordConflictError:
                if attempt == ATTEMPTS - 1:
                    raise

    def _log(self) -> Operations:
        try:
            return self.repository.get(OPERATIONS_ID)
        except AggregateNotFoundError:
            return Operations.open()
