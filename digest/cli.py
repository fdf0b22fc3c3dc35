"""The `digest` command: a thin layer that parses options and calls the library."""

from __future__ import annotations

import calendar
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from . import __version__
from .configfile import find_config, inbox_named
from .errors import BusyError, ConfigError, DigestError, ReadError, os_problem, state_error
from .i18n import counted
from .listing import list_early
from .models import Summary
from .progress import Progress
from .readers import one_line
from .versions import ALGORITHMS

T = TypeVar("T")

if TYPE_CHECKING:
    from .config import Config
    from .voices import Statement

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_ERROR = 2
EXIT_BUSY = 3
EXIT_BUG = 4

EXIT_CODES_HELP = """
\b
Exit codes:
  0  success
  1  done, but some inbox files were skipped (listed in the digest and the log)
  2  nothing done: bad usage, invalid config, missing inbox or unreadable file
  3  nothing done: another digest process is working on the same state
  4  internal error (a bug): the traceback is printed
"""


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _load(config_path: Path | None, inbox: Path | None = None, out: Path | None = None) -> Config:
    from .config import load_config  # YAML and the schema: ~35 ms, which `run` spends listing the inbox meanwhile

    try:
        config = load_config(find_config(config_path))
    except ConfigError as exc:
        for problem in exc.problems:
            click.echo(f"Error: {exc.path}: {problem}", err=True)
        sys.exit(EXIT_ERROR)
    return config.with_paths(
        inbox=inbox.resolve() if inbox else None, output=out.resolve() if out else None
    )


ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def calendar_day(value: str) -> date:
    """The day a 'YYYY-MM-DD' text names; ValueError saying what is wrong with it (format or calendar)."""
    match = ISO_DAY.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= year <= 9999:
        raise ValueError(f"{value} is not a day of the calendar (years run from 0001 to 9999)")
    if not 1 <= month <= 12:
        raise ValueError(f"{value} is not a day of the calendar (months run from 01 to 12)")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"{value} is not a day of the calendar "
                         f"({calendar.month_name[month]} {year} has {days} days)")
    return date(year, month, day)


def _parse_day(value: str | None, config: Config, option: str = "--date") -> date:
    """The day of a --date (or --since) option; today in the configured time zone when not given."""
    if value is None:
        return datetime.now(config.tz).date()
    try:
        return calendar_day(value)
    except ValueError as exc:
        _fail(f"{option}: {exc}")
        raise  # unreachable


def _parse_since(value: str | None, config: Config) -> datetime | None:
    """The start of the --since day, or None when not given."""
    if value is None:
        return None
    return datetime.combine(_parse_day(value, config, "--since"), datetime.min.time())


def _since_not_after(since: datetime | None, day: date, date_given: bool, rule: str) -> None:
    """Exit 2 when --since starts after the date of the digest or timeline (--date, or today)."""
    if since is not None and since.date() > day:
        given = f"--date {day.isoformat()}" if date_given else f"today, {day.isoformat()}"
        _fail(f"--since {since.date().isoformat()} is after {given}; {rule}")


@contextmanager
def _holding_state(config: Config, wait: float, *, lock: bool = True) -> Iterator[None]:
    """Hold the state lock (when ``lock``) and turn our errors into one line and an exit code."""
    from .lock import StateLock

    state_lock = StateLock(config.state)
    with _reporting(config):
        try:
            if lock:
                state_lock.acquire(wait)  # a read-only or full state folder refuses the lock file
            yield
        finally:
            state_lock.release()


@contextmanager
def _reporting(config: Config) -> Iterator[None]:
    """Turn our errors, and what the system refuses (read-only, full, no permission), into one line."""
    import sqlite3

    try:
        yield
    except BusyError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_BUSY)
    except DigestError as exc:
        _fail(str(exc))
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError)):
            raise  # a query of ours is wrong: a bug
        _fail(str(state_error(config.state, exc)))
    except BrokenPipeError:
        raise  # stdout closed by a pager or `head`: click ends quietly
    except OSError as exc:
        _fail(str(_os_problem(config, exc)))


def _os_problem(config: Config, exc: OSError) -> DigestError:
    """An OSError that reached the command: named by its file, else by the state it worked on."""
    path = Path(os.fsdecode(exc.filename)) if exc.filename else config.state
    in_state = path.parent.resolve() == config.state.parent.resolve()
    return os_problem(path, exc, elsewhere="or point 'state:' in the config elsewhere" if in_state else "")


config_option = click.option(
    "--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
    help="Configuration file [default: ./schedule.yaml if present, else built-in defaults].",
)


inbox_option = click.option(
    "--inbox", type=click.Path(path_type=Path, file_okay=False),
    help="Folder of article files [config: inbox]; a state belongs to one inbox.",
)
out_option = click.option(
    "--out", type=click.Path(path_type=Path, file_okay=False),
    help="Output folder [config: output]; without a config file the state is OUT/.digest-state/.",
)


@click.group(name="digest", epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="digest")
@click.option("-v", "--verbose", is_flag=True, help="Log every file and stage.")
@click.option("-q", "--quiet", is_flag=True, help="Log only warnings and errors.")
def cli(verbose: bool, quiet: bool) -> None:
    """Write dated, sourced digests of a news story from a folder of articles."""
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    _log_to_stderr(level, verbose)


_handler: logging.Handler | None = None


def _log_to_stderr(level: int, verbose: bool, tz: tzinfo | None = None) -> None:
    """One log line per event on stderr ('WARNING skipped a.txt: empty file'); replaces an earlier setup.

    With a time zone (the service), each line starts with its time there: '2026-12-01 22:30:05+01:00 CET'.
    """
    global _handler
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(_zoned(tz) if tz else logging.Formatter("%(levelname)s %(message)s"))
    root.addHandler(_handler)
    root.setLevel(level)
    logging.getLogger("apscheduler").setLevel(logging.DEBUG if verbose else logging.WARNING)


def _zoned(tz: tzinfo) -> logging.Formatter:
    """The service's log format (imported only by `serve`: the scheduler is slow to import)."""
    from .schedule import ZonedFormatter

    return ZonedFormatter(tz)


@cli.command(epilog=EXIT_CODES_HELP)
@config_option
@inbox_option
@out_option
@click.option("--date", "day", metavar="YYYY-MM-DD",
              help="Date of the digest, in the configured time zone [default: today].")
@click.option("--since", metavar="YYYY-MM-DD",
              help="Start the window on this day instead of at the previous digest "
                   "(on or before --date).")
@click.option("--preview", is_flag=True,
              help="Do everything but write: no output files, nothing stored in the state.")
@click.option("--wait", type=click.FloatRange(0), default=0, show_default=True, metavar="SECONDS",
              help="How long to wait for another digest process working on the same state.")
def run(config_path: Path | None, inbox: Path | None, out: Path | None, day: str | None,
        since: str | None, preview: bool, wait: float) -> None:
    """Pick up the inbox, summarize new articles and write the digest of a date.

    Writes OUT/<yyyy>/<mm>/digest-<date>.md and .html and prints their paths.
    Run again for a date without --since, it adds what is new and keeps the
    window that date's digest was written with (a --since that narrows it is
    logged). Only one process works on a state at a time; a second one waits --wait
    seconds, then stops with a message naming the other's pid (exit 3).
    """
    list_early(inbox_named(config_path, inbox))  # begun before the configuration's code is imported
    from .service import run_by_hand  # the pipeline, recorded as a run for `digest status`

    config = _load(config_path, inbox, out)
    the_day = _parse_day(day, config)
    start = _parse_since(since, config)
    _since_not_after(start, the_day, day is not None, "the window must start on or before the digest's date")
    with _holding_state(config, wait, lock=not preview):
        shown = None if logging.getLogger().level > logging.INFO else Progress("pick-up")
        result = run_by_hand(config, the_day, since=start, preview=preview, progress=shown)
    prefix = "would write " if preview else ""
    click.echo(f"{prefix}{result.markdown}")
    click.echo(f"{prefix}{result.html}")
    sys.exit(EXIT_SKIPPED if result.skipped else EXIT_OK)  # each skipped file was logged on one line


@cli.command(epilog="""
\b
Exit codes:
  0  every FILE summarized
  1  some FILEs summarized, the others could not be read (text: each named
     on stderr; jsonl: a {"file", "error"} object in its place)
  2  nothing summarized: bad usage or configuration, or no FILE could be read
     (a single FILE that could not be read is named the same way)
""")
@config_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--sentences", type=click.IntRange(1, 50), help="Sentences in the summary [config].")
@click.option("--algorithm", type=click.Choice(ALGORITHMS), help="Summarizer [config].")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True,
              help='text: the sentences, a line each; jsonl: {"file", "sentences", "algorithm"} per file.')
def summarize(config_path: Path | None, files: tuple[Path, ...], sentences: int | None,
              algorithm: str | None, fmt: str) -> None:
    """Print the extractive summary of each article FILE (no state is touched).

    With several files and --format text, each summary follows a line '==> FILE <=='.
    A FILE that cannot be read does not stop the others.
    """
    config = _load(config_path)
    method = algorithm or config.settings.summary.algorithm
    _each_file(files, fmt, lambda file: _summary_of(file, config, method, sentences),
               lambda file, summary: {"file": str(file), "sentences": list(summary.sentences),
                                      "algorithm": method},
               lambda summary: summary.sentences)


def _summary_of(file: Path, config: Config, method: str, sentences: int | None) -> Summary:
    """The summary of one FILE of `digest summarize`; ReadError saying why it cannot be read."""
    from .pickup import analyze_file  # what pipeline.summarize_file does, without importing the pipeline
    from .readers import os_reason
    from .summarize import summarize as summarize_split

    path = _readable(file)
    try:
        return summarize_split(analyze_file(path, path.parent, config), method,
                               sentences or config.settings.summary.sentences)
    except OSError as exc:  # a folder on the way that cannot be searched, a name too long
        raise ReadError(str(file), os_reason(exc)) from None


def _readable(file: Path) -> Path:
    """A FILE named on the command line, resolved (a symlink is read where it points: there is no
    inbox for it to stay inside); ReadError when it is a folder, missing or cannot be reached."""
    from .readers import os_reason

    try:
        if file.is_dir():
            raise ReadError(str(file), "is a folder, not a file; name the article files in it")
        if not file.exists():
            raise ReadError(str(file), "no such file")
        return file.resolve()
    except OSError as exc:  # a folder on the way that cannot be searched, a name too long
        raise ReadError(str(file), os_reason(exc)) from None


def _each_file(files: tuple[Path, ...], fmt: str, read: Callable[[Path], T],
               record: Callable[[Path, T], dict[str, object]], lines: Callable[[T], Iterable[str]]) -> None:
    """Read and print each FILE of `digest summarize` or `digest voices`, then exit 0, 1 or 2.

    jsonl: one record per file; text: its lines, after '==> FILE <==' when there are several. A
    FILE that cannot be read is named (text: on stderr; jsonl: a {"file", "error"} line in its
    place) and does not stop the others.
    """
    import json

    failed = 0
    for file in files:
        try:
            result = read(file)
        except ReadError as exc:
            failed += 1
            if fmt == "jsonl":
                click.echo(json.dumps({"file": str(file), "error": exc.reason}, ensure_ascii=False))
            else:
                click.echo(f"Error: {one_line(str(file))}: {exc.reason}", err=True)
            continue
        except DigestError as exc:
            _fail(str(exc))
        if fmt == "jsonl":
            click.echo(json.dumps(record(file, result), ensure_ascii=False))
            continue
        if len(files) > 1:
            click.echo(f"==> {one_line(str(file))} <==")
        for line in lines(result):
            click.echo(line)
    sys.exit(EXIT_ERROR if failed == len(files) else EXIT_SKIPPED if failed else EXIT_OK)


@cli.command(epilog="""
\b
Exit codes:
  0  every FILE read
  1  some FILEs read, the others could not be read (text: each named on
     stderr; jsonl: a {"file", "error"} object in its place)
  2  nothing read: bad usage or configuration, or no FILE could be read
""")
@config_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True,
              help='text: "speaker (kind, cue): sentence", a line each; '
                   'jsonl: {"file", "statements"} per file.')
def voices(config_path: Path | None, files: tuple[Path, ...], fmt: str) -> None:
    """Print who said what in each article FILE: its attributed statements (no state is touched).

    The same analysis as the digest's voices, with the configured speakers' aliases. Each
    statement has its sentence as it stands in the article, the speaker, its kind (direct,
    indirect, according_to, reported) and its cue word.
    """
    from .voices import statement_record

    config = _load(config_path)
    _each_file(files, fmt, lambda file: _statements_of(file, config),
               lambda file, found: {"file": str(file), "statements": [statement_record(s) for s in found]},
               lambda found: [f"{s.attribution.speaker} ({s.kind}{', ' + s.cue if s.cue else ''}): "
                              f"{one_line(s.attribution.sentence)}" for s in found])


def _statements_of(file: Path, config: Config) -> list[Statement]:
    """The statements of one FILE of `digest voices`; ReadError saying why it cannot be read."""
    from .readers import os_reason
    from .voices import file_statements

    path = _readable(file)
    try:
        return file_statements(path, config)
    except OSError as exc:  # a folder on the way that cannot be searched, a name too long
        raise ReadError(str(file), os_reason(exc)) from None


@cli.command(epilog=EXIT_CODES_HELP)
@config_option
@inbox_option
@out_option
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Last day of the timeline [default: today].")
@click.option("--since", metavar="YYYY-MM-DD",
              help="Only articles from this day on, as `digest run --since` [default: all].")
@click.option("--format", "fmt", type=click.Choice(["tilse", "markdown"]), default="markdown",
              show_default=True,
              help="tilse: per day a 'YYYY-MM-DD' line, its sentences, then a line of 32 dashes "
                   "('--------------------------------').")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file (atomically) instead of stdout.")
@click.option("--preview", is_flag=True, help="Store nothing new in the state.")
@click.option("--dates", type=click.IntRange(1, 10_000), metavar="N",
              help="Show the N most important days [default: digest.timeline_dates of the config; "
                   "if null, the square root of the number of days with news, rounded up].")
@click.option("--per-date", type=click.IntRange(1, 100), metavar="K",
              help="Up to K sentences per day [default: digest.timeline_per_date of the config].")
def timeline(config_path: Path | None, inbox: Path | None, out: Path | None, day: str | None,
             since: str | None, fmt: str, output: Path | None, preview: bool, dates: int | None,
             per_date: int | None) -> None:
    """Print the most important days up to a date and what happened on each, newest first
    (tilse: oldest first).

    A day counts the articles published on it and the sentences naming it; for each day
    the sentences most central to it are shown, none twice. The articles are those the
    digest of the same --date and --since holds, never one published after --date; with
    --since only days from that day on are shown.
    """
    from .pipeline import build_timeline
    from .render import format_tilse, timeline_markdown
    from .write import atomic_write

    config = _load(config_path, inbox, out)
    the_day, start = _parse_day(day, config), _parse_since(since, config)
    _since_not_after(start, the_day, day is not None, "the timeline must start on or before its last day")
    with _reporting(config):  # a state or --output the system refuses: one line, exit 2
        events = build_timeline(config, the_day, since=start, preview=preview, dates=dates, per_date=per_date)
        text = format_tilse(events) if fmt == "tilse" else timeline_markdown(events, config.settings.language)
        if output is not None:
            atomic_write(output, text)
    click.echo(str(output) if output is not None else text, nl=output is not None)


@cli.command(epilog=EXIT_CODES_HELP)
@config_option
@inbox_option
@out_option
def serve(config_path: Path | None, inbox: Path | None, out: Path | None) -> None:
    """Run the jobs of the configuration on their schedule until SIGTERM or Ctrl-C.

    At start-up, a digest that was due while the service was down is written
    once, for the date it was due (within service.catch_up_hours). Each job
    start and end is logged with its counts and time; `digest status` shows them.
    A damaged state file stops the service with exit 2.
    """
    import os

    from .errors import StateDamagedError
    from .schedule import serve as serve_forever

    config = _load(config_path, inbox, out)
    if not config.settings.jobs:
        _fail(f"{config.path or 'configuration'}: jobs: no jobs to run; add a pickup and a digest job")
    level = logging.getLogger().level
    _log_to_stderr(level, level <= logging.DEBUG, config.tz)  # from here on, every line has its time
    log = logging.getLogger("digest.service")
    try:
        serve_forever(config)
        logging.shutdown()  # every job is done and every file closed; flush the log,
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_OK)  # and skip a second of tearing down scipy and nltk: SIGTERM ends us at once
    except StateDamagedError:
        sys.exit(EXIT_ERROR)  # logged by the service, naming the state file and `digest recover`
    except BusyError as exc:
        log.error("%s", exc)
        sys.exit(EXIT_BUSY)
    except DigestError as exc:
        log.error("%s", exc)
        sys.exit(EXIT_ERROR)


@cli.command()
@config_option
@inbox_option
@out_option
def status(config_path: Path | None, inbox: Path | None, out: Path | None) -> None:
    """Show the state's counts, whether a service runs, the last run of each job, and skipped files.

    Next due times are shown only while `digest serve` runs. `digest run` is listed as the
    job "run (manual)"; a run whose process died shows as interrupted.
    """
    from .recover import ensure_healthy
    from .service import status as read_status
    from .store import bound_inbox

    config = _load(config_path, inbox, out)
    try:  # first of all: is the state healthy? (SQLite's quick check, reading only)
        ensure_healthy(config.state)
    except DigestError as exc:
        _fail(str(exc))
    try:
        info = read_status(config)
    except DigestError as exc:
        _fail(str(exc))
    click.echo(f"state: {info.state} (inbox: {bound_inbox(config.state) or 'none yet'})")
    versions = counted(info.versions, "earlier version")
    click.echo(f"articles: {info.articles} (+{versions}) · digests: {info.digests}")
    service = info.service
    if service is None:
        click.echo("service: not running; no job runs until `digest serve` is started")
    else:
        since = f" since {service.since.astimezone(config.tz):%Y-%m-%d %H:%M:%S %Z}" if service.since else ""
        click.echo(f"service: running (pid {service.pid or '?'}{since}); next runs:")
        for name, when in info.next_runs.items():
            click.echo(f"  {name:<20} {when.strftime('%Y-%m-%d %H:%M %Z') if when else 'never'}")
    click.echo("last run of each job:")
    for name, run_ in info.job_runs.items():
        click.echo(f"  {name:<20} " + (f"{run_.started.astimezone(config.tz):%Y-%m-%d %H:%M:%S}  "
                                       f"{run_.outcome:<14} {run_.detail}" if run_ else "not run yet"))
    click.echo("recent runs:" if info.last_runs else "recent runs: none yet")
    for run_ in info.last_runs:
        started = run_.started.astimezone(config.tz).strftime("%Y-%m-%d %H:%M:%S")
        click.echo(f"  {started}  {run_.job:<20} {run_.outcome:<14} {run_.detail}")
    click.echo(f"skipped files: {len(info.skipped)}")
    for skipped in info.skipped:
        click.echo(f"  {one_line(skipped.path)}: {skipped.reason}")
    click.echo(f"publishing not done: {len(info.deliveries)}")
    for d in info.deliveries:
        attempts = counted(d.attempts, "attempt")
        click.echo(f"  {d.target} {d.kind} {d.date.isoformat()}: {d.status} after {attempts}"
                   f"{': ' + d.detail if d.detail else ''}")


@cli.command(epilog="""
\b
Exit codes:
  0  everything asked for is delivered (or was already)
  1  some deliveries failed; they are kept and retried by the next job or publish
  2  nothing to publish: no publish targets configured, no such target, or
     no digest written for that date
  3  another digest process is working on the same state
""")
@config_option
@inbox_option
@out_option
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Date of the digest [default: today].")
@click.option("--target", metavar="NAME", help="Only this publish target [default: all].")
@click.option("--wait", type=click.FloatRange(0), default=0, show_default=True, metavar="SECONDS",
              help="How long to wait for another digest process working on the same state.")
def publish(config_path: Path | None, inbox: Path | None, out: Path | None, day: str | None,
            target: str | None, wait: float) -> None:
    """Deliver the digest of a date to the publish targets (wiki, git wiki, mail).

    The digest must have been written (`digest run --date D` or a digest job);
    what it delivers is exactly what was written then. Publishing again changes
    nothing where it was delivered already.
    """
    from . import publish as publishing
    from .store import Store

    config = _load(config_path, inbox, out)
    names = [t.name for t in config.settings.publish]
    if not names:
        _fail(_no_targets(config))
    if target is not None and target not in names:
        _fail(f"--target: no publish target named {target!r} in {config.path or 'the configuration'} "
              f"(targets: {', '.join(names)})")
    the_day = _parse_day(day, config)
    with _holding_state(config, wait), Store(config.state) as store:
        wanted = store.deliveries(("held", "pending", "failed", "done"), target=target, day=the_day)
        if not wanted:
            _fail(f"nothing to publish for {the_day.isoformat()}: write the digest first "
                  f"with `digest run --date {the_day.isoformat()}`")
        results = publishing.deliver(config, store, target=target, day=the_day, include_held=True)
    done = {(d.target, d.kind) for d in wanted if d.status == "done"}
    for key in sorted(done - {(r.target, r.kind) for r in results}):
        click.echo(f"{key[0]}: {key[1]} {the_day.isoformat()} already published")
    for result in results:
        outcome = result.detail if result.ok else f"failed: {result.detail}"
        click.echo(f"{result.target}: {result.kind} {the_day.isoformat()} {outcome}")
    sys.exit(EXIT_SKIPPED if any(not r.ok for r in results) else EXIT_OK)


def _no_targets(config: Config) -> str:
    """What `digest publish` says when the configuration has no publish targets."""
    see = 'see "Archive, feed and publishing" in the README'
    if config.path is None:
        return ("no publish targets configured: the built-in defaults have none; write a config file "
                f"with a 'publish:' list of targets and pass it with --config ({see})")
    return f"{config.path}: publish: no publish targets configured; add a 'publish:' list of targets ({see})"


@cli.command(epilog="""
\b
Exit codes:
  0  the state is healthy (nothing changed), or it was recovered
  2  nothing done: no state file, or the file is not a news-digest state
  3  nothing done: another digest process (a service?) is working on the same state
""")
@config_option
@inbox_option
@out_option
@click.option("--force", is_flag=True, help="Rebuild the state even when the quick check finds it healthy.")
@click.option("--wait", type=click.FloatRange(0), default=0, show_default=True, metavar="SECONDS",
              help="How long to wait for another digest process working on the same state.")
def recover(config_path: Path | None, inbox: Path | None, out: Path | None, force: bool,
            wait: float) -> None:
    """Salvage a damaged state file into a fresh one; the inbox is read again for the rest.

    SQLite's quick check runs first: a healthy state is left as it is (unless
    --force). Otherwise every row that can still be read (digests written,
    articles, summaries, analyses, deliveries, job runs) is copied, table by
    table, into a fresh state put in place of the old one; a bad page costs
    only the rows on it. The old file is kept beside it as
    <state>.damaged-<UTC time>, never deleted. Files whose articles were lost
    are read again from the inbox by the next run or pick-up job. Prints what
    was kept and lost of each table. Stop the service first: recover takes
    the state lock.
    """
    from .recover import describe
    from .recover import recover as salvage

    config = _load(config_path, inbox, out)
    with _holding_state(config, wait):
        result = salvage(config.state, force=force)
    for line in describe(result):
        click.echo(line)


@cli.command()
@config_option
def check(config_path: Path | None) -> None:
    """Validate the configuration and report every problem at once."""
    config = _load(config_path)
    where = config.path or "built-in defaults"
    topics, jobs = counted(len(config.settings.topics), "topic"), counted(len(config.settings.jobs), "job")
    click.echo(f"{where}: OK ({topics}, {jobs})")


def main() -> None:
    """Console-script entry point; only a bug is reported with its traceback and exit code 4."""
    try:
        cli(prog_name="digest", standalone_mode=True)
    except DigestError as exc:  # one of ours that a command did not catch: still not a bug
        _fail(str(exc))
    except Exception:  # anything not already turned into a message and an exit code
        import traceback

        traceback.print_exc()
        click.echo("Error: internal error (a bug in news digest); please report the traceback above",
                   err=True)
        sys.exit(EXIT_BUG)
