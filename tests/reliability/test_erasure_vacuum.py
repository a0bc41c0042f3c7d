"""G8: after an erasure and the VACUUM it triggers, the database's files themselves hold none of
the person's text (no marker in live rows, dead rows, freed space or column statistics) nor
their wrapped data key, while another person's markers are still found: the scan sees what is
there. The WAL is not scanned (README "Personal data" says how long it keeps the text).

The service runs on a PostgreSQL server of its own, started for this module in a temporary
folder, whose data directory the test reads byte for byte."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.reliability.marked_people import FIELDS
from tests.reliability.postgres import OwnPostgres, manage

pytestmark = pytest.mark.slow

SERVICE_LOGIN = "builder_g8_service"


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    database = OwnPostgres(tmp_path_factory.mktemp("g8") / "postgres")
    try:
        manage(database.url(), "migrate", "--noinput")
        with database.connect() as admin:
            admin.execute(f"CREATE ROLE {SERVICE_LOGIN} LOGIN IN ROLE builder_service")
        yield database
    finally:
        database.cleanup()


def marked(who: str) -> dict[str, str]:
    # Lower-case letters and digits: stored as written, even in an email address.
    run = uuid.uuid4().hex[:10]
    return {field: f"{who}{run}{field.replace('_', '')}" for field in FIELDS}


def write(url: str, **people: dict[str, str]) -> dict[str, str]:
    """Each person writes their markers everywhere (as `url`'s user); their and an admin's ids."""
    out = manage(
        url,
        "shell",
        "-c",
        "from tests.reliability.marked_people import write; write()",
        MARKERS=json.dumps(people),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def erase(url: str, ids: dict[str, str]) -> None:
    manage(
        url,
        "shell",
        "-c",
        "from tests.reliability.marked_people import erase; erase()",
        PERSON=ids["person"],
        ADMIN=ids["admin"],
    )


def found(postgres: OwnPostgres, markers: dict[str, str]) -> set[str]:
    """The fields whose marker some relation file holds."""
    contents = [path.read_bytes() for path in postgres.relation_files()]
    return {field for field, m in markers.items() if any(m.encode() in c for c in contents)}


def holds(postgres: OwnPostgres, value: bytes) -> bool:
    return any(value in path.read_bytes() for path in postgres.relation_files())


def data_key(postgres: OwnPostgres, subject: str) -> bytes:
    with postgres.connect() as admin:
        row = admin.execute(
            "SELECT wrapped_key FROM eventstore_data_keys WHERE subject_id = %s", [subject]
        ).fetchone()
    return bytes(row[0])


def pending(postgres: OwnPostgres) -> int:
    with postgres.connect() as admin:
        return admin.execute("SELECT count(*) FROM builder_erasure_vacuum").fetchone()[0]


def analyze(postgres: OwnPostgres) -> None:
    # As autovacuum would once enough rows changed: the column statistics sample the markers.
    with postgres.connect() as admin:
        admin.execute("ANALYZE")


def test_an_erasure_by_the_tables_owner_leaves_none_of_the_persons_text_in_the_files(postgres):
    person, bystander = marked("p"), marked("b")
    ids = write(postgres.url(), person=person, bystander=bystander)
    analyze(postgres)
    key = data_key(postgres, ids["person"])
    before = found(postgres, person)

    erase(postgres.url(), ids)

    assert before == set(FIELDS)
    assert found(postgres, person) == set()
    assert not holds(postgres, key)
    assert found(postgres, bystander) == set(FIELDS)
    assert pending(postgres) == 0


def test_a_vacuum_the_service_role_may_not_run_waits_for_vacuum_erasures_by_the_owner(postgres):
    service = postgres.url(SERVICE_LOGIN)
    person, bystander = marked("p"), marked("b")
    ids = write(service, person=person, bystander=bystander)
    analyze(postgres)

    erase(service, ids)
    left_by_the_service = found(postgres, person)
    requests = pending(postgres)
    manage(postgres.url(), "vacuum_erasures")

    assert left_by_the_service  # dead rows, until their owner's VACUUM
    assert requests > 0
    assert found(postgres, person) == set()
    assert found(postgres, bystander) == set(FIELDS)
    assert pending(postgres) == 0
