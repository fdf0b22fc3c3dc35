"""Progress of a long pick-up: a bar with counts and rate on a terminal, plain log lines elsewhere."""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

log = logging.getLogger("digest")

#: Below this many files a pick-up is quick and shows no progress.
SHOW_FROM = 50


#: Seconds of work before a rate is shown: over the first file or two it says nothing.
RATE_AFTER = 0.5


class Progress:
    """Called as ``progress(done, total)``; draws on a terminal, logs every ``interval`` s otherwise."""

    def __init__(self, label: str, stream: TextIO | None = None, *, interval: float = 10.0,
                 width: int = 30, clock=time.monotonic):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval
        self.width = width
        self.clock = clock
        self.started: float | None = None
        self.last = float("-inf")

    def __call__(self, done: int, total: int) -> None:
        if total < SHOW_FROM:
            return
        now = self.clock()
        if self.started is None:
            self.started = now
        finished = done >= total
        if not finished and now - self.last < (0.1 if self.tty else self.interval):
            return
        self.last = now
        elapsed = now - self.started
        rate = done / elapsed if elapsed >= RATE_AFTER else None  # none yet: it would be noise
        if self.tty:
            filled = int(self.width * done / total)
            bar = "#" * filled + "." * (self.width - filled)
            speed = f", {rate:.0f}/s" if rate else ""
            eta = f", {max(total - done, 0) / rate:.0f} s left" if rate and not finished else ""
            self.stream.write(f"\r{self.label} [{bar}] {done}/{total} files{speed}{eta}")
            if finished:
                self.stream.write("\n")
            self.stream.flush()
        elif rate:
            log.info("%s: %d of %d files, %.0f/s", self.label, done, total, rate)
        else:
            log.info("%s: %d of %d files", self.label, done, total)
