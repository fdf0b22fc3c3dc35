"""Named exceptions, all under one base class so the CLI can turn them into one line."""

from __future__ import annotations

import errno
import os


class DigestError(Exception):
    """Base class of every error this package raises on purpose."""


class ConfigError(DigestError):
    """Raised when schedule.yaml is missing, unreadable or invalid; carries every problem."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}: {p}" for p in problems))


class InboxError(DigestError):
    """Raised when the inbox folder does not exist or is not a folder."""


class ReadError(DigestError):
    """Raised when one inbox file cannot be read; the run skips it and goes on."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class StoreError(DigestError):
    """Raised when the SQLite state file cannot be opened or is not ours."""


class TemplateError(DigestError):
    """Raised when a template is missing or fails to render."""


class BusyError(DigestError):
    """Raised when another process holds the state lock."""

    def __init__(self, lock_path: object, pid: int | None):
        self.lock_path = lock_path
        self.pid = pid
        who = f"pid {pid}" if pid else "another process"
        super().__init__(
            f"{lock_path}: another digest process ({who}) is working on this state; "
            "wait for it to finish, or pass --wait SECONDS"
        )


class StateDamagedError(StoreError):
    """Raised when the state file is damaged (SQLite reports it malformed or not a database).

    The message names the state file and the way to recover (`digest recover`).
    """

    def __init__(self, path: object, detail: str):
        self.path = path
        self.detail = detail
        super().__init__(
            f"{path}: the state file is damaged ({detail}); stop any running service, then run "
            f"`digest recover` to salvage what can be read into a fresh state (the damaged file is kept "
            f"beside it) and re-read the inbox for the rest"
        )


class ForeignStateError(StoreError):
    """Raised when the state path points at a file that is not a news-digest state; it is left untouched."""


class EnvironmentProblem(DigestError):
    """Raised when the system refuses what we need: read-only or full disk, permission denied.

    Not a bug: the message names the path and what to do; nothing stored is lost.
    """

    def __init__(self, path: object, what: str, fix: str):
        self.path = path
        self.what = what
        self.fix = fix
        super().__init__(f"{path}: {what}; {fix}")


def state_error(path: object, exc: BaseException) -> DigestError:
    """Our error for a ``sqlite3`` error on the state file at ``path``: damaged, or the environment.

    'database or disk is full', 'readonly database', 'unable to open' and I/O errors come
    from the system (EnvironmentProblem); 'malformed' and 'not a database' mean the file
    is damaged (StateDamagedError). Anything else is also reported as damage, since a
    state we cannot query is one we cannot trust.
    """
    text = str(exc)
    lowered = text.lower()
    if "database is locked" in lowered or "database table is locked" in lowered or "busy" in lowered:
        return EnvironmentProblem(path, f"the state file stayed locked by another process ({text})",
                                  "wait for the other process (a `digest` command, a backup, an sqlite3 "
                                  "shell) to finish and run again; the state is not damaged")
    if "disk is full" in lowered or "no space" in lowered:
        return EnvironmentProblem(path, "the disk holding the state file is full",
                                  "free some space and run again; nothing stored was lost")
    if "readonly" in lowered or "read-only" in lowered:
        return EnvironmentProblem(path, f"the state file or its folder is read-only ({text})",
                                  "make both writable by this user (owner, mode, mount, immutable flag: "
                                  "lsattr -d), or point 'state:' elsewhere, and run again; "
                                  "nothing stored was lost")
    if "unable to open" in lowered or "permission" in lowered or "access" in lowered:
        return EnvironmentProblem(path, f"cannot open the state file or create its journal beside it "
                                        f"({text})",
                                  "check that its folder exists and is writable by this user (owner, mode, "
                                  "mount, immutable flag: lsattr -d), and run again; nothing stored was lost")
    if "disk i/o" in lowered:
        if _nearly_full(path):  # SQLite says I/O error when it cannot grow its shared-memory file
            return EnvironmentProblem(path, f"the disk holding the state file is full ({text})",
                                      "free some space and run again; nothing stored was lost")
        name = getattr(exc, "sqlite_errorname", "")  # SQLITE_IOERR_WRITE, ..._SHMSIZE, ...
        detail = f"{text}, {name}" if name else text
        return EnvironmentProblem(path, f"the disk reported an I/O error ({detail})",
                                  "check the disk (dmesg), then run again")
    return StateDamagedError(path, text)


def _nearly_full(path: object) -> bool:
    """Whether the file system holding ``path`` has less than 1 MiB left for this user."""
    try:
        stat = os.statvfs(os.path.dirname(os.path.abspath(str(path))))
    except OSError:
        return False
    blocks = stat.f_bfree if os.geteuid() == 0 else stat.f_bavail
    return blocks * stat.f_frsize < 1 << 20


#: errno values that mean "the system will not let us write here", and "there is no room".
_REFUSED = {errno.EACCES, errno.EPERM}
_FULL = {errno.ENOSPC, errno.EDQUOT}


def os_problem(path: object, exc: OSError, *, elsewhere: str = "") -> EnvironmentProblem:
    """Our error for an ``OSError`` on ``path``: what the system refused and what to do.

    ``elsewhere`` names another way out ("or point 'state:' in the config elsewhere").
    """
    other = f", {elsewhere}," if elsewhere else ""
    kept = "; nothing stored was lost"
    if exc.errno in _FULL:
        what = "the disk is full" if exc.errno == errno.ENOSPC else "the disk quota is exceeded"
        return EnvironmentProblem(path, what, f"free some space{other} and run again{kept}")
    if exc.errno == errno.EROFS:
        return EnvironmentProblem(path, "the file system is read-only",
                                  f"remount it read-write{other} and run again{kept}")
    if exc.errno in _REFUSED:
        what = "permission denied" + (" (operation not permitted)" if exc.errno == errno.EPERM else "")
        return EnvironmentProblem(path, what, f"make its folder writable by this user (owner, mode, "
                                              f"immutable flag: lsattr -d){other} and run again{kept}")
    return EnvironmentProblem(path, (exc.strerror or str(exc)).lower(),
                              f"check the path{other} and run again{kept}")
