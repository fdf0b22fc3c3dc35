"""The span of a digest: light enough for a run that finds nothing new to import it alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class Window:
    """The span of a digest in naive local time: [start, end); start None means 'from the start'."""

    start: datetime | None
    end: datetime

    def contains(self, moment: datetime) -> bool:
        return moment < self.end and (self.start is None or moment >= self.start)


def day_window(day: date, previous_end: datetime | None, first_days: int) -> Window:
    """A digest for ``day`` covers what came since the previous digest, else ``first_days`` days."""
    end = datetime.combine(day + timedelta(days=1), time())
    start = previous_end if previous_end is not None else end - timedelta(days=first_days)
    return Window(start, end)
