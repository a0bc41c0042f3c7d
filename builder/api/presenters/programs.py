"""Programs as the API shows them: summaries, and documents whose entries show their exercise."""

from __future__ import annotations

from typing import Any

import orjson

from builder.api.presenters.program_exercises import presented_weeks
from projections.queries import programs as program_queries


def as_summary(row: Any) -> dict[str, Any]:
    return {
        "id": str(row.program_id),
        "title": row.title,
        "kind": row.kind,
        "status": row.status,
        "tags": row.tags,
        "version": row.version,
        "latest_published": row.latest_published,
        "weeks": row.weeks,
        "entries": row.entries,
        "owner_id": str(row.owner_id),
        "athlete_id": str(row.athlete_id) if row.athlete_id else None,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }


def presented_document(stored: program_queries.StoredDocument, language: str) -> dict[str, Any]:
    """The stored program document as the API answers it: see `presented_program`."""
    return {**stored.header, "weeks": presented_weeks(stored.weeks_json, language)}


def presented_program(document: dict[str, Any], language: str) -> dict[str, Any]:
    """The program document with each entry's exercise as it stands now, in `language`.

    One query for all the document's exercises: a merged exercise shows its replacement, every
    entry its exercise's name in `language` and its primary video. This happens at read time;
    the stored rows keep the names as recorded (in English). The weeks come back as JSON text
    (`JSONText`), which the API's renderer splices into its answer.
    """
    header = {key: value for key, value in document.items() if key != "weeks"}
    weeks = orjson.dumps(document.get("weeks", [])).decode()
    return {**header, "weeks": presented_weeks(weeks, language)}


def assigned_document(row: Any, language: str) -> dict[str, Any] | None:
    """The frozen program version the assignment follows, as the athlete reads it."""
    version = program_queries.published_version(row.program_id, row.program_version)
    return presented_program(version.document, language) if version else None
