"""Field-level encryption of personal data in stored events and snapshots (crypto-shredding).

The contract with the domain (which this module never imports):

- an event (or snapshot) class lists its personal fields in ``personal_fields``: paths into
  the event's state, steps separated by dots, ``*`` for every item of a list or value of a
  dict (``"title"``, ``"tags.*"``, ``"weeks.*.days.*.title"``); text found there is personal;
- the event's ``subject_id`` names whose data it is (None: nobody's, stored as it is).

``PersonalDataMapper`` (eventsourcing's Mapper, wired in by eventstore.factory) takes the text
leaves out of the state, blanks them, and stores them as one AES-GCM ciphertext under the
subject's data key, next to the paths it came from::

    "__personal__": {"subject": "<hex>", "paths": [...], "empty": [<index>, ...],
                     "nonce": "<b64>", "data": "<b64>"}

The ciphertext is bound (associated data) to the event's stream, version and topic, so it cannot
be moved to another event. Reading puts the text back; once the subject's key is destroyed each
leaf reads as ``ERASED``, a ``str`` whose value is "[erased]" and whose type says so — never an
exception, so replays and rebuilds go on. Events stored before this mapper (no envelope) read as
they were stored. Writing any event with a subject share-locks the subject's key and is refused
with SubjectErasedError once they are erased.

Each stored event also carries the ids of the people it names (its subject and the fields its
class lists in ``person_id_fields``), for the recorder's index of persons (eventstore.persons).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import (
    EventStore,
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    find_id_convertor,
)
from eventsourcing.utils import get_topic, resolve_topic

from eventstore.keyvault import NONCE_BYTES, KeyVault
from eventstore.persons import StoredEventWithPersons, persons_named

ENVELOPE = "__personal__"
WILDCARD = "*"


class ErasedText(str):
    """Text whose subject's key was destroyed: reads as "[erased]", recognisable by its type."""

    __slots__ = ()


ERASED = ErasedText("[erased]")


def is_erased(value: object) -> bool:
    return isinstance(value, ErasedText)


# -- walking paths ------------------------------------------------------------------------------


def _steps(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def _replace(value: Any, steps: Sequence[str], leaf: Callable[[str], Any]) -> Any:
    """`value` with each text at `steps` replaced by leaf(text), copying containers on the way."""
    if not steps:
        return leaf(value) if isinstance(value, str) else value
    step, rest = steps[0], steps[1:]
    if step == WILDCARD:
        if isinstance(value, list | tuple):
            return [_replace(item, rest, leaf) for item in value]
        if isinstance(value, dict):
            return {key: _replace(item, rest, leaf) for key, item in value.items()}
        return value
    if isinstance(value, dict) and step in value:
        return {**value, step: _replace(value[step], rest, leaf)}
    return value


def replace_leaves(state: dict[str, Any], paths: Sequence[str], leaf: Callable[[str], Any]) -> Any:
    """`state` with every personal text (in path order) replaced by leaf(text)."""
    for path in paths:
        state = _replace(state, _steps(path), leaf)
    return state


def take_leaves(state: dict[str, Any], paths: Sequence[str]) -> tuple[dict[str, Any], list[str]]:
    """The state with its personal texts blanked, and those texts in path order."""
    taken: list[str] = []

    def blank(text: str) -> str:
        taken.append(text)
        return ""

    return replace_leaves(state, paths, blank), taken


def put_leaves(state: dict[str, Any], paths: Sequence[str], texts: Iterator[str]) -> Any:
    """The blanked state with its personal texts put back, in the order take_leaves took them."""
    return replace_leaves(state, paths, lambda _: next(texts))


def personal_paths(cls: type) -> tuple[str, ...]:
    return tuple(getattr(cls, "personal_fields", ()))


# -- the mapper ---------------------------------------------------------------------------------


def _aad(originator_id: Any, version: int, topic: str) -> bytes:
    stream = originator_id.bytes if isinstance(originator_id, UUID) else str(originator_id).encode()
    return b"event:" + stream + version.to_bytes(8, "big", signed=True) + topic.encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# The keys taken for writing during one EventStore.put: (see PersonalEventStore).
_keys_of_this_put: ContextVar[dict[UUID, Any] | None] = ContextVar("keys_of_put", default=None)


class PersonalDataMapper(Mapper[UUID]):
    """eventsourcing's Mapper, encrypting personal fields under their subject's key."""

    def __init__(self, *args: Any, vault: KeyVault, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vault = vault

    @contextmanager
    def keys_taken_once(self) -> Iterator[None]:
        """Within the block, a subject's key is fetched and share-locked once, not per event.

        The lock lasts until the transaction ends, so once is enough for one put (a save of a
        built program is a thousand events about one person: a thousand queries before).
        """
        token = _keys_of_this_put.set({})
        try:
            yield
        finally:
            _keys_of_this_put.reset(token)

    def _key_for_writing(self, subject_id: UUID) -> Any:
        taken = _keys_of_this_put.get()
        if taken is None:
            return self.vault.key_for_writing(subject_id)
        key = taken.get(subject_id)
        if key is None:
            key = taken[subject_id] = self.vault.key_for_writing(subject_id)
        return key

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        topic = get_topic(domain_event.__class__)
        state = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        persons = persons_named(type(domain_event), state)
        subject_id = state.get("subject_id")
        if subject_id is not None:
            key = self._key_for_writing(subject_id)
            paths = personal_paths(type(domain_event))
            if paths:
                state, texts = take_leaves(state, paths)
                nonce = _nonce()
                data = json.dumps(texts, ensure_ascii=False).encode("utf-8")
                aad = _aad(originator_id, originator_version, topic)
                state[ENVELOPE] = {
                    "subject": subject_id.hex,
                    "paths": list(paths),
                    # Which texts were empty: they stay empty once erased, not "[erased]".
                    "empty": [index for index, text in enumerate(texts) if not text],
                    "nonce": _b64(nonce),
                    "data": _b64(key.cipher.encrypt(nonce, data, aad)),
                }
        stored_state = self.transcoder.encode(state)
        if self.compressor:
            stored_state = self.compressor.compress(stored_state)
        if self.cipher:
            stored_state = self.cipher.encrypt(stored_state)
        return StoredEventWithPersons(
            originator_id=originator_id,
            originator_version=originator_version,
            topic=topic,
            state=stored_state,
            persons=persons,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        cls = resolve_topic(stored_event.topic)
        try:
            state = self._decode(stored_event)
        except Exception as error:
            msg = (
                f"Failed to deserialise state of stored event with topic '{stored_event.topic}', "
                f"originator_id '{stored_event.originator_id}' and originator_version "
                f"{stored_event.originator_version}: {type(error).__name__}"
            )
            raise MapperDeserialisationError(msg) from error
        id_convertor = find_id_convertor(cls, type(stored_event.originator_id))
        state["originator_id"] = id_convertor(stored_event.originator_id)
        state["originator_version"] = stored_event.originator_version
        class_version = getattr(cls, "class_version", 1)
        from_version = state.pop("class_version", 1)
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        domain_event = object.__new__(cls)
        object.__setattr__(domain_event, "__dict__", state)
        return domain_event

    def _decode(self, stored_event: StoredEvent) -> dict[str, Any]:
        stored_state = stored_event.state
        if self.cipher:
            stored_state = self.cipher.decrypt(stored_state)
        if self.compressor:
            stored_state = self.compressor.decompress(stored_state)
        state = cast(dict[str, Any], self.transcoder.decode(stored_state))
        envelope = state.pop(ENVELOPE, None)
        if envelope is None:
            return state
        paths = envelope["paths"]
        key = self.vault.key_for_reading(UUID(envelope["subject"]))
        if key is None:
            empty = set(envelope.get("empty", ()))
            index = iter(range(1 << 62))
            return replace_leaves(state, paths, lambda _: "" if next(index) in empty else ERASED)
        nonce, data = base64.b64decode(envelope["nonce"]), base64.b64decode(envelope["data"])
        aad = _aad(stored_event.originator_id, stored_event.originator_version, stored_event.topic)
        texts = json.loads(key.cipher.decrypt(nonce, data, aad))
        return put_leaves(state, paths, iter(texts))


def _nonce() -> bytes:
    return os.urandom(NONCE_BYTES)


class PersonalEventStore(EventStore[UUID]):
    """eventsourcing's EventStore, whose put takes each subject's key once (see the mapper)."""

    mapper: PersonalDataMapper

    def put(self, domain_events: Sequence[Any], **kwargs: Any) -> list[Any]:
        with self.mapper.keys_taken_once():
            return super().put(domain_events, **kwargs)
