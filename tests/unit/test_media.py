"""Video links are judged from their text alone: https, an allowed host, one video (B5)."""

from __future__ import annotations

from urllib.parse import urlsplit
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.domain import InvalidValue, MediaHosts, media_link, safe_url, video_link
from builder.domain.media import MAX_URL_LENGTH, VIMEO_HOSTS, YOUTUBE_HOSTS

DEFAULT = MediaHosts()
WITH_OWN_HOST = MediaHosts.allowing(["media.example.org"])
YT = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.youtube.com/watch?v={YT}",
        f"https://youtube.com/watch?v={YT}&t=42s&list=PL123",
        f"https://m.youtube.com/watch?feature=share&v={YT}",
        f"https://youtu.be/{YT}",
        f"https://youtu.be/{YT}?si=tracking",
        f"https://www.youtube.com/embed/{YT}",
        f"https://www.youtube-nocookie.com/embed/{YT}",
        f"https://www.youtube.com/shorts/{YT}",
        f"https://www.youtube.com/live/{YT}",
        f"https://WWW.YouTube.com:443/watch?v={YT}#t=10",
    ],
)
def test_youtube_links_become_the_canonical_page_and_privacy_friendly_embed(url):
    assert video_link(url, DEFAULT) == {
        "provider": "youtube",
        "video_id": YT,
        "url": f"https://www.youtube.com/watch?v={YT}",
        "embed_url": f"https://www.youtube-nocookie.com/embed/{YT}",
    }


@pytest.mark.parametrize(
    ("url", "page", "embed"),
    [
        ("https://vimeo.com/76979871", "/76979871", "/76979871"),
        ("https://www.vimeo.com/76979871/", "/76979871", "/76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871", "/76979871", "/76979871"),
        ("https://player.vimeo.com/video/76979871", "/76979871", "/76979871"),
        ("https://vimeo.com/76979871/a1b2c3d4e5", "/76979871/a1b2c3d4e5", "/76979871?h=a1b2c3d4e5"),
        ("https://player.vimeo.com/video/76979871?h=a1b2c3d4e5&autoplay=1", "/76979871/a1b2c3d4e5",
         "/76979871?h=a1b2c3d4e5"),
    ],
)  # fmt: skip
def test_vimeo_links_keep_the_id_and_the_hash_of_an_unlisted_video(url, page, embed):
    assert video_link(url, DEFAULT) == {
        "provider": "vimeo",
        "video_id": "76979871",
        "url": f"https://vimeo.com{page}",
        "embed_url": f"https://player.vimeo.com/video{embed}",
    }


def test_a_configured_host_is_kept_as_written_without_query_or_fragment():
    link = video_link("https://Media.Example.org/videos/squat.mp4?token=x#t=3", WITH_OWN_HOST)

    assert link == {
        "provider": "media.example.org",
        "video_id": "videos/squat.mp4",
        "url": "https://media.example.org/videos/squat.mp4",
        "embed_url": "https://media.example.org/videos/squat.mp4",
    }


def test_a_configured_host_is_refused_where_it_is_not_configured():
    with pytest.raises(InvalidValue, match="allowed video host"):
        video_link("https://media.example.org/videos/squat.mp4", DEFAULT)


REFUSED = {
    "plain http": "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "file scheme": "file:///etc/passwd",
    "gopher scheme": "gopher://youtube.com/_dQw4w9WgXcQ",
    "data scheme": "data:text/html;base64,PHNjcmlwdD4=",
    "javascript scheme": "javascript:alert(1)//youtube.com",
    "ftp scheme": "ftp://youtube.com/video",
    "no scheme": "//www.youtube.com/watch?v=dQw4w9WgXcQ",
    "no host": "https:///watch?v=dQw4w9WgXcQ",
    "host as a subdomain of another": "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "host with a suffix": "https://youtube.com-watch.example/watch?v=dQw4w9WgXcQ",
    "similar host": "https://youtube.co/watch?v=dQw4w9WgXcQ",
    "prefixed host": "https://evilyoutube.com/watch?v=dQw4w9WgXcQ",
    "host with a trailing dot": "https://youtube.com./watch?v=dQw4w9WgXcQ",
    "greek omicron": "https://www.y\u03bfutube.com/watch?v=dQw4w9WgXcQ",
    "punycode look-alike": "https://xn--yutube-wqf.com/watch?v=dQw4w9WgXcQ",
    "vimeo look-alike": "https://vimeo.com.evil.example/76979871",
    "user and password": "https://user:secret@www.youtube.com/watch?v=dQw4w9WgXcQ",
    "user only": "https://user@youtu.be/dQw4w9WgXcQ",
    "allowed host as user name": "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
    "backslash trick": "https://evil.example\\@www.youtube.com/watch?v=dQw4w9WgXcQ",
    "loopback address": "https://127.0.0.1/watch?v=dQw4w9WgXcQ",
    "private address": "https://10.0.0.8/video",
    "link-local metadata address": "https://169.254.169.254/latest/meta-data/",
    "ipv6 literal": "https://[::1]/watch?v=dQw4w9WgXcQ",
    "decimal address": "https://2130706433/watch?v=dQw4w9WgXcQ",
    "hex address": "https://0x7f.0.0.1/watch?v=dQw4w9WgXcQ",
    "short address": "https://127.1/watch?v=dQw4w9WgXcQ",
    "non-standard port": "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
    "port 80": "https://youtu.be:80/dQw4w9WgXcQ",
    "empty port": "https://youtu.be:/dQw4w9WgXcQ",
    "port out of range": "https://youtu.be:99999/dQw4w9WgXcQ",
    "space inside": "https://www.youtube.com/watch?v=dQw4w9 WgXcQ",
    "newline inside": "https://www.youtu\nbe.com/watch?v=dQw4w9WgXcQ",
    "over-long": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&x=" + "a" * MAX_URL_LENGTH,
    "youtube redirect": "https://www.youtube.com/redirect?q=https%3A%2F%2Fevil.example",
    "youtube attribution redirect": "https://www.youtube.com/attribution_link?u=/watch",
    "channel page": "https://www.youtube.com/@coach",
    "malformed video id": "https://www.youtube.com/watch?v=short",
    "two video ids": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&v=aaaaaaaaaaa",
    "vimeo page that is no video": "https://vimeo.com/channels/staffpicks",
    "vimeo id with letters": "https://player.vimeo.com/video/abc",
    "unclosed ipv6 bracket": "https://[::1/watch",
}


@pytest.mark.parametrize("url", REFUSED.values(), ids=REFUSED.keys())
def test_links_of_every_dangerous_or_foreign_kind_are_refused(url):
    with pytest.raises(InvalidValue) as refused:
        video_link(url, WITH_OWN_HOST)

    assert refused.value.field == "url"


@pytest.mark.parametrize(
    "url",
    [
        "https://media.example.org/",
        "https://media.example.org/videos/../admin",
        "https://media.example.org/videos/%2e%2e/admin",
    ],
)
def test_a_configured_host_still_needs_a_plain_path_to_a_video(url):
    with pytest.raises(InvalidValue):
        video_link(url, WITH_OWN_HOST)


@pytest.mark.parametrize("value", [None, 42, b"https://youtu.be/dQw4w9WgXcQ", ["https://x"]])
def test_a_link_must_be_text(value):
    with pytest.raises(InvalidValue, match="must be text"):
        video_link(value, DEFAULT)


def test_captions_follow_the_same_rules_and_are_normalised():
    url = "https://Media.Example.org:443/captions/squat.de.vtt?v=2#top"

    assert safe_url(url, WITH_OWN_HOST, "captions_url") == (
        "https://media.example.org/captions/squat.de.vtt?v=2"
    )
    with pytest.raises(InvalidValue) as refused:
        safe_url("http://media.example.org/captions.vtt", WITH_OWN_HOST, "captions_url")
    assert refused.value.field == "captions_url"


def test_a_whole_media_link_carries_its_description_for_people_who_cannot_watch():
    media_id = uuid4()

    link = media_link(
        media_id=media_id,
        url="https://youtu.be/dQw4w9WgXcQ",
        hosts=WITH_OWN_HOST,
        captions_url="https://media.example.org/captions/squat.vtt",
        duration_s=95,
        licence="CC BY 4.0",
        attribution="  Coach Casey  ",
        description="Sit back and down, knees out.",
    )

    assert link == {
        "media_id": str(media_id),
        "provider": "youtube",
        "video_id": "dQw4w9WgXcQ",
        "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "embed_url": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "captions_url": "https://media.example.org/captions/squat.vtt",
        "duration_s": 95,
        "licence": "CC BY 4.0",
        "attribution": "Coach Casey",
        "description": "Sit back and down, knees out.",
    }


@pytest.mark.parametrize("duration", [0, -1, 10**9, True, "60"])
def test_a_duration_is_a_sensible_whole_number_of_seconds(duration):
    with pytest.raises(InvalidValue) as refused:
        media_link(
            media_id=uuid4(), url=f"https://youtu.be/{YT}", hosts=DEFAULT, duration_s=duration
        )

    assert refused.value.field == "duration_s"


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "-bad.example", "bad_host.example", "a" * 64 + ".example"]
)
def test_the_configured_allow_list_refuses_what_is_not_a_host_name(host):
    with pytest.raises(ValueError, match="not a host name"):
        MediaHosts.allowing([host])


def test_the_configured_allow_list_ignores_blanks_and_case():
    assert MediaHosts.allowing([" Media.Example.org ", ""]).extra == {"media.example.org"}


# -- properties -------------------------------------------------------------------------------

ALLOWED = YOUTUBE_HOSTS | VIMEO_HOSTS | WITH_OWN_HOST.extra
HOSTS = st.sampled_from(
    [
        *sorted(ALLOWED),
        "youtube.com.evil.example",
        "evil.example",
        "127.0.0.1",
        "[::1]",
        "2130706433",
        "vimeo.co",
        "media.example.org.evil.example",
        "",
    ]
)
URLS = st.builds(
    lambda scheme, user, host, port, path, query: f"{scheme}{user}{host}{port}{path}{query}",
    st.sampled_from(["https://", "http://", "HTTPS://", "file://", "data:", "", "https:"]),
    st.sampled_from(["", "user@", "user:pw@", "@"]),
    HOSTS,
    st.sampled_from(["", ":443", ":8080", ":", ":0", ":abc"]),
    st.one_of(
        st.sampled_from(["/watch", f"/{YT}", f"/embed/{YT}", "/76979871", "/video/76979871"]),
        st.text(max_size=30).map(lambda t: "/" + t),
    ),
    st.one_of(st.just(""), st.just(f"?v={YT}"), st.text(max_size=20).map(lambda t: "?" + t)),
)


def _accepted_host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


@given(st.one_of(URLS, st.text(max_size=200)))
def test_the_validator_refuses_only_with_invalid_value_and_accepts_only_allowed_hosts(url):
    try:
        link = video_link(url, WITH_OWN_HOST)
    except InvalidValue as refused:
        assert refused.field == "url"
        return
    assert url.lower().startswith("https://")
    assert _accepted_host(url) in ALLOWED
    assert urlsplit(link["url"]).hostname in ALLOWED
    assert urlsplit(link["embed_url"]).hostname in ALLOWED
    assert "@" not in urlsplit(link["url"]).netloc


@given(st.one_of(URLS, st.text(max_size=200)))
def test_captions_urls_obey_the_same_property(url):
    try:
        normalised = safe_url(url, WITH_OWN_HOST, "captions_url")
    except InvalidValue:
        return
    assert _accepted_host(url) in ALLOWED
    assert normalised.startswith("https://")
    assert urlsplit(normalised).hostname in ALLOWED
