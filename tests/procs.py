"""Starting real `digest` processes in tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def env() -> dict[str, str]:
    """The environment for a child: our checkout first on the import path."""
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}


def start(*args: str, log: Path) -> subprocess.Popen:
    """Start `python -m digest ARGS`, its stdout and stderr into ``log``."""
    handle = open(log, "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen([sys.executable, "-m", "digest", *args], stdout=handle, stderr=subprocess.STDOUT,
                            env=env(), cwd=ROOT)


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m digest ARGS` to the end."""
    return subprocess.run([sys.executable, "-m", "digest", *args], capture_output=True, text=True,
                          env=env(), cwd=ROOT, timeout=timeout)


def wait_for(log: Path, text: str, timeout: float = 60, count: int = 1) -> str:
    """Wait until ``text`` appears ``count`` times in the log; return the log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        content = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        if content.count(text) >= count:
            return content
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not seen {count} times in {timeout} s; log:\n{content}")
