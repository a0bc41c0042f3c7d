"""Exercises as the API shows them, named in the reader's language."""

from __future__ import annotations

from typing import Any

from builder.domain.translations import ENGLISH


def localised(names: dict[str, str], language: str) -> tuple[str, str]:
    """The name in `language` ("de-at" tries "de-at", then "de"), else English, and its language."""
    for candidate in (language, language.split("-")[0]):
        if candidate in names:
            return names[candidate], candidate
    return names[ENGLISH], ENGLISH


def as_exercise(row: Any, language: str) -> dict[str, Any]:
    """The exercise as the API shows it, named in `language` where a translation exists."""
    name, served = localised(row.names, language)
    return {
        "id": str(row.id),
        "version": row.version,
        "name": name,
        "name_language": served,
        "names": row.names,
        "aliases": row.aliases,
        "scope": row.scope,
        "owner_id": str(row.owner_id) if row.owner_id else None,
        "status": row.status,
        "merged_into": str(row.merged_into) if row.merged_into else None,
        "replaced_by": str(row.replaced_by) if row.replaced_by else None,
        "category": row.category,
        "equipment": row.equipment,
        "primary_muscles": row.primary_muscles,
        "secondary_muscles": row.secondary_muscles,
        "laterality": row.laterality,
        "tracking": row.tracking,
        "media": row.media,
        "primary_media": row.primary_media,
        "has_video": row.has_video,
        "usage_count": row.usage_count,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }
