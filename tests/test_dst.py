"""The days the clocks change in Europe/Berlin: 2026-03-29 (02:00 -> 03:00) and 2026-10-25 (03:00 -> 02:00).

Every computation runs under a deadline (signal.alarm), so a fire time that stops
advancing fails the test instead of hanging it.
"""

import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.base import BaseTrigger

from digest import service
from digest.config import load_config
from digest.cron import cron_trigger, make_trigger
from digest.schedule import build_scheduler

from .helpers import deadline

BERLIN = ZoneInfo("Europe/Berlin")
SPRING = (2026, 3, 29)
AUTUMN = (2026, 10, 25)


def at(day: tuple[int, int, int], hour: int, minute: int = 0, *, winter: bool = False) -> datetime:
    """A Berlin time on a day; ``winter`` picks the second 02:xx of the day the clocks go back."""
    return datetime(*day, hour, minute, tzinfo=BERLIN, fold=int(winter))


def next_midnight(day: tuple[int, int, int]) -> datetime:
    """Midnight at the end of a day."""
    return datetime(*day, tzinfo=BERLIN) + timedelta(days=1)


def later(moment: datetime, seconds: float) -> datetime:
    """A Berlin time some real seconds after an instant (local arithmetic would lose the fold)."""
    return (moment.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(BERLIN)


def shown(moment: datetime) -> str:
    """'02:30+01:00' for a fire time: its local time and offset."""
    return moment.isoformat()[11:16] + moment.isoformat()[19:]


def fire_times(trigger, start: datetime, end: datetime) -> list[datetime]:
    """Successive fire times from ``start`` up to ``end``, asked the way the scheduler asks."""
    moments = []
    moment = trigger.get_next_fire_time(None, start)
    while moment is not None and moment.astimezone(UTC) < end.astimezone(UTC):
        moments.append(moment)
        moment = trigger.get_next_fire_time(moment, moment)
    return moments


@pytest.mark.parametrize("expression, start, end, expected", [
    ("0 * * * *", at(SPRING, 0), at(SPRING, 5), ["00:00+01:00", "01:00+01:00", "03:00+02:00", "04:00+02:00"]),
    ("0 * * * *", at(AUTUMN, 1), at(AUTUMN, 4, winter=True),
     ["01:00+02:00", "02:00+02:00", "02:00+01:00", "03:00+01:00"]),
    ("*/15 * * * *", at(SPRING, 1, 30), at(SPRING, 3, 20), ["01:30+01:00", "01:45+01:00", "03:00+02:00",
                                                            "03:15+02:00"]),
    ("*/15 * * * *", at(AUTUMN, 1, 45), at(AUTUMN, 3, 1),
     ["01:45+02:00", "02:00+02:00", "02:15+02:00", "02:30+02:00", "02:45+02:00",
      "02:00+01:00", "02:15+01:00", "02:30+01:00", "02:45+01:00", "03:00+01:00"]),
    ("30 2 * * *", at(SPRING, 0), at(SPRING, 23), ["03:00+02:00"]),  # missing hour: once, at the jump
    ("30 2 * * *", at(AUTUMN, 0), at(AUTUMN, 23), ["02:30+02:00"]),  # repeated hour: once, the first
    ("0,30 2 * * *", at(SPRING, 0), at(SPRING, 23), ["03:00+02:00"]),  # both missing: one run
    ("0,30 2 * * *", at(AUTUMN, 0), at(AUTUMN, 23), ["02:00+02:00", "02:30+02:00"]),
    ("0 7 * * *", at(SPRING, 0), at(SPRING, 23), ["07:00+02:00"]),
    ("0 7 * * *", at(AUTUMN, 0), at(AUTUMN, 23), ["07:00+01:00"]),
    ("0 8 * * 0", at(SPRING, 0), at(SPRING, 23), ["08:00+02:00"]),  # both days are Sundays
    ("0 8 * * 0", at(AUTUMN, 0), at(AUTUMN, 23), ["08:00+01:00"]),
])
def test_fire_times_on_the_days_clocks_change(expression, start, end, expected):
    with deadline(5, "a fire time that does not advance?"):
        moments = fire_times(cron_trigger(expression, BERLIN), start, end)
    assert [shown(m) for m in moments] == expected


@pytest.mark.parametrize("expression, spring, autumn", [
    ("0 * * * *", 23, 25),
    ("*/15 * * * *", 92, 100),
    ("30 2 * * *", 1, 1),
    ("0 7 * * *", 1, 1),
    ("* * * * *", 23 * 60, 25 * 60),
])
def test_a_whole_day_has_as_many_runs_as_real_hours_and_each_comes_later(expression, spring, autumn):
    for day, count in ((SPRING, spring), (AUTUMN, autumn)):
        with deadline(10):
            moments = fire_times(cron_trigger(expression, BERLIN), at(day, 0), next_midnight(day))
        assert len(moments) == count
        instants = [m.astimezone(UTC) for m in moments]
        assert all(a < b for a, b in zip(instants, instants[1:], strict=False))


def test_intervals_count_real_time_across_both_changes():
    for day, hours in ((SPRING, 23), (AUTUMN, 25)):
        trigger = make_trigger(None, "1 hour", BERLIN, start=at(day, 0))
        with deadline(5, "a fire time that does not advance?"):
            moments = fire_times(trigger, at(day, 0), next_midnight(day))
        assert len(moments) == hours
        steps = {b.astimezone(UTC) - a.astimezone(UTC) for a, b in zip(moments, moments[1:], strict=False)}
        assert steps == {timedelta(hours=1)}
    autumn = make_trigger(None, "1 hour", BERLIN, start=at(AUTUMN, 0))
    due = service.last_due(autumn, at(AUTUMN, 2, 30, winter=True), timedelta(hours=36))
    assert shown(due) == "02:00+01:00"


@pytest.mark.parametrize("expression, now, expected", [
    ("0 * * * *", at(AUTUMN, 2, 30), "2026-10-25T02:00:00+02:00"),
    ("0 * * * *", at(AUTUMN, 2, 30, winter=True), "2026-10-25T02:00:00+01:00"),
    ("0 * * * *", at(AUTUMN, 4), "2026-10-25T04:00:00+01:00"),
    ("0 * * * *", at(SPRING, 3), "2026-03-29T03:00:00+02:00"),
    ("0 * * * *", at(SPRING, 3, 59), "2026-03-29T03:00:00+02:00"),
    ("*/15 * * * *", at(AUTUMN, 2, 20, winter=True), "2026-10-25T02:15:00+01:00"),
    ("*/15 * * * *", at(AUTUMN, 2, 50), "2026-10-25T02:45:00+02:00"),
    ("*/15 * * * *", at(SPRING, 3, 5), "2026-03-29T03:00:00+02:00"),
    ("30 2 * * *", at(AUTUMN, 2, 40, winter=True), "2026-10-25T02:30:00+02:00"),
    ("30 2 * * *", at(AUTUMN, 2, 20, winter=True), "2026-10-25T02:30:00+02:00"),  # 50 minutes ago
    ("30 2 * * *", at(AUTUMN, 2, 20), "2026-10-24T02:30:00+02:00"),
    ("30 2 * * *", at(SPRING, 3, 10), "2026-03-29T03:00:00+02:00"),
    ("30 2 * * *", at(SPRING, 1, 59), "2026-03-28T02:30:00+01:00"),
    ("0 7 * * *", at(AUTUMN, 9), "2026-10-25T07:00:00+01:00"),
    ("0 7 * * *", at(SPRING, 9), "2026-03-29T07:00:00+02:00"),
    ("0 8 * * 0", at((2026, 10, 26), 9), "2026-10-25T08:00:00+01:00"),
    ("0 8 * * 0", at((2026, 3, 30), 9), "2026-03-29T08:00:00+02:00"),
])
def test_last_due_around_the_changes(expression, now, expected):
    with deadline(5, "a fire time that does not advance?"):
        due = service.last_due(cron_trigger(expression, BERLIN), now, timedelta(hours=36))
    assert due.isoformat() == expected


@pytest.mark.parametrize("expression, now, expected", [
    ("0 * * * *", at(AUTUMN, 2, 10, winter=True), "2026-10-25T03:00:00+01:00"),
    ("0 * * * *", at(AUTUMN, 2, 10), "2026-10-25T02:00:00+01:00"),
    ("*/15 * * * *", at(AUTUMN, 2, 50), "2026-10-25T02:00:00+01:00"),
    ("30 2 * * *", at(AUTUMN, 2, 40), "2026-10-26T02:30:00+01:00"),
    ("0 * * * *", at(SPRING, 1, 50), "2026-03-29T03:00:00+02:00"),
    ("*/15 * * * *", at(SPRING, 1, 50), "2026-03-29T03:00:00+02:00"),
    ("30 2 * * *", at(SPRING, 1, 50), "2026-03-29T03:00:00+02:00"),
])
def test_next_fire_time_around_the_changes(expression, now, expected):
    with deadline(5, "a fire time that does not advance?"):
        assert cron_trigger(expression, BERLIN).get_next_fire_time(None, now).isoformat() == expected


class Stuck(BaseTrigger):
    """A trigger gone wrong: it answers the same fire time whatever it is asked."""

    def get_next_fire_time(self, previous_fire_time, now):
        return at(AUTUMN, 2, winter=True)


def test_last_due_stops_even_for_a_trigger_that_does_not_advance(caplog):
    with deadline(5, "a fire time that does not advance?"), caplog.at_level(logging.ERROR):
        due = service.last_due(Stuck(), at(AUTUMN, 5), timedelta(hours=36))
    assert due == at(AUTUMN, 2, winter=True)
    assert "fire time 2026-10-25T02:00:00+01:00 does not come after 2026-10-25T02:00:00+01:00" in caplog.text


JOBS = """
service: {catch_up_hours: 36, settle_seconds: 0}
jobs:
  - {name: pickup, action: pickup, every: 10 minutes}
  - {name: hourly, action: digest, cron: "0 * * * *", output: hourly}
  - {name: quarter, action: digest, cron: "*/15 * * * *", output: quarter}
  - {name: night, action: digest, cron: "30 2 * * *", output: night}
  - {name: daily, action: digest, cron: "0 7 * * *"}
  - {name: weekly, action: digest, cron: "0 8 * * 0", window_days: 7, output: weekly}
"""


@pytest.fixture
def config(seed_inbox, config_file):
    return load_config(config_file(seed_inbox, extra=JOBS))


def _runs(config, job):
    db = sqlite3.connect(config.state)
    return [due for (due,) in db.execute("SELECT due FROM job_runs WHERE job = ? AND outcome != 'failed' "
                                          "ORDER BY started", (job,))]


@pytest.mark.parametrize("now, expected", [
    (at(AUTUMN, 2, 40, winter=True), {"hourly": "2026-10-25T03:00:00+01:00",
                                      "quarter": "2026-10-25T02:45:00+01:00",
                                      "night": "2026-10-26T02:30:00+01:00",
                                      "daily": "2026-10-25T07:00:00+01:00",
                                      "weekly": "2026-10-25T08:00:00+01:00"}),
    (at(AUTUMN, 2, 40), {"hourly": "2026-10-25T02:00:00+01:00",
                         "quarter": "2026-10-25T02:45:00+02:00",
                         "night": "2026-10-26T02:30:00+01:00",
                         "daily": "2026-10-25T07:00:00+01:00",
                         "weekly": "2026-10-25T08:00:00+01:00"}),
    (at(SPRING, 3, 10), {"hourly": "2026-03-29T04:00:00+02:00",
                         "quarter": "2026-03-29T03:15:00+02:00",
                         "night": "2026-03-30T02:30:00+02:00",
                         "daily": "2026-03-29T07:00:00+02:00",
                         "weekly": "2026-03-29T08:00:00+02:00"}),
])
def test_next_due_of_every_job_around_the_changes(config, now, expected):
    with deadline(5, "a fire time that does not advance?"):
        due = service.next_due(config, now)
    assert {name: when.isoformat() for name, when in due.items() if name != "pickup"} == expected


def test_catch_up_in_the_repeated_hour_writes_each_digest_once(config):
    with deadline(120):
        first = service.catch_up(config, at(AUTUMN, 2, 35))  # summer time: 02:30 just passed
        assert {(o.job, o.due.isoformat()) for o in first} >= {("night", "2026-10-25T02:30:00+02:00")}
        service.catch_up(config, at(AUTUMN, 2, 35, winter=True))  # restarted an hour later, same wall time
        service.catch_up(config, at(AUTUMN, 3, 5, winter=True))
    assert _runs(config, "night") == ["2026-10-25T02:30:00+02:00"]  # not again at 02:30+01:00
    assert _runs(config, "daily") == ["2026-10-24T07:00:00+02:00"]
    assert _runs(config, "hourly") == ["2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00",
                                       "2026-10-25T03:00:00+01:00"]


def test_catch_up_after_the_missing_hour_writes_the_night_digest_at_the_jump(config):
    with deadline(120):
        outcomes = service.catch_up(config, at(SPRING, 3, 20))
        service.catch_up(config, at(SPRING, 3, 40))
    assert ("night", "2026-03-29T03:00:00+02:00") in {(o.job, o.due.isoformat()) for o in outcomes}
    assert _runs(config, "night") == ["2026-03-29T03:00:00+02:00"]


def test_jobs_run_by_the_scheduler_through_the_repeated_hour_run_once_per_fire_time(config):
    """What the scheduler does while running: each fire time of the night, a run a second later."""
    with deadline(180):
        for name in ("hourly", "night"):
            job = next(j for j in config.settings.jobs if j.name == name)
            trigger = service.trigger_of(job, config)
            for fire in fire_times(trigger, at(AUTUMN, 1, 30), at(AUTUMN, 3, 30, winter=True)):
                service.run_scheduled(config, name, now=later(fire, 2))
                again = service.run_scheduled(config, name, now=later(fire, 5))
                assert again is None  # the same fire time twice: already ran
    assert _runs(config, "hourly") == ["2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00",
                                       "2026-10-25T03:00:00+01:00"]
    assert _runs(config, "night") == ["2026-10-25T02:30:00+02:00"]


def test_the_scheduler_computes_run_times_through_both_nights_without_spinning(config):
    """APScheduler's own loop (Job._get_run_times, as in BaseScheduler._process_jobs) over each night."""
    scheduler = build_scheduler(config)
    expected = {"hourly": (3, 5), "quarter": (12, 20), "night": (1, 1)}  # 00:00 to 03:59 local
    for job in scheduler.get_jobs():
        if job.id not in expected:
            continue
        for day, count in zip((SPRING, AUTUMN), expected[job.id], strict=True):
            start, end = at(day, 0), at(day, 3, 59, winter=True)
            job._modify(next_run_time=job.trigger.get_next_fire_time(None, start))
            with deadline(5, "a fire time that does not advance?"):
                run_times = job._get_run_times(end)
            assert len(run_times) == count, (job.id, day, [shown(t) for t in run_times])
