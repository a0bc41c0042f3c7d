"""Fixtures for integration tests that run against PostgreSQL."""

import threading

import pytest
from django.db import connection
from django.db.backends.signals import connection_created


@pytest.fixture
def empty_event_store(transactional_db):
    """Committed (not rolled back) data, and event store tables empty with positions from 1."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE eventstore_events, eventstore_event_subjects, eventstore_snapshots,"
            " eventstore_tracking RESTART IDENTITY"
        )


@pytest.fixture
def close_thread_connections():
    """Close the Django connections that other threads open during the test.

    Django keeps one connection per thread; a worker thread's connection would stay open until
    garbage collection and keep the test database from being dropped at the end of the run.
    """
    opened = []
    test_thread = threading.get_ident()

    def remember(sender, connection, **kwargs):
        if threading.get_ident() != test_thread:
            opened.append(connection.connection)

    connection_created.connect(remember, weak=False)
    yield
    connection_created.disconnect(remember)
    for conn in opened:
        conn.close()
