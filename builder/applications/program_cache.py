"""Programs as this process last committed them, lent to one command at a time."""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from uuid import UUID

from builder.domain import Program


class ProgramCache:
    """A bounded LRU of committed programs, so that a command need not replay its program.

    A command takes its program out, so no other thread sees it while it changes; it goes back
    only when the command's transaction commits. A refused or rolled-back command leaves nothing
    behind and the next command loads from the store. The library's own cache cannot give that
    guarantee without deep-copying the whole tree on every read, which costs more than a replay.
    """

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._programs: OrderedDict[UUID, Program] = OrderedDict()
        self._lock = Lock()
        self._erasures: int | None = None

    def take(self, program_id: UUID, erasures: int | None = None) -> Program | None:
        """The cached program, unless someone was erased since (`erasures` is the ledger's count):
        a cached program may hold their text in the clear, so then the whole cache goes."""
        with self._lock:
            if erasures is not None and erasures != self._erasures:
                self._programs.clear()
                self._erasures = erasures
                return None
            return self._programs.pop(program_id, None)

    def __len__(self) -> int:
        return len(self._programs)

    def clear(self) -> None:
        with self._lock:
            self._programs.clear()

    def put(self, program: Program) -> None:
        if self.maxsize <= 0:
            return
        with self._lock:
            current = self._programs.get(program.id)
            if current is not None and current.version > program.version:
                return  # a later commit of this process is already here
            self._programs[program.id] = program
            self._programs.move_to_end(program.id)
            while len(self._programs) > self.maxsize:
                self._programs.popitem(last=False)
