"""APScheduler wiring only: one scheduler job per configured job, a clean stop on SIGTERM/SIGINT."""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

from apscheduler.schedulers.background import BackgroundScheduler

from .config import Config
from .service import catch_up, next_due, run_scheduled, trigger_of

log = logging.getLogger("digest.schedule")


def build_scheduler(config: Config) -> BackgroundScheduler:
    """A scheduler in the configured time zone with one job per configured job.

    APScheduler 3 defaults to misfire_grace_time=1 s; we allow the catch-up horizon,
    coalesce missed runs into one, and never run a job twice at once.
    """
    grace = max(int(config.settings.service.catch_up_hours * 3600), 1)
    scheduler = BackgroundScheduler(
        timezone=config.tz,
        job_defaults={"misfire_grace_time": grace, "coalesce": True, "max_instances": 1},
    )
    for job in config.settings.jobs:
        scheduler.add_job(run_scheduled, trigger_of(job, config), args=[config, job.name],
                          id=job.name, name=job.name)
    return scheduler


def serve(config: Config) -> None:
    """Catch up missed digests, then run the jobs until SIGTERM or Ctrl-C.

    On a signal no new job starts and the running one finishes (its writes are
    atomic either way); then the function returns.
    """
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        log.info("received %s; stopping once the running job is done", signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        catch_up(config)
        if stop.is_set():
            return
        scheduler = build_scheduler(config)
        scheduler.start()
        for name, when in next_due(config).items():
            log.info("job %s: next run %s", name, when.isoformat() if when else "never")
        log.info("service started with %d jobs", len(config.settings.jobs))
        while not stop.wait(1):
            pass
        scheduler.shutdown(wait=True)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        log.info("stopped")
