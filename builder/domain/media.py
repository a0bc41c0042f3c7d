"""Demonstration video links: judged and normalised from the URL text alone, never fetched.

The server never opens a link (no redirect is followed, no host is resolved): a link is
accepted only when its text names an allowed host over https, and YouTube and Vimeo links are
rebuilt from the video id alone, so whatever else the text held (tracking or redirect
parameters, odd paths) is dropped. The allow-list is passed in; the domain reads no settings.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, parse_qs, urlsplit

from builder.domain import fields
from builder.domain.errors import InvalidValue

MAX_URL_LENGTH = 2048
LICENCE_MAX = 100
ATTRIBUTION_MAX = 200
DESCRIPTION_MAX = 2000
MAX_DURATION_S = 4 * 3600

YOUTUBE_HOSTS = frozenset(
    {
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "youtube-nocookie.com",
        "www.youtube-nocookie.com",
        "youtu.be",
    }
)
VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"})

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_PATH = re.compile(r"/(?:embed|shorts|live|v)/([A-Za-z0-9_-]{11})/?")
_VIMEO_PATH = re.compile(
    r"/(?:channels/[A-Za-z0-9_-]{1,64}/)?([0-9]{1,12})(?:/([0-9a-f]{6,20}))?/?"
)
_VIMEO_PLAYER_PATH = re.compile(r"/video/([0-9]{1,12})/?")
_VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_NUMERIC_LABEL = re.compile(r"0x[0-9a-f]*|[0-9]+")
# Printable ASCII without space; everything else (whitespace, controls, look-alike letters
# from other scripts) is refused before parsing.
_PLAIN = re.compile(r"[\x21-\x7e]*")


@dataclass(frozen=True)
class MediaHosts:
    """The hosts links may point to: YouTube, Vimeo and the configured extra hosts."""

    extra: frozenset[str] = frozenset()

    @classmethod
    def allowing(cls, hosts: Iterable[str]) -> MediaHosts:
        """The default providers plus `hosts` (exact host names); ValueError on a bad name."""
        extra = set()
        for host in hosts:
            name = host.strip().lower()
            if name and not _is_host_name(name):
                msg = f"not a host name for the media allow-list: {host!r}"
                raise ValueError(msg)
            if name:
                extra.add(name)
        return cls(frozenset(extra))

    def allows(self, host: str) -> bool:
        return host in YOUTUBE_HOSTS or host in VIMEO_HOSTS or host in self.extra


def video_link(url: Any, hosts: MediaHosts, field: str = "url") -> dict[str, str]:
    """`{provider, video_id, url, embed_url}` for a video link, or InvalidValue saying why not.

    YouTube and Vimeo links become the provider's canonical page and embed addresses;
    a link to a configured host is kept as it is (https, host lower-cased, no query).
    """
    parts = _checked(url, hosts, field)
    host = parts.hostname or ""
    if host in YOUTUBE_HOSTS:
        return _youtube(parts, field)
    if host in VIMEO_HOSTS:
        return _vimeo(parts, field)
    return _hosted(parts, field)


def safe_url(url: Any, hosts: MediaHosts, field: str) -> str:
    """An https URL on an allowed host (e.g. captions), normalised: no port, no fragment."""
    parts = _checked(url, hosts, field)
    path = _path(parts, field)
    query = f"?{parts.query}" if parts.query else ""
    return f"https://{parts.hostname}{path}{query}"


def media_link(
    *,
    media_id: Any,
    url: Any,
    hosts: MediaHosts,
    captions_url: Any = None,
    duration_s: Any = None,
    licence: Any = "",
    attribution: Any = "",
    description: Any = "",
) -> dict[str, Any]:
    """A whole media link as events store it (JSON-safe; the id as text)."""
    return {
        "media_id": str(fields.uuid(media_id, "media_id")),
        **video_link(url, hosts),
        "captions_url": None
        if captions_url is None
        else safe_url(captions_url, hosts, "captions_url"),
        "duration_s": fields.whole(duration_s, "duration_s", 1, MAX_DURATION_S, optional=True),
        "licence": fields.line(licence, "licence", LICENCE_MAX),
        "attribution": fields.line(attribution, "attribution", ATTRIBUTION_MAX),
        "description": fields.text(description, "description", DESCRIPTION_MAX).strip(),
    }


# -- the checks every link passes -------------------------------------------------------------


def _checked(url: Any, hosts: MediaHosts, field: str) -> SplitResult:
    if not isinstance(url, str):
        raise InvalidValue(field, "not-text")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidValue(field, "too-long", count=MAX_URL_LENGTH)
    if not _PLAIN.fullmatch(url) or "\\" in url:
        raise InvalidValue(field, "not-plain-url")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise InvalidValue(field, "not-url") from None
    if parts.scheme.lower() != "https":
        raise InvalidValue(field, "not-https")
    host = parts.hostname or ""
    if "@" in parts.netloc:
        raise InvalidValue(field, "has-credentials")
    if not host:
        raise InvalidValue(field, "no-host")
    if parts.netloc.startswith("[") or _is_ip_literal(host):
        raise InvalidValue(field, "ip-address-host")
    if (port is not None and port != 443) or parts.netloc.lower() not in (host, f"{host}:443"):
        raise InvalidValue(field, "has-port")
    if not hosts.allows(host):
        raise InvalidValue(field, "host-not-allowed")
    return parts


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        # Also the forms some resolvers accept as addresses: 127.1, 0x7f.1, 2130706433.
        return all(_NUMERIC_LABEL.fullmatch(label) for label in host.split("."))
    return True


def _is_host_name(name: str) -> bool:
    labels = name.split(".")
    return (
        len(name) <= 253
        and len(labels) >= 2
        and all(_LABEL.fullmatch(label) for label in labels)
        and not _is_ip_literal(name)
    )


def _path(parts: SplitResult, field: str) -> str:
    segments = parts.path.split("/")
    if any(s in (".", "..") or s.lower().startswith("%2e") for s in segments):
        raise InvalidValue(field, "dot-segments")
    return parts.path or "/"


# -- providers --------------------------------------------------------------------------------


def _youtube(parts: SplitResult, field: str) -> dict[str, str]:
    video_id = None
    if parts.hostname == "youtu.be":
        candidate = parts.path.removeprefix("/").removesuffix("/")
        video_id = candidate if _YOUTUBE_ID.fullmatch(candidate) else None
    elif parts.path in ("/watch", "/watch/"):
        values = parse_qs(parts.query).get("v", [])
        video_id = values[0] if len(values) == 1 and _YOUTUBE_ID.fullmatch(values[0]) else None
    elif match := _YOUTUBE_PATH.fullmatch(parts.path):
        video_id = match.group(1)
    if video_id is None:
        raise InvalidValue(field, "not-youtube-video")
    return {
        "provider": "youtube",
        "video_id": video_id,
        "url": f"https://www.youtube.com/watch?v={video_id}",
        "embed_url": f"https://www.youtube-nocookie.com/embed/{video_id}",
    }


def _vimeo(parts: SplitResult, field: str) -> dict[str, str]:
    video_id = secret = None
    if parts.hostname == "player.vimeo.com":
        if match := _VIMEO_PLAYER_PATH.fullmatch(parts.path):
            video_id = match.group(1)
            values = parse_qs(parts.query).get("h", [])
            secret = values[0] if len(values) == 1 and _VIMEO_HASH.fullmatch(values[0]) else None
    elif match := _VIMEO_PATH.fullmatch(parts.path):
        video_id, secret = match.group(1), match.group(2)
    if video_id is None:
        raise InvalidValue(field, "not-vimeo-video")
    # The hash of an unlisted video is part of its address; without it the video won't play.
    return {
        "provider": "vimeo",
        "video_id": video_id,
        "url": f"https://vimeo.com/{video_id}" + (f"/{secret}" if secret else ""),
        "embed_url": f"https://player.vimeo.com/video/{video_id}"
        + (f"?h={secret}" if secret else ""),
    }


def _hosted(parts: SplitResult, field: str) -> dict[str, str]:
    path = _path(parts, field)
    if path == "/":
        raise InvalidValue(field, "not-a-video")
    url = f"https://{parts.hostname}{path}"
    return {"provider": parts.hostname or "", "video_id": path[1:], "url": url, "embed_url": url}
