"""Pages of the audit timeline: a cursor on the position, summaries in the reader's language."""

from __future__ import annotations

from typing import Any

import orjson
from django.conf import settings
from django.db.models import QuerySet
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from builder.api.freshness import as_position, wait_for
from builder.api.pages import CursorPages
from builder.api.presenters.audit import as_audit_entries
from projections.queries import audit as audit_queries


class TimelinePages(CursorPages):
    """Oldest first. A cursor, not page numbers: the timeline only grows, and a page asked for
    later must not shift because events were appended meanwhile."""

    ordering = "position"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def decode_cursor(self, request: Request):
        """The cursor sent, refused (404) unless it holds a position as the service writes one.

        DRF passes on whatever text it finds there: the database would fail on "abc" (a 500),
        and a negative or endless number names a page the service never gave.
        """
        cursor = super().decode_cursor(request)
        position = cursor.position if cursor is not None else None
        if position is not None and as_position(position) is None:
            raise exceptions.NotFound(self.invalid_cursor_message)
        return cursor

    def bounded(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The first entries that fit in HISTORY_PAGE_MAX_BYTES (one at least, whatever its
        size); when some are left out the page ends before them and `next` leads to them."""
        kept, size = 0, 0
        for entry in entries:
            size += len(orjson.dumps(entry, default=str))
            if kept and size > settings.HISTORY_PAGE_MAX_BYTES:
                break
            kept += 1
        if kept < len(entries):
            # `next` is built from the first row left out, as DRF builds it from the row after
            # a full page.
            self.next_position = self._get_position_from_instance(self.page[kept], self.ordering)
            self.page, self.has_next = self.page[:kept], True
        return entries[:kept]


def timeline_page(request: Request, view: APIView, rows: QuerySet) -> Response:
    """A page of `rows`, once the timeline reflects the request's `min_position` if it sent one."""
    wait_for(audit_queries.AUDIT_TIMELINE, request)
    pages = TimelinePages()
    page = pages.paginate_queryset(rows, request, view=view)
    return pages.get_paginated_response(pages.bounded(as_audit_entries(page)))
