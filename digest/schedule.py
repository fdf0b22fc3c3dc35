"""APScheduler wiring only: one scheduler job per configured job, a clean stop on SIGTERM/SIGINT."""

from __future__ import annotations

import logging
import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from types import FrameType

from apscheduler.schedulers.background import BackgroundScheduler

from .config import Config
from .errors import BusyError, DigestError, StateDamagedError
from .i18n import counted
from .service import ServiceMark, catch_up, check_state, next_due, run_scheduled, state_problem, trigger_of

log = logging.getLogger("digest.schedule")


class ZonedFormatter(logging.Formatter):
    """Log lines stamped with the local time, its offset and zone name: '2026-12-01 22:30:05+01:00 CET'."""

    def __init__(self, tz: tzinfo):
        super().__init__("%(asctime)s %(levelname)s %(message)s")
        self.tz = tz

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        """The record's time in the zone, to the second, with its offset and name."""
        moment = datetime.fromtimestamp(record.created, self.tz)
        offset = moment.strftime("%z")
        return f"{moment:%Y-%m-%d %H:%M:%S}{offset[:3]}:{offset[3:]} {moment:%Z}"


class _Watch:
    """What the scheduler's threads share with the main loop: the stop event and the first damage found."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.damage: StateDamagedError | None = None

    def run(self, config: Config, job_name: str) -> None:
        """Run one scheduled job; a damaged state stops the service, other refusals skip this run."""
        try:
            with _state_errors(config):
                run_scheduled(config, job_name, self.stop)
        except StateDamagedError as exc:
            if self.damage is None:
                self.damage = exc
            self.stop.set()
        except BusyError as exc:
            log.warning("job %s not run: %s", job_name, exc)
        except DigestError as exc:  # the environment (disk full, read-only state): the next run tries again
            log.error("job %s not run: %s", job_name, exc)


@contextmanager
def _state_errors(config: Config) -> Iterator[None]:
    """Raise a ``sqlite3`` error met outside a job as ours: a damaged state, or the environment."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        error = state_problem(config, exc)
        if error is None:
            raise  # a query of ours is wrong: a bug
        raise error from None


def build_scheduler(config: Config, watch: _Watch | None = None,
                    scheduled: datetime | None = None) -> BackgroundScheduler:
    """A scheduler in the configured time zone with one job per configured job.

    APScheduler 3 defaults to misfire_grace_time=1 s; we allow the catch-up horizon,
    coalesce missed runs into one, and never run a job twice at once. ``every:`` jobs
    first fire one interval after ``scheduled`` (default: now).
    """
    watch = watch or _Watch()
    grace = max(int(config.settings.service.catch_up_hours * 3600), 1)
    scheduler = BackgroundScheduler(
        timezone=config.tz,
        job_defaults={"misfire_grace_time": grace, "coalesce": True, "max_instances": 1},
    )
    for job in config.settings.jobs:
        scheduler.add_job(watch.run, trigger_of(job, config, scheduled), args=[config, job.name],
                          id=job.name, name=job.name)
    return scheduler


def serve(config: Config) -> None:
    """Catch up missed digests, then run the jobs until SIGTERM or Ctrl-C.

    On a signal no new job starts, a job waiting for the state lock gives up, and the
    running one finishes (its writes are atomic either way); then the function returns.
    A damaged state file stops the jobs too, and is raised as StateDamagedError.
    The service marks itself running (``ServiceMark``) for `digest status`; a second
    service on the same state is refused with ServiceRunningError.
    """
    watch = _Watch()
    mark = ServiceMark(config.state)
    mark.take(datetime.now(config.tz))

    def on_signal(signum: int, frame: FrameType | None) -> None:
        log.info("received %s; stopping once the running job is done", signal.Signals(signum).name)
        watch.stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        _run_until_stopped(config, watch, mark)
    except StateDamagedError as exc:
        log.error("no more jobs: %s", exc)  # said once, here; the caller only exits
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        mark.release()
        log.info("stopped")


def _run_until_stopped(config: Config, watch: _Watch, mark: ServiceMark) -> None:
    """Check the state, catch up, then run the scheduler until the stop event; raise a damage found."""
    with _state_errors(config):
        check_state(config)
        catch_up(config, stop=watch.stop)
    if watch.stop.is_set():
        return
    scheduled = datetime.now(config.tz)
    scheduler = build_scheduler(config, watch, scheduled)
    mark.note(scheduled)
    scheduler.start()
    for name, when in next_due(config, scheduled=scheduled).items():
        log.info("job %s: next run %s", name, when.isoformat() if when else "never")
    log.info("service started with %s", counted(len(config.settings.jobs), "job"))
    while not watch.stop.wait(1):
        pass
    scheduler.shutdown(wait=True)
    if watch.damage is not None:
        raise watch.damage
