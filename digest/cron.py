"""Crontab expressions and intervals, turned into APScheduler 3 triggers with crontab meaning.

Imported only to schedule jobs (`digest serve`, `digest status`); reading the expressions
without APScheduler, as loading the config does, is `crontab.py`.

APScheduler 3 numbers weekdays from Monday = 0, while crontab has Sunday = 0 (and
7): its own ``CronTrigger.from_crontab('0 8 * * 1')`` fires on Tuesdays. We read
the weekday field the crontab way and hand APScheduler weekday names instead.

On the days the clocks change, APScheduler's own CronTrigger misbehaves: in the
repeated hour it returns the same fire time again and again (an hourly job never
gets past 02:00+01:00), and in the missing hour it returns a time that does not
exist. :class:`LocalCronTrigger` matches the expression against wall-clock times
and turns each match into real instants, each strictly later than the one before.
What a match means on those days (the way Vixie cron does it):

- a job with a fixed minute and hour (``30 2 * * *``) runs once a day: in the
  repeated hour at the first 02:30 (still summer time), in the missing hour once
  when the clock jumps (03:00 summer time);
- a job whose minute or hour field starts with ``*`` (``0 * * * *``, ``*/15 * * * *``)
  keeps its rhythm in real time: the repeated hour is run through twice (once in
  each offset), the missing hour not at all.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from .crontab import DAY_NAMES, crontab_weekdays, interval

__all__ = ["DAY_NAMES", "LocalCronTrigger", "cron_trigger", "crontab_weekdays", "interval", "make_trigger"]

log = logging.getLogger("digest.cron")

#: How far a clock change may move local time; wall-clock matches this far around are looked at.
CLOCK_SHIFT = timedelta(hours=3)
#: Wall-clock matches looked at for one fire time, at most (a minutely job needs about 400).
MAX_STEPS = 20_000


class LocalCronTrigger(BaseTrigger):
    """A crontab trigger in a time zone whose fire times are real instants, also when clocks change."""

    def __init__(self, expression: str, tz: tzinfo):
        fields = expression.split()
        if len(fields) != 5:
            raise ValueError(f"expected 5 fields, got {expression!r}")
        minute, hour, day, month, weekday = fields
        try:  # matches wall-clock times written as UTC, where no hour is missing or repeated
            self.wall = CronTrigger(minute=minute, hour=hour, day=day, month=month,
                                    day_of_week=crontab_weekdays(weekday), timezone=UTC)
        except ValueError as exc:
            raise ValueError(f"not a valid cron expression {expression!r}: {exc}") from None
        self.expression = expression
        self.timezone = tz
        self.fixed_time = not (minute.startswith("*") or hour.startswith("*"))

    def __str__(self) -> str:
        return f"cron[{self.expression}]"

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        """The first fire time at or after ``now``, or right after ``previous_fire_time`` when given."""
        # in UTC: adding to a local time in the repeated hour would drop its fold and go back an hour
        start = (now.astimezone(UTC) if previous_fire_time is None
                 else previous_fire_time.astimezone(UTC) + timedelta(microseconds=1))
        best = self._soon_after(start)
        if best is not None:
            return best.astimezone(self.timezone)
        for steps, wall in enumerate(self._walls(_wall_time(start, self.timezone) - CLOCK_SHIFT)):
            if best is not None and wall > _wall_time(best, self.timezone) + CLOCK_SHIFT:
                break
            if steps >= MAX_STEPS:
                log.error("%s: no fire time after %s found in %d steps", self, start.isoformat(), steps)
                break
            later = [moment for moment in self.instants(wall) if moment >= start]
            if later and (best is None or min(later) < best):
                best = min(later)
        return best.astimezone(self.timezone) if best is not None else None

    def _soon_after(self, start: datetime) -> datetime | None:
        """The fire time after ``start`` when it is near and no clock change lies between; else None.

        Then the wall-clock order is the real order, and the first match is the answer:
        the quick path for frequent jobs, which would otherwise look hours around.
        """
        wall = next(self._walls(_wall_time(start, self.timezone)), None)
        later = [moment for moment in self.instants(wall) if moment >= start] if wall else []
        if not later or min(later) - start > CLOCK_SHIFT:
            return None
        offset = self.timezone.utcoffset
        soon = min(later)
        same = offset(soon.astimezone(self.timezone)) == offset(start.astimezone(self.timezone))
        return soon if same else None

    def _walls(self, wall: datetime) -> Iterator[datetime]:
        """The wall-clock times (naive) matching the expression from ``wall`` on, in order."""
        moment = self.wall.get_next_fire_time(None, wall.replace(tzinfo=UTC))
        while moment is not None:
            yield moment.replace(tzinfo=None)
            moment = self.wall.get_next_fire_time(moment, moment + timedelta(seconds=1))

    def instants(self, wall: datetime) -> list[datetime]:
        """The instants (UTC) at which a matching wall-clock time fires: none, one or two."""
        first = wall.replace(tzinfo=self.timezone, fold=0).astimezone(UTC)
        second = wall.replace(tzinfo=self.timezone, fold=1).astimezone(UTC)
        if first == second:
            return [first]
        if _wall_time(first, self.timezone) == wall:  # the repeated hour: first is summer time
            return [first] if self.fixed_time else [first, second]
        return [_clock_jump(second, first, self.timezone)] if self.fixed_time else []  # the missing hour


def _wall_time(moment: datetime, tz: tzinfo) -> datetime:
    """The local wall-clock time of an instant, without its zone."""
    return moment.astimezone(tz).replace(tzinfo=None)


def _clock_jump(before: datetime, after: datetime, tz: tzinfo) -> datetime:
    """The instant (UTC, whole seconds) at which the clock jumps forward, in (before, after]."""
    low, high = int(before.timestamp()), math.ceil(after.timestamp())
    new_offset = after.astimezone(tz).utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(tz).utcoffset() == new_offset:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def cron_trigger(expression: str, tz: tzinfo) -> LocalCronTrigger:
    """A trigger for a five-field crontab expression in the given time zone; ValueError if invalid."""
    return LocalCronTrigger(expression, tz)


def make_trigger(cron: str | None, every: str | None, tz: tzinfo,
                 start: datetime | None = None) -> BaseTrigger:
    """The trigger of a job: its cron expression, else its interval (first at ``start``, default now + it).

    Intervals are counted in real time (seconds since the epoch), so clock changes do not move them.
    """
    if cron is not None:
        return cron_trigger(cron, tz)
    assert every is not None
    return IntervalTrigger(seconds=interval(every).total_seconds(), timezone=tz, start_date=start)
