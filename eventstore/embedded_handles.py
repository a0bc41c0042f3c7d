"""pgserver's handle file, `.handle_pids.json` in the server's folder: the ids of the processes
using the server, which pgserver reads at every start and rewrites in place.

A process stopped while it is being rewritten leaves it empty or cut short, and pgserver then
fails at every start. It decides nothing here (pgserver never stops this server), so it is
repaired before each start: what cannot be read is dropped, and so are processes that exited.
"""

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NAME = ".handle_pids.json"


@contextmanager
def one_start_at_a_time(data_dir: Path) -> Iterator[None]:
    """Holds off the other processes starting the server of `data_dir` until the block ends."""
    with open(data_dir / ".postgres-start.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def repair(pgdata: Path) -> None:
    """Rewrite the handle file, if there is one, as the list of the live processes it names."""
    path = pgdata / NAME
    if path.exists():
        replacement = path.with_name(f"{NAME}.new")
        replacement.write_text(json.dumps([pid for pid in _listed(path) if _alive(pid)]))
        # Renamed into place: a process stopped meanwhile leaves the old file or the new one.
        os.replace(replacement, path)


def _listed(path: Path) -> list[int]:
    """The process ids the file holds; none when it is not a list of them."""
    try:
        listed = json.loads(path.read_text(errors="replace"))
    except ValueError:
        return []
    if not isinstance(listed, list):
        return []
    return [pid for pid in listed if type(pid) is int and pid > 0]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # another user's process
        return True
    return True
