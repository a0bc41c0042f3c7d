"""The API's JSON renderer gives what DRF's own renderer gives: byte for byte, but for how a
float's exponent is written (1.5e-7, not 1.5e-07: the same number)."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.renderers import JSONRenderer as DrfJSONRenderer

from builder.api.json_codec import JSONRenderer
from builder.api.json_text import JSONText

# Text includes the line and paragraph separators DRF escapes; no lone surrogates (below).
text = st.text(st.characters(blacklist_categories=("Cs",)))
exact_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | text
    | st.sampled_from(["line\u2028separator", "paragraph\u2029separator"])
    | st.uuids()
    | st.datetimes(timezones=st.just(datetime.UTC))
    | st.dates()
    | st.decimals(allow_nan=False, allow_infinity=False, places=3)
)


def nested(scalars):
    return st.recursive(
        scalars,
        lambda kids: st.lists(kids, max_size=4) | st.dictionaries(text, kids, max_size=4),
        max_leaves=20,
    )


@given(nested(exact_scalars))
def test_any_response_body_without_floats_renders_byte_for_byte_as_drf_renders_it(data):
    assert JSONRenderer().render(data) == DrfJSONRenderer().render(data)


# A body of None renders as no body at all (checked above), which is no JSON to compare.
@given(
    nested(exact_scalars | st.floats(allow_nan=False, allow_infinity=False)).filter(
        lambda data: data is not None
    )
)
def test_any_response_body_renders_the_same_json_as_drf(data):
    assert json.loads(JSONRenderer().render(data)) == json.loads(DrfJSONRenderer().render(data))


def test_a_small_float_differs_only_in_how_its_exponent_is_written():
    assert JSONRenderer().render([1.5e-7, 1e16]) == b"[1.5e-7,1e+16]"
    assert DrfJSONRenderer().render([1.5e-7, 1e16]) == b"[1.5e-07,1e+16]"


def test_lazy_translations_and_numbered_keys_render_as_drf_renders_them():
    data = {
        "detail": gettext_lazy("No such program."),
        1: decimal.Decimal("2.5"),
        "id": uuid.UUID(int=7),
    }

    assert JSONRenderer().render(data) == DrfJSONRenderer().render(data)


def test_a_lone_surrogate_is_escaped_rather_than_failing():
    assert JSONRenderer().render({"detail": "bad \ud800"}) == b'{"detail":"bad \\ud800"}'


def test_an_indented_answer_is_asked_for_with_the_media_type():
    rendered = JSONRenderer().render({"a": 1}, "application/json; indent=2")

    assert rendered == b'{\n  "a": 1\n}'


@given(nested(exact_scalars), nested(exact_scalars))
def test_json_text_is_spliced_in_as_the_value_it_encodes(outer, inner):
    written = json.dumps(inner, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    spliced = {"outer": outer, "inner": JSONText(written)}
    decoded = {"outer": outer, "inner": json.loads(written)}

    rendered = JSONRenderer().render(spliced)

    assert json.loads(rendered) == json.loads(DrfJSONRenderer().render(decoded))
    assert "\u2028".encode() not in rendered and "\u2029".encode() not in rendered


def test_json_text_renders_in_an_indented_answer_and_beside_a_lone_surrogate():
    data = {"detail": "bad \ud800", "weeks": JSONText('[{"label":"W1"}]')}

    assert JSONRenderer().render(data) == b'{"detail":"bad \\ud800","weeks":[{"label":"W1"}]}'
    indented = JSONRenderer().render(data, "application/json; indent=2")
    assert json.loads(indented) == {"detail": "bad \ud800", "weeks": [{"label": "W1"}]}
