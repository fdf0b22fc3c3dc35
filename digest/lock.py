"""One writer at a time: an exclusive lock beside the state file, naming the pid that holds it."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path
from types import TracebackType

from .errors import BusyError

POLL_SECONDS = 0.1


class StateLock:
    """An advisory ``flock`` on ``<state>.lock``; the kernel frees it when its process dies."""

    def __init__(self, state: Path):
        self.path = state.with_name(state.name + ".lock")
        self._fd: int | None = None

    def holder(self) -> int | None:
        """The pid written by the process holding (or last holding) the lock, if readable."""
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    def acquire(self, wait: float = 0.0, stop: threading.Event | None = None) -> bool:
        """Take the lock, waiting up to ``wait`` seconds; BusyError naming the holder if not.

        Returns True once held, or False without the lock when ``stop`` is set before it
        could be taken (a service told to stop while it waits).
        """
        if stop is not None and stop.is_set():
            return False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    os.close(fd)
                    raise BusyError(self.path, self.holder()) from None
                if stop is None:
                    time.sleep(min(POLL_SECONDS, left))
                elif stop.wait(min(POLL_SECONDS, left)):
                    os.close(fd)
                    return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd
        return True

    def is_held(self) -> bool:
        """Whether a process holds the lock now; tested with a shared try that never waits or writes."""
        return held_contents(self.path) is not None

    def release(self) -> None:
        """Give the lock up."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> StateLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def held_contents(path: Path) -> bytes | None:
    """What a lock file says (its first 4 KiB) while another process holds an flock on it; else None.

    Tested with a shared try that never waits or writes: a missing or free lock is None.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return os.pread(fd, 4096, 0)
    finally:
        os.close(fd)  # closing the file also gives up the shared lock, if it was taken
    return None
