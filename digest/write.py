"""Atomic output files: write a temporary file in the same folder, flush it, then rename."""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path

from .errors import os_problem


def remove_stale_temporaries(path: Path) -> int:
    """Remove temporary siblings of ``path`` left by a writer that was killed; return how many.

    Call only while holding the state lock: another live writer's temporary file
    would go too.
    """
    removed = 0
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            stale.unlink()
            removed += 1
        except OSError:
            pass  # gone already, or the folder refuses: the write that follows says so
    return removed


def atomic_write(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically; return False (and touch nothing) if it is unchanged.

    EnvironmentProblem naming ``path`` when the system refuses (read-only, immutable or
    full folder, permission denied); the old file, if any, is left as it was, and no
    temporary file is left behind.
    """
    try:
        return _write(path, text.encode("utf-8"))
    except OSError as exc:
        raise os_problem(path, exc) from None


def _write(path: Path, data: bytes) -> bool:
    """Compare, write a temporary sibling, flush, rename; OSError as the system gives it."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass  # the error that brought us here is the one to report
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return True
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
    return True
