"""Crontab expressions and intervals, turned into APScheduler 3 triggers with crontab meaning.

APScheduler 3 numbers weekdays from Monday = 0, while crontab has Sunday = 0 (and
7): its own ``CronTrigger.from_crontab('0 8 * * 1')`` fires on Tuesdays. We read
the weekday field the crontab way and hand APScheduler weekday names instead.
"""

from __future__ import annotations

import re
from datetime import timedelta, tzinfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_NAME_TO_NUMBER = {name: i for i, name in enumerate(DAY_NAMES)}
_INTERVAL = re.compile(r"\s*(\d+)\s*(second|minute|hour|day|week)s?\s*")


def _day_number(token: str) -> int:
    """A crontab weekday (0–7 or a name) as 0–6 with Sunday = 0."""
    token = token.strip().lower()
    if token.isdigit() and 0 <= int(token) <= 7:
        return int(token) % 7
    if token[:3] in _NAME_TO_NUMBER:
        return _NAME_TO_NUMBER[token[:3]]
    raise ValueError(f"expected a weekday 0-7 or a name such as 'mon', got {token!r}")


def crontab_weekdays(field: str) -> str:
    """A crontab day-of-week field ('1-5', '0,6', '*/2', 'mon') as APScheduler weekday names."""
    if field.strip() == "*":
        return "*"
    days: set[int] = set()
    for part in field.split(","):
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"expected a positive step, got {part!r}")
        if base == "*":
            first, last = 0, 6
        elif "-" in base:
            low, high = base.split("-", 1)
            first, last = _day_number(low), _day_number(high)
            if high.strip() == "7":
                last = 7  # '5-7' means Friday to Sunday
        else:
            first = last = _day_number(base)
        if last < first:
            raise ValueError(f"expected a range from low to high, got {part!r}")
        days.update(d % 7 for d in range(first, last + 1, step))
    return ",".join(DAY_NAMES[d] for d in sorted(days))


def cron_trigger(expression: str, tz: tzinfo) -> CronTrigger:
    """A trigger for a five-field crontab expression in the given time zone; ValueError if invalid."""
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"expected 5 fields, got {expression!r}")
    minute, hour, day, month, weekday = fields
    try:
        return CronTrigger(minute=minute, hour=hour, day=day, month=month,
                           day_of_week=crontab_weekdays(weekday), timezone=tz)
    except ValueError as exc:
        raise ValueError(f"not a valid cron expression {expression!r}: {exc}") from None


def interval(text: str) -> timedelta:
    """'10 minutes', '1 hour', '2 days' as a timedelta; ValueError if not of that form."""
    match = _INTERVAL.fullmatch(text)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"expected an interval such as '10 minutes', got {text!r}")
    return timedelta(**{f"{match.group(2)}s": int(match.group(1))})


def make_trigger(cron: str | None, every: str | None, tz: tzinfo) -> BaseTrigger:
    """The trigger of a job: its cron expression, else its interval."""
    if cron is not None:
        return cron_trigger(cron, tz)
    assert every is not None
    return IntervalTrigger(seconds=interval(every).total_seconds(), timezone=tz)
