"""G6: what people send and store never reaches the logs, on success and on error paths.

The logs are read where they leave the service: the configured console handler, with its
filters, in both the text and the JSON format.
"""

from __future__ import annotations

import io
import logging
import sys
import uuid

import pytest
from django.test import override_settings
from pythonjsonlogger.json import JsonFormatter

from tests.api.conftest import client_for
from tests.api.editing import Editor

pytestmark = pytest.mark.django_db(transaction=True)

MARKER = "LogCnry" + uuid.uuid4().hex[:10]


@pytest.fixture(params=["text", "json"])
def console(request):
    """Everything the service's console handler writes during the test, at DEBUG and up."""
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    stream = io.StringIO()
    previous_stream, previous_formatter = handler.setStream(stream), handler.formatter
    if request.param == "json":
        handler.setFormatter(JsonFormatter("%(levelname)s %(name)s %(message)s"))
    root, level = logging.getLogger(), logging.getLogger().level
    root.setLevel(logging.DEBUG)
    yield stream
    root.setLevel(level)
    handler.setStream(previous_stream)
    handler.setFormatter(previous_formatter)


def test_requests_carrying_markers_leave_none_in_the_logs(console, coach, exercises):
    api = client_for(coach)
    editor = Editor.create(api, title=f"{MARKER} title", description=f"{MARKER} text")
    week = editor.add_week(label=f"{MARKER} week")

    editor.send("patch", "", {"title": MARKER * 100}, expect=400)
    editor.send("patch", f"weeks/{week}/", {"label": f"{MARKER}\x00"}, expect=400)
    bad = api.post("/api/programs/", f'{{"title": "{MARKER}', content_type="application/json")
    assert bad.status_code == 400
    assert api.get("/api/programs/", {"q": MARKER}).status_code == 200
    assert api.get(f"/api/programs/{uuid.uuid4()}/", {"q": MARKER}).status_code == 404
    assert api.get("/api/exercises/", {"q": MARKER}).status_code == 200
    stale = api.patch(editor.url(), {"title": MARKER}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    with override_settings(DEBUG=True):  # SQL statements would carry the text
        Editor.create(api, title=f"{MARKER} in debug")

    logged = console.getvalue()
    assert "Bad Request" in logged or "Not Found" in logged  # the errors were logged ...
    assert MARKER not in logged  # ... without what was sent


def test_an_exception_is_logged_without_its_message(console):
    try:
        raise ValueError(f"could not store {MARKER}")
    except ValueError:
        logging.getLogger("django.request").error("Internal Server Error", exc_info=sys.exc_info())

    logged = console.getvalue()
    assert "builtins.ValueError (message not logged)" in logged
    assert "test_an_exception_is_logged_without_its_message" in logged  # the frames stay
    assert MARKER not in logged
