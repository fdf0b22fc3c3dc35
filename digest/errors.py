"""Named exceptions, all under one base class so the CLI can turn them into one line."""

from __future__ import annotations


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
