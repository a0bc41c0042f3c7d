"""A10: the event log, the key vault and the erasure ledger refuse TRUNCATE even from their
owner."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "table", ["eventstore_events", "eventstore_data_keys", "eventstore_erasures"]
)
def test_truncate_is_refused_even_for_the_owner_without_the_test_suites_setting(table):
    # The suite's own connections allow it (for pytest-django's flush): this one does not.
    with (
        pytest.raises(IntegrityError, match=f"TRUNCATE of {table} refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL eventstore.allow_truncate = off")
        cursor.execute(f"TRUNCATE {table}")
