"""Progress of a long pick-up: tqdm's bar on a terminal, plain log lines elsewhere."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from tqdm import tqdm

log = logging.getLogger("digest")

#: Below this many files a pick-up is quick and shows no progress.
SHOW_FROM = 50


#: Seconds of work before a rate is logged: over the first file or two it says nothing.
RATE_AFTER = 0.5

#: Seconds between redraws of the bar on a terminal.
REDRAW = 0.1


def _bar(label: str, total: int, stream: TextIO) -> tqdm:
    """A tqdm bar of files without tqdm's monitor thread (a pick-up updates it often enough)."""
    from tqdm import tqdm  # imported when a terminal first shows a bar

    class Bar(tqdm):
        monitor_interval = 0

    return Bar(total=total, desc=label, unit="file", file=stream, mininterval=REDRAW, leave=True,
               dynamic_ncols=True)


class Progress:
    """Called as ``progress(done, total)``; a bar on a terminal, a log line every ``interval`` s otherwise."""

    def __init__(self, label: str, stream: TextIO | None = None, *, interval: float = 10.0,
                 clock: Callable[[], float] = time.monotonic):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval
        self.clock = clock
        self.started: float | None = None
        self.last = float("-inf")
        self.bar: tqdm | None = None

    def __call__(self, done: int, total: int) -> None:
        if total < SHOW_FROM:
            return
        if self.tty:
            self._draw(done, total)
        else:
            self._log(done, total)

    def _draw(self, done: int, total: int) -> None:
        """Move the bar to ``done``; it ends with a line break when all are done."""
        if self.bar is None or self.bar.total != total:
            if self.bar is not None:
                self.bar.close()
            self.bar = _bar(self.label, total, self.stream)
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.bar.close()
            self.bar = None

    def _log(self, done: int, total: int) -> None:
        """A log line every ``interval`` seconds and at the end, with the rate once it can be measured."""
        now = self.clock()
        if self.started is None:
            self.started = now
        if done < total and now - self.last < self.interval:
            return
        self.last = now
        elapsed = now - self.started
        rate = done / elapsed if elapsed >= RATE_AFTER else None  # none yet: it would be noise
        if rate:
            log.info("%s: %d of %d files, %.0f/s", self.label, done, total, rate)
        else:
            log.info("%s: %d of %d files", self.label, done, total)
