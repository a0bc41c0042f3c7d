"""Pagination of every list: `page` and `page_size` are whole numbers of at least 1, else 400."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request


class PageQuery(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, required=False)
    page_size = serializers.IntegerField(min_value=1, required=False)


class ReadableQuery:
    """Refuses a page number or size it cannot read.

    DRF quietly falls back to the default for a page size it cannot read, and answers a page
    number it cannot read as a missing page: both are the client's mistake, said so (400).
    """

    def paginate_queryset(self, queryset, request: Request, view=None):
        PageQuery(data=request.query_params).is_valid(raise_exception=True)
        return super().paginate_queryset(queryset, request, view)


class Pages(ReadableQuery, PageNumberPagination):
    """Pages of 25 by default; a larger `page_size` is capped at `max_page_size`."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class CursorPages(ReadableQuery, CursorPagination):
    """Pages behind a cursor, for lists that only grow; `page_size` is read as in Pages."""
