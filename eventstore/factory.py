"""eventsourcing's persistence module for this project: PERSISTENCE_MODULE=eventstore.factory.

Settings (eventsourcing Environment, so ``<APP NAME>_<KEY>`` overrides ``<KEY>``):

- ``EVENTSTORE_DATABASE_ALIAS``: Django database alias, default ``default``;
- ``EVENTSTORE_LOCK_TIMEOUT_MS``: how long an append waits for the append lock, default 5000;
- ``EVENTSTORE_POLL_INTERVAL``: seconds between a subscription's fallback polls, default 1.0;
- ``APPLICATION_RECORDER_TOPIC``, ``TRACKING_RECORDER_TOPIC``, ``PROCESS_RECORDER_TOPIC``:
  subclasses of our recorders to construct instead;
- ``EVENTSTORE_MASTER_KEY`` (and ``EVENTSTORE_PREVIOUS_MASTER_KEYS``, comma-separated, while
  rotating): with it, the mapper is eventstore.personal's, which encrypts personal fields under
  their subject's key (the service's settings always give one); without it, eventsourcing's own.

The tables are created by Django migrations, so ``CREATE_TABLE`` is ignored.
"""

from __future__ import annotations

from typing import Any, TypeVar

from eventsourcing.persistence import EventStore, InfrastructureFactory, Mapper, Transcoder
from eventsourcing.utils import Environment, EnvType, resolve_topic

from eventstore.keyvault import KeyVault, MasterKeys, vault_for
from eventstore.personal import PersonalDataMapper, PersonalEventStore
from eventstore.recorders import (
    DEFAULT_LOCK_TIMEOUT_MS,
    DEFAULT_MAX_EVENT_BYTES,
    DEFAULT_POLL_INTERVAL,
    EVENTS_TABLE,
    SNAPSHOTS_TABLE,
    DjangoAggregateRecorder,
    DjangoApplicationRecorder,
    DjangoProcessRecorder,
    DjangoTrackingRecorder,
)

_TTrackingRecorder = TypeVar("_TTrackingRecorder", bound=DjangoTrackingRecorder)
_TRecorder = TypeVar("_TRecorder", bound=DjangoApplicationRecorder)


class DjangoFactory(InfrastructureFactory[DjangoTrackingRecorder]):
    """Constructs the Django-connection recorders from the environment."""

    DATABASE_ALIAS = "EVENTSTORE_DATABASE_ALIAS"
    LOCK_TIMEOUT_MS = "EVENTSTORE_LOCK_TIMEOUT_MS"
    POLL_INTERVAL = "EVENTSTORE_POLL_INTERVAL"
    MAX_EVENT_BYTES = "EVENTSTORE_MAX_EVENT_BYTES"
    MASTER_KEY = "EVENTSTORE_MASTER_KEY"
    PREVIOUS_MASTER_KEYS = "EVENTSTORE_PREVIOUS_MASTER_KEYS"

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        self.alias = self.env.get(self.DATABASE_ALIAS) or "default"
        self.lock_timeout_ms = self._number(self.LOCK_TIMEOUT_MS, int, DEFAULT_LOCK_TIMEOUT_MS)
        self.poll_interval = self._number(self.POLL_INTERVAL, float, DEFAULT_POLL_INTERVAL)
        self.max_event_bytes = self._number(self.MAX_EVENT_BYTES, int, DEFAULT_MAX_EVENT_BYTES)

    def key_vault(self) -> KeyVault | None:
        """The process's key vault for this database, if a master key is configured."""
        current = self.env.get(self.MASTER_KEY)
        if not current:
            return None
        previous = [k for k in (self.env.get(self.PREVIOUS_MASTER_KEYS) or "").split(",") if k]
        return vault_for(self.alias, MasterKeys.from_text(current, previous))

    def mapper(
        self, transcoder: Transcoder | None = None, mapper_class: type[Mapper[Any]] | None = None
    ) -> Mapper[Any]:
        """The personal-data mapper when a master key is configured (and no class is asked for)."""
        vault = self.key_vault()
        if mapper_class is not None or self.env.get(self.MAPPER_TOPIC) or vault is None:
            return super().mapper(transcoder=transcoder, mapper_class=mapper_class)
        return PersonalDataMapper(
            transcoder=transcoder or self.transcoder(),
            cipher=self.cipher(),
            compressor=self.compressor(),
            vault=vault,
        )

    def event_store(
        self, mapper: Mapper[Any] | None = None, recorder: Any | None = None
    ) -> EventStore[Any]:
        """The library's event store; with the personal-data mapper, one that takes each
        subject's key once per put."""
        mapper = mapper or self.mapper()
        recorder = recorder or self.application_recorder()
        if isinstance(mapper, PersonalDataMapper):
            return PersonalEventStore(mapper=mapper, recorder=recorder)
        return EventStore(mapper=mapper, recorder=recorder)

    def aggregate_recorder(self, purpose: str = "events") -> DjangoAggregateRecorder:
        """Snapshots (no lock, no notify), or events outside the application sequence."""
        if purpose == "snapshots":
            return DjangoAggregateRecorder(self.alias, table=SNAPSHOTS_TABLE)
        if purpose == "events":
            # The events table is followed by notification id, so appends to it must lock.
            return DjangoAggregateRecorder(
                self.alias, table=EVENTS_TABLE, lock_timeout_ms=self.lock_timeout_ms
            )
        msg = f"No table for aggregate recorder purpose {purpose!r}"
        raise ValueError(msg)

    def application_recorder(self) -> DjangoApplicationRecorder:
        """The recorder of the application sequence."""
        cls = self._recorder_class(self.APPLICATION_RECORDER_TOPIC, DjangoApplicationRecorder)
        return self._capped(
            cls(self.alias, lock_timeout_ms=self.lock_timeout_ms, poll_interval=self.poll_interval)
        )

    def tracking_recorder(
        self, tracking_recorder_class: type[_TTrackingRecorder] | None = None
    ) -> _TTrackingRecorder:
        """A tracking recorder, or an instance of the given subclass (a projection's view)."""
        cls = tracking_recorder_class or self._recorder_class(
            self.TRACKING_RECORDER_TOPIC, DjangoTrackingRecorder
        )
        return cls(alias=self.alias)

    def process_recorder(self) -> DjangoProcessRecorder:
        """The recorder of a process application: events and tracking in one transaction."""
        cls = self._recorder_class(self.PROCESS_RECORDER_TOPIC, DjangoProcessRecorder)
        return self._capped(
            cls(self.alias, lock_timeout_ms=self.lock_timeout_ms, poll_interval=self.poll_interval)
        )

    def _capped(self, recorder: _TRecorder) -> _TRecorder:
        """The recorder, refusing events larger than the configured bound."""
        recorder.max_event_bytes = self.max_event_bytes
        return recorder

    def _recorder_class(self, key: str, default: type) -> type:
        topic = self.env.get(key)
        if not topic:
            return default
        cls = resolve_topic(topic)
        if not (isinstance(cls, type) and issubclass(cls, default)):
            msg = f"{key} {topic!r} is not a subclass of {default.__name__}"
            raise OSError(msg)
        return cls

    def _number(self, key: str, kind: type[int] | type[float], default: float) -> float:
        value = self.env.get(key)
        if not value:
            return default
        try:
            return kind(value)
        except ValueError:
            msg = f"Event store setting {key} must be a number, got {value!r}"
            raise OSError(msg) from None
