"""Runs worker projections in this process: one thread each, one process at a time each.

Each projection is held through a PostgreSQL advisory lock on a connection of its own: the
process that holds it follows the store, the others wait and take over when the holder dies
(the lock goes with its connection). A projection that fails stays failed in this process
until it restarts (with fixed code), keeping the lock so that no other process fails at the
same event meanwhile. Lost database connections are retried, never reported as failures.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from django.db import connection

from projections import status
from projections.registry import WorkerProjection
from projections.worker import TRANSIENT_ERRORS, Engine, ProjectionFailedError

logger = logging.getLogger("projections.worker")

# The advisory lock space of projection leases (the second key is the name's hash).
LEASE_NAMESPACE = 0x5052
RETRY_SECONDS = 2.0
PROGRESS_SECONDS = 10.0


class Lease:
    """An advisory lock on a dedicated connection: one holder per projection at a time."""

    def __init__(self, name: str, connect: Callable[[], psycopg.Connection[Any]]) -> None:
        self.name = name
        self._connect = connect
        self._conn: psycopg.Connection[Any] | None = None

    def acquire(self) -> bool:
        """Take the lock if nobody holds it; False when another process does."""
        try:
            if self._conn is None or self._conn.closed:
                self._conn = self._connect()
            row = self._conn.execute(
                "SELECT pg_try_advisory_lock(%s, hashtext(%s))", [LEASE_NAMESPACE, self.name]
            ).fetchone()
        except psycopg.Error:
            self.release()
            return False
        return bool(row and row[0])

    def held(self) -> bool:
        """Whether the lock's connection still answers (without it the lock is gone)."""
        try:
            return self._conn is not None and self._conn.execute("SELECT 1").fetchone() == (1,)
        except psycopg.Error:
            return False

    def release(self) -> None:
        """Give the lock up by closing its connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class Worker:
    """Runs the given projections until stopped, each while this process holds its lease."""

    def __init__(
        self,
        projections: Sequence[WorkerProjection],
        recorder: Any,
        mapper: Any,
        connect: Callable[[], psycopg.Connection[Any]],
        *,
        lease_check_seconds: float = 1.0,
    ) -> None:
        self.projections = projections
        self.recorder = recorder
        self.mapper = mapper
        self.connect = connect
        self.lease_check_seconds = lease_check_seconds
        self.stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for spec in self.projections:
            name = f"projection-{spec.name}"
            thread = threading.Thread(target=self._run, args=(spec,), name=name)
            thread.start()
            self._threads.append(thread)

    def alive(self) -> bool:
        """Whether every projection's thread still runs (a failed projection's waits: its
        failure is for readiness to report, a restart with the same code would not mend it)."""
        return all(thread.is_alive() for thread in self._threads)

    def stop(self) -> None:
        """Finish the event being applied, release the leases and return."""
        self.stopping.set()
        for thread in self._threads:
            thread.join()

    def _run(self, spec: WorkerProjection) -> None:
        lease = Lease(spec.name, self.connect)
        try:
            while not self.stopping.is_set():
                if not lease.acquire():
                    self.stopping.wait(self.lease_check_seconds)
                    continue
                logger.info("%s: lease taken, following the event store", spec.name)
                self._hold(spec, lease)
        finally:
            lease.release()
            connection.close()

    def _hold(self, spec: WorkerProjection, lease: Lease) -> None:
        """Follow while the lease is held; on failure stay here until stopped."""
        try:
            self._follow(spec, lease)
        except ProjectionFailedError as failure:
            logger.error("%s", failure, exc_info=failure.error)
            self._report(spec.name, status.State.FAILED, failure)
            self.stopping.wait()
        except (*TRANSIENT_ERRORS, psycopg.Error) as error:
            logger.warning("%s: database unavailable (%s); retrying", spec.name, error)
            connection.close()
            lease.release()
            self.stopping.wait(RETRY_SECONDS)
        else:
            self._report(spec.name, status.State.STOPPED)
            logger.info("%s: stopped", spec.name)

    def _follow(self, spec: WorkerProjection, lease: Lease) -> None:
        engine = Engine(spec.construct(), self.recorder, self.mapper)
        status.mark(spec.name, status.State.RUNNING)
        logger.info("%s: resuming after position %d", spec.name, engine.position())
        watch = threading.Thread(target=self._watch, args=(engine, lease), daemon=True)
        watch.start()
        try:
            engine.follow()
        finally:
            engine.stop()
            watch.join()

    def _watch(self, engine: Engine, lease: Lease) -> None:
        """Stop the engine when asked to or when the lease is lost; log progress meanwhile."""
        reported, next_report = 0, time.monotonic() + PROGRESS_SECONDS
        while not engine.stopped:
            if self.stopping.wait(self.lease_check_seconds) or not lease.held():
                engine.stop()
                return
            if time.monotonic() >= next_report and engine.applied != reported:
                reported, next_report = engine.applied, time.monotonic() + PROGRESS_SECONDS
                logger.info("%s: %d events applied", engine.name, engine.applied)

    def _report(self, name: str, state: str, failure: ProjectionFailedError | None = None) -> None:
        try:
            if failure is None:
                status.mark(name, state)
            else:
                status.mark(
                    name, state, failed_position=failure.position, error=repr(failure.error)
                )
        except (*TRANSIENT_ERRORS, psycopg.Error) as error:
            logger.warning("%s: could not record state %s (%s)", name, state, error)
