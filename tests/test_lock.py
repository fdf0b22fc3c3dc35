import subprocess
import sys
import threading
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


def test_a_wait_for_the_lock_ends_when_told_to_stop(holder, tmp_path):
    holder(30)
    lock, stop = StateLock(tmp_path / "state.sqlite3"), threading.Event()
    threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    assert lock.acquire(wait=60, stop=stop) is False
    assert time.monotonic() - started < 1.5
    assert lock._fd is None  # nothing held, nothing left open
    lock.release()  # harmless


def test_a_stop_already_given_takes_no_free_lock(tmp_path):
    lock, stop = StateLock(tmp_path / "state.sqlite3"), threading.Event()
    stop.set()
    assert lock.acquire(wait=60, stop=stop) is False
    assert not lock.is_held()
    stop.clear()
    assert lock.acquire(wait=0, stop=stop) is True
    assert lock.is_held()
    lock.release()
    assert not lock.is_held()


def test_is_held_sees_another_process_and_changes_nothing(holder, tmp_path):
    assert not StateLock(tmp_path / "state.sqlite3").is_held()  # no lock file yet
    proc = holder(30)
    lock = StateLock(tmp_path / "state.sqlite3")
    assert lock.is_held()
    assert lock.holder() == proc.pid  # the pid written by the holder is still there
    proc.kill()
    proc.wait()
    assert not lock.is_held()
