import signal
import sqlite3
from datetime import datetime, timedelta

import pytest

from digest import service
from digest.config import load_config
from digest.schedule import build_scheduler

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
