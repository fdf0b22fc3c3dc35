"""Jobs of the service: run one job for its due time under the state lock, catch up missed digests.

No scheduling here (that is `schedule.py`) and no pipeline logic (that is `pipeline.py`):
this module decides *whether* a job runs for a due time, runs it once, and records it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.triggers.base import BaseTrigger

from . import pipeline
from . import publish as publishing
from .config import Config, Job
from .cron import make_trigger
from .errors import DigestError
from .lock import StateLock
from .progress import Progress
from .store import Store

log = logging.getLogger("digest.service")


@dataclass(frozen=True)
class JobOutcome:
    """How one run of a job ended."""

    job: str
    due: datetime
    outcome: str  # "ok", "skipped files", "failed"
    detail: str


def trigger_of(job: Job, config: Config) -> BaseTrigger:
    """The APScheduler trigger of a configured job, in the configured time zone."""
    return make_trigger(job.cron, job.every, config.tz)


def last_due(trigger: BaseTrigger, now: datetime, horizon: timedelta) -> datetime | None:
    """The latest fire time of a trigger in (now - horizon, now], if any."""
    moment = trigger.get_next_fire_time(None, now - horizon)
    last = None
    while moment is not None and moment <= now:
        last = moment
        moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
    return last


def _work(config: Config, job: Job, due: datetime) -> tuple[str, str]:
    """Do what the job is for, then retry publishing; return its outcome and a line of counts."""
    if job.action == "pickup":
        report, made = pipeline.pickup(config, progress=Progress(f"job {job.name}"))
        detail = (f"{report.files} files: {report.new_articles} new, {report.versions} new versions, "
                  f"{report.duplicates} duplicates, {report.unchanged} unchanged, "
                  f"{len(report.skipped)} skipped, {report.still_written} still being written; "
                  f"{made} summaries")
        skipped = bool(report.skipped)
    else:
        targets = job.publish if job.publish is not None else tuple(t.name for t in config.settings.publish)
        result = pipeline.run(config, due.astimezone(config.tz).date(), kind=job.output,
                              window_days=job.window_days, publish=targets,
                              progress=Progress(f"job {job.name}"))
        detail = (f"{result.markdown.name}: {result.pickup.new_articles} new articles, "
                  f"{result.summarized} summaries, {len(result.skipped)} skipped")
        skipped = bool(result.skipped)
    with Store(config.state) as store:
        deliveries = publishing.deliver(config, store)
    if deliveries:
        failed = sum(1 for d in deliveries if not d.ok)
        detail += f"; published {len(deliveries) - failed}, failed {failed}"
    return ("skipped files" if skipped else "ok"), detail


def run_job(config: Config, job: Job, due: datetime, *, wait: float | None = None) -> JobOutcome | None:
    """Run a job once for its due time, holding the state lock; None if it already ran for it.

    A failure is recorded and logged, never raised: the service goes on.
    """
    lock = StateLock(config.state)
    lock.acquire(config.settings.service.lock_wait_seconds if wait is None else wait)
    try:
        with Store(config.state) as store:
            if not store.start_job(job.name, due, datetime.now(UTC), os.getpid()):
                log.info("job %s for %s already ran", job.name, due.isoformat())
                return None
        log.info("job %s started (due %s)", job.name, due.isoformat())
        try:
            outcome, detail = _work(config, job, due)
        except DigestError as exc:
            outcome, detail = "failed", str(exc)
            log.error("job %s failed: %s", job.name, exc)
        except Exception as exc:  # a bug must not stop the service; it is logged with its traceback
            outcome, detail = "failed", f"{type(exc).__name__}: {exc}"
            log.exception("job %s failed", job.name)
        with Store(config.state) as store:
            store.finish_job(job.name, due, datetime.now(UTC), outcome, detail)
        log.info("job %s ended: %s; %s", job.name, outcome, detail)
        return JobOutcome(job.name, due, outcome, detail)
    finally:
        lock.release()


def catch_up(config: Config, now: datetime | None = None) -> list[JobOutcome]:
    """Write each digest that was due while the service was down, once, for the date it was due."""
    now = now or datetime.now(config.tz)
    horizon = timedelta(hours=config.settings.service.catch_up_hours)
    outcomes = []
    for job in config.settings.jobs:
        if job.action != "digest":
            continue
        due = last_due(trigger_of(job, config), now, horizon)
        if due is None:
            continue
        with Store(config.state) as store:
            done = store.job_ran(job.name, due)
        if not done:
            log.info("catching up %s, due %s", job.name, due.isoformat())
            outcome = run_job(config, job, due)
            if outcome is not None:
                outcomes.append(outcome)
    return outcomes


def run_scheduled(config: Config, job_name: str) -> JobOutcome | None:
    """Entry point for the scheduler: run a job for the fire time that is due now."""
    job = next(j for j in config.settings.jobs if j.name == job_name)
    now = datetime.now(config.tz)
    if job.action == "pickup":
        due = now.replace(microsecond=0)
    else:
        horizon = timedelta(hours=max(config.settings.service.catch_up_hours, 1))
        due = last_due(trigger_of(job, config), now, horizon) or now.replace(microsecond=0)
    return run_job(config, job, due)


def next_due(config: Config, now: datetime | None = None) -> dict[str, datetime | None]:
    """The next fire time of every job."""
    now = now or datetime.now(config.tz)
    return {job.name: trigger_of(job, config).get_next_fire_time(None, now) for job in config.settings.jobs}


@dataclass(frozen=True)
class Status:
    """What `digest status` shows."""

    state: str
    articles: int
    versions: int
    digests: int
    next_runs: dict[str, datetime | None]
    last_runs: list
    skipped: list
    deliveries: list  # payloads not (yet) delivered: pending or failed


def status(config: Config, now: datetime | None = None, runs: int = 10) -> Status:
    """Counts, the last job runs, the next due time of each job and the skipped files; reads only."""
    with Store(config.state, preview=True) as store:
        return Status(
            state=str(config.state),
            articles=store.article_count(),
            versions=store.version_count(),
            digests=store.digest_count(),
            next_runs=next_due(config, now),
            last_runs=store.last_runs(runs),
            skipped=store.skipped(),
            deliveries=store.deliveries(("pending", "failed")),
        )
