"""gunicorn on the suite's test database, for the rows that need the service as it runs."""

from __future__ import annotations

import pytest

from tests.database import test_database_url
from tests.reliability.served import gunicorn, server_env


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two gunicorn workers of two threads each: requests for one program meet in two processes."""
    with django_db_blocker.unblock():
        env = server_env(test_database_url())
    log = tmp_path_factory.mktemp("served") / "gunicorn.log"
    with gunicorn(env, log, workers=2, threads=2) as server:
        yield server
