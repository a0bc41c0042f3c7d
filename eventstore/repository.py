"""The library's repository, folding events into aggregates without a check per event, and
with the cyclic garbage collector paused while it loads (see collector.py).

eventsourcing's default projector asserts `isinstance(event, CanMutateProtocol)` for every
event. The protocol is runtime-checkable, so each check walks the protocol's attributes: on a
program of 10,000 events that check costs more than applying the events. Events read from the
store are domain events by construction (the mapper made them), so the fold applies them as is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eventsourcing.application import Application, Repository
from eventsourcing.utils import strtobool

from eventstore.collector import paused_collector


def fold(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply `events` in order to `aggregate` (None before the first)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class FoldingRepository(Repository):
    def get(self, aggregate_id: Any, *, projector_func: Any = fold, **options: Any) -> Any:
        # An aggregate and its events form no reference cycles (see collector.py).
        with paused_collector():
            return super().get(aggregate_id, projector_func=projector_func, **options)


class FoldingApplication(Application):
    """An application whose repository folds with `fold` (the library's settings otherwise)."""

    def construct_repository(self) -> FoldingRepository:
        cache_maxsize = self.env.get(self.AGGREGATE_CACHE_MAXSIZE)
        return FoldingRepository(
            event_store=self.events,
            snapshot_store=self.snapshots,
            cache_maxsize=int(cache_maxsize) if cache_maxsize else None,
            fastforward=strtobool(self.env.get(self.AGGREGATE_CACHE_FASTFORWARD, "y")),
            fastforward_skipping=strtobool(
                self.env.get(self.AGGREGATE_CACHE_FASTFORWARD_SKIPPING, "n")
            ),
            deepcopy_from_cache=strtobool(self.env.get(self.DEEPCOPY_FROM_AGGREGATE_CACHE, "y")),
        )
