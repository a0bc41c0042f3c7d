"""How the API reads and writes JSON: bounded nesting in, every string writable out."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers, renderers
from rest_framework.exceptions import ParseError

# No body the API accepts nests deeper than a prescription's load ({"load": {"type": ...}}).
MAX_DEPTH = 16


class JSONParser(parsers.JSONParser):
    """DRF's parser, also refusing bodies nested deeper than MAX_DEPTH.

    Python's parser raises RecursionError (not a ValueError) about a thousand levels down, and
    anything that walks a merely deep value later (validation, encoding the event) could do the
    same; both would be 500s.
    """

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_too_deep()) from None
        if _depth_exceeds(data, MAX_DEPTH):
            raise ParseError(_too_deep())
        return data


def _too_deep() -> str:
    return _("The JSON body is nested too deeply.")


def _depth_exceeds(data: Any, limit: int) -> bool:
    # Iterative, so that the check itself cannot run out of stack.
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            pending.extend((child, depth + 1) for child in children)
    return False


class JSONRenderer(renderers.JSONRenderer):
    """DRF's renderer (UTF-8), falling back to ASCII escapes for text UTF-8 cannot hold.

    A lone surrogate sent in a request ("\\ud800") can come back inside a validation message;
    as UTF-8 it cannot be encoded, and the response would be a 500 instead of the 400.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            escaping = renderers.JSONRenderer()
            escaping.ensure_ascii = True
            return escaping.render(data, accepted_media_type, renderer_context)
