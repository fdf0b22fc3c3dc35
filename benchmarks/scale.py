"""Time `digest run` on inboxes of 1,000 and 10,000 articles (100,000 with --huge), as a user runs it.

Usage: python benchmarks/scale.py [--sizes 1000,10000] [--huge] [--keep DIR] [--no-window]
                                  [--repeat N] [--seed N] [--strict]

Builds inbox folders of article files from real German sentences
(../shared/data/gnad-dev.jsonl when present, read in place, plus the sentences of
seeds/), recombined into articles of 12–30 sentences in paragraphs, dated over the
six weeks before the digest date 2025-12-03 (a header line ' date YYYY-MM-DD', YAML
front matter, or a 'Stand:' dateline; some undated, counted at their arrival).

Every measurement runs `python -m digest run` as a subprocess (PYTHONPATH=ROOT),
so it measures what a user runs, interpreter start-up included. For each size:

- first run: pick-up, summarize and digest of 2025-12-03; seconds, articles per
  second, CPU use (user+sys seconds of the process and its children over wall
  seconds: above 1.0 means more than one core was used); made with `digest -v`, so
  its pick-up and digest are shown apart, and its CPU seconds by process: the
  `digest` process (of which storing what was read) and the worker processes;
- no-op: the same command again, nothing new in the inbox;
- +100: 100 new files dated 2025-12-03, then the same command;
- for the no-op and +100 runs, the pick-up and the digest separately: the no-op
  and +100 runs are made with `digest -v`, whose debug log times each stage in
  the process (`pipeline.run`: "pick-up took", "summarizing what had no summary
  took" (together: what the scheduled pick-up job, `pipeline.pickup_job`, does) and
  "the digest took"); the rest of the CLI's seconds is start-up (interpreter,
  imports, config), opening the state and recording the run. `digest run` begins
  listing the inbox in a child as it starts (`listing.list_early`, overlapping the
  imports): the pick-up counts the child's seconds of listing in place of the wait
  for them, as if nothing overlapped (so pick-up + digest + rest may exceed the
  CLI's seconds by the overlap);
- peak memory: the largest of the peak RSS of any one process (``wait4``
  ru_maxrss of `digest`, its reaped children, and of its descendants that outlive
  it, which this script adopts as child subreaper) and the peak, sampled every
  0.1 s, of the summed PSS of the whole process tree (parallel workers together).

CPU seconds are those of `digest` and all its descendants (adopted forkserver
workers included). Each run's stderr is saved next to its inbox as
``<stage>.stderr.log`` (kept with --keep) and echoed only when the run fails:
an exit code other than 0 or 1 (1 means some files were skipped; they are counted).

With --repeat N the no-op and +100 runs are made N times (each +100 with 100 other
new files) and their minimum and median are printed. With --keep DIR naming a folder
kept by an earlier run, its inboxes and states are used again: no files are written
and the first run is not made (its figures are not shown), so the 100,000-file case
can be measured again in seconds; a settling run, not counted, first takes in what an
earlier run left (and makes the digest anew if the code changed since).

Once, not per size: the digest of a 5,000-article window (an inbox of exactly
5,000 articles dated 2025-11-26 to 2025-12-02, ingested first by a run for an
earlier date, then `--date 2025-12-03 --since 2025-11-26` is timed, so it measures
composing and writing the digest, not ingest). And the growth of the first run's
time from the smallest to the largest size, relative to the size ratio (1.0 =
linear).

Prints a table with each figure, its target and PASS/FAIL on stdout, progress on
stderr. Exit code 0 even when a target fails, unless --strict (then 1).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml
from common import ROOT, german_sentences

from digest.text import split_sentences

DIGEST_DAY = date(2025, 12, 3)
SPAN_DAYS = 42
"""Articles are dated over the six weeks ending at the digest date."""
WINDOW_SIZE = 5000
WINDOW_FIRST = date(2025, 11, 26)
WINDOW_LAST = date(2025, 12, 2)
NEW_FILES = 100
KEPT = re.compile(r"size-[0-9]+|window-[0-9]+|start-up\.stderr\.log")
"""What a kept work folder may hold to be used again."""
SOURCES = ("ZEIT ONLINE", "tagesschau.de", "Der Standard", "dpa", "Deutsche Welle",
           "Frankfurter Rundschau")

# Targets of the issue (on a 2-core machine).
FIRST_RUN_S_PER_10K = 60.0
FIRST_RUN_TARGET_FROM = 10_000
"""The first-run time and CPU targets are stated for 10,000 articles; smaller sizes are for information."""
CPU_TARGET = 1.0
NOOP_S = 1.0
NEW_S = 3.0
WINDOW_S = 10.0
PEAK_MB = 1024.0
GROWTH = 1.0

PICKUP_S = 2.0
"""The pick-up of NEW_FILES new files in a 100,000-file inbox, without the digest (in the process)."""

SKIPPED_LINE = re.compile(r"^WARNING skipped ", re.M)
STAGE_LINE = re.compile(r"^DEBUG (pick-up|summarizing what had no summary|the digest) took ([0-9.]+) s$",
                        re.M)
"""The stage timings `digest -v run` logs (pipeline.timed)."""
EARLY_LINE = re.compile(r"^DEBUG \(the listing was begun [0-9.]+ s before, in a child, .*; "
                        r"it took ([0-9.]+) s there\)$", re.M)
"""`digest run` lists the inbox in a child from its start (listing.list_early): how long that took."""
WAITED_LINE = re.compile(r"^DEBUG listing the inbox took ([0-9.]+) s$", re.M)
"""How long the pick-up stage listed (or, with an early listing, waited for the child's)."""
DIGEST_LINE = re.compile(r"(\d+) articles in window, (\d+) new summaries, (\d+) skipped")
READ_LINE = re.compile(r"^DEBUG (\d+) files? read in [0-9.]+ s, of which [0-9.]+ s storing them "
                       r"\(([0-9.]+) s CPU\)$", re.M)
"""The pick-up's CPU seconds storing what was read, in the `digest` process (`digest -v`)."""


def progress(message: str) -> None:
    print(f"[scale {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- sentences and article files ------------------------------------------------------------


def seed_sentences() -> list[str]:
    """The sentences of the sample articles in seeds/ (at least four words each)."""
    found: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            found.extend(split_sentences(line, "german"))
    return [s for s in found if len(s.split()) >= 4]


HEADER_PREFIX = re.compile(r"^\s*date:?\s+\d{4}-\d{2}(?:-\d{2})?\s*", re.IGNORECASE)
"""A seed's ' date 2025-07' header, which the sentence splitter leaves on its first sentence."""
STAND = re.compile(r"\bStand:?\s+\d")
"""'Stand: 21.04.2025 19:54 Uhr', 'Stand 2015': read as a dateline wherever it lands in an article."""


def sentence_pool() -> tuple[list[str], str]:
    """The dev data's sentences (or the seeds' only, without it), with the seeds' mixed in once.

    Header prefixes are cut and sentences with a 'Stand …' date are left out, so
    that every article is dated only as the generator means it to be, and a
    window holds exactly the articles written for it.
    """
    sentences, origin = german_sentences()
    if "seeds/ only" not in origin:
        known = set(sentences)
        extra = [s for s in seed_sentences() if s not in known]
        sentences, origin = sentences + extra, f"{origin} + {len(extra)} sentences of seeds/"
    cleaned = [HEADER_PREFIX.sub("", s) for s in sentences if not STAND.search(s)]
    return cleaned, f"{origin}; {len(cleaned)} used"


def headline(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    return " ".join(words[: rng.randint(5, 10)]).rstrip(".,;:!?–-„“\"")


def paragraphs(body: list[str], rng: random.Random) -> str:
    parts, i = [], 0
    while i < len(body):
        n = rng.randint(2, 4)
        parts.append(" ".join(body[i : i + n]))
        i += n
    return "\n\n".join(parts)


@dataclass
class Inbox:
    folder: Path
    written: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def write_articles(inbox: Inbox, count: int, pool: list[str], rng: random.Random, *,
                   first: date, last: date, prefix: str = "a", undated_share: float = 0.15) -> None:
    """Write ``count`` article files dated between ``first`` and ``last`` (inclusive).

    Formats: a text file with a ' date YYYY-MM-DD' header line (45 %), Markdown with
    front matter title/date and sometimes source (35 %), a text file with a 'Stand:'
    dateline (5 %), a text file without any date (15 %, counted at its arrival time,
    which is also set within the range). Every file's mtime is its arrival time.
    """
    inbox.folder.mkdir(parents=True, exist_ok=True)
    days = (last - first).days
    for _ in range(count):
        index = inbox.written
        inbox.written += 1
        body = rng.sample(pool, rng.randint(12, 30))
        title = headline(body[0], rng)
        published = datetime.combine(first + timedelta(days=rng.randint(0, days)), datetime.min.time()) \
            + timedelta(minutes=rng.randint(6 * 60, 22 * 60))
        text = paragraphs(body, rng)
        roll = rng.random()
        if roll < undated_share:
            kind, name = "undated", f"{prefix}{index:06d}.txt"
            content = f"{title}\n\n{text}\n"
        elif roll < undated_share + 0.05:
            kind, name = "dateline", f"{prefix}{index:06d}.txt"
            content = f"{title}\n\nStand: {published:%d.%m.%Y %H:%M} Uhr\n\n{text}\n"
        elif roll < undated_share + 0.05 + 0.35:
            kind, name = "front matter", f"{prefix}{index:06d}.md"
            when = f"{published:%Y-%m-%dT%H:%M:00}" if rng.random() < 0.5 else f"{published:%Y-%m-%d}"
            meta = {"title": title, "date": when}
            if rng.random() < 0.4:
                meta["source"] = rng.choice(SOURCES)
                kind = "front matter + source"
            front = "".join(f"{key}: {value if key == 'date' else json.dumps(value, ensure_ascii=False)}\n"
                            for key, value in meta.items())
            content = f"---\n{front}---\n\n{text}\n"
        else:
            kind, name = "header line", f"{prefix}{index:06d}.txt"
            content = f" date {published:%Y-%m-%d}\n{title}\n\n{text}\n"
        inbox.kinds[kind] = inbox.kinds.get(kind, 0) + 1
        path = inbox.folder / name
        path.write_text(content, encoding="utf-8")
        arrival = (published + timedelta(hours=rng.randint(0, 6))).replace(tzinfo=UTC).timestamp()
        os.utime(path, (arrival, arrival))


def write_config(folder: Path, inbox: Path) -> Path:
    data = yaml.safe_load((ROOT / "schedule.yaml").read_text(encoding="utf-8"))
    data.update(inbox=str(inbox), output=str(folder / "out"), state=str(folder / "state.sqlite3"),
                service={"settle_seconds": 0}, digest={"first_window_days": 1})
    path = folder / "schedule.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- running the CLI -------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process so far (/proc/PID/stat), 0 once gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _memory_kib(pid: int) -> int:
    """PSS of a process (shared pages split among the sharers), else its RSS; 0 once gone."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}") as f:
                for line in f:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed memory of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kib, self.most = pid, interval, 0, 1
        self.descendant_cpu: dict[int, float] = {}  # the latest CPU seconds seen of each descendant
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            tree, todo, pids = _children(), [self.pid], []
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo.extend(tree.get(pid, ()))
            self.peak_kib = max(self.peak_kib, sum(_memory_kib(p) for p in pids))
            self.most = max(self.most, len(pids))
            for pid in pids[1:]:
                self.descendant_cpu[pid] = max(self.descendant_cpu.get(pid, 0.0), _cpu_seconds(pid))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


@dataclass
class Run:
    label: str
    code: int
    wall: float
    cpu: float
    maxrss_mb: float
    tree_mb: float
    processes: int
    stderr: str
    in_window: int | None = None
    new_summaries: int | None = None
    own_cpu: float = 0.0  # of `digest` itself (the total less the workers')
    workers_cpu: float = 0.0  # of its descendants: the workers it forked, or the forkserver and its workers

    @property
    def ok(self) -> bool:
        return self.code in (0, 1)

    @property
    def skipped(self) -> int:
        return len(SKIPPED_LINE.findall(self.stderr))

    @property
    def peak_mb(self) -> float:
        return max(self.maxrss_mb, self.tree_mb)

    def stage(self, *names: str) -> float | None:
        """Seconds the process logged for these stages together (`digest -v`); None if it logged none."""
        found = [float(s) for name, s in STAGE_LINE.findall(self.stderr) if name in names]
        return sum(found) if found else None

    @property
    def pickup(self) -> float | None:
        """The pick-up stage in the process: new files, then summaries missing (as pipeline.pickup_job);
        with the listing's own seconds in place of the wait for it when a child listed the inbox as the
        process started (listing.list_early): the pick-up as if nothing had overlapped it."""
        stages = self.stage("pick-up", "summarizing what had no summary")
        early, waited = EARLY_LINE.search(self.stderr), WAITED_LINE.search(self.stderr)
        if stages is None or early is None or waited is None:
            return stages
        return stages - float(waited.group(1)) + float(early.group(1))

    @property
    def storing_cpu(self) -> float | None:
        """CPU seconds the pick-up spent storing in the `digest` process (`digest -v`); None if not logged."""
        found = READ_LINE.search(self.stderr)
        return float(found.group(2)) if found else None

    @property
    def digest(self) -> float | None:
        """The digest in the process: fingerprint, then (unless unchanged) window, compose, render, write."""
        return self.stage("the digest")


PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux), so their CPU time and memory reach our rusage.

    The pipeline's forkserver and its workers are not reaped by `digest` itself:
    they outlive it by a moment and would otherwise be adopted by init, and their
    CPU seconds would be lost from ``wait4``.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_orphans(deadline: float = 30.0) -> tuple[float, int, int]:
    """Wait for adopted descendants to exit; their CPU seconds, largest RSS (KiB), and how many.

    Gives up after ``deadline`` seconds, returning what was reaped; ``progress`` says so.
    """
    cpu, rss, count = 0.0, 0, 0
    until = time.monotonic() + deadline
    while True:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return cpu, rss, count
        if pid:
            cpu += usage.ru_utime + usage.ru_stime
            rss = max(rss, usage.ru_maxrss)
            count += 1
        elif time.monotonic() > until:
            progress(f"warning: descendants of digest still running {deadline:.0f} s after it exited")
            return cpu, rss, count
        else:
            time.sleep(0.005)


def run_cli(cwd: Path, label: str, *args: str) -> Run:
    """`python -m digest ARGS…` timed (wall until it exits), with rusage and sampled memory."""
    command = [sys.executable, "-m", "digest", *args]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    progress(f"{label}: {' '.join(command[1:])}")
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as err, \
            tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=cwd)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
        orphan_cpu, orphan_rss, _ = reap_orphans()
        err.seek(0)
        stderr = err.read()
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    (cwd / f"{slug}.stderr.log").write_text(stderr, encoding="utf-8")  # kept with --keep
    found = DIGEST_LINE.search(stderr)
    total = usage.ru_utime + usage.ru_stime + orphan_cpu
    # the workers: forkserver ones outlive digest (adopted, exact); forked ones are reaped by digest
    # itself, so their CPU is the last seen in the 0.1 s samples (a little less than they used)
    workers = max(orphan_cpu, sum(sampler.descendant_cpu.values()))
    result = Run(label, proc.returncode, wall, total,
                 max(usage.ru_maxrss, orphan_rss) / 1024, sampler.peak_kib / 1024, sampler.most, stderr,
                 int(found.group(1)) if found else None, int(found.group(2)) if found else None,
                 total - workers, workers)
    note = f", {result.skipped} files skipped" if result.skipped else ""
    window = f", {result.in_window} in window" if found else ""
    progress(f"{label}: exit {result.code} in {wall:.2f} s (cpu {result.cpu:.1f} s, "
             f"peak {result.peak_mb:.0f} MB, {result.processes} processes{window}{note})")
    if not result.ok:
        progress(f"{label}: FAILED with exit code {result.code}; its stderr follows")
        sys.stderr.write(stderr[-20000:])
        sys.stderr.flush()
    return result


def run_digest(config: Path, label: str, *extra: str, stages: bool = False) -> Run:
    """`python -m digest run --config CONFIG EXTRA…` in the config's folder (`digest -v` with ``stages``)."""
    verbose = ("-v",) if stages else ()
    return run_cli(config.parent, label, *verbose, "run", "--config", str(config), *extra)


# --- the benchmark ---------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    value: str
    target: str
    passed: bool | None  # None: shown for information only

    @property
    def verdict(self) -> str:
        return "info" if self.passed is None else "PASS" if self.passed else "FAIL"


def measure_size(size: int, work: Path, pool: list[str], seed: int, repeat: int) -> dict:
    """First run (unless the folder is reused), then ``repeat`` times: no-op, +NEW_FILES."""
    folder = work / f"size-{size}"
    config = folder / "schedule.yaml"
    day = ["--date", DIGEST_DAY.isoformat()]
    inbox = Inbox(folder / "inbox")
    first = None
    if config.is_file() and (folder / "state.sqlite3").is_file():
        progress(f"size {size}: reusing {folder} (no first run)")
        # once, not counted: the code or its settings may have changed since (a new fingerprint)
        run_digest(config, f"size {size} settling run", *day)
    else:
        rng = random.Random(seed * 1_000_003 + size)
        progress(f"size {size}: writing {size} article files to {inbox.folder}")
        started = time.perf_counter()
        span_start = DIGEST_DAY - timedelta(days=SPAN_DAYS - 1)
        write_articles(inbox, size, pool, rng, first=span_start, last=DIGEST_DAY)
        progress(f"size {size}: wrote {size} files in {time.perf_counter() - started:.1f} s "
                 f"({', '.join(f'{k} {v}' for k, v in sorted(inbox.kinds.items()))})")
        config = write_config(folder, inbox.folder)
        first = run_digest(config, f"size {size} first run", *day, stages=True)
    noops, news = [], []
    for k in range(repeat):
        nth = f" #{k + 1}" if repeat > 1 else ""  # each run's stderr log kept under its own name
        noops.append(run_digest(config, f"size {size} no-op run{nth}", *day, stages=True))
        prefix = next(p for p in (f"new{k}-" if k else "new" for k in range(1000))
                      if not any(inbox.folder.glob(f"{p}*")))
        rng = random.Random(f"{seed} {size} {prefix}")
        write_articles(inbox, NEW_FILES, pool, rng, first=DIGEST_DAY, last=DIGEST_DAY, prefix=prefix,
                       undated_share=0)
        news.append(run_digest(config, f"size {size} +{NEW_FILES} files{nth}", *day, stages=True))
    return {"size": size, "first": first, "noop": noops, "new": news}


def measure_window(work: Path, pool: list[str], seed: int) -> tuple[Run, Run]:
    folder = work / f"window-{WINDOW_SIZE}"
    shutil.rmtree(folder, ignore_errors=True)  # kept by an earlier run: its digest would be unchanged
    rng = random.Random(seed * 7_919 + WINDOW_SIZE)
    inbox = Inbox(folder / "inbox")
    progress(f"window: writing {WINDOW_SIZE} files dated {WINDOW_FIRST} to {WINDOW_LAST}")
    write_articles(inbox, WINDOW_SIZE, pool, rng, first=WINDOW_FIRST, last=WINDOW_LAST)
    config = write_config(folder, inbox.folder)
    ingest = run_digest(config, "window ingest", "--date", (WINDOW_FIRST - timedelta(days=1)).isoformat())
    timed = run_digest(config, f"window {WINDOW_SIZE} digest", "--date", DIGEST_DAY.isoformat(),
                       "--since", WINDOW_FIRST.isoformat())
    return ingest, timed


def bare_interpreter(times: int = 5) -> float:
    """The fastest of ``times`` starts of this Python doing nothing (site and .pth files included)."""
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        best = min(best, time.perf_counter() - started)
    return best


def spread(values: list[float | None]) -> str:
    """'min / median' of seconds, '-' where a run logged no such stage."""
    known = [v for v in values if v is not None]
    if not known:
        return "-"
    return f"{min(known):.2f} / {statistics.median(known):.2f}"


def median_of(runs: list[Run], value: Callable[[Run], float | None]) -> float | None:
    """The median of a figure over runs that have it."""
    known = [v for v in map(value, runs) if v is not None]
    return statistics.median(known) if known else None


def size_checks(r: dict) -> list[Check]:
    """Print one size's row of the table; return its checks (no-op and +100: the median of the repeats)."""
    size, first, noops, news = r["size"], r["first"], r["noop"], r["new"]
    runs = [*([first] if first else []), *noops, *news]
    peak, largest = max(run.peak_mb for run in runs), max(run.maxrss_mb for run in runs)
    notes = "; ".join(f"{run.label.split(' ', 2)[2]}: {status_of(run)}" for run in runs if status_of(run))
    noop, new = median_of(noops, lambda run: run.wall), median_of(news, lambda run: run.wall)
    pickup = median_of(news, lambda run: run.pickup)
    shown = (f"{first.wall:>12.2f} {size / first.wall:>7.0f} {first.cpu / first.wall:>5.2f}" if first
             else f"{'(reused)':>12} {'-':>7} {'-':>5}")
    print(f"{size:>7} {shown} {noop:>7.2f} {new:>7.2f} {peak:>8.0f}  {notes}")
    checks = []
    if first:
        applies = size >= FIRST_RUN_TARGET_FROM
        first_target = FIRST_RUN_S_PER_10K * size / 10_000
        checks += [
            Check(f"{size} first run", f"{first.wall:.2f} s ({size / first.wall:.0f} art/s)",
                  f"<= {first_target:g} s" + ("" if applies else " (stated for 10,000)"),
                  first.ok and first.wall <= first_target if applies else None),
            Check(f"{size} first run cpu", f"{first.cpu / first.wall:.2f} cores "
                  f"({first.cpu:.1f} cpu s, {first.processes} processes)",
                  f"> {CPU_TARGET:.1f}" + ("" if applies else " (stated for 10,000)"),
                  first.ok and first.cpu / first.wall > CPU_TARGET if applies else None),
        ]
    all_ok = all(run.ok for run in runs)
    picked = "no stage timing logged" if pickup is None else f"{pickup:.2f} s"
    return checks + [
        Check(f"{size} no-op run (CLI, median)", f"{noop:.2f} s", f"<= {NOOP_S:.0f} s",
              all_ok and noop <= NOOP_S),
        Check(f"{size} +{NEW_FILES} files (CLI, median)", f"{new:.2f} s", f"<= {NEW_S:.0f} s",
              all_ok and new <= NEW_S),
        Check(f"{size} +{NEW_FILES} pick-up alone (median)", picked, f"<= {PICKUP_S:.0f} s",
              all_ok and pickup is not None and pickup <= PICKUP_S),
        Check(f"{size} peak memory", f"{peak:.0f} MB (largest process {largest:.0f} MB)",
              f"<= {PEAK_MB:.0f} MB", peak <= PEAK_MB),
    ]


def first_runs_apart(results: list[dict]) -> None:
    """The first runs' seconds per stage and CPU seconds per process (where a first run's CPU goes)."""
    firsts = [r for r in results if r["first"] is not None]
    if not firsts:
        return
    print()
    print("first runs apart (`digest -v run`): seconds of the pick-up and the digest (pipeline.timed); "
          "CPU seconds of the `digest` process (of which storing what was read: store_batch) and of the "
          "worker processes that read the files (forked by digest, or the forkserver and its workers; "
          "forked ones as last sampled, every 0.1 s), per file in ms")
    print(f"{'size':>7} {'CLI s':>7} {'pick-up':>8} {'digest':>7} {'cpu s':>7} {'digest process':>15} "
          f"{'storing':>8} {'workers':>8} {'ms/file':>8}")
    for r in firsts:
        run, size = r["first"], r["size"]
        cells = [f"{value:>{width}.1f}" if value is not None else f"{'-':>{width}}" for value, width in (
            (run.pickup, 8), (run.digest, 7), (run.cpu, 7), (run.own_cpu, 15), (run.storing_cpu, 8),
            (run.workers_cpu, 8), (run.workers_cpu * 1000 / size, 8))]
        print(f"{size:>7} {run.wall:>7.1f} {' '.join(cells)}")


def status_of(run: Run) -> str:
    if not run.ok:
        return f"exit {run.code}"
    return f"{run.skipped} skipped" if run.skipped else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated inbox sizes [1000,10000]")
    parser.add_argument("--huge", action="store_true", help="also 100,000 articles")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="work in DIR and keep it (default: a temp dir, removed); a DIR kept before "
                             "is used again: its inboxes and states, without a first run")
    parser.add_argument("--no-window", action="store_true", help="skip the 5,000-article window digest")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="make the no-op and +100 runs N times; print min and median [1]")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--strict", action="store_true", help="exit 1 when any target fails")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()} | ({100_000} if args.huge else set()))

    if args.keep:
        work = args.keep.resolve()
        if work.exists() and any(not KEPT.fullmatch(p.name) for p in work.iterdir()):
            parser.error(f"--keep {work}: folder holds files this benchmark did not write")
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="digest-scale-"))
    progress(f"work folder {work}")
    load_before = os.getloadavg()
    if not become_subreaper():
        progress("warning: cannot adopt orphaned processes; CPU of forkserver workers may be missed")
    startup = run_cli(work, "start-up", "--version")
    bare = bare_interpreter()
    pool, origin = sentence_pool()
    progress(f"sentences from {origin}")
    try:
        results = [measure_size(size, work, pool, args.seed, max(1, args.repeat)) for size in sizes]
        window = None if args.no_window else measure_window(work, pool, args.seed)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    checks: list[Check] = []
    print(f"{'size':>7} {'first-run s':>12} {'art/s':>7} {'cpu':>5} {'noop s':>7} {'+100 s':>7} "
          f"{'peak MB':>8}  notes")
    for r in results:
        checks += size_checks(r)
    print()
    print(f"the no-op and +{NEW_FILES} runs apart (seconds; min / median of {max(1, args.repeat)}): "
          "CLI = the whole `digest -v run` as a user waits for it; pick-up and digest = the stages "
          "timed in that process (pipeline.timed; the pick-up with its listing's own seconds in the "
          "early child, which overlap the imports); rest = the CLI minus both: interpreter, imports, config, "
          "state, run record; "
          "CLI cpu = user+sys seconds of the process and its workers (less swayed by other work on the "
          "machine)")
    print(f"{'size':>7} {'run':>6} {'CLI':>13} {'pick-up':>13} {'digest':>13} {'rest':>13} {'CLI cpu':>13}")
    for r in results:
        for name, runs in (("no-op", r["noop"]), (f"+{NEW_FILES}", r["new"])):
            rest = [run.wall - (run.pickup or 0) - (run.digest or 0) for run in runs]
            print(f"{r['size']:>7} {name:>6} {spread([run.wall for run in runs]):>13} "
                  f"{spread([run.pickup for run in runs]):>13} {spread([run.digest for run in runs]):>13} "
                  f"{spread(rest):>13} {spread([run.cpu for run in runs]):>13}")
    first_runs_apart(results)
    if window:
        ingest, timed = window
        counted = "" if timed.in_window == WINDOW_SIZE else f", digest counted {timed.in_window} in window"
        print(f"window digest of {WINDOW_SIZE} articles: {timed.wall:.2f} s, peak {timed.peak_mb:.0f} MB"
              f"{counted} (ingest run before it: {ingest.wall:.2f} s)")
        checks += [
            Check(f"{WINDOW_SIZE}-article window digest", f"{timed.wall:.2f} s{counted}",
                  f"<= {WINDOW_S:.0f} s", ingest.ok and timed.ok and timed.wall <= WINDOW_S),
            Check(f"{WINDOW_SIZE}-article window peak memory", f"{max(ingest.peak_mb, timed.peak_mb):.0f} MB",
                  f"<= {PEAK_MB:.0f} MB", max(ingest.peak_mb, timed.peak_mb) <= PEAK_MB),
        ]
    firsts = [r for r in results if r["first"] is not None]
    if len(firsts) >= 2:
        small, large = firsts[0], firsts[-1]
        ratio = large["first"].wall / small["first"].wall
        factor = ratio / (large["size"] / small["size"])
        line = (f"growth {small['size']} -> {large['size']}: x{ratio:.2f} time for "
                f"x{large['size'] / small['size']:.0f} articles = {factor:.2f} of linear")
        print(line)
        both_ok = small["first"].ok and large["first"].ok
        checks.append(Check(f"growth {small['size']} -> {large['size']}", f"{factor:.2f}",
                            f"<= {GROWTH:.1f} (linear)", both_ok and factor <= GROWTH))

    print()
    width = max(len(c.name) for c in checks)
    vwidth = max(len(c.value) for c in checks)
    for c in checks:
        print(f"{c.verdict:<4}  {c.name:<{width}}  {c.value:<{vwidth}}  target {c.target}")
    failed = [c for c in checks if c.passed is False]
    print()
    print(f"machine: {os.cpu_count()} cpus, Python {platform.python_version()} ({sys.executable}), "
          f"{platform.platform()}; load average {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after "
          "(other work on the machine slows every figure)")
    print(f"start-up of `python -m digest --version`: {startup.wall:.2f} s (in every CLI figure above), "
          f"of which Python itself (`python -c pass`, fastest of 5): {bare:.2f} s")
    print(f"data: {origin}")
    print(f"{len(failed)} of {sum(c.passed is not None for c in checks)} targets failed"
          if failed else "all targets met")
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
