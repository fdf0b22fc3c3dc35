"""`digest status` tells the truth: manual and scheduled runs, the last run of each job, and a service's
next due times only while one runs."""

import re
import signal
import sqlite3
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from digest import service
from digest.cli import cli
from digest.config import load_config

from .procs import run, start, wait_for

BERLIN = ZoneInfo("Europe/Berlin")
NOT_RUNNING = "service: not running; no job runs until `digest serve` is started"
JOBS = """
service: {catch_up_hours: 36, settle_seconds: 0}
jobs:
  - {name: pickup, action: pickup, every: 10 minutes}
  - {name: daily, action: digest, cron: "0 7 * * *"}
"""


@pytest.fixture
def runner():
    return CliRunner()


def _status(config_path) -> list[str]:
    """The lines `digest status` prints (a process of its own, as a user types it)."""
    result = run("status", "--config", str(config_path))
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _when(moment: datetime) -> str:
    """A start time as status prints it."""
    return f"{moment.astimezone(BERLIN):%Y-%m-%d %H:%M:%S}"


def _next_seven(now: datetime) -> datetime:
    """The next 07:00 in Berlin after ``now``, worked out by hand."""
    local = now.astimezone(BERLIN)
    seven = local.replace(hour=7, minute=0, second=0, microsecond=0)
    return seven if seven > local else (seven.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=BERLIN)


def test_status_shows_a_running_service_and_its_next_runs_only_while_it_runs(seed_inbox, config_file,
                                                                             tmp_path):
    path = config_file(seed_inbox, extra=JOBS)
    assert _status(path)[2] == NOT_RUNNING
    log = tmp_path / "serve.log"
    before = datetime.now(BERLIN).replace(microsecond=0)
    proc = start("serve", "--config", str(path), log=log)
    try:
        content = wait_for(log, "service started")
        lines = _status(path)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    announced = re.search(r"job pickup: next run (\S+)", content).group(1)  # what the service said
    pickup = datetime.fromisoformat(announced)
    daily = _next_seven(datetime.now(BERLIN))
    match = re.fullmatch(rf"service: running \(pid {proc.pid} since (.{{19}}) CET\); next runs:", lines[2])
    assert match, lines
    assert before <= datetime.fromisoformat(match.group(1)).replace(tzinfo=BERLIN) <= datetime.now(BERLIN)
    assert lines[3:5] == [f"  pickup               {pickup:%Y-%m-%d %H:%M} CET",
                          f"  daily                {daily:%Y-%m-%d %H:%M} CET"]
    assert timedelta(minutes=9) < pickup - datetime.fromisoformat(match.group(1)).replace(tzinfo=BERLIN) \
        <= timedelta(minutes=10, seconds=30)  # one interval after it made its triggers, past the catch-up
    after = _status(path)
    assert after[2:4] == [NOT_RUNNING, "last run of each job:"]  # no next runs once it stopped
    assert not [line for line in after if re.search(r"\d{2}:\d{2} CET$", line)]


def test_the_next_pickup_shown_is_when_the_service_really_runs_it_and_a_killed_service_is_not_running(
        seed_inbox, config_file, tmp_path):
    path = config_file(seed_inbox, extra=JOBS.replace("every: 10 minutes", "every: 5 seconds"))
    config = load_config(path)
    log = tmp_path / "serve.log"
    proc = start("serve", "--config", str(path), log=log)
    try:
        wait_for(log, "service started")
        info = service.status(config)
        assert info.service.pid == proc.pid
        predicted = info.next_runs["pickup"]
        wait_for(log, "job pickup ended", timeout=30)
        db = sqlite3.connect(config.state)
        rows = db.execute("SELECT due FROM job_runs WHERE job = 'pickup'").fetchall()
        dues = [datetime.fromisoformat(due) for (due,) in rows]
        db.close()
    finally:
        proc.kill()  # SIGKILL: no clean-up of its own; the kernel frees its mark
        proc.wait(timeout=30)
    fired = [due - predicted.replace(microsecond=0) for due in dues]
    assert any(timedelta(0) <= late <= timedelta(seconds=1) for late in fired), (predicted, dues)
    deadline = time.monotonic() + 10
    while service.status(config).service is not None and time.monotonic() < deadline:
        time.sleep(0.1)  # its pick-up workers, if any, end within seconds of it
    assert service.status(config).service is None
    assert _status(path)[2] == NOT_RUNNING


def test_a_second_service_on_the_same_state_is_refused_with_exit_3(seed_inbox, config_file, tmp_path):
    path = config_file(seed_inbox, extra=JOBS)
    log = tmp_path / "serve.log"
    proc = start("serve", "--config", str(path), log=log)
    try:
        wait_for(log, "service started")
        second = run("serve", "--config", str(path))
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    assert second.returncode == 3, second.stderr
    mark = tmp_path / "state.sqlite3.service.lock"
    assert re.fullmatch(
        rf"\S+ \S+ CET ERROR {re.escape(str(mark))}: a service \(pid {proc.pid} since \S+\) already runs "
        r"the jobs of this state; stop it first, or point 'state:' in the config elsewhere\n", second.stderr
    ), second.stderr


def test_manual_runs_are_listed_with_their_outcome_and_a_preview_is_not(runner, seed_inbox, config_file,
                                                                        tmp_path):
    path = config_file(seed_inbox, extra=JOBS)
    config = load_config(path)
    first = runner.invoke(cli, ["run", "--config", str(path), "--date", "2025-12-03",
                                "--since", "2022-02-24"])
    assert first.exit_code == 0, first.output
    (seed_inbox / "leer.txt").write_text("", encoding="utf-8")
    second = runner.invoke(cli, ["run", "--config", str(path), "--date", "2025-12-04"])
    assert second.exit_code == 1, second.output
    preview = runner.invoke(cli, ["run", "--config", str(path), "--date", "2025-12-05", "--preview"])
    assert preview.exit_code == 1, preview.output
    seed_inbox.rename(tmp_path / "moved-away")
    failed = runner.invoke(cli, ["run", "--config", str(path), "--date", "2025-12-05"])
    assert failed.exit_code == 2, failed.output
    message = failed.stderr.removeprefix("Error: ").rstrip("\n")
    runs = service.status(config).last_runs
    assert [(r.job, r.outcome) for r in runs] == [
        (service.MANUAL, "failed"), (service.MANUAL, "skipped files"), (service.MANUAL, "ok")]  # no preview
    latest, middle, oldest = runs
    assert latest.detail == message
    lines = _status(path)
    assert lines[2:] == [
        NOT_RUNNING,
        "last run of each job:",
        "  pickup               not run yet",
        "  daily                not run yet",
        f"  run (manual)         {_when(latest.started)}  failed         {message}",
        "recent runs:",
        f"  {_when(latest.started)}  run (manual)         failed         {message}",
        f"  {_when(middle.started)}  run (manual)         skipped files  digest-2025-12-04.md: "
        "0 articles in the digest; 0 new articles picked up, 0 summaries made, 1 file skipped",
        f"  {_when(oldest.started)}  run (manual)         ok             digest-2025-12-03.md: "
        "5 articles in the digest; 5 new articles picked up, 5 summaries made, 0 files skipped",
        "skipped files: 1",
        "  leer.txt: empty file",
        "publishing not done: 0",
    ]


def test_ten_pickups_do_not_push_the_digest_job_out_of_status(runner, seed_inbox, config_file):
    path = config_file(seed_inbox, extra=JOBS)
    config = load_config(path)
    [daily] = service.catch_up(config, datetime(2025, 12, 3, 9, 30, tzinfo=BERLIN))
    for minute in range(10):
        service.run_scheduled(config, "pickup", now=datetime(2025, 12, 3, 10, minute * 5, tzinfo=BERLIN))
    info = service.status(config)
    assert [r.job for r in info.last_runs] == ["pickup"] * service.RECENT_RUNS
    result = runner.invoke(cli, ["status", "--config", str(path)])
    assert result.exit_code == 0, result.output
    pickup, ran = info.job_runs["pickup"], info.job_runs["daily"]
    unchanged = ("5 files: 0 new, 0 new versions, 0 duplicates, 5 unchanged, 0 skipped, 0 still being "
                 "written; 0 summaries made")
    assert result.stdout.splitlines()[3:7] == [
        "last run of each job:",
        f"  pickup               {_when(pickup.started)}  ok             {unchanged}",
        f"  daily                {_when(ran.started)}  ok             {ran.detail}",
        "  run (manual)         not run yet",
    ]
    assert (daily.job, daily.outcome, daily.detail) == ("daily", "ok", ran.detail)
    assert ran.detail.startswith("digest-2025-12-03.md: ")
