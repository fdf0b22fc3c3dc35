import subprocess
import sys
import time

import pytest

from digest.errors import BusyError
from digest.lock import StateLock

from .procs import ROOT, env, run

HOLD = """
import sys, time
from pathlib import Path
from digest.lock import StateLock
lock = StateLock(Path(sys.argv[1]))
lock.acquire()
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def holder(tmp_path):
    """A real process holding the state lock for a few seconds."""
    procs = []

    def start(seconds: float) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "state.sqlite3"), str(seconds)],
                                stdout=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
        assert proc.stdout.readline() == "holding\n"
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        proc.kill()
        proc.wait()


def test_second_process_is_told_who_holds_the_state(holder, seed_inbox, config_file, tmp_path):
    proc = holder(30)
    result = run("run", "--config", str(config_file(seed_inbox)), "--date", "2025-12-03")
    assert result.returncode == 3
    lock = tmp_path / "state.sqlite3.lock"
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: {lock}: another digest process (pid {proc.pid}) is working on this state; "
        "wait for it to finish, or pass --wait SECONDS")
    assert not (tmp_path / "out").exists()


def test_second_process_waits_for_the_first(holder, seed_inbox, config_file, tmp_path):
    proc = holder(2)
    started = time.monotonic()
    result = run("run", "--config", str(config_file(seed_inbox)), "--date", "2025-12-03", "--wait", "60")
    assert result.returncode == 0, result.stderr
    assert proc.poll() is not None  # the holder had finished before the run could write
    assert time.monotonic() - started >= 1.5
    assert (tmp_path / "out" / "2025" / "12" / "digest-2025-12-03.md").is_file()


def test_two_runs_at_once_never_overlap(seed_inbox, config_file, tmp_path):
    config = str(config_file(seed_inbox))
    args = [sys.executable, "-m", "digest", "-v", "run", "--config", config, "--date", "2025-12-03",
            "--wait", "120"]
    first = subprocess.Popen(args, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    second = subprocess.Popen(args, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    outputs = [p.communicate(timeout=120)[1] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0]
    new_articles = [o.count("INFO new ") for o in outputs]
    assert sorted(new_articles) == [0, 5]  # one ingested everything, the other found it stored


def test_the_lock_is_freed_when_its_process_dies(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "state.sqlite3"), "60"],
                            stdout=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    assert proc.stdout.readline() == "holding\n"
    with pytest.raises(BusyError) as info:
        StateLock(tmp_path / "state.sqlite3").acquire(wait=0)
    assert info.value.pid == proc.pid
    proc.kill()
    proc.wait()
    lock = StateLock(tmp_path / "state.sqlite3")
    lock.acquire(wait=0)
    lock.release()
