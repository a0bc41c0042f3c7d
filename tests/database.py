"""How a subprocess started by a test reaches the test database."""

from __future__ import annotations

from urllib.parse import quote

from django.db import connection


def test_database_url() -> str:
    """A DATABASE_URL for the database this test's connection uses (socket or TCP)."""
    settings = connection.settings_dict
    host = settings["HOST"] or settings.get("OPTIONS", {}).get("host", "")
    user = quote(settings["USER"] or "", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    if host.startswith("/"):  # a Unix socket folder, as the embedded server uses
        return f"postgres://{credentials}/{settings['NAME']}?host={host}"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{credentials}{host or 'localhost'}{port}/{settings['NAME']}"


test_database_url.__test__ = False  # a helper, not a test
