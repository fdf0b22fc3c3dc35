import sqlite3
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from digest import service
from digest.config import load_config

BERLIN = ZoneInfo("Europe/Berlin")
JOBS = """
service: {catch_up_hours: 36, settle_seconds: 0}
jobs:
  - {name: pickup, action: pickup, every: 10 minutes}
  - {name: daily, action: digest, cron: "0 7 * * *"}
  - {name: weekly, action: digest, cron: "0 8 * * 1", window_days: 7, output: weekly}
"""


@pytest.fixture
def config(seed_inbox, config_file):
    return load_config(config_file(seed_inbox, extra=JOBS))


def _runs(tmp_path):
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    return db.execute("SELECT job, due, outcome FROM job_runs ORDER BY job, due").fetchall()


def test_last_due_is_the_latest_fire_time_within_the_horizon(config):
    job = next(j for j in config.settings.jobs if j.name == "daily")
    trigger = service.trigger_of(job, config)
    now = datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN)
    assert service.last_due(trigger, now, timedelta(hours=36)) == datetime(2025, 12, 3, 7, 0, tzinfo=BERLIN)
    early = datetime(2025, 12, 3, 6, 59, tzinfo=BERLIN)
    assert service.last_due(trigger, early, timedelta(hours=36)) == datetime(2025, 12, 2, 7, 0, tzinfo=BERLIN)
    assert service.last_due(trigger, early, timedelta(hours=20)) is None


def test_missed_digest_is_written_once_for_the_date_it_was_due(config, tmp_path):
    now = datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN)  # down at 07:00; Monday's weekly is 49 h ago
    [outcome] = service.catch_up(config, now)
    assert (outcome.job, outcome.outcome) == ("daily", "ok")
    digest = tmp_path / "out" / "2025" / "12" / "digest-2025-12-03.md"
    first = digest.stat().st_mtime_ns
    for _ in range(10):  # restarting ten times in a row
        assert service.catch_up(config, now) == []
    assert digest.stat().st_mtime_ns == first
    assert _runs(tmp_path) == [("daily", "2025-12-03T07:00:00+01:00", "ok")]
    assert not (tmp_path / "out" / "2025" / "12" / "weekly-2025-12-01.md").exists()


def test_catch_up_within_the_grace_period_writes_the_weekly_digest_with_its_own_name(config, tmp_path):
    now = datetime(2025, 12, 1, 19, 0, tzinfo=BERLIN)  # Monday evening: weekly due at 08:00
    outcomes = service.catch_up(config, now)
    assert {o.job for o in outcomes} == {"daily", "weekly"}
    weekly = tmp_path / "out" / "2025" / "12" / "weekly-2025-12-01.md"
    assert weekly.is_file()
    assert "25. November 2025 – 1. Dezember 2025" in weekly.read_text(encoding="utf-8")  # 7 days


def test_a_failed_job_is_recorded_and_retried(config, tmp_path):
    config.inbox.rename(tmp_path / "moved-away")
    now = datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN)
    [failed] = service.catch_up(config, now)
    assert failed.outcome == "failed" and "inbox folder not found" in failed.detail
    (tmp_path / "moved-away").rename(config.inbox)
    [retried] = service.catch_up(config, now)
    assert retried.outcome == "ok"
    assert _runs(tmp_path) == [("daily", "2025-12-03T07:00:00+01:00", "ok")]


def test_a_run_left_marked_running_by_a_dead_process_is_taken_over(config, tmp_path):
    from digest.store import Store

    due = datetime(2025, 12, 3, 7, 0, tzinfo=BERLIN)
    with Store(config.state) as store:
        assert store.start_job("daily", due, datetime.now(BERLIN), 999999)  # then "killed"
    [outcome] = service.catch_up(config, datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN))
    assert outcome.outcome == "ok"


def test_pickup_job_counts(config):
    job = next(j for j in config.settings.jobs if j.name == "pickup")
    outcome = service.run_job(config, job, datetime(2025, 12, 3, 9, 0, tzinfo=BERLIN))
    assert outcome.outcome == "ok"
    assert outcome.detail.startswith("5 files: 5 new, 0 new versions, 0 duplicates, 0 unchanged, 0 skipped")
    again = service.run_job(config, job, datetime(2025, 12, 3, 9, 0, tzinfo=BERLIN))
    assert again is None  # same due time: already ran


def test_status_shows_counts_runs_next_times_and_skipped(config, tmp_path):
    (config.inbox / "leer.txt").write_text("", encoding="utf-8")
    service.catch_up(config, datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN))
    info = service.status(config, now=datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN))
    assert (info.articles, info.versions, info.digests) == (5, 0, 1)
    assert info.next_runs["daily"] == datetime(2025, 12, 4, 7, 0, tzinfo=BERLIN)
    assert info.next_runs["weekly"] == datetime(2025, 12, 8, 8, 0, tzinfo=BERLIN)
    assert [(r.job, r.outcome) for r in info.last_runs] == [("daily", "skipped files")]
    assert [(s.path, s.reason) for s in info.skipped] == [("leer.txt", "empty file")]
