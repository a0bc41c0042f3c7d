"""The key vault: one data key per data subject, wrapped by the master key; and the erasure ledger.

Public API:

- ``MasterKeys.from_text(current, previous=())``: the master key (urlsafe base64 of 32 bytes)
  that wraps new data keys, and older ones still accepted for unwrapping during a rotation;
  ``generate_master_key()`` makes a new one.
- ``KeyVault(alias, master_keys)``, usually ``vault_for(alias, master_keys)`` (one per process):
  ``key_for_writing(subject_id)``, ``key_for_reading(subject_id)``, ``destroy(subject_id)``,
  ``is_erased(subject_id)``, ``generation()``, ``rewrap()``, ``forget()``.
- ``note_read()``: called by the recorders for every read of stored events (see "Caching").

Crypto: AES-256-GCM from ``cryptography`` (pyca, backed by OpenSSL) for wrapping data keys and
for the personal fields (eventstore/personal.py). eventsourcing's own cipher module uses
pycryptodome and encrypts whole events; field-level encryption needs only the AEAD primitive,
and pyca's is the more widely reviewed and maintained one, with wheels for every platform.

Rows: ``eventstore_data_keys`` (subject id, nonce || wrapped key, id of the master key that
wrapped it) and ``eventstore_erasures`` (subject id, time; its identity column counts erasures).
A data key is never created for a subject in the ledger: key creation and erasure serialise on a
per-subject advisory lock, and a trigger refuses such an insert in any case.

Caching: unwrapped keys are kept per process. Erasure in another process must win, so the cache
remembers the ledger's count (``generation``) and checks it again whenever stored events were
read since its last check (one small query per read batch, only when something is decrypted).
Writes never trust the cache for existence: each write reads the key row ``FOR SHARE`` in the
writer's transaction, so an erasure either waits for that transaction or the write is refused.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from hashlib import sha256
from threading import Lock
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import connection, connections

from eventstore.errors import MasterKeyError, SubjectErasedError

KEYS_TABLE = "eventstore_data_keys"
ERASURES_TABLE = "eventstore_erasures"
NONCE_BYTES = 12
KEY_BYTES = 32

_reads = itertools.count(1)
_read_epoch = 0


def note_read() -> None:
    """Record that stored events were read: the next decryption re-checks the ledger."""
    global _read_epoch
    _read_epoch = next(_reads)


def read_epoch() -> int:
    """Which read of stored events was the last: what was decrypted since is checked against
    the ledger of erasures at most once (a cache of decrypted text may do the same)."""
    return _read_epoch


# A copy of people's text from stored events into a new record (the worker's audit timeline
# and program snapshots) holds this lock shared from before it decrypts; an erasure holds it
# exclusively from before it destroys a key until it commits. So text decrypted before an
# erasure is never written after it.
COPYING_LOCK = (0x4552, 0)


def hold_off_copies() -> None:
    """For an erasure: wait for copies of text under way, and hold off new ones until the
    transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", COPYING_LOCK)


def generate_master_key() -> str:
    """A new random master key, as EVENTSTORE_MASTER_KEY expects it."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def _decode_master_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        msg = (
            "EVENTSTORE_MASTER_KEY must be 32 random bytes in urlsafe base64 "
            "(make one with: python -m eventstore.keyvault)."
        )
        raise MasterKeyError(msg)
    return key


def _key_id(key: bytes) -> str:
    return sha256(b"eventstore master key" + key).hexdigest()[:16]


@dataclass(frozen=True)
class MasterKeys:
    """The current master key and the previous ones still accepted while rotating."""

    current: bytes
    previous: tuple[bytes, ...] = ()

    @classmethod
    def from_text(cls, current: str, previous: Iterable[str] = ()) -> MasterKeys:
        return cls(_decode_master_key(current), tuple(_decode_master_key(p) for p in previous))

    @property
    def current_id(self) -> str:
        return _key_id(self.current)

    def wrap(self, subject_id: UUID, data_key: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + AESGCM(self.current).encrypt(nonce, data_key, _wrap_aad(subject_id))

    def unwrap(self, subject_id: UUID, wrapped: bytes, key_id: str) -> bytes:
        for key in (self.current, *self.previous):
            if _key_id(key) == key_id:
                nonce, body = wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:]
                return AESGCM(key).decrypt(nonce, body, _wrap_aad(subject_id))
        msg = (
            f"The data key of subject {subject_id} is wrapped by master key {key_id}, which is "
            "neither EVENTSTORE_MASTER_KEY nor one of EVENTSTORE_PREVIOUS_MASTER_KEYS."
        )
        raise MasterKeyError(msg)


def _wrap_aad(subject_id: UUID) -> bytes:
    # Binds a wrapped key to its subject: a row's key cannot be copied to another subject.
    return b"data-key:" + subject_id.bytes


@dataclass(frozen=True)
class DataKey:
    """A subject's unwrapped data key, as stored (wrapped) and ready to use."""

    wrapped: bytes
    cipher: AESGCM


class KeyVault:
    """Data keys by subject on Django's connection ``alias``, cached with care (module doc)."""

    def __init__(self, alias: str, master_keys: MasterKeys) -> None:
        self.alias = alias
        self.master_keys = master_keys
        self._lock = Lock()
        self._keys: dict[UUID, DataKey | None] = {}
        self._generation = -1
        self._checked_epoch = -1

    # -- writing ---------------------------------------------------------------------------

    def key_for_writing(self, subject_id: UUID) -> DataKey:
        """The subject's key, created if needed, share-locked until the caller's transaction ends.

        Raises SubjectErasedError for an erased subject (no key is ever created for them).
        """
        row = self._select(subject_id, lock=True) or self._create(subject_id)
        if row is None:
            raise SubjectErasedError(subject_id)
        return self._remember(subject_id, *row)

    def _create(self, subject_id: UUID) -> tuple[bytes, str] | None:
        wrapped = self.master_keys.wrap(subject_id, AESGCM.generate_key(bit_length=256))
        with connections[self.alias].cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s::text, 7))", [subject_id]
            )
            cursor.execute(
                f"INSERT INTO {KEYS_TABLE} (subject_id, wrapped_key, master_key_id)"  # noqa: S608
                f" SELECT %s, %s, %s WHERE NOT EXISTS"
                f" (SELECT FROM {ERASURES_TABLE} WHERE subject_id = %s)"
                " ON CONFLICT (subject_id) DO NOTHING",
                [subject_id, wrapped, self.master_keys.current_id, subject_id],
            )
        return self._select(subject_id, lock=True)

    # -- reading ---------------------------------------------------------------------------

    def key_for_reading(self, subject_id: UUID) -> DataKey | None:
        """The subject's key, or None when it was destroyed (their data reads as erased)."""
        self._check_ledger()
        with self._lock:
            if subject_id in self._keys:
                return self._keys[subject_id]
        row = self._select(subject_id, lock=False)
        if row is None:
            with self._lock:
                self._keys[subject_id] = None
            return None
        return self._remember(subject_id, *row)

    def _check_ledger(self) -> None:
        epoch = _read_epoch
        if epoch == self._checked_epoch:
            return
        generation = self.generation()
        with self._lock:
            if generation != self._generation:
                self._keys.clear()
                self._generation = generation
            self._checked_epoch = epoch

    # -- erasure ---------------------------------------------------------------------------

    def destroy(self, subject_id: UUID) -> bool:
        """Destroy the subject's key and enter them in the ledger, in the caller's transaction.

        Waits for transactions that are writing under the key. False if already erased.
        """
        with connections[self.alias].cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s::text, 7))", [subject_id]
            )
            cursor.execute(
                f"INSERT INTO {ERASURES_TABLE} (subject_id) VALUES (%s)"  # noqa: S608
                " ON CONFLICT (subject_id) DO NOTHING RETURNING id",
                [subject_id],
            )
            entered = cursor.fetchone() is not None
            cursor.execute(f"DELETE FROM {KEYS_TABLE} WHERE subject_id = %s", [subject_id])  # noqa: S608
        self.forget()
        return entered

    def is_erased(self, subject_id: UUID) -> bool:
        with connections[self.alias].cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {ERASURES_TABLE} WHERE subject_id = %s", [subject_id])  # noqa: S608
            return cursor.fetchone() is not None

    def generation(self) -> int:
        """How many erasures the ledger holds (its last id): changes whenever someone is erased."""
        return erasure_count(self.alias)

    def forget(self) -> None:
        """Drop every cached key (after an erasure, or a rotation)."""
        with self._lock:
            self._keys.clear()
            self._checked_epoch = -1

    # -- rotation --------------------------------------------------------------------------

    def rewrap(self, batch_size: int = 500) -> int:
        """Re-wrap every data key not wrapped by the current master key; how many were."""
        current = self.master_keys.current_id
        count = 0
        with connections[self.alias].cursor() as cursor:
            while True:
                cursor.execute(
                    f"SELECT subject_id, wrapped_key, master_key_id FROM {KEYS_TABLE}"  # noqa: S608
                    " WHERE master_key_id <> %s ORDER BY subject_id LIMIT %s FOR UPDATE",
                    [current, batch_size],
                )
                rows = cursor.fetchall()
                for subject_id, wrapped, key_id in rows:
                    data_key = self.master_keys.unwrap(subject_id, bytes(wrapped), key_id)
                    cursor.execute(
                        f"UPDATE {KEYS_TABLE} SET wrapped_key = %s, master_key_id = %s,"  # noqa: S608
                        " rewrapped_at = now() WHERE subject_id = %s",
                        [self.master_keys.wrap(subject_id, data_key), current, subject_id],
                    )
                count += len(rows)
                if len(rows) < batch_size:
                    break
        self.forget()
        return count

    # -- internals -------------------------------------------------------------------------

    def _select(self, subject_id: UUID, *, lock: bool) -> tuple[bytes, str] | None:
        statement = f"SELECT wrapped_key, master_key_id FROM {KEYS_TABLE} WHERE subject_id = %s"  # noqa: S608
        with connections[self.alias].cursor() as cursor:
            cursor.execute(statement + (" FOR SHARE" if lock else ""), [subject_id])
            row = cursor.fetchone()
        return (bytes(row[0]), row[1]) if row else None

    def _remember(self, subject_id: UUID, wrapped: bytes, key_id: str) -> DataKey:
        with self._lock:
            known = self._keys.get(subject_id)
        if known is not None and known.wrapped == wrapped:
            return known
        key = DataKey(wrapped, AESGCM(self.master_keys.unwrap(subject_id, wrapped, key_id)))
        with self._lock:
            self._keys[subject_id] = key
        return key


def erasure_count(alias: str = "default") -> int:
    """How many people were erased so far: caches of decrypted text compare it (one query)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {ERASURES_TABLE}")  # noqa: S608
        return cursor.fetchone()[0]


@cache
def vault_for(alias: str, master_keys: MasterKeys) -> KeyVault:
    """The process's vault for a database alias and master keys (shared by all applications)."""
    return KeyVault(alias, master_keys)


if __name__ == "__main__":
    print(generate_master_key())
