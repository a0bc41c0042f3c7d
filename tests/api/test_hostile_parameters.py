"""Client input the service decodes (cursors, times, dates, numbers, ids) at the edges of what
it can hold: a 400 or 404 problem, never a 500, and nothing recorded."""

from __future__ import annotations

from base64 import b64encode
from urllib.parse import quote

import pytest
from django.db import connection

from builder.models import Role
from tests.api.coaching import assign, linked, published_program
from tests.api.conftest import client_for
from tests.api.editing import Editor
from tests.timeline import catch_up

pytestmark = pytest.mark.django_db

BEYOND_BIGINT = str(2**63)
HUGE = "9" * 40
# More digits than Python turns into a number without being asked to.
ENDLESS = "9" * 5000


def encoded(cursor: str) -> str:
    return quote(b64encode(cursor.encode()).decode(), safe="")


TAMPERED = {
    "p=abc": "p=abc",
    "p=1e5": "p=1e5",
    "p=1.5": "p=1.5",
    "negative": "p=-1",
    "very negative": "p=-99999999999999999999",
    "beyond bigint": f"p={BEYOND_BIGINT}",
    "huge": f"p={HUGE}",
    "endless": f"p={ENDLESS}",
    "nul": "p=\x00",
    "space": "p= 7",
    "arabic digit": "p=%D9%A3",  # which int() would read as 3
    "negative offset": "o=-1",
    "unreadable offset": "o=abc",
    "unreadable direction": "r=x",
}
TAMPERED_CURSORS = [
    *(pytest.param(encoded(cursor), id=name) for name, cursor in TAMPERED.items()),
    pytest.param("not-base64!", id="not base64"),
    pytest.param("%C3%A4", id="not ascii"),
]


@pytest.fixture
def auditor_api(make_user):
    return client_for(make_user("Audrey", roles=(Role.AUDITOR,)))


@pytest.fixture
def editor(api) -> Editor:
    editor = Editor.create(api, title="Block")
    editor.add_week()
    catch_up()
    return editor


def stored_events() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM eventstore_events")
        return cursor.fetchone()[0]


def assert_problem(response, *statuses: int) -> None:
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/problem+json"


class TestCursors:
    @pytest.mark.parametrize("cursor", TAMPERED_CURSORS)
    def test_a_tampered_history_cursor_is_404(self, api, editor, cursor):
        response = api.get(f"{editor.url('history/')}?cursor={cursor}")

        assert_problem(response, 404)

    @pytest.mark.parametrize("cursor", TAMPERED_CURSORS)
    def test_a_tampered_audit_cursor_is_404(self, auditor_api, editor, cursor):
        response = auditor_api.get(f"/api/audit/events/?cursor={cursor}")

        assert_problem(response, 404)

    def test_a_cursor_the_service_gave_still_reads_the_next_page(self, api, editor):
        first = api.get(editor.url("history/?page_size=1")).json()

        following = api.get(first["next"])

        assert following.status_code == 200
        assert following.json()["results"][0]["version"] == 2


OUT_OF_RANGE_TIMES = [
    "9999-12-31T23:59:59-05:00",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59.999999-23:59",
    "10000-01-01T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-01-01T24:00:00Z",
    "1e5",
    "-1",
]


class TestTimes:
    @pytest.mark.parametrize("moment", OUT_OF_RANGE_TIMES)
    @pytest.mark.parametrize("name", ["since", "until"])
    def test_an_audit_time_beyond_what_a_time_holds_is_400(self, auditor_api, editor, name, moment):
        response = auditor_api.get("/api/audit/events/", {name: moment})

        assert_problem(response, 400)
        assert name in response.json()["errors"]

    @pytest.mark.parametrize("moment", OUT_OF_RANGE_TIMES)
    def test_a_state_as_of_a_time_beyond_what_a_time_holds_is_400(self, api, editor, moment):
        response = api.get(editor.url("state/"), {"as_of": moment})

        assert_problem(response, 400)

    @pytest.mark.parametrize("moment", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"])
    def test_the_earliest_and_latest_times_are_answered(self, api, auditor_api, editor, moment):
        audit = auditor_api.get("/api/audit/events/", {"since": moment, "until": moment})
        state = api.get(editor.url("state/"), {"as_of": moment})

        assert audit.status_code == 200
        assert state.status_code in (200, 404)


BAD_NUMBERS = {
    "negative": "-1",
    "zero": "0",
    "exponent": "1e5",
    "fraction": "1.5",
    "letters": "abc",
    "beyond bigint": BEYOND_BIGINT,
    "huge": HUGE,
    "endless": ENDLESS,
    "blank": " ",
    "two numbers": "1 2",
}
# A position is written in ASCII digits; DRF reads other scripts' digits as numbers elsewhere.
BAD_POSITIONS = {**{k: v for k, v in BAD_NUMBERS.items() if k != "zero"}, "arabic": "\u0663"}


class TestNumbers:
    @pytest.mark.parametrize("value", BAD_POSITIONS.values(), ids=BAD_POSITIONS)
    @pytest.mark.parametrize("path", ["history/", "/api/audit/events/", "/api/exercises/"])
    def test_an_unreadable_min_position_is_400_in_the_query_and_the_header(
        self, api, auditor_api, editor, path, value
    ):
        url = path if path.startswith("/") else editor.url(path)
        client = auditor_api if "audit" in path else api

        in_query = client.get(url, {"min_position": value})
        in_header = client.get(url, HTTP_X_MIN_POSITION=value)

        assert_problem(in_query, 400)
        assert_problem(in_header, 400)

    @pytest.mark.parametrize("value", BAD_NUMBERS.values(), ids=BAD_NUMBERS)
    def test_an_unreadable_version_is_400(self, api, editor, value):
        response = api.get(editor.url("state/"), {"version": value})

        assert_problem(response, 400)

    @pytest.mark.parametrize("value", BAD_NUMBERS.values(), ids=BAD_NUMBERS)
    @pytest.mark.parametrize("end", ["from", "to"])
    def test_an_unreadable_diff_end_is_400(self, api, editor, end, value):
        query = {"from": 1, "to": 2, end: value}

        response = api.get(editor.url("diff/"), query)

        assert_problem(response, 400)

    @pytest.mark.parametrize(
        "value", [BEYOND_BIGINT, HUGE, str(2**31)], ids=["beyond bigint", "huge", "beyond int"]
    )
    @pytest.mark.parametrize("path", ["/api/programs/", "/api/exercises/", "/api/links/"])
    def test_a_page_beyond_bigint_is_404_and_a_page_size_beyond_it_is_capped(
        self, api, path, value
    ):
        page = api.get(path, {"page": value})
        size = api.get(path, {"page_size": value})

        assert_problem(page, 404)
        assert size.status_code == 200

    @pytest.mark.parametrize("value", [BEYOND_BIGINT, HUGE], ids=["beyond bigint", "huge"])
    def test_a_cursor_page_size_beyond_bigint_is_capped(self, api, editor, value):
        response = api.get(editor.url("history/"), {"page_size": value})

        assert response.status_code == 200

    @pytest.mark.parametrize(
        "number",
        [BEYOND_BIGINT, HUGE, ENDLESS, str(2**31), "0"],
        ids=["beyond bigint", "huge", "endless", "beyond int", "zero"],
    )
    def test_a_published_version_number_beyond_what_is_stored_is_404(self, api, editor, number):
        response = api.get(editor.url(f"versions/{number}/"))

        assert_problem(response, 404)


class TestCalendar:
    @pytest.fixture
    def calendar(self, api, athlete, athlete_api, exercises) -> str:
        link_id = linked(api, athlete_api, athlete.email, "programming", "schedule")
        program = published_program(api, exercises["Back Squat"], weeks=2)
        assignment = assign(api, link_id, program.id).json()["assignment"]
        return f"/api/assignments/{assignment['id']}/calendar/"

    @pytest.mark.parametrize(
        "query",
        [
            pytest.param({"from": "9999-12-30", "to": "9999-12-31"}, id="the last two days"),
            pytest.param({"from": "9999-12-31"}, id="the last day, a year on by default"),
            pytest.param({"from": "9999-01-01"}, id="the last year"),
            pytest.param({"to": "9999-12-31"}, id="up to the last day"),
            pytest.param({"from": "0001-01-01", "to": "0001-01-02"}, id="the first two days"),
            pytest.param({"from": "0001-01-01"}, id="the first day"),
            pytest.param({"from": "10000-01-01"}, id="year 10000"),
            pytest.param({"from": "-2026-01-01"}, id="before year 1"),
        ],
    )
    def test_dates_no_calendar_reaches_are_400(self, athlete_api, calendar, query):
        response = athlete_api.get(calendar, query)

        assert_problem(response, 400)

    def test_a_range_given_in_full_is_answered_without_a_default_end(self, athlete_api, calendar):
        response = athlete_api.get(calendar, {"from": "2026-12-07", "to": "2026-12-08"})

        assert response.status_code == 200
        assert [day["date"] for day in response.json()] == ["2026-12-07", "2026-12-08"]

    @pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "2101-01-01", "1999-12-31"])
    def test_an_assignment_starting_where_no_calendar_reaches_is_400_and_records_nothing(
        self, api, athlete, athlete_api, exercises, start
    ):
        link_id = linked(api, athlete_api, athlete.email, "programming", "schedule")
        program = published_program(api, exercises["Back Squat"], weeks=3)
        before = stored_events()

        response = assign(api, link_id, program.id, start=start)

        assert_problem(response, 400)
        assert "start_date" in response.json()["errors"]
        assert stored_events() == before
