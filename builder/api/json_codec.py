"""How the API reads and writes JSON: bounded nesting in, every string writable out."""

from __future__ import annotations

import json
from typing import Any

import orjson
from django.utils.translation import gettext as _
from rest_framework import parsers, renderers
from rest_framework.exceptions import ParseError
from rest_framework.utils import encoders

from builder.api.json_text import JSONText

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
        except ParseError as refused:
            # DRF's message is Python's own, in English: say where, in the reader's language.
            raise ParseError(_not_json(refused.__context__)) from None
        if _depth_exceeds(data, MAX_DEPTH):
            raise ParseError(_too_deep())
        return data


def _not_json(error: BaseException | None) -> str:
    if isinstance(error, json.JSONDecodeError):
        return _("The body is not valid JSON (line %(line)s, column %(column)s).") % {
            "line": error.lineno,
            "column": error.colno,
        }
    return _("The body is not valid JSON.")


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


class JSONEncoder(encoders.JSONEncoder):
    """DRF's encoder, also writing values already encoded (`JSONText`), for the answers orjson
    does not write: indented ones, and those with a lone surrogate."""

    def default(self, obj: Any) -> Any:
        if isinstance(obj, JSONText):
            return json.loads(obj.text)
        return super().default(obj)


class JSONRenderer(renderers.JSONRenderer):
    """DRF's renderer, encoding with orjson, falling back to DRF's own encoding for text UTF-8
    cannot hold.

    A program document is hundreds of kilobytes: orjson encodes it about ten times faster than
    the standard library. What orjson does not encode itself (dates, decimals, lazy
    translations) goes through DRF's encoder, so the output is the one DRF would give.

    A lone surrogate sent in a request ("\\ud800") can come back inside a validation message;
    as UTF-8 it cannot be encoded, and the response would be a 500 instead of the 400.
    """

    encoder_class = JSONEncoder
    _encoder = JSONEncoder()
    _options = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME

    def _default(self, obj: Any) -> Any:
        if isinstance(obj, JSONText):
            return orjson.Fragment(obj.text)  # spliced in as it is
        return self._encoder.default(obj)

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is None:
            try:
                encoded = orjson.dumps(data, default=self._default, option=self._options)
            except orjson.JSONEncodeError:
                pass  # a lone surrogate, or a value only DRF's path below explains
            else:
                # As DRF does: JSON that is also a strict subset of JavaScript. U+2028 and U+2029
                # are E2 80 A8 and E2 80 A9 in UTF-8; looking for one byte is a memchr, ten
                # times faster than looking for three, and most answers have no E2 at all.
                if b"\xe2" in encoded:
                    encoded = encoded.replace(b"\xe2\x80\xa8", b"\\u2028").replace(
                        b"\xe2\x80\xa9", b"\\u2029"
                    )
                return encoded
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            escaping = renderers.JSONRenderer()
            escaping.encoder_class = JSONEncoder
            escaping.ensure_ascii = True
            return escaping.render(data, accepted_media_type, renderer_context)
