"""The projection worker's liveness: a file it touches while its threads run, and its age."""

from __future__ import annotations

import time
from pathlib import Path


def beat(path: Path) -> None:
    """Record that the worker is alive now."""
    path.touch()


def stop(path: Path) -> None:
    """A worker that stops is no longer alive."""
    path.unlink(missing_ok=True)


def age(path: Path) -> float | None:
    """Seconds since the last beat; None when there has been none."""
    try:
        return time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return None
