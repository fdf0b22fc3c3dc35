"""APScheduler wiring only: one scheduler job per configured job, a clean stop on SIGTERM/SIGINT."""

from __future__ import annotations

import logging
import signal
from types import FrameType

from apscheduler.schedulers.blocking import BlockingScheduler

from .config import Config
from .service import catch_up, next_due, run_scheduled, trigger_of

log = logging.getLogger("digest.schedule")


def build_scheduler(config: Config) -> BlockingScheduler:
    """A blocking scheduler in the configured time zone with one job per configured job.

    APScheduler 3 defaults to misfire_grace_time=1 s; we allow the catch-up horizon,
    coalesce missed runs into one, and never run a job twice at once.
    """
    grace = max(int(config.settings.service.catch_up_hours * 3600), 1)
    scheduler = BlockingScheduler(
        timezone=config.tz,
        job_defaults={"misfire_grace_time": grace, "coalesce": True, "max_instances": 1},
    )
    for job in config.settings.jobs:
        scheduler.add_job(run_scheduled, trigger_of(job, config), args=[config, job.name],
                          id=job.name, name=job.name)
    return scheduler


def serve(config: Config) -> None:
    """Catch up missed digests, then run the jobs until SIGTERM or Ctrl-C.

    On a signal the running job finishes (its writes are atomic either way) and
    no new job starts.
    """
    scheduler = build_scheduler(config)
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        log.info("received %s; stopping once the running job is done", signal.Signals(signum).name)
        if scheduler.running:
            scheduler.shutdown(wait=True)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        catch_up(config)
        if stopping:
            return
        for name, when in next_due(config).items():
            log.info("job %s: next run %s", name, when.isoformat() if when else "never")
        scheduler.start()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        log.info("stopped")
