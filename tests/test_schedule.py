import logging
import os
import random
import re
import signal
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from digest import service
from digest.config import load_config
from digest.lock import StateLock
from digest.schedule import ZonedFormatter, build_scheduler

from .conftest import set_arrival
from .procs import run, start, wait_for

JOBS = """
service: {catch_up_hours: 36, settle_seconds: 0}
jobs:
  - {name: pickup, action: pickup, every: 1 seconds}
  - {name: daily, action: digest, cron: "0 7 * * *"}
"""


@pytest.fixture
def serve_config(seed_inbox, config_file):
    return config_file(seed_inbox, extra=JOBS)


def _daily_due(path):
    config = load_config(path)
    job = next(j for j in config.settings.jobs if j.name == "daily")
    return service.last_due(service.trigger_of(job, config), datetime.now(config.tz), timedelta(hours=36))


def test_scheduler_has_one_job_per_configured_job_with_safe_defaults(serve_config):
    scheduler = build_scheduler(load_config(serve_config))
    assert sorted(j.id for j in scheduler.get_jobs()) == ["daily", "pickup"]
    assert scheduler._job_defaults == {"misfire_grace_time": 36 * 3600, "coalesce": True, "max_instances": 1}


def test_serve_catches_up_picks_up_and_stops_cleanly_on_sigterm(serve_config, seed_inbox, tmp_path):
    log = tmp_path / "serve.log"
    proc = start("serve", "--config", str(serve_config), log=log)
    try:
        wait_for(log, "service started")
        due = _daily_due(serve_config)
        digest = tmp_path / "out" / f"{due:%Y}" / f"{due:%m}" / f"digest-{due.date().isoformat()}.md"
        assert digest.is_file()  # the missed digest, written at start-up
        new = seed_inbox / "neu.txt"
        new.write_text("Neue Gespräche in Genf\n\nDie Delegationen trafen sich am Montag in Genf zu "
                       "neuen Gesprächen über eine Waffenruhe.\n", encoding="utf-8")
        set_arrival(new)
        content = wait_for(log, "job pickup ended: ok; 6 files: 1 new")
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    assert code == 0
    content = log.read_text(encoding="utf-8")
    assert f"job daily started (due {due.isoformat()})" in content
    assert "job daily ended: ok; " in content
    assert "received SIGTERM; stopping once the running job is done" in content
    assert content.rstrip().endswith("INFO stopped")


def test_restarting_ten_times_writes_the_missed_digest_once(serve_config, tmp_path):
    for i in range(10):
        log = tmp_path / f"serve{i}.log"
        proc = start("serve", "--config", str(serve_config), log=log)
        wait_for(log, "service started")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    runs = db.execute("SELECT due, outcome FROM job_runs WHERE job = 'daily'").fetchall()
    assert runs == [(_daily_due(serve_config).isoformat(), "ok")]
    assert db.execute("SELECT count(*) FROM digests").fetchone()[0] == 1


def test_sigterm_during_a_job_lets_it_finish(make_inbox, config_file, tmp_path):
    body = " ".join(f"Satz {i} über die Verhandlungen in Genf und die Waffenruhe im Osten."
                    for i in range(40))
    inbox = make_inbox({f"artikel-{i:02}.txt": f"Titel {i}\n\nArtikel {i}. {body}\n" for i in range(60)})
    path = config_file(inbox, extra=JOBS)
    log = tmp_path / "serve.log"
    proc = start("serve", "--config", str(path), log=log)
    wait_for(log, "job daily started")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=120) == 0
    content = log.read_text(encoding="utf-8")
    assert content.index("received SIGTERM") < content.index("job daily ended: ok")
    assert "service started" not in content  # no new job after the signal
    due = _daily_due(path)
    html = tmp_path / "out" / f"{due:%Y}" / f"{due:%m}" / f"digest-{due.date().isoformat()}.html"
    assert html.read_text(encoding="utf-8").endswith("</html>\n")


def test_serve_and_run_refuse_an_invalid_config(seed_inbox, config_file):
    path = config_file(seed_inbox, extra="jobs:\n  - {name: a, action: digest, cron: '0 7 * *'}\n")
    for command in ("serve", "run"):
        result = run(command, "--config", str(path))
        assert result.returncode == 2
        assert f"{path}: jobs[0].cron: expected 5 fields, got '0 7 * *'" in result.stderr


STAMPED = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d (CET|CEST) (DEBUG|INFO|WARNING|ERROR) \S")


def _job_runs(path):
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT job, due, outcome FROM job_runs ORDER BY started").fetchall()
    finally:
        db.close()


def test_sigterm_while_the_catch_up_waits_for_the_lock_ends_the_service_at_once(serve_config, tmp_path):
    state = tmp_path / "state.sqlite3"
    lock = StateLock(state)
    lock.acquire()  # this test process holds the state, as a long `digest run` would
    try:
        log = tmp_path / "serve.log"
        proc = start("serve", "--config", str(serve_config), log=log)
        wait_for(log, f"job daily waits up to 600 s for the state lock (held by pid {os.getpid()})")
        proc.send_signal(signal.SIGTERM)
        sent = time.monotonic()
        code = proc.wait(timeout=30)
        took = time.monotonic() - sent
    finally:
        lock.release()
    assert code == 0
    assert took < 2, f"stopped {took:.1f} s after SIGTERM"
    content = log.read_text(encoding="utf-8")
    assert "job daily (due " in content and "not started: the service is stopping" in content
    assert "job daily started" not in content and "service started" not in content
    assert _job_runs(state) == []


def test_sigterm_while_a_scheduled_job_waits_for_the_lock_ends_the_service_at_once(serve_config, tmp_path):
    state = tmp_path / "state.sqlite3"
    log = tmp_path / "serve.log"
    proc = start("serve", "--config", str(serve_config), log=log)
    try:
        wait_for(log, "service started")
        lock = StateLock(state)
        lock.acquire(wait=60)
        try:
            before = _job_runs(state)
            wait_for(log, "job pickup waits up to 600 s for the state lock")
            proc.send_signal(signal.SIGTERM)
            sent = time.monotonic()
            code = proc.wait(timeout=30)
            took = time.monotonic() - sent
            after = _job_runs(state)
        finally:
            lock.release()
    finally:
        proc.kill()
        proc.wait()
    assert code == 0
    assert took < 2, f"stopped {took:.1f} s after SIGTERM"
    assert after == before  # the waiting pick-up neither ran nor was recorded
    assert "not started: the service is stopping" in log.read_text(encoding="utf-8")


def _damage(path):
    """64 KB of garbage in the middle of a file."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(size // 2)
        file.write(random.Random(10).randbytes(64 * 1024))


def test_serve_refuses_a_damaged_state_at_start_up(serve_config, tmp_path):
    assert run("run", "--config", str(serve_config), "--date", "2025-12-03").returncode == 0
    state = tmp_path / "state.sqlite3"
    _damage(state)
    damaged = state.read_bytes()
    result = run("serve", "--config", str(serve_config), timeout=60)
    assert result.returncode == 2
    [line] = [x for x in result.stderr.splitlines() if "damaged" in x]  # said once
    assert STAMPED.match(line) and " ERROR no more jobs: " in line
    assert f"{state}: the state file is damaged" in line and "`digest recover`" in line
    assert "job daily started" not in result.stderr and "service started" not in result.stderr
    assert state.read_bytes() == damaged  # not written to


def test_serve_stops_when_the_state_is_damaged_while_it_runs(serve_config, tmp_path):
    state = tmp_path / "state.sqlite3"
    log = tmp_path / "serve.log"
    proc = start("serve", "--config", str(serve_config), log=log)
    try:
        wait_for(log, "service started")
        with StateLock(state):  # between two pick-ups
            _damage(state)
            mark = len(log.read_text(encoding="utf-8"))
        code = proc.wait(timeout=60)
    finally:
        proc.kill()
        proc.wait()
    assert code == 2
    after = log.read_text(encoding="utf-8")[mark:]
    [line] = [x for x in after.splitlines() if "damaged" in x]
    assert " ERROR no more jobs: " in line and f"{state}: the state file is damaged" in line
    assert "`digest recover`" in line
    assert "job pickup ended" not in after  # the job that met the damage recorded nothing
    assert after.rstrip().endswith("INFO stopped")


def test_every_serve_log_line_carries_its_time_and_zone(serve_config, tmp_path):
    log = tmp_path / "serve.log"
    proc = start("serve", "--config", str(serve_config), log=log)
    wait_for(log, "job pickup ended")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 5
    assert [x for x in lines if not STAMPED.match(x)] == []
    zone = datetime.now(ZoneInfo("Europe/Berlin"))
    assert all(x.startswith(zone.strftime("%Y-%m-%d")) or x[:10] < zone.strftime("%Y-%m-%d") for x in lines)


@pytest.mark.parametrize("moment, expected", [
    (datetime(2026, 12, 1, 21, 30, 5, tzinfo=UTC), "2026-12-01 22:30:05+01:00 CET INFO job started"),
    (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "2026-10-25 02:30:00+02:00 CEST INFO job started"),
    (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "2026-10-25 02:30:00+01:00 CET INFO job started"),  # again
])
def test_log_lines_show_local_time_offset_and_zone(moment, expected):
    record = logging.LogRecord("digest.service", logging.INFO, __file__, 1, "job %s", ("started",), None)
    record.created = moment.timestamp()
    assert ZonedFormatter(ZoneInfo("Europe/Berlin")).format(record) == expected
