"""Worker processes: a dying worker costs only its file, and none outlives a killed run.

The crashes are real: a worker kills itself with SIGKILL (as the OOM killer does), segfaults
(reading address 0 through ctypes) or calls os._exit, from functions of this module that the
workers import. The kill tests start real `python -m digest run` processes and SIGKILL them.
"""

from __future__ import annotations

import ctypes
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from digest import pickup
from digest.config import load_config
from digest.workers import read_in_workers

from .procs import ROOT, env

sys.path.insert(0, str(ROOT / "benchmarks"))

import crashlib  # noqa: E402

LIMIT = 120  # seconds: a hang fails the test instead of blocking the suite


def bounded(make: Callable[[], Iterator], seconds: float = LIMIT) -> list:
    """Consume an iterator in a thread; fail if it takes longer than ``seconds``."""
    box: dict = {}

    def consume() -> None:
        try:
            box["value"] = list(make())
        except BaseException as exc:  # handed to the test
            box["error"] = exc

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"did not finish within {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


# --- run in the workers (imported there by name) ----------------------------------------------------


def double_or_die(item: tuple[int, str]) -> int:
    """Twice the number; 'kill', 'segfault' and 'exit' end the worker process for real."""
    number, fate = item
    if fate == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif fate == "segfault":
        ctypes.string_at(0)
    elif fate == "exit":
        os._exit(3)
    elif fate.startswith("once:"):  # dies the first time only (as when the neighbour took the memory)
        marker = Path(fate[5:])
        if not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
    elif fate == "raise":
        raise ValueError(f"item {number} is bad")
    return number * 2


def frozen_objects(item: int) -> tuple[int, int]:
    """How many objects the garbage collector of this (worker) process leaves alone (gc.freeze), and
    how many new ones it lets come before it collects the youngest generation."""
    import gc

    return gc.get_freeze_count(), gc.get_threshold()[0]


def gave_up(item: tuple[int, str], how: str) -> str:
    return f"item {item[0]} killed its worker ({how})"


# --- a dying worker costs only its item ---------------------------------------------------------------


@pytest.mark.parametrize("start", ["forkserver", "fork"])
def test_items_that_kill_their_worker_are_given_up_and_every_other_comes_back_in_order(tmp_path, start):
    fates = {7: "kill", 23: "segfault", 31: "exit", 12: f"once:{tmp_path / 'died-once'}"}
    items = [(i, fates.get(i, "")) for i in range(40)]
    results = bounded(lambda: read_in_workers(double_or_die, items, processes=2, crashed=gave_up,
                                              start=start))
    want = [i * 2 for i in range(40)]
    want[7] = "item 7 killed its worker (signal 9)"
    want[23] = "item 23 killed its worker (signal 11)"
    want[31] = "item 31 killed its worker (exit code 3)"
    assert results == want  # 12 died once, was read again alone, and came back
    assert (tmp_path / "died-once").exists()


def test_a_worker_freezes_what_it_imported_and_still_answers_after_the_pipe_filled():
    """What a worker set up is frozen (no full collection walks it again); the answers sent while this
    process is busy elsewhere are all taken, in order (``_Worker.has_sent``)."""
    items = [(i, "") for i in range(300)]
    frozen = bounded(lambda: read_in_workers(frozen_objects, [1, 2], processes=2, crashed=gave_up))
    assert all(count > 1000 and young == 10_000 for count, young in frozen)  # this module and imports

    def slow_consumer() -> Iterator[int]:
        for value in read_in_workers(double_or_die, items, processes=2, crashed=gave_up):
            time.sleep(0.001)
            yield value

    assert bounded(slow_consumer) == [i * 2 for i in range(300)]


def test_an_exception_in_a_worker_is_raised_in_its_place_after_the_results_before_it():
    items = [(i, "raise" if i == 5 else "") for i in range(20)]
    seen: list[int] = []

    def consume() -> Iterator[int]:
        for value in read_in_workers(double_or_die, items, processes=2, crashed=gave_up):
            seen.append(value)
            yield value

    with pytest.raises(ValueError, match="item 5 is bad") as raised:
        bounded(consume)
    assert seen == [0, 2, 4, 6, 8]
    assert "raised in a worker process" in "".join(raised.value.__notes__)


def test_when_workers_cannot_start_the_items_are_read_in_this_process_and_no_item_is_blamed():
    """A worker that ends in its initializer (here: os._exit(1)) is not any item's fault."""
    items = [(i, "") for i in range(12)]
    results = bounded(lambda: read_in_workers(double_or_die, items, processes=2, crashed=gave_up,
                                              initializer=os._exit, initargs=(1,), fallback=double_or_die))
    assert results == [i * 2 for i in range(12)]
    with pytest.raises(RuntimeError, match=r"worker processes cannot start \(exit code 1\)"):
        bounded(lambda: read_in_workers(double_or_die, items, processes=2, crashed=gave_up,
                                        initializer=os._exit, initargs=(1,)))


def test_a_file_that_kills_its_worker_costs_only_itself(seed_inbox, config_file):
    """The real reader of the pick-up in the workers; one file kills its worker each time it is read."""
    config = load_config(config_file(seed_inbox))
    works = [pickup.FileWork(path, path.name, (0, 0, 0), None) for path in sorted(seed_inbox.iterdir())]
    victim = works[2].rel
    results = bounded(lambda: read_in_workers(
        read_or_die, [(w, victim) for w in works], processes=2, crashed=lambda item, how:
        pickup._killed_its_worker(item[0], how), initializer=pickup._init_worker, initargs=(config,)))
    assert [r.work for r in results] == works
    assert results[2].reason == "reading it killed the worker process (signal 9)" and results[2].split is None
    in_process = [pickup.read_file(w, config) for w in works]
    assert [r for i, r in enumerate(results) if i != 2] == [r for i, r in enumerate(in_process) if i != 2]
    assert all(r.split is not None for i, r in enumerate(results) if i != 2)


def read_or_die(item: tuple[pickup.FileWork, str]) -> pickup.FileRead:
    """The pick-up's reader, except that the file named second kills the worker."""
    work, victim = item
    if work.rel == victim:
        os.kill(os.getpid(), signal.SIGKILL)
    return pickup._read_in_worker(work)


def modules_read_imports(work: pickup.FileWork) -> list[str]:
    """The modules that reading a file imports in this (worker) process, and that it was read."""
    before = set(sys.modules)
    assert pickup._read_in_worker(work).split is not None
    return sorted(set(sys.modules) - before)


PRELOAD_CHECK = """
import json, sys
from pathlib import Path
from digest import pickup
from digest.config import load_config
from digest.workers import read_in_workers
from tests.test_workers import gave_up, modules_read_imports
config = load_config(Path(sys.argv[1]))
works = [pickup.FileWork(p, p.name, (0, 0, 0), None) for p in sorted(config.inbox.iterdir())[:4]]
found = read_in_workers(modules_read_imports, works, processes=2, crashed=gave_up,
                        initializer=pickup._init_worker, initargs=(config,),
                        preload=["digest.pickup", *pickup.READING_MODULES])
print(json.dumps(list(found)))
"""


def test_the_forkserver_preloads_what_reading_a_file_imports(seed_inbox, config_file):
    """Each worker forked from the forkserver has the reading modules (sumy, numpy: ~0.3 s each) already.

    In a fresh process: a forkserver started by another test would have preloaded other modules.
    """
    done = subprocess.run([sys.executable, "-c", PRELOAD_CHECK, str(config_file(seed_inbox))], env=env(),
                          cwd=ROOT, capture_output=True, text=True, timeout=LIMIT)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [[], [], [], []]


# --- nothing outlives a killed run ----------------------------------------------------------------------


def test_a_run_killed_during_a_parallel_pickup_leaves_no_process_running(tmp_path):
    crashlib.write_many(tmp_path / "inbox")
    kill = crashlib.kill_parallel_pickup(tmp_path, random.Random(10))
    assert kill.rc == -signal.SIGKILL
    assert kill.workers == crashlib.workers_expected() >= 2
    assert kill.processes >= kill.workers + 1 and kill.unmarked == 0  # itself and its forked workers
    assert kill.left == set(), f"still running {crashlib.LEFTOVER_WITHIN} s after the kill: {kill.left}"


@pytest.mark.parametrize("start", ["forkserver", "fork"])
def test_workers_stuck_in_one_long_c_call_end_with_the_process_that_started_them(tmp_path, start):
    """The watcher thread cannot run while a worker holds the GIL: the kernel must end them."""
    mark = f"stuck:{tmp_path}"
    script = ("import sys\nsys.path.insert(0, 'benchmarks')\nimport crashlib\n"
              "from digest.workers import read_in_workers\n"
              "list(read_in_workers(crashlib.hold_the_gil, range(4), processes=2,\n"
              f"                     crashed=lambda item, how: how, start={start!r}))\n")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env={**env(), crashlib.MARK: mark})
    try:
        deadline = time.monotonic() + 60
        # a worker serving (its watcher thread started) is in the regular expression right after
        while sum(crashlib.threads(w) == 2 for w in crashlib.workers_of(proc.pid, mark)) < 2:
            assert proc.poll() is None and time.monotonic() < deadline, "the workers never started"
            time.sleep(0.02)
        time.sleep(0.5)
        assert len(crashlib.run_processes(mark, proc.pid)) >= 3 + (start == "forkserver")  # itself, 2 workers
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    left = crashlib.leftovers(mark)
    assert left == set(), f"still running {crashlib.LEFTOVER_WITHIN} s after the kill: {left}"


@pytest.mark.parametrize(("threads", "files", "want"), [
    (1, pickup.FORKED_PARALLEL_FROM, "fork"), (1, pickup.FORKED_PARALLEL_FROM - 1, None),
    (2, pickup.PARALLEL_FROM - 1, None), (2, pickup.PARALLEL_FROM, "forkserver")])
def test_workers_are_forked_from_a_process_without_threads_and_from_fewer_files(monkeypatch, threads, files,
                                                                               want, seed_inbox, config_file):
    """The CLI (no other thread) forks its workers from itself, and from FORKED_PARALLEL_FROM files on;
    a process with threads (the service) takes a forkserver, from PARALLEL_FROM files on."""
    import digest.workers

    config = load_config(config_file(seed_inbox))
    started: list[str] = []

    def fake_workers(fn, works, **options):
        started.append(options["start"])
        return iter([pickup._killed_its_worker(w, "none") for w in works])

    monkeypatch.setattr(digest.workers, "read_in_workers", fake_workers)
    monkeypatch.setattr(pickup.threading, "active_count", lambda: threads)
    monkeypatch.setattr(pickup.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(pickup.sys, "platform", "linux")
    path = sorted(seed_inbox.iterdir())[0]
    works = [pickup.FileWork(path, f"{i:04d}", (0, 0, 0), None) for i in range(files)]
    results = list(pickup.read_files(works, config))
    assert [r.work for r in results] == works
    assert started == ([want] if want else [])
    assert all(r.split is None for r in results) == bool(want)  # the fake's, or read in this process
