"""Worker processes that read files in parallel: one dying costs only its file, none outlives us.

Why not ``concurrent.futures.ProcessPoolExecutor``: when one of its workers dies, every
file in flight fails with ``BrokenProcessPool`` and it cannot tell which file killed it;
and when the main process is killed (SIGKILL), its workers wait forever on queues whose
pipes they hold both ends of, so they, the forkserver (held by their end of its "alive"
pipe) and the resource tracker live on, re-parented to init.

Here each worker has its own connection and is handed a few items at a time, so the
item it was reading when it died is known exactly. That item is read again alone (no
other item in flight, in a fresh worker); if it kills its worker again it is given up
as ``crashed(item, how)``, and every other item is read as usual. Results come back in
input order.

A worker ends when the main process ends, however it ended:

- its connection gives EOF when the main process is gone (an idle worker ends its loop);
- a daemon thread waits on ``multiprocessing.parent_process().sentinel``, a pipe whose
  other end only the main process holds, and calls ``os._exit`` when it closes (a busy
  worker, as soon as it runs Python code again);
- on Linux, the forkserver is started from a thread that lives as long as the main
  process and asks the kernel for SIGKILL when that thread's process ends
  (``PR_SET_PDEATHSIG``), and each worker asks for SIGKILL when the forkserver ends: even
  a worker stuck in one long C call dies at once;
- a worker whose main process ended before it could ask (still starting) reads no item.

Workers are forked by a forkserver (``start="forkserver"``, safe in a process with threads,
as the service) or, in a process with no other thread (the CLI), forked from this process
itself (``start="fork"``) after it imported ``preload``: no server to start, and the workers
inherit the imports. A forked worker asks for SIGKILL when this process ends.

A worker that ends before it said it started (in its imports or initializer) blames no
item: the items left are read in this process by ``fallback``.
"""

from __future__ import annotations

import gc
import importlib
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import queue
import select
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from .deathsig import die_with_parent

log = logging.getLogger("digest")

T = TypeVar("T")
R = TypeVar("R")

#: Items handed to one worker before it answered: enough to keep it reading while we store results
#: (with 8, a pick-up of 1,000 files took 5 % longer than in ProcessPoolExecutor); fewer as the
#: items run out, so that no worker idles at the end while another has a queue.
AHEAD = 32
#: How far handing out may run ahead of the item yielded last (bounds the results held).
WINDOW = 256
#: Seconds a worker is given to end after its connection closed, before it is killed.
GRACE = 5.0
#: Environment variable naming the process whose forkserver is being started (see _guard_forkserver).
FORKSERVER_OF = "DIGEST_FORKSERVER_OF"
#: The index of a worker's first message: it started (imports and initializer done).
READY = -1
#: New objects between two collections of the youngest generation in a worker (Python's default: 700).
YOUNG_OBJECTS = 10_000


def _guard_forkserver() -> None:
    """In the forkserver we start (it preloads this module), die with the process that started it.

    Had that process ended already, the forkserver ends anyway: nothing holds its "alive" pipe.
    """
    owner = os.environ.pop(FORKSERVER_OF, None)
    if owner == str(os.getppid()) and sys.argv == ["-c"] and "multiprocessing.forkserver" in sys.modules:
        die_with_parent()


_guard_forkserver()


# --- the keeper thread: starts the forkserver, lives as long as this process ---------------------

_keeper_lock = threading.Lock()
_keeper_tasks: queue.SimpleQueue | None = None


def _keep(tasks: queue.SimpleQueue) -> None:
    while True:
        task, future = tasks.get()
        try:
            future.set_result(task())
        except BaseException as exc:  # handed to the caller
            future.set_exception(exc)


def _in_keeper_thread(task: Callable[[], Any]) -> Any:
    """Run ``task`` in a daemon thread that ends only with this process (PR_SET_PDEATHSIG watches threads)."""
    global _keeper_tasks
    with _keeper_lock:
        if _keeper_tasks is None:
            _keeper_tasks = queue.SimpleQueue()
            threading.Thread(target=_keep, args=(_keeper_tasks,), name="digest-forkserver-keeper",
                             daemon=True).start()
        tasks = _keeper_tasks
    future: Future = Future()
    tasks.put((task, future))
    return future.result()


def _forget_keeper() -> None:
    global _keeper_tasks
    _keeper_tasks = None  # a forked child has no keeper thread


os.register_at_fork(after_in_child=_forget_keeper)


def _start_forkserver(preload: Sequence[str]) -> None:
    """Start the forkserver if it is not running, marked so that it dies with this process."""
    multiprocessing.set_forkserver_preload([__name__, *preload])
    os.environ[FORKSERVER_OF] = str(os.getpid())
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        os.environ.pop(FORKSERVER_OF, None)


# --- in the worker ------------------------------------------------------------------------------


def _exit_when_gone(sentinel: int) -> None:
    wait([sentinel])
    os._exit(0)


def _watch_main() -> None:
    """End this worker when the main process ends; the forkserver's death kills it too (Linux)."""
    die_with_parent()
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_when_gone, args=(parent.sentinel,), name="digest-parent-watch",
                         daemon=True).start()


def _main_gone() -> bool:
    """The main process ended (maybe before this worker could ask for a signal when it does)."""
    parent = multiprocessing.parent_process()
    return parent is not None and not parent.is_alive()


def _serve(conn: Connection, fn: Callable, initializer: Callable | None, initargs: tuple) -> None:
    """The loop of a worker process: answer (index, item) with (index, ok, value) until EOF."""
    _watch_main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process, which ends us
    if initializer is not None:
        initializer(*initargs)
    # what was imported and set up so far lives as long as this worker: the collector need not look
    # at it again (a full collection walks every object: ~0.15 ms of 10 per file read in a pick-up);
    # and it collects the young objects less often (~0.13 ms less per file, the same results)
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
    conn.send((READY, True, None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        index, item = message
        if _main_gone():  # never start an item for nobody: the watcher may not get the GIL back
            return
        try:
            answer = (index, True, fn(item))
        except Exception as exc:  # raised again in the main process, at the item's place
            answer = (index, False, _portable(exc))
        try:
            conn.send(answer)
        except OSError:
            return


def _serve_forked(conn: Connection, fn: Callable, initializer: Callable | None, initargs: tuple,
                  inherited: list[Connection]) -> None:
    """``_serve`` in a worker forked from the main process, without the main process's connection ends.

    A fork copies every descriptor: holding the main process's end of its own connection, or of
    another worker's, a worker would keep itself or that one from seeing EOF when the main
    process closes it.
    """
    for other in inherited:
        other.close()
    _serve(conn, fn, initializer, initargs)


def _portable(exc: Exception) -> Exception:
    """The exception with its traceback as a note, or a RuntimeError naming it if it cannot be pickled."""
    text = "".join(traceback.format_exception(exc))
    try:
        pickle.dumps(exc)
    except Exception:
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    exc.add_note(f"raised in a worker process:\n{text}")
    return exc


# --- in the main process ------------------------------------------------------------------------


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    busy: deque[int] = field(default_factory=deque)  # indices handed to it, oldest (being read) first
    ready: bool = False                               # it said it started
    poller: Any = None                                # a select.poll of its connection (see ``has_sent``)

    def has_sent(self) -> bool:
        """Whether an answer (or EOF) waits on its connection, like ``conn.poll()``.

        One poll(2) on a poll object kept per worker: ``Connection.poll`` builds a selector
        each time, and it is asked after every answer (about 0.1 ms of the main process each).
        """
        if self.poller is None:
            self.poller = select.poll()
            self.poller.register(self.conn.fileno(), select.POLLIN)
        return bool(self.poller.poll(0))


def how_it_ended(exitcode: int | None) -> str:
    """'signal 9', 'exit code 1': how a worker process ended."""
    if exitcode is None:
        return "unknown cause"
    return f"signal {-exitcode}" if exitcode < 0 else f"exit code {exitcode}"


class _Pool:
    """Worker processes, each with its own connection; see the module docstring."""

    def __init__(self, size: int, fn: Callable, initializer: Callable | None, initargs: tuple,
                 preload: Sequence[str] = (), start: str = "forkserver"):
        self.size, self.fn, self.initializer, self.initargs = size, fn, initializer, initargs
        self.preload, self.start = preload, start
        self.context = multiprocessing.get_context(start)
        self.workers: list[_Worker] = []

    def spawn(self) -> _Worker:
        if not self.workers and self.start == "forkserver":
            _in_keeper_thread(lambda: _start_forkserver(self.preload))  # (again, if it died)
        elif not self.workers:
            for module in self.preload:  # imported here once: every forked worker has them
                importlib.import_module(module)
        ours, theirs = self.context.Pipe()
        target, args = _serve, (theirs, self.fn, self.initializer, self.initargs)
        if self.start == "fork":
            target, args = _serve_forked, (*args, [ours, *(w.conn for w in self.workers)])
        process = self.context.Process(target=target, args=args, name="digest-reader", daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self.workers.append(worker)
        return worker

    def send(self, worker: _Worker, index: int, item: object) -> bool:
        try:
            worker.conn.send((index, item))
        except OSError:
            return False  # it died: its sentinel tells
        worker.busy.append(index)
        return True

    def collect(self) -> tuple[list[tuple[int, bool, Any]], list[tuple[_Worker, str]]]:
        """Wait for answers; return them, and the workers that died (removed from the pool)."""
        busy = [w for w in self.workers if w.busy]
        by_conn = {id(w.conn): w for w in busy}
        by_sentinel = {w.process.sentinel: w for w in self.workers}  # an idle one may die too
        ready = wait([w.conn for w in busy] + list(by_sentinel))
        answers: list[tuple[int, bool, Any]] = []
        for conn in ready:
            if not isinstance(conn, int):
                worker = by_conn[id(conn)]
                while self._receive(worker, answers) and worker.busy and worker.has_sent():
                    pass  # every answer waiting: fewer rounds of wait()
        dead = []
        for sentinel in ready:
            if isinstance(sentinel, int):
                worker = by_sentinel[sentinel]
                self._drain(worker, answers)  # answers it sent before it ended
                worker.process.join(GRACE)
                dead.append((worker, how_it_ended(worker.process.exitcode)))
                self.workers.remove(worker)
                worker.conn.close()
        return answers, dead

    def sent(self) -> list[tuple[int, bool, Any]]:
        """The answers already sent, without waiting (a worker that died is left for ``collect``)."""
        answers: list[tuple[int, bool, Any]] = []
        for worker in self.workers:
            self._drain(worker, answers)
        return answers

    def _drain(self, worker: _Worker, answers: list) -> None:
        """Receive every answer a worker has sent so far."""
        while worker.busy and worker.has_sent() and self._receive(worker, answers):
            pass

    def _receive(self, worker: _Worker, answers: list) -> bool:
        try:
            index, ok, value = worker.conn.recv()
        except (EOFError, OSError):
            return False
        if index == READY:
            worker.ready = True
            return True
        worker.busy.remove(index)
        answers.append((index, ok, value))
        return True

    def close(self) -> None:
        """End every worker: an idle one ends its loop at EOF, a busy one is killed."""
        for worker in self.workers:
            if worker.busy:
                worker.process.kill()
            worker.conn.close()
        deadline = time.monotonic() + GRACE
        for worker in self.workers:
            worker.process.join(max(deadline - time.monotonic(), 0.0))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
        self.workers.clear()


@dataclass
class _Progress:
    """Where an ordered map stands."""

    todo: deque[int]                                 # indices not handed out yet, in order
    done: dict[int, tuple[bool, Any]] = field(default_factory=dict)
    suspects: dict[int, str] = field(default_factory=dict)  # killed a worker once: how
    again: deque[int] = field(default_factory=deque)  # to read once more, alone
    alone: int | None = None                         # being read alone now
    next: int = 0                                    # the next index to yield
    unstarted: str | None = None                     # how a worker ended before it started


def read_in_workers(fn: Callable[[T], R], items: Sequence[T], *, processes: int,
                    crashed: Callable[[T, str], R], initializer: Callable | None = None,
                    initargs: tuple = (), label: Callable[[T], str] = str,
                    preload: Sequence[str] = (), fallback: Callable[[T], R] | None = None,
                    start: str = "forkserver") -> Iterator[R]:
    """``fn`` of each item in worker processes, yielded in order; an item that kills its worker twice
    yields ``crashed(item, how)`` ('signal 9'). An exception ``fn`` raises is raised here, in its place.
    The forkserver (or, with ``start="fork"``, this process: only where no other thread runs) imports
    the modules ``preload`` names once, for every worker it forks. If a worker cannot start, the items
    left are given to ``fallback`` in this process (without it, RuntimeError).
    """
    if start not in ("fork", "forkserver"):
        raise ValueError(f"start must be 'fork' or 'forkserver', not {start!r}")
    pool = _Pool(processes, fn, initializer, initargs, preload, start)
    state = _Progress(deque(range(len(items))))
    try:
        while state.next < len(items):
            if state.unstarted is not None:
                pool.close()
                yield from _without_workers(state, items, fallback, crashed)
                return
            try:
                _hand_out(pool, state, items)
            except OSError as exc:  # no process could be started (limits, descriptors)
                state.unstarted = str(exc)
                continue
            answers, dead = pool.collect()
            _record(answers, state)
            for worker, how in dead:
                _buried(worker, how, state, items, crashed, label)
            while state.next in state.done:
                ok, value = state.done.pop(state.next)
                state.next += 1
                if not ok:
                    raise value
                yield value
                _keep_busy(pool, state, items)
    finally:
        pool.close()


def _record(answers: list[tuple[int, bool, Any]], state: _Progress) -> None:
    """Keep answers until their turn; the item read alone is done once its answer came."""
    for index, ok, value in answers:
        state.done[index] = (ok, value)
        if index == state.alone:
            state.alone = None


def _keep_busy(pool: _Pool, state: _Progress, items: Sequence) -> None:
    """Between two answers given out: take the answers already sent and top up the workers' queues.

    Whoever takes an answer (the pick-up stores it) may take a while; without this a worker
    would wait on a full pipe, or run out of work, until every answer in hand was taken.
    A worker that died is left for the next ``collect``.
    """
    _record(pool.sent(), state)
    if state.unstarted is None:
        try:
            _hand_out(pool, state, items)
        except OSError as exc:  # no process could be started: the main loop falls back
            state.unstarted = str(exc)


def _hand_out(pool: _Pool, state: _Progress, items: Sequence) -> None:
    """Give each worker up to AHEAD items; a suspect goes alone to a fresh worker once all are idle."""
    if state.alone is not None or state.again:
        if state.alone is None and not any(w.busy for w in pool.workers):
            state.alone = state.again.popleft()
            if not pool.send(pool.spawn(), state.alone, items[state.alone]):
                state.again.appendleft(state.alone)  # died at once: collect() tells, we try again
        return
    limit = state.next + WINDOW
    while len(pool.workers) < min(pool.size, len(state.todo)):
        pool.spawn()
    ahead = max(2, min(AHEAD, len(state.todo) // max(len(pool.workers), 1)))
    for worker in pool.workers:
        while state.todo and state.todo[0] < limit and len(worker.busy) < ahead:
            index = state.todo.popleft()
            if not pool.send(worker, index, items[index]):
                state.todo.appendleft(index)
                break


def _without_workers(state: _Progress, items: Sequence, fallback: Callable | None,
                     crashed: Callable) -> Iterator:
    """The items left, in order, read in this process: worker processes cannot start."""
    if fallback is None:
        raise RuntimeError(f"worker processes cannot start ({state.unstarted})")
    log.warning("worker processes cannot start (%s); reading in this process", state.unstarted)
    for index in range(state.next, len(items)):
        if index in state.done:
            ok, value = state.done.pop(index)
            if not ok:
                raise value
            yield value
        elif index in state.suspects:  # it killed a worker: not in this process
            yield crashed(items[index], state.suspects[index])
        else:
            yield fallback(items[index])


def _buried(worker: _Worker, how: str, state: _Progress, items: Sequence, crashed: Callable,
            label: Callable) -> None:
    """A worker died: the item it was reading is read again alone, or given up; the others requeued."""
    if not worker.ready:  # in its imports or initializer: no item is to blame
        state.unstarted = how
    if not worker.busy:
        return
    index, *waiting = worker.busy
    state.todo.extendleft(reversed(waiting))  # never started: handed out again as usual
    state.todo = deque(sorted(state.todo))
    if state.unstarted is not None:
        state.todo.appendleft(index)
        return
    if index == state.alone:
        state.alone = None
    if index in state.suspects:
        log.warning("%s killed its worker process again (%s); given up", label(items[index]), how)
        state.done[index] = (True, crashed(items[index], how))
    else:
        log.warning("a worker process ended (%s) while reading %s; reading it again alone", how,
                    label(items[index]))
        state.suspects[index] = how
        state.again.append(index)
