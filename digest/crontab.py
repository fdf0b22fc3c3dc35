"""Crontab expressions and intervals read without APScheduler, for loading the config quickly.

`digest run` validates every job of the config but never schedules one, so it must not
pay for importing APScheduler (a fifth of a second). :func:`check_cron` accepts the
plain expressions (numbers, ranges, steps, lists, weekday names) by itself and leaves
everything else to APScheduler (`cron.cron_trigger`), whose message then names the problem.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_NAME_TO_NUMBER = {name: i for i, name in enumerate(DAY_NAMES)}
_INTERVAL = re.compile(r"\s*(\d+)\s*(second|minute|hour|day|week)s?\s*")
#: The lowest and highest value of the minute, hour, day and month fields (as APScheduler has them).
FIELD_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12))
_PLAIN_PART = re.compile(r"(?:\*|(?P<first>[0-9]+)(?:-(?P<last>[0-9]+))?)(?:/(?P<step>[0-9]+))?")


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


def _plain_part(part: str, low: int, high: int) -> bool:
    """Whether one comma-separated part of a field ('*/15', '1-5', '7/2', '0-30/10') is surely valid."""
    match = _PLAIN_PART.fullmatch(part)
    if match is None:
        return False
    first_text, last_text, step_text = match.group("first", "last", "step")
    first = low if first_text is None else int(first_text)
    last = int(last_text) if last_text is not None else first if first_text and not step_text else high
    if not low <= first <= last <= high:
        return False
    return step_text is None or 1 <= int(step_text) <= last - first


def _plain(expression: str) -> bool:
    """Whether a crontab expression is surely valid without asking APScheduler (False: ask it)."""
    fields = expression.split()
    if len(fields) != 5:
        return False
    for field, (low, high) in zip(fields, FIELD_RANGES, strict=False):
        if not all(_plain_part(part, low, high) for part in field.split(",")):
            return False
    try:
        crontab_weekdays(fields[4])
    except ValueError:
        return False
    return True


def check_cron(expression: str) -> None:
    """Validate a five-field crontab expression; ValueError saying what is wrong (as `cron.cron_trigger`)."""
    if not _plain(expression):
        from .cron import cron_trigger  # APScheduler: only for what is not plainly valid

        cron_trigger(expression, UTC)


def interval(text: str) -> timedelta:
    """'10 minutes', '1 hour', '2 days' as a timedelta; ValueError if not of that form."""
    match = _INTERVAL.fullmatch(text)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"expected an interval such as '10 minutes', got {text!r}")
    return timedelta(**{f"{match.group(2)}s": int(match.group(1))})
