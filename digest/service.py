"""Jobs of the service: run one job for its due time under the state lock, catch up missed digests.

No scheduling here (that is `schedule.py`) and no pipeline logic (that is `pipeline.py`):
this module decides *whether* a job runs for a due time, runs it once, and records it.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import sqlite3
import threading
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import pipeline
from .config import Config, Job
from .crontab import interval
from .errors import BusyError, DigestError, EnvironmentProblem, StateDamagedError, os_problem, state_error
from .i18n import counted
from .lock import StateLock, held_contents
from .pipeline import RunResult
from .progress import Progress
from .store import JobRun, Store

if TYPE_CHECKING:  # APScheduler is imported by the service and `digest status`, never by `digest run`
    from apscheduler.triggers.base import BaseTrigger

log = logging.getLogger("digest.service")

#: Fire times looked at in one window by last_due, at most: a last resort against a trigger gone wrong.
MAX_FIRES = 100_000
#: How far back a missed run older than the catch-up horizon is looked for, to log it as skipped.
LOOKBACK = timedelta(days=400)
_TICK = timedelta(microseconds=1)
#: The job name under which `digest run` records its runs (a configured job cannot hold a space).
MANUAL = "run (manual)"
#: How many runs of any job `digest status` lists besides the last run of each job.
RECENT_RUNS = 5


@dataclass(frozen=True)
class JobOutcome:
    """How one run of a job ended."""

    job: str
    due: datetime
    outcome: str  # "ok", "skipped files", "failed"
    detail: str


def trigger_of(job: Job, config: Config, scheduled: datetime | None = None) -> BaseTrigger:
    """The APScheduler trigger of a configured job, in the configured time zone.

    An ``every:`` job fires first one interval after ``scheduled`` (default: now), the moment
    the service made its triggers; `digest status` passes the same moment to show the same times.
    """
    from .cron import make_trigger

    first = scheduled + interval(job.every) if scheduled is not None and job.every else None
    return make_trigger(job.cron, job.every, config.tz, start=first)


def last_due(trigger: BaseTrigger, now: datetime, horizon: timedelta) -> datetime | None:
    """The latest fire time of a trigger in [now - horizon, now], if any; always found in finite time.

    Windows ending at ``now`` are scanned forward, one minute back first and twice as far each
    time up to the horizon, so a frequent job costs one short scan and a rare one a few.
    """
    end = now.astimezone(UTC)  # all arithmetic in UTC: local times in the repeated hour compare wrongly
    span = min(timedelta(minutes=1), horizon)
    while True:
        found = _last_fire(trigger, end - span, end)
        if found is not None or span >= horizon:
            return found
        span = min(span * 2, horizon)


def _last_fire(trigger: BaseTrigger, start: datetime, end: datetime) -> datetime | None:
    """The latest fire time in [start, end] (UTC); stops when a fire time fails to advance."""
    moment = trigger.get_next_fire_time(None, start)
    last = None
    for _ in range(MAX_FIRES):
        if moment is None or moment.astimezone(UTC) > end:
            return last
        if last is not None and moment.astimezone(UTC) <= last.astimezone(UTC):
            log.error("trigger %s: fire time %s does not come after %s; looked no further",
                      trigger, moment.isoformat(), last.isoformat())
            return last
        last = moment
        moment = trigger.get_next_fire_time(last, end)
    log.error("trigger %s: more than %d fire times between %s and %s; looked no further",
              trigger, MAX_FIRES, start.isoformat(), end.isoformat())
    return last


def state_problem(config: Config, exc: sqlite3.DatabaseError) -> DigestError | None:
    """Our error for a ``sqlite3`` error on the state: damage or the environment; None for a bug of ours."""
    if isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError)):
        return None
    if "locked" in str(exc).lower() or "busy" in str(exc).lower():  # not damage: someone holds it too long
        return EnvironmentProblem(config.state, f"the state file stayed locked ({exc})",
                                  "stop the program holding it (an sqlite3 shell, a backup) and run again")
    return state_error(config.state, exc)


def _damage(config: Config, exc: BaseException) -> StateDamagedError | None:
    """The damaged-state error behind an exception (itself, its cause or context), if it is one."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, StateDamagedError):
            return seen
        if isinstance(seen, sqlite3.DatabaseError):
            error = state_problem(config, seen)
            return error if isinstance(error, StateDamagedError) else None
        seen = seen.__cause__ or seen.__context__
    return None


def check_state(config: Config) -> None:
    """StateDamagedError when SQLite's quick check finds the state file damaged; reads only."""
    from .recover import ensure_healthy

    ensure_healthy(config.state)


def _work(config: Config, job: Job, due: datetime) -> tuple[str, str]:
    """Do what the job is for, then retry publishing; return its outcome and a line of counts."""
    if job.action == "pickup":
        report, made = pipeline.pickup_job(config, progress=Progress(f"job {job.name}"))
        detail = (f"{counted(report.files, 'file')}: {report.new_articles} new, "
                  f"{counted(report.versions, 'new version')}, {counted(report.duplicates, 'duplicate')}, "
                  f"{report.unchanged} unchanged, {len(report.skipped)} skipped, "
                  f"{report.still_written} still being written; "
                  f"{counted(made, 'summary', 'summaries')} made")
        skipped = bool(report.skipped)
    else:
        targets = job.publish if job.publish is not None else tuple(t.name for t in config.settings.publish)
        result = pipeline.run(config, due.astimezone(config.tz).date(), kind=job.output,
                              window_days=job.window_days, publish=targets,
                              progress=Progress(f"job {job.name}"))
        detail = digest_detail(result)
        skipped = bool(result.skipped)
    from . import publish as publishing

    with Store(config.state) as store:
        deliveries = publishing.deliver(config, store)
    if deliveries:
        failed = sum(1 for d in deliveries if not d.ok)
        detail += f"; published {len(deliveries) - failed}, failed {failed}"
    return ("skipped files" if skipped else "ok"), detail


def digest_detail(result: RunResult) -> str:
    """The line of counts recorded for a run that wrote a digest (the words of its log line)."""
    return f"{result.markdown.name}: {result.counts()}"


def run_by_hand(config: Config, day: date, *, preview: bool = False, **options: Any) -> RunResult:
    """`digest run`: ``pipeline.run`` for a day, recorded as a run of MANUAL with its outcome.

    The caller holds the state lock. A preview records nothing. A failure is recorded as
    'failed' and raised; a damaged state file is not written to.
    """
    if preview:
        return pipeline.run(config, day, preview=True, **options)
    started = datetime.now(UTC)
    due = started.astimezone(config.tz)  # unique per run: each run by hand is listed
    with Store(config.state) as store:
        store.start_job(MANUAL, due, started, os.getpid())
    try:
        result = pipeline.run(config, day, **options)
    except BaseException as exc:
        _record_failure(config, due, exc)
        raise
    with Store(config.state) as store:
        store.finish_job(MANUAL, due, datetime.now(UTC), "skipped files" if result.skipped else "ok",
                         digest_detail(result))
    return result


def _record_failure(config: Config, due: datetime, exc: BaseException) -> None:
    """Record a run by hand that raised, unless the state is damaged or refuses the record too."""
    if _damage(config, exc) is not None:
        return
    detail = str(exc) if isinstance(exc, DigestError) else f"{type(exc).__name__}: {exc}"
    try:
        with Store(config.state) as store:
            store.finish_job(MANUAL, due, datetime.now(UTC), "failed", detail)
    except (DigestError, sqlite3.Error, OSError) as again:  # the first error is the one to report
        log.warning("the failed run was not recorded in %s: %s", config.state, again)


def run_job(config: Config, job: Job, due: datetime, *, wait: float | None = None,
            stop: threading.Event | None = None) -> JobOutcome | None:
    """Run a job once for its due time, holding the state lock; None if it already ran or did not start.

    A job does not start when ``stop`` is set while it waits for the lock. A failure is
    recorded and logged, never raised, so the service goes on; a damaged state file is
    raised as StateDamagedError, untouched by any record.
    """
    lock = StateLock(config.state)
    if not _take(lock, job, config.settings.service.lock_wait_seconds if wait is None else wait, stop):
        log.info("job %s (due %s) not started: the service is stopping", job.name, due.isoformat())
        return None
    try:
        return _run_locked(config, job, due)
    except Exception as exc:
        damage = _damage(config, exc)
        if damage is None:
            raise
        raise damage from exc
    finally:
        lock.release()


def _take(lock: StateLock, job: Job, wait: float, stop: threading.Event | None) -> bool:
    """Take the state lock for a job, saying whom it waits for; False if ``stop`` came first."""
    if stop is not None and stop.is_set():
        return False
    try:
        return lock.acquire(0)
    except BusyError as exc:
        if wait <= 0:
            raise
        log.info("job %s waits up to %g s for the state lock (held by %s)", job.name, wait,
                 f"pid {exc.pid}" if exc.pid else "another process")
    return lock.acquire(wait, stop=stop)


def _run_locked(config: Config, job: Job, due: datetime) -> JobOutcome | None:
    """Claim, do and record a job run; the state lock is held."""
    with Store(config.state) as store:
        if not store.start_job(job.name, due, datetime.now(UTC), os.getpid()):
            log.info("job %s for %s already ran", job.name, due.isoformat())
            return None
    log.info("job %s started (due %s)", job.name, due.isoformat())
    try:
        outcome, detail = _work(config, job, due)
    except DigestError as exc:
        if _damage(config, exc):
            raise
        outcome, detail = "failed", str(exc)
        log.error("job %s failed: %s", job.name, exc)
    except Exception as exc:  # a bug must not stop the service; it is logged with its traceback
        if _damage(config, exc):
            raise
        outcome, detail = "failed", f"{type(exc).__name__}: {exc}"
        log.exception("job %s failed", job.name)
    with Store(config.state) as store:
        store.finish_job(job.name, due, datetime.now(UTC), outcome, detail)
    log.info("job %s ended: %s; %s", job.name, outcome, detail)
    return JobOutcome(job.name, due, outcome, detail)


def _outcome(store: Store, job: str, due: datetime) -> str | None:
    """The recorded outcome of a job's run for a due time, if any."""
    row = store.db.execute("SELECT outcome FROM job_runs WHERE job = ? AND due = ?",
                           (job, due.isoformat())).fetchone()
    return row[0] if row else None


def catch_up(config: Config, now: datetime | None = None,
             stop: threading.Event | None = None) -> list[JobOutcome]:
    """Write each digest that was due while the service was down, or that failed, once, for its date.

    Only the latest due time is written, if it lies within ``catch_up_hours``; if it lies
    further back and did not run, it is logged as skipped, with its due time.
    """
    now = now or datetime.now(config.tz)
    horizon = timedelta(hours=config.settings.service.catch_up_hours)
    outcomes = []
    for job in config.settings.jobs:
        if job.action != "digest":
            continue
        if stop is not None and stop.is_set():
            break
        trigger = trigger_of(job, config)
        due = last_due(trigger, now, horizon)
        if due is None:
            _log_skipped(config, job, last_due(trigger, now.astimezone(UTC) - horizon - _TICK, LOOKBACK))
            continue
        with Store(config.state) as store:
            before = _outcome(store, job.name, due)
        if before in ("ok", "skipped files"):
            continue
        log.info("%s %s, due %s", "retrying failed job" if before == "failed" else "catching up",
                 job.name, due.isoformat())
        outcome = run_job(config, job, due, stop=stop)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


def _log_skipped(config: Config, job: Job, due: datetime | None) -> None:
    """Log a job's latest due time when it is older than the catch-up horizon and did not run."""
    if due is None:
        return
    with Store(config.state) as store:
        if store.job_ran(job.name, due):
            return
    log.warning("job %s: missed run due %s is older than catch_up_hours=%g; skipped",
                job.name, due.isoformat(), config.settings.service.catch_up_hours)


def retry_failed(config: Config, now: datetime | None = None,
                 stop: threading.Event | None = None) -> list[JobOutcome]:
    """Run again each digest job whose latest due time within ``catch_up_hours`` failed."""
    now = now or datetime.now(config.tz)
    horizon = timedelta(hours=config.settings.service.catch_up_hours)
    outcomes = []
    for job in config.settings.jobs:
        if job.action != "digest" or (stop is not None and stop.is_set()):
            continue
        due = last_due(trigger_of(job, config), now, horizon)
        if due is None:
            continue
        with Store(config.state) as store:
            failed = _outcome(store, job.name, due) == "failed"
        if failed:
            log.info("retrying failed job %s, due %s", job.name, due.isoformat())
            outcome = run_job(config, job, due, stop=stop)
            if outcome is not None:
                outcomes.append(outcome)
    return outcomes


def run_scheduled(config: Config, job_name: str, stop: threading.Event | None = None,
                  now: datetime | None = None) -> JobOutcome | None:
    """Entry point for the scheduler: run a job for the fire time that is due now.

    After a pick-up, a digest that failed for its latest due time is tried again.
    """
    job = next(j for j in config.settings.jobs if j.name == job_name)
    now = now or datetime.now(config.tz)
    if job.action == "pickup":
        outcome = run_job(config, job, now.replace(microsecond=0), stop=stop)
        if outcome is not None:
            retry_failed(config, now, stop)
        return outcome
    horizon = timedelta(hours=max(config.settings.service.catch_up_hours, 1))
    due = last_due(trigger_of(job, config), now, horizon) or now.replace(microsecond=0)
    return run_job(config, job, due, stop=stop)


def next_due(config: Config, now: datetime | None = None,
             scheduled: datetime | None = None) -> dict[str, datetime | None]:
    """The next fire time of every job of a service that made its triggers at ``scheduled``."""
    now = now or datetime.now(config.tz)
    return {job.name: trigger_of(job, config, scheduled).get_next_fire_time(None, now)
            for job in config.settings.jobs}


@dataclass(frozen=True)
class Running:
    """A `digest serve` process running on a state, as it marked itself."""

    pid: int | None  # None while it is still writing its mark
    since: datetime | None
    scheduled: datetime | None  # when it made its triggers: every: jobs count from there


class ServiceRunningError(BusyError):
    """Raised when `digest serve` starts while another service runs on the same state."""

    def __init__(self, mark: Path, running: Running):
        self.lock_path, self.pid = mark, running.pid
        who = f"pid {running.pid}" if running.pid else "another process"
        since = f" since {running.since.isoformat(timespec='seconds')}" if running.since else ""
        DigestError.__init__(self, f"{mark}: a service ({who}{since}) already runs the jobs of this "
                                   "state; stop it first, or point 'state:' in the config elsewhere")


class ServiceMark:
    """An ``flock`` on ``<state>.service.lock`` held for the life of `digest serve`.

    The kernel frees it when the process dies, however it dies, so a test of the lock
    never reports a dead service as running. The file says who holds it (JSON).
    """

    def __init__(self, state: Path):
        self.path = state.with_name(state.name + ".service.lock")
        self._fd: int | None = None
        self._since = datetime.now(UTC)

    def take(self, since: datetime) -> None:
        """Mark this process as the state's service; ServiceRunningError if another one is."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise os_problem(self.path, exc, elsewhere="or point 'state:' in the config elsewhere") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ServiceRunningError(self.path, self.running() or Running(None, None, None)) from None
        self._fd, self._since = fd, since
        self.note(None)

    def note(self, scheduled: datetime | None) -> None:
        """Write who holds the mark, since when, and when its triggers were made (None: not yet)."""
        assert self._fd is not None
        text = json.dumps({"pid": os.getpid(), "since": self._since.isoformat(),
                           "scheduled": scheduled.isoformat() if scheduled else None})
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"{text}\n".encode("ascii"), 0)

    def running(self) -> Running | None:
        """The service holding the mark now, if any; tested with a shared try that never waits or writes."""
        data = held_contents(self.path)
        return None if data is None else _read_mark(data)

    def release(self) -> None:
        """Give the mark up: no service runs on this state any more."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _read_mark(text: bytes) -> Running:
    """What a service wrote into its mark; unknown fields while it is still being written."""
    try:
        data = json.loads(text.decode("ascii"))
        since, scheduled = (datetime.fromisoformat(data[key]) if data.get(key) else None
                            for key in ("since", "scheduled"))
        return Running(int(data["pid"]), since, scheduled)
    except (ValueError, KeyError, TypeError):
        return Running(None, None, None)


@dataclass(frozen=True)
class Status:
    """What `digest status` shows."""

    state: str
    articles: int
    versions: int
    digests: int
    service: Running | None  # None: no service runs, so no job runs until one is started
    next_runs: dict[str, datetime | None]  # of the running service only; empty when none runs
    job_runs: dict[str, JobRun | None]  # the last run of each job (configured, MANUAL, others recorded)
    last_runs: list[JobRun]  # the most recent runs of any job, newest first
    skipped: list
    deliveries: list  # payloads not (yet) delivered: pending or failed


def status(config: Config, now: datetime | None = None, runs: int = RECENT_RUNS) -> Status:
    """Counts, the service and its next due times, the last run of each job, recent runs, skipped files.

    Reads only.
    """
    service = ServiceMark(config.state).running()
    lock = StateLock(config.state)
    with Store(config.state, preview=True) as store:
        recorded = store.last_run_of_each_job()
        return Status(
            state=str(config.state),
            articles=store.article_count(),
            versions=store.version_count(),
            digests=store.digest_count(),
            service=service,
            next_runs=next_due(config, now, service.scheduled) if service else {},
            job_runs=_each_job(config, mark_interrupted(list(recorded.values()), lock)),
            last_runs=mark_interrupted(store.last_runs(runs), lock),
            skipped=store.skipped(),
            deliveries=store.deliveries(("pending", "failed")),
        )


def _each_job(config: Config, runs: list[JobRun]) -> dict[str, JobRun | None]:
    """The last run of each configured job and of MANUAL (None: not yet), then of jobs configured no more."""
    by_job = {run.job: run for run in runs}
    names = [job.name for job in config.settings.jobs] + [MANUAL]
    return {name: by_job.get(name) for name in names} | {
        name: by_job[name] for name in sorted(by_job) if name not in names}


def mark_interrupted(runs: list[JobRun], lock: StateLock) -> list[JobRun]:
    """Runs still marked 'running' whose process died, or no longer holds the state lock, as 'interrupted'."""
    holder = lock.holder() if lock.is_held() else None
    return [replace(run, outcome="interrupted", detail=_why_interrupted(run, holder))
            if run.outcome == "running" and _why_interrupted(run, holder) else run for run in runs]


def _why_interrupted(run: JobRun, holder: int | None) -> str:
    """Why a run marked 'running' is not running any more, or '' if it may still be."""
    if not _alive(run.pid):
        return f"pid {run.pid} ended before the job did"
    if holder != run.pid:
        return f"pid {run.pid} no longer holds the state lock"
    return ""


def _alive(pid: int) -> bool:
    """Whether a process with this pid exists (it may belong to another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid > 0
