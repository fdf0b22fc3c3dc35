from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from digest.cron import cron_trigger, crontab_weekdays, interval, make_trigger

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize("field, expected", [
    ("*", "*"),
    ("1", "mon"),
    ("0", "sun"),
    ("7", "sun"),
    ("1-5", "mon,tue,wed,thu,fri"),
    ("5-7", "sun,fri,sat"),
    ("0,6", "sun,sat"),
    ("*/2", "sun,tue,thu,sat"),
    ("mon", "mon"),
    ("Sat,sun", "sun,sat"),
])
def test_weekdays_are_read_the_crontab_way(field, expected):
    assert crontab_weekdays(field) == expected


@pytest.mark.parametrize("field", ["8", "x", "5-1", "*/0"])
def test_bad_weekdays_are_rejected(field):
    with pytest.raises(ValueError):
        crontab_weekdays(field)


def test_monday_in_crontab_fires_on_monday():
    trigger = cron_trigger("0 8 * * 1", BERLIN)
    fire = trigger.get_next_fire_time(None, datetime(2026, 3, 28, 12, tzinfo=BERLIN))  # a Saturday
    assert fire == datetime(2026, 3, 30, 8, 0, tzinfo=BERLIN)
    assert fire.strftime("%A") == "Monday"


@pytest.mark.parametrize("start, days", [
    (datetime(2026, 3, 27, 12, tzinfo=BERLIN), ["2026-03-28", "2026-03-29", "2026-03-30"]),  # spring forward
    (datetime(2026, 10, 23, 12, tzinfo=BERLIN), ["2026-10-24", "2026-10-25", "2026-10-26"]),  # fall back
])
def test_daily_digest_runs_at_seven_local_time_across_dst_changes(start, days):
    trigger = cron_trigger("0 7 * * *", BERLIN)
    fire, seen = None, []
    now = start
    for _ in days:
        fire = trigger.get_next_fire_time(fire, now)
        seen.append(fire)
        now = fire + timedelta(seconds=1)
    assert [f.date().isoformat() for f in seen] == days
    assert all((f.hour, f.minute) == (7, 0) for f in seen)
    offsets = {f.utcoffset() for f in seen}
    assert len(offsets) == 2  # the UTC time moves with the clock change, local time does not


@pytest.mark.parametrize("text, expected", [
    ("10 minutes", timedelta(minutes=10)),
    ("1 hour", timedelta(hours=1)),
    ("2 days", timedelta(days=2)),
    (" 30 seconds ", timedelta(seconds=30)),
])
def test_intervals(text, expected):
    assert interval(text) == expected


@pytest.mark.parametrize("text", ["often", "0 minutes", "10", "ten minutes", "5 fortnights"])
def test_bad_intervals(text):
    with pytest.raises(ValueError, match="expected an interval such as '10 minutes'"):
        interval(text)


def test_invalid_cron_value_is_explained():
    with pytest.raises(ValueError, match="not a valid cron expression '99 7 \\* \\* \\*'"):
        cron_trigger("99 7 * * *", BERLIN)


def test_interval_trigger_repeats():
    trigger = make_trigger(None, "10 minutes", BERLIN)
    first = trigger.get_next_fire_time(None, datetime(2026, 1, 1, 12, tzinfo=BERLIN))
    second = trigger.get_next_fire_time(first, first + timedelta(seconds=1))
    assert second - first == timedelta(minutes=10)
