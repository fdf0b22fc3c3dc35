import logging
import os
import random
import sqlite3
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from digest import service
from digest.config import load_config
from digest.errors import StateDamagedError

from .procs import ROOT, env, run

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


def test_status_shows_counts_runs_and_skipped_and_no_next_times_without_a_service(config, tmp_path):
    (config.inbox / "leer.txt").write_text("", encoding="utf-8")
    service.catch_up(config, datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN))
    info = service.status(config, now=datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN))
    assert (info.articles, info.versions, info.digests) == (5, 0, 1)
    assert (info.service, info.next_runs) == (None, {})  # nothing runs the jobs: no next times
    assert {job: run_ and run_.outcome for job, run_ in info.job_runs.items()} == {
        "pickup": None, "daily": "skipped files", "weekly": None, service.MANUAL: None}
    assert [(r.job, r.outcome) for r in info.last_runs] == [("daily", "skipped files")]
    assert [(s.path, s.reason) for s in info.skipped] == [("leer.txt", "empty file")]


def test_status_shows_the_next_times_of_a_running_service_as_its_scheduler_has_them(config):
    from digest.schedule import build_scheduler

    since = datetime(2025, 12, 3, 9, 0, 5, tzinfo=BERLIN)
    scheduled = datetime(2025, 12, 3, 9, 1, 30, tzinfo=BERLIN)
    mark = service.ServiceMark(config.state)
    mark.take(since)
    try:
        mark.note(scheduled)
        info = service.status(config, now=datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN))
    finally:
        mark.release()
    assert info.service == service.Running(os.getpid(), since, scheduled)
    assert info.next_runs == {"pickup": datetime(2025, 12, 3, 9, 31, 30, tzinfo=BERLIN),  # every 10 minutes
                              "daily": datetime(2025, 12, 4, 7, 0, tzinfo=BERLIN),      # from 09:01:30
                              "weekly": datetime(2025, 12, 8, 8, 0, tzinfo=BERLIN)}
    pickup = build_scheduler(config, scheduled=scheduled).get_job("pickup").trigger
    now = datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN)
    assert pickup.get_next_fire_time(None, now) == info.next_runs["pickup"]
    assert service.status(config).service is None  # released: not running any more


def test_a_second_service_on_the_same_state_is_refused_naming_the_first(config, tmp_path):
    first = service.ServiceMark(config.state)
    first.take(datetime(2025, 12, 3, 9, 0, 5, tzinfo=BERLIN))
    try:
        with pytest.raises(service.ServiceRunningError) as info:
            service.ServiceMark(config.state).take(datetime.now(BERLIN))
    finally:
        first.release()
    assert str(info.value) == (
        f"{tmp_path / 'state.sqlite3.service.lock'}: a service (pid {os.getpid()} since "
        "2025-12-03T09:00:05+01:00) already runs the jobs of this state; stop it first, or point 'state:' "
        "in the config elsewhere")
    again = service.ServiceMark(config.state)
    again.take(datetime.now(BERLIN))  # free again once released
    again.release()


def test_a_missed_run_older_than_the_catch_up_horizon_is_logged_as_skipped(config, caplog):
    now = datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN)  # Monday's weekly (08:00) is 49.5 h ago
    with caplog.at_level(logging.INFO, logger="digest.service"):
        service.catch_up(config, now)
    assert ("job weekly: missed run due 2025-12-01T08:00:00+01:00 is older than catch_up_hours=36; skipped"
            in caplog.messages)
    assert not any(m.startswith("job daily: missed") for m in caplog.messages)  # today's is caught up


def test_a_missed_run_that_did_run_is_not_logged(config, caplog):
    service.catch_up(config, datetime(2025, 12, 1, 19, 0, tzinfo=BERLIN))  # the weekly runs, in time
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="digest.service"):
        service.catch_up(config, datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN))
    assert not [m for m in caplog.messages if "missed run" in m]


def test_a_failed_digest_is_retried_after_the_next_pickup(config, tmp_path):
    out = tmp_path / "out"
    out.write_text("a file where the output folder should be", encoding="utf-8")
    now = datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN)
    [failed] = service.catch_up(config, now)
    assert (failed.job, failed.outcome) == ("daily", "failed")
    out.unlink()
    pickup_time = datetime(2025, 12, 3, 9, 40, tzinfo=BERLIN)
    outcome = service.run_scheduled(config, "pickup", now=pickup_time)
    assert outcome.outcome == "ok"
    assert _runs(tmp_path) == [("daily", "2025-12-03T07:00:00+01:00", "ok"),
                               ("pickup", "2025-12-03T09:40:00+01:00", "ok")]
    assert (out / "2025" / "12" / "digest-2025-12-03.md").is_file()
    service.run_scheduled(config, "pickup", now=datetime(2025, 12, 3, 9, 50, tzinfo=BERLIN))
    assert [r for r in _runs(tmp_path) if r[0] == "daily"] == [("daily", "2025-12-03T07:00:00+01:00", "ok")]


def test_a_failed_digest_is_retried_at_the_next_start(config, tmp_path):
    out = tmp_path / "out"
    out.write_text("a file where the output folder should be", encoding="utf-8")
    now = datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN)
    assert [o.outcome for o in service.catch_up(config, now)] == ["failed"]
    out.unlink()
    later = datetime(2025, 12, 3, 15, 0, tzinfo=BERLIN)  # still before the next due time
    assert [(o.job, o.due.isoformat(), o.outcome) for o in service.catch_up(config, later)] == [
        ("daily", "2025-12-03T07:00:00+01:00", "ok")]


def test_a_job_told_to_stop_does_not_start_and_is_not_recorded(config, tmp_path):
    from digest.store import Store

    Store(config.state).close()  # an empty state
    stop = threading.Event()
    stop.set()
    job = next(j for j in config.settings.jobs if j.name == "daily")
    assert service.run_job(config, job, datetime(2025, 12, 3, 7, 0, tzinfo=BERLIN), stop=stop) is None
    assert service.catch_up(config, datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN), stop=stop) == []
    assert _runs(tmp_path) == []


def _damage(path):
    """64 KB of garbage in the middle of a file."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(size // 2)
        file.write(random.Random(10).randbytes(64 * 1024))


def test_a_damaged_state_stops_a_job_and_is_not_written_to(config, tmp_path):
    service.catch_up(config, datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN))
    _damage(config.state)
    damaged = config.state.read_bytes()
    job = next(j for j in config.settings.jobs if j.name == "pickup")
    with pytest.raises(StateDamagedError) as info:
        service.run_job(config, job, datetime(2025, 12, 3, 9, 40, tzinfo=BERLIN))
    assert str(config.state) in str(info.value) and "digest recover" in str(info.value)
    assert config.state.read_bytes() == damaged  # no 'failed' record written into the broken file
    with pytest.raises(StateDamagedError):
        service.check_state(config)


CLAIM = """
import os, sys, time
from datetime import datetime, UTC
from pathlib import Path
from digest.lock import StateLock
from digest.store import Store
state = Path(sys.argv[1])
lock = StateLock(state)
lock.acquire()
with Store(state) as store:
    store.start_job("daily", datetime.fromisoformat(sys.argv[2]), datetime.now(UTC), os.getpid())
print("claimed", flush=True)
time.sleep(60)
"""


def test_a_run_whose_process_was_killed_shows_as_interrupted(config, config_file, seed_inbox, tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", CLAIM, str(config.state), "2025-12-03T07:00:00+01:00"],
                            stdout=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    try:
        assert proc.stdout.readline() == "claimed\n"
        [running] = service.status(config).last_runs
        assert (running.job, running.outcome) == ("daily", "running")  # alive and holding the lock
    finally:
        proc.kill()
        proc.wait()
    [run_] = service.status(config).last_runs
    assert (run_.outcome, run_.detail) == ("interrupted", f"pid {proc.pid} ended before the job did")
    assert service.status(config).job_runs["daily"] == run_
    result = run("status", "--config", str(config.path))
    started = f"{run_.started.astimezone(BERLIN):%Y-%m-%d %H:%M:%S}"
    lines = result.stdout.splitlines()
    assert [x for x in lines if "daily" in x] == [
        f"  daily                {started}  interrupted    pid {proc.pid} ended before the job did",
        f"  {started}  daily                interrupted    pid {proc.pid} ended before the job did"]


def test_a_running_mark_of_a_live_process_without_the_lock_is_interrupted(config):
    from digest.store import Store

    with Store(config.state) as store:
        due = datetime(2025, 12, 3, 7, 0, tzinfo=BERLIN)
        store.start_job("daily", due, datetime.now(BERLIN), os.getpid())
    [run_] = service.status(config).last_runs
    assert (run_.outcome, run_.detail) == ("interrupted", f"pid {os.getpid()} no longer holds the state lock")


@pytest.mark.parametrize("exc, kind", [
    (sqlite3.DatabaseError("database disk image is malformed"), "StateDamagedError"),
    (sqlite3.DatabaseError("file is not a database"), "StateDamagedError"),
    (sqlite3.OperationalError("database is locked"), "EnvironmentProblem"),
    (sqlite3.OperationalError("database or disk is full"), "EnvironmentProblem"),
    (sqlite3.IntegrityError("UNIQUE constraint failed: job_runs.job"), None),  # a bug of ours
])
def test_sqlite_errors_on_the_state_are_told_apart(config, exc, kind):
    error = service.state_problem(config, exc)
    assert (type(error).__name__ if error else None) == kind
    if error:
        assert str(config.state) in str(error)
