"""Crash safety: kill real `digest run` processes with SIGKILL, then check what they left behind.

Shared by ``tests/test_crash.py`` and ``benchmarks/crash.py``. Nothing here imports the
``digest`` package: every run is a separate ``python -m digest run`` process, and the
checks read the SQLite state and the output folder directly.

One *round*:

1. An inbox of about 40 small German articles is built from the seeds (distinct
   4-sentence pieces of each seed in .txt, .md and .json, near-copies with another
   source, exact copies under other names, one Windows-1252 file and one empty file
   that is skipped), every file with a fixed modification time.
2. A *twin* (reference lane) runs ``digest run`` uninterrupted on a copy of it; this
   first run also measures how long a process takes to start (until it holds the
   state lock) and to do the work.
3. Each *kill lane* (its own inbox, state and output) starts ``digest run`` again and
   again and SIGKILLs it at a random moment (seeded), most of them after it took the
   lock, i.e. during pick-up, summarizing, composing or writing. Between two runs the
   lane's inbox changes on a fixed schedule: four new files arrive eight times, and one
   file gets a new version. The twin replays the same inbox history, one uninterrupted
   run per stage, and records the digest each stage produces.
4. After the kills, every lane runs once more to the end, and is checked against the
   twin and against a fresh uninterrupted run on a copy of the final inbox:

   - integrity: ``PRAGMA integrity_check`` is ok, ``PRAGMA foreign_key_check`` empty;
   - exactly-once: one ``files`` row per inbox file (its sha256), an article for every
     non-empty file, the current articles and files rows equal the fresh run's, and
     every table equals the twin's (times left out);
   - no-partial-output: after every kill, each file under out/ was absent or the complete
     digest of some inbox stage, and no temporary file was left behind;
   - final-digest: .md and .html byte-identical to the fresh run's and the twin's;
   - clean-runs: every run that was not killed exited as a complete run does.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DAY = "2025-12-03"
#: Arrival time of the inbox files (as tests/conftest.py's ARRIVAL).
ARRIVAL = datetime(2025, 12, 3, 6, 0, tzinfo=UTC)
#: Exit code of a complete run: 1 because the empty inbox file is skipped.
EXPECTED_RC = 1
#: Share of kills sent at a random moment from the start (mostly during imports).
EARLY_SHARE = 0.1
#: Where the digest of DAY goes, relative to the output folder.
DIGEST_MD = f"{DAY[:4]}/{DAY[5:7]}/digest-{DAY}.md"
DIGEST_HTML = f"{DAY[:4]}/{DAY[5:7]}/digest-{DAY}.html"
#: The archive page and feed, rewritten after each digest, and how each complete file ends.
ARCHIVE = {"index.html": b"</html>\n", "feed.xml": b"</feed>\n"}

SOURCES = ["tagesschau.de", "Deutschlandfunk", "Der Standard", "SRF News", "Frankfurter Rundschau"]


# --- the inbox ------------------------------------------------------------------------------


def _stamp(when: datetime) -> int:
    return int(when.timestamp()) * 1_000_000_000


@dataclass(frozen=True)
class InboxFile:
    path: str        # relative, POSIX
    data: bytes
    mtime_ns: int


@dataclass(frozen=True)
class Mutation:
    """A change to the inbox between two runs: files added, or one file's new content."""

    after: float                 # applied once this share of a lane's kills have landed
    label: str
    files: tuple[InboxFile, ...]


@dataclass(frozen=True)
class InboxPlan:
    initial: tuple[InboxFile, ...]
    mutations: tuple[Mutation, ...]
    changed: str                 # path of the file that gets a new version

    def final(self) -> dict[str, InboxFile]:
        files = {f.path: f for f in self.initial}
        for mutation in self.mutations:
            files.update({f.path: f for f in mutation.files})
        return files


def seed_sentences() -> list[list[str]]:
    """The sentences of each seed, without date header lines and datelines."""
    seeds = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences = []
        for para in re.split(r"\n\s*\n", text):
            para = re.sub(r"^\s*date \d{4}(-\d\d){0,2}\s+", "", para.strip())
            para = " ".join(para.split())
            if not para or para.startswith("Stand:"):
                continue
            sentences += [s for s in re.split(r"(?<=[.!?“\"])\s+(?=[A-ZÄÖÜ„\"])", para) if s]
        seeds.append(sentences)
    return seeds


def _pieces(seeds: list[list[str]], offset: int, size: int = 4) -> list[list[str]]:
    """Non-overlapping runs of ``size`` sentences, round-robin over the seeds."""
    per_seed = [[s[i:i + size] for i in range(offset, len(s) - size + 1, size)] for s in seeds]
    out = []
    for row in range(max(len(p) for p in per_seed)):
        out += [p[row] for p in per_seed if row < len(p)]
    return out


def _render(kind: str, sentences: list[str], title: str, source: str, published: str | None,
            url: str) -> bytes:
    body = "\n\n".join(" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2))
    if kind == "md":
        meta = {"title": title, "source": source}
        if published:
            meta["date"] = published
        head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
        return f"---\n{head}---\n\n{body}\n".encode()
    if kind == "json":
        record = {"title": title, "text": body, "source": source, "url": url}
        if published:
            record["date"] = published
        return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode()
    return f"{title}\n\n{body}\n".encode()


def _article(index: int, prefix: str, sentences: list[str]) -> tuple[str, bytes]:
    """One article file; format, source and date vary with the index."""
    kind = ("txt", "md", "json")[index % 3]
    published = (None, "2025-12-03T08:15:00", "2025-11-28", "2025-12-03T05:40:00")[index % 4]
    if kind == "txt":
        published = None  # plain text without a header: counts at its arrival
    data = _render(kind, sentences[1:], sentences[0].rstrip("."), SOURCES[index % len(SOURCES)], published,
                   f"https://example.org/artikel/{prefix}{index:02d}")
    return f"{prefix}{index:02d}-{kind}.{kind}", data


def build_plan() -> InboxPlan:
    """The inbox of a round and its changes (deterministic)."""
    seeds = seed_sentences()
    first = _pieces(seeds, 0)        # the initial articles
    later = _pieces(seeds, 2)        # arrive later: half of each overlaps two initial ones
    arrival = _stamp(ARRIVAL)
    initial: list[InboxFile] = []
    for i, sentences in enumerate(first[:32]):
        name, data = _article(i, "a", sentences)
        initial.append(InboxFile(name, data, arrival + i * 60_000_000_000))
    # near-copies: the same text with one more sentence and another source (credited to the first)
    for j, base in enumerate((3, 10, 17)):
        s = first[base] + [f"Die Redaktion von {SOURCES[(j + 2) % 5]} hat berichtet."]
        name, data = _article(base, "a", s)
        if base % 3 == 0:  # plain text: no source to credit
            data = data.replace(s[0].rstrip(".").encode(), s[0].rstrip(".").encode() + b" ", 1)
        else:
            data = data.replace(SOURCES[base % 5].encode(), SOURCES[(j + 2) % 5].encode(), 1)
        initial.append(InboxFile(f"b{j}-nahe-kopie{Path(name).suffix}", data, arrival + 3_600_000_000_000))
    # exact copies under other names; one arrived earlier than its original
    initial.append(InboxFile("archiv/a05-kopie.json", initial[5].data, initial[5].mtime_ns))
    initial.append(InboxFile("c-doppelt.txt", initial[0].data, arrival - 3_600_000_000_000))
    # Windows-1252 text, and an empty file that is skipped
    s = first[32]
    initial.append(InboxFile("d-ansi.txt", ("\r\n\r\n".join(s) + "\r\n").encode("cp1252", "replace"),
                             arrival))
    initial.append(InboxFile("leer.txt", b"", arrival))

    mutations = []
    shares = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 0.9)
    for k, share in enumerate(shares):
        files = []
        for i in range(4):
            n = k * 4 + i
            name, data = _article(n, f"x{k}", later[n])
            files.append(InboxFile(name, data, arrival + (k + 1) * 3_600_000_000_000 + i * 1_000_000_000))
        mutations.append(Mutation(share, f"+4 files ({files[0].path} ...)", tuple(files)))
    changed = initial[7]
    new_data = changed.data.rstrip(b"\n") + (
        "\n\nNachtrag: " + " ".join(later[33][:2]) + "\n").encode()
    if changed.path.endswith(".json"):
        record = json.loads(changed.data)
        record["text"] += "\n\nNachtrag: " + " ".join(later[33][:2])
        new_data = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode()
    version = InboxFile(changed.path, new_data, changed.mtime_ns + 5 * 3_600_000_000_000)
    mutations.insert(6, Mutation(0.7, f"new version of {changed.path}", (version,)))
    return InboxPlan(tuple(initial), tuple(mutations), changed.path)


def write_files(inbox: Path, files) -> None:
    for f in files:
        path = inbox / f.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f.data)
        os.utime(path, ns=(f.mtime_ns, f.mtime_ns))


def inbox_listing(inbox: Path) -> dict[str, tuple[bytes, int]]:
    """Relative path -> (content, mtime) of every visible file in an inbox."""
    out = {}
    for path in sorted(inbox.rglob("*")):
        rel = path.relative_to(inbox).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in rel.split("/")):
            out[rel] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


def write_config(folder: Path, inbox: Path) -> Path:
    """schedule.yaml of the checkout with inbox, output and state in ``folder``; no settle wait."""
    data = yaml.safe_load((ROOT / "schedule.yaml").read_text(encoding="utf-8"))
    data["inbox"] = str(inbox)
    data["output"] = str(folder / "out")
    data["state"] = str(folder / "state" / "state.sqlite3")
    data.setdefault("service", {})["settle_seconds"] = 0
    path = folder / "schedule.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- the processes of a run -------------------------------------------------------------------

#: Environment variable marking every process of one run: it, its forkserver, workers and resource
#: tracker inherit it, so they are found even after they were re-parented to init.
MARK = "DIGEST_CRASH_RUN"
#: Seconds the processes of a killed run are given to end (issue 10, point 8).
LEFTOVER_WITHIN = 5.0


def _stat(pid: int) -> tuple[int, str] | None:
    """(ppid, state letter) of a process, None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), fields[0]


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def run_processes(mark: str, root: int | None = None) -> set[int]:
    """Live (not zombie) processes of a run: descendants of ``root`` and any whose environment holds
    MARK=mark (those re-parented to init after ``root`` died)."""
    parents = {pid: st for pid in _pids() if (st := _stat(pid)) is not None and st[1] != "Z"}
    found = set()
    if root is not None:
        children: dict[int, list[int]] = {}
        for pid, (ppid, _) in parents.items():
            children.setdefault(ppid, []).append(pid)
        todo = [root]
        while todo:
            pid = todo.pop()
            found.add(pid)
            todo += children.get(pid, [])
        found &= set(parents)
    needle = f"\0{MARK}={mark}\0".encode()
    for pid in parents:
        try:
            environ = b"\0" + Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        if needle in environ:
            found.add(pid)
    return found


def leftovers(mark: str, root: int | None = None, within: float = LEFTOVER_WITHIN) -> set[int]:
    """The run's processes still there after ``within`` seconds (returns as soon as none are)."""
    deadline = time.monotonic() + within
    while True:
        left = run_processes(mark, root)
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.05)


# --- running and killing ----------------------------------------------------------------------


@dataclass
class Outcome:
    rc: int
    killed: bool                 # ended by our SIGKILL
    in_work: bool                # ... after it had taken the state lock
    t_lock: float | None         # seconds from start until it held the lock
    t_end: float                 # seconds from start until it ended
    mode: str = ""
    output: str = ""             # its stdout and stderr
    left: int = 0                # its processes (workers, forkserver) still running 5 s after the kill

    @property
    def clean(self) -> bool:
        """Ended by itself as a complete run does: the expected code, both paths printed, the
        empty file named as skipped, no traceback."""
        return (self.rc == EXPECTED_RC and "Traceback" not in self.output
                and self.output.count(f"digest-{DAY}.") == 2 and "skipped leer.txt" in self.output)

    @property
    def work(self) -> float | None:
        return None if self.t_lock is None else self.t_end - self.t_lock


class Lane:
    """One inbox, state and output folder, and the `digest run` processes on them."""

    def __init__(self, folder: Path, files):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.inbox = folder / "inbox"
        self.inbox.mkdir(exist_ok=True)
        write_files(self.inbox, files)
        self.config = write_config(folder, self.inbox)
        self.state = folder / "state" / "state.sqlite3"
        self.lock = self.state.with_name(self.state.name + ".lock")
        self.out = folder / "out"
        self.log = folder / "runs.log"

    def _holder(self) -> str:
        try:
            return self.lock.read_text(encoding="ascii").strip()
        except OSError:
            return ""

    def run(self, *, delay: float | None = None, early: float | None = None, at_write: str | None = None,
            poll: float = 0.004, timeout: float = 300) -> Outcome:
        """Run `digest run` and SIGKILL it: ``delay`` seconds after it took the lock; ``early``
        seconds after its start; or as soon as the temporary file of the ``at_write`` output
        ('md' or 'html') appears. Without any of them, let it finish."""
        capture = self.folder / "last-run.log"
        with open(capture, "wb") as log:
            start = time.monotonic()
            proc = subprocess.Popen(
                [sys.executable, "-m", "digest", "run", "--config", str(self.config), "--date", DAY,
                 "--wait", "30"],
                stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT), MARK: f"{self.folder}:{start}"},
            )
        pid = str(proc.pid)
        t_lock = None
        mode = "complete"
        try:
            if early is not None:
                mode = "early"
                try:
                    proc.wait(timeout=early)
                except subprocess.TimeoutExpired:
                    if self._holder() == pid:
                        t_lock = time.monotonic() - start
                    proc.send_signal(signal.SIGKILL)
            else:
                while proc.poll() is None:
                    if self._holder() == pid:
                        t_lock = time.monotonic() - start
                        break
                    if time.monotonic() - start > timeout:
                        raise AssertionError(f"digest run took more than {timeout} s to take the lock")
                    time.sleep(poll)
                if delay is not None:
                    mode = "work"
                    try:
                        proc.wait(timeout=delay)
                    except subprocess.TimeoutExpired:
                        proc.send_signal(signal.SIGKILL)
                elif at_write and t_lock is not None:
                    mode = "write"
                    folder = self.out / Path(DIGEST_MD).parent
                    prefix = f".digest-{DAY}.{at_write}."
                    old = set(os.listdir(folder)) if folder.is_dir() else set()
                    while proc.poll() is None:
                        try:
                            names = os.listdir(folder)
                        except FileNotFoundError:
                            names = []
                        if any(n.startswith(prefix) and n.endswith(".tmp") and n not in old for n in names):
                            proc.send_signal(signal.SIGKILL)
                            break
                        time.sleep(0.0002)
            rc = proc.wait(timeout=timeout)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        end = time.monotonic() - start
        killed = rc == -signal.SIGKILL
        left = len(leftovers(f"{self.folder}:{start}")) if killed else 0
        output = capture.read_text(encoding="utf-8", errors="replace")
        with open(self.log, "a", encoding="utf-8") as log:
            log.write(f"--- run delay={delay} early={early} at_write={at_write}\n{output}"
                      f"--- rc={rc} lock={t_lock} end={end:.3f}\n")
        return Outcome(rc, killed, killed and t_lock is not None, t_lock, end, mode, output, left)

    def snapshot(self) -> dict[str, str]:
        """Relative path -> sha256 of every file under the output folder, hidden ones too."""
        if not self.out.exists():
            return {}
        return {p.relative_to(self.out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(self.out.rglob("*")) if p.is_file()}


@dataclass
class Attempt:
    """One run of a kill lane, and what it left behind."""

    stage: int                   # inbox changes applied before it
    mode: str                    # early, work, write (how the kill was aimed)
    killed: bool
    in_work: bool
    picked_up: bool              # every inbox file was in the state afterwards
    summarized: bool             # ... and every article summarized
    out: dict[str, str]          # the output folder afterwards: path -> sha256
    rc: int
    clean: bool                  # (not killed) ended as a complete run does
    left: int = 0                # (killed) its processes still running LEFTOVER_WITHIN s later


@dataclass
class LaneReport:
    name: str
    attempts: list[Attempt] = field(default_factory=list)
    final_rc: int | None = None
    final_clean: bool = False
    final_out: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def kills_sent(self) -> int:
        return len(self.attempts)

    @property
    def kills_landed(self) -> int:
        return sum(a.killed for a in self.attempts)

    @property
    def kills_in_work(self) -> int:
        return sum(a.in_work for a in self.attempts)

    @property
    def completed(self) -> list[int]:
        return [a.rc for a in self.attempts if not a.killed]

    @property
    def snapshots(self) -> list[dict[str, str]]:
        return [a.out for a in self.attempts] + [self.final_out]


def progress(lane: Lane) -> tuple[int, int]:
    """Inbox files the state does not hold as they are now, and articles without a summary."""
    inbox = {rel: (len(data), mtime) for rel, (data, mtime) in inbox_listing(lane.inbox).items()}
    if not lane.state.exists():
        return len(inbox), 0
    files = {r[0]: (r[1], r[2]) for r in query(lane.state, "SELECT path, size, mtime_ns FROM files")}
    unsummarized = query(lane.state, "SELECT count(*) FROM articles a WHERE id NOT IN "
                                     "(SELECT article_id FROM versions) AND NOT EXISTS "
                                     "(SELECT 1 FROM summaries s WHERE s.article_id = a.id)")[0][0]
    return sum(files.get(rel) != stat for rel, stat in inbox.items()), unsummarized


def kill_lane(lane: Lane, plan: InboxPlan, kills: int, rng: random.Random, t_start: float,
              t_work: float, name: str) -> LaneReport:
    """SIGKILL `digest run` until ``kills`` kills landed during work; change the inbox on the way.

    One kill in ten comes at a random time from the start (mostly during imports); the others
    after the process took the state lock: while files are left to pick up, half of them within
    the time those files take (``t_work`` per inbox file, roughly); while a new digest is still to
    be written, a quarter as soon as the temporary file of its .md or .html appears; the rest at a
    random time within the time its work took when last measured.
    """
    per_file = t_work / max(len(plan.initial), 1) / 3
    report = LaneReport(name)
    began = time.monotonic()
    pending = [(math.ceil(m.after * kills), m) for m in plan.mutations]
    stage = 0
    window = t_work
    write_pending = True
    max_attempts = kills * 4 + 20
    while report.kills_in_work < kills:
        while pending and pending[0][0] <= report.kills_in_work:
            write_files(lane.inbox, pending.pop(0)[1].files)
            stage += 1
            window = t_work
            write_pending = True
        if len(report.attempts) >= max_attempts:
            raise AssertionError(f"{name}: only {report.kills_in_work} of {kills} kills landed during work "
                                 f"in {len(report.attempts)} runs; see {lane.log}")
        aim, draw = rng.random(), rng.random()
        unpicked, unsummarized = progress(lane)
        if aim < EARLY_SHARE:
            outcome = lane.run(early=draw * t_start)
        elif write_pending and aim >= 0.75:
            outcome = lane.run(at_write="md" if draw < 0.5 else "html")
        elif unpicked + unsummarized and aim < 0.6:
            outcome = lane.run(delay=draw * (unpicked + unsummarized) * per_file)
        else:
            outcome = lane.run(delay=draw * window)
        if not outcome.killed:
            write_pending = False
            if outcome.work is not None:
                # Nothing left to pick up: aim the next kills inside the shorter run.
                window = max(outcome.work, 0.02)
        elif outcome.mode == "write":
            write_pending = False
        unpicked, unsummarized = progress(lane)
        report.attempts.append(Attempt(stage, outcome.mode, outcome.killed, outcome.in_work, not unpicked,
                                       not unpicked and not unsummarized, lane.snapshot(), outcome.rc,
                                       outcome.clean, outcome.left))
    for _, mutation in pending:  # (only when the shares round up to the kill count)
        write_files(lane.inbox, mutation.files)
    final = lane.run()
    report.final_rc = final.rc
    report.final_clean = final.clean
    report.final_out = lane.snapshot()
    report.seconds = time.monotonic() - began
    return report


PHASES = ("startup", "pick-up", "summarize", "compose", "inside a write", "between md and html",
          "after writing", "digest already written")


def phase(attempt: Attempt, before: dict[str, str], stage_md: list[str], stage_html: list[str]) -> str:
    """Where a kill landed, judged from what it left behind (``before``: out/ before the run)."""
    if not attempt.in_work:
        return "startup"
    if any(rel not in (DIGEST_MD, DIGEST_HTML) and rel not in before for rel in attempt.out):
        return "inside a write"  # it left a new temporary file
    if not attempt.picked_up:
        return "pick-up"
    if not attempt.summarized:
        return "summarize"
    md = attempt.out.get(DIGEST_MD) == stage_md[attempt.stage]
    html = attempt.out.get(DIGEST_HTML) == stage_html[attempt.stage]
    if md and html:
        done = (before.get(DIGEST_MD) == stage_md[attempt.stage]
                and before.get(DIGEST_HTML) == stage_html[attempt.stage])
        return "digest already written" if done else "after writing"
    return "between md and html" if md else "compose"


def phases(report: LaneReport, stage_md: list[str], stage_html: list[str]) -> dict[str, int]:
    """How many kills landed in each phase."""
    counts = dict.fromkeys(PHASES, 0)
    before: dict[str, str] = {}
    for attempt in report.attempts:
        if attempt.killed:
            counts[phase(attempt, before, stage_md, stage_html)] += 1
        before = attempt.out
    return counts


# --- reading the state --------------------------------------------------------------------------


def query(state: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(f"{state.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def state_dump(state: Path, out: Path) -> dict[str, list[tuple]]:
    """Every table, without the moments things happened; digest paths relative to ``out``."""

    def rel(value: str) -> str:  # stored relative to the output folder (absolute by earlier releases)
        path = Path(value)
        return path.relative_to(out).as_posix() if path.is_absolute() else path.as_posix()

    return {
        # the generation counts changes: work redone after a kill counts again; the feed's URN and
        # the inbox the state belongs to are paths of each lane's own folders, the listing's
        # fingerprint hashes the inodes and times of each lane's own files
        "meta": query(state, "SELECT * FROM meta WHERE key NOT IN "
                             "('generation', 'feed_urn', 'inbox', 'inbox_relative', 'listing') ORDER BY key"),
        "files": query(state, "SELECT path, size, mtime_ns, sha256, article_id, reason FROM files "
                              "ORDER BY path"),
        "articles": query(state, "SELECT id, path, title, source, url, published, precision, origin, "
                                 "received_at, language, blocks FROM articles ORDER BY id"),
        "summaries": query(state, "SELECT * FROM summaries ORDER BY article_id, method, count"),
        "signatures": query(state, "SELECT * FROM signatures ORDER BY article_id"),
        "bands": query(state, "SELECT key, article_id FROM bands ORDER BY key, article_id"),
        "article_sources": query(state, "SELECT * FROM article_sources ORDER BY article_id, source"),
        "versions": query(state, "SELECT article_id, superseded_by, path FROM versions ORDER BY article_id"),
        "digests": [(k, d, s, e, rel(m), rel(h)) for k, d, s, e, m, h in
                    query(state, "SELECT kind, date, window_start, window_end, markdown, html FROM digests "
                                 "ORDER BY kind, date")],
        # `digest run` is recorded at the moment it ran, and a killed one stays 'running' (status shows it
        # interrupted): those moments and kills differ from lane to lane, so runs by hand are left out
        "job_runs": query(state, "SELECT job, due, outcome FROM job_runs WHERE job != 'run (manual)' "
                                 "ORDER BY job, due"),
    }


def current_ids(state: Path) -> list[str]:
    return [r[0] for r in query(state, "SELECT id FROM articles WHERE id NOT IN "
                                       "(SELECT article_id FROM versions) ORDER BY id")]


# --- checks ----------------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""


def _diff(name: str, got: list, want: list, limit: int = 3) -> str:
    extra = [r for r in got if r not in want][:limit]
    missing = [r for r in want if r not in got][:limit]
    def short(rows: list) -> list:
        return [tuple(str(v)[:60] for v in r) if isinstance(r, tuple) else r for r in rows]

    return f"{name}: {len(got)} rows vs {len(want)}; extra {short(extra)}; missing {short(missing)}"


@dataclass
class Reference:
    """What uninterrupted runs produced: the twin's history and a fresh run on the final inbox."""

    twin: Lane
    fresh: Lane
    stage_md: list[str]          # sha256 of the digest after each inbox stage
    stage_html: list[str]
    rcs: list                    # exit codes of the twin's and the fresh run
    changed_old_id: str          # article id of the changed file before its new version


def check_lane(lane: Lane, report: LaneReport, ref: Reference, plan: InboxPlan) -> list[Check]:
    checks = []
    # 1. the SQLite store
    integrity = query(lane.state, "PRAGMA integrity_check")
    fk = query(lane.state, "PRAGMA foreign_key_check")
    checks.append(Check("integrity", integrity == [("ok",)] and not fk,
                        f"integrity_check={integrity[:3]} foreign_key_check={fk[:3]}"))

    # 2. every inbox file stored exactly once, as in uninterrupted runs
    problems = []
    inbox = inbox_listing(lane.inbox)
    want_inbox = {f.path: (f.data, f.mtime_ns) for f in plan.final().values()}
    if inbox != want_inbox:
        problems.append("the lane's inbox differs from the plan")
    files = {r[0]: r for r in query(lane.state, "SELECT path, size, mtime_ns, sha256, article_id, reason "
                                                "FROM files")}
    if sorted(files) != sorted(inbox):
        problems.append(f"files table {sorted(set(files) ^ set(inbox))[:5]} differs from the inbox")
    for path, (data, _) in inbox.items():
        row = files.get(path)
        if row is None:
            continue
        if data.strip() and row[4] is None:
            problems.append(f"{path}: no article ({row[5]})")
        if row[3] != hashlib.sha256(data).hexdigest():
            problems.append(f"{path}: stored sha256 is not the file's")
    all_ids = [r[0] for r in query(lane.state, "SELECT id FROM articles")]
    if len(all_ids) != len(set(all_ids)):
        problems.append("an article id is stored twice")
    ids = current_ids(lane.state)
    fresh_ids = current_ids(ref.fresh.state)
    if ids != fresh_ids:
        problems.append(_diff("current articles vs a fresh uninterrupted run", ids, fresh_ids))
    if set(all_ids) != set(fresh_ids) | {ref.changed_old_id}:
        problems.append(f"all articles: {sorted(set(all_ids) ^ (set(fresh_ids) | {ref.changed_old_id}))} "
                        "differ from the fresh run's plus the superseded version")
    fresh_files = query(ref.fresh.state, "SELECT path, size, mtime_ns, sha256, article_id, reason FROM files "
                                         "ORDER BY path")
    if sorted(files.values()) != fresh_files:
        problems.append(_diff("files vs a fresh uninterrupted run", sorted(files.values()), fresh_files))
    dump, twin = state_dump(lane.state, lane.out), state_dump(ref.twin.state, ref.twin.out)
    for table in twin:
        if dump[table] != twin[table]:
            problems.append(_diff(f"table {table} vs the uninterrupted twin", dump[table], twin[table]))
    checks.append(Check("exactly-once", not problems,
                        "; ".join(problems) or f"{len(inbox)} files, {len(ids)} articles "
                        f"(+{len(all_ids) - len(ids)} superseded), state equals the uninterrupted twin's"))

    # 3. no partial output file after any kill; no temporary file left after a complete run
    problems = []
    allowed = {DIGEST_MD: ref.stage_md, DIGEST_HTML: ref.stage_html}
    unknown = [(i, rel) for i, snap in enumerate(report.snapshots) for rel, sha in snap.items()
               if rel in allowed and sha not in allowed[rel]]
    if unknown:
        problems.append(f"{len(unknown)} times a digest file was not the complete digest of any inbox stage "
                        f"(after runs {sorted({i + 1 for i, _ in unknown})[:10]})")
    known = {*allowed, *ARCHIVE}
    temporary = {rel for snap in report.snapshots for rel in snap if rel not in known}
    most = max((sum(rel not in known for rel in snap) for snap in report.snapshots), default=0)
    left = sorted(rel for rel in report.final_out if rel not in known)
    if left:
        problems.append(f"{len(left)} files left under out/ after the final complete run: {left[:8]}")
    if sorted(report.final_out) != sorted(known):
        problems.append(f"out/ holds {sorted(report.final_out)[:8]}, not just the digest and the archive")
    for rel, ending in ARCHIVE.items():
        path = lane.out / rel
        if not path.is_file() or not path.read_bytes().endswith(ending):
            problems.append(f"the final {rel} is not complete (does not end with {ending!r})")
    html = lane.out / DIGEST_HTML
    if not html.is_file() or not html.read_bytes().endswith(b"</html>\n"):
        problems.append("the final .html does not end with </html>")
    checks.append(Check("no-partial-output", not problems,
                        "; ".join(problems) or f"{len(report.snapshots)} snapshots of out/: each digest file "
                        f"absent or complete; {len(temporary)} temporary files left by kills in between (at "
                        f"most {most} at once), none after the final run"))

    # 4. the final digest equals the uninterrupted one
    problems = []
    for rel in (DIGEST_MD, DIGEST_HTML):
        got = (lane.out / rel).read_bytes() if (lane.out / rel).is_file() else None
        for label, other in (("fresh run", ref.fresh), ("twin", ref.twin)):
            if got != (other.out / rel).read_bytes():
                problems.append(f"{rel} differs from the {label}'s")
    checks.append(Check("final-digest", not problems, "; ".join(problems) or "md and html byte-identical"))

    # 5. a killed run leaves no process running
    left = [a.left for a in report.attempts if a.killed]
    checks.append(Check("no-leftover-processes", not any(left),
                        f"{sum(left)} processes left running {LEFTOVER_WITHIN:.0f} s after {len(left)} kills "
                        f"(at most {max(left, default=0)} after one)"))

    # 6. every run that was not killed ended normally
    bad = [a.rc for a in report.attempts if not a.killed and not a.clean]
    ok = not bad and report.final_clean
    checks.append(Check("clean-runs", ok, f"final run exit {report.final_rc} "
                        f"({'clean' if report.final_clean else 'NOT clean'}), {len(report.completed)} "
                        f"unkilled runs, {len(bad)} not clean (codes {bad[:10]}; a clean run exits "
                        f"{EXPECTED_RC}, prints both paths, names leer.txt, no traceback); log {lane.log}"))
    return checks


# --- a round ---------------------------------------------------------------------------------------


@dataclass
class RoundResult:
    seed: int
    lanes: list[LaneReport]
    checks: list[tuple[str, Check]]
    t_start: float
    t_work: float
    seconds: float
    stage_md: list[str]
    stage_html: list[str]

    @property
    def phases(self) -> dict[str, int]:
        """Kills per phase, over all lanes."""
        total = dict.fromkeys(PHASES, 0)
        for report in self.lanes:
            for name, count in phases(report, self.stage_md, self.stage_html).items():
                total[name] += count
        return total

    @property
    def ok(self) -> bool:
        return all(c.ok for _, c in self.checks)


def reference_history(ref: Lane, plan: InboxPlan, outputs: list[tuple[bytes, bytes]]) -> list[int]:
    """Replay the inbox stages on the twin, one uninterrupted run each; record each digest."""
    rcs = []
    for mutation in plan.mutations:
        write_files(ref.inbox, mutation.files)
        outcome = ref.run()
        rcs.append(outcome.rc if outcome.clean else f"{outcome.rc} (not clean)")
        outputs.append(((ref.out / DIGEST_MD).read_bytes(), (ref.out / DIGEST_HTML).read_bytes()))
    return rcs


def crash_round(folder: Path, kills: int, seed: int, lanes: int = 2, log=print) -> RoundResult:
    """Build the inbox, calibrate, kill ``kills`` runs (split over parallel lanes), check everything."""
    began = time.monotonic()
    plan = build_plan()
    twin = Lane(folder / "twin", plan.initial)
    first = twin.run()
    if not first.clean or first.t_lock is None:
        raise AssertionError(f"uninterrupted run ended with {first.rc}:\n{first.output}")
    t_start, t_work = first.t_lock, first.work
    log(f"seed {seed}: {len(plan.initial)} inbox files; uninterrupted run {first.t_end:.2f} s "
        f"({t_start:.2f} s to the lock, {t_work:.2f} s of work)")
    old = dict(query(twin.state, "SELECT path, article_id FROM files"))[plan.changed]
    outputs = [((twin.out / DIGEST_MD).read_bytes(), (twin.out / DIGEST_HTML).read_bytes())]

    share = [kills // lanes + (i < kills % lanes) for i in range(lanes)]
    workers = [Lane(folder / f"lane{i}", plan.initial) for i in range(lanes)]
    with ThreadPoolExecutor(max_workers=lanes + 1) as pool:
        jobs = [pool.submit(kill_lane, w, plan, n, random.Random(f"{seed}:{i}"), t_start, t_work, f"lane{i}")
                for i, (w, n) in enumerate(zip(workers, share, strict=True))]
        history = pool.submit(reference_history, twin, plan, outputs)
        rcs = [first.rc] + history.result()
        reports = [j.result() for j in jobs]

    # a copy of a lane's final inbox (contents and times), in a fresh state
    final_inbox = [InboxFile(rel, data, mtime)
                   for rel, (data, mtime) in inbox_listing(workers[0].inbox).items()]
    fresh = Lane(folder / "fresh", final_inbox)
    outcome = fresh.run()
    rcs.append(outcome.rc if outcome.clean else f"{outcome.rc} (not clean)")

    ref = Reference(twin, fresh, [hashlib.sha256(m).hexdigest() for m, _ in outputs],
                    [hashlib.sha256(h).hexdigest() for _, h in outputs], rcs, old)
    sound = all(rc == EXPECTED_RC for rc in rcs) and query(fresh.state, "PRAGMA integrity_check") == [("ok",)]
    checks: list[tuple[str, Check]] = [("reference", Check(
        "reference-runs", sound,
        f"exit codes {rcs}; {len(set(ref.stage_md))} distinct digests over {len(outputs)} inbox stages"))]
    for lane, report in zip(workers, reports, strict=True):
        checks += [(report.name, c) for c in check_lane(lane, report, ref, plan)]
    return RoundResult(seed, reports, checks, t_start, t_work, time.monotonic() - began, ref.stage_md,
                       ref.stage_html)


def describe(result: RoundResult) -> str:
    lines = []
    for r in result.lanes:
        counts = phases(r, result.stage_md, result.stage_html)
        lines.append(f"  {r.name}: {r.kills_sent} runs started, {r.kills_landed} killed, "
                     f"{r.kills_in_work} during work (after taking the lock), "
                     f"{len(r.completed)} ran to the end, {r.seconds:.1f} s")
        lines.append("    kills by phase: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for lane, c in result.checks:
        lines.append(f"  {'PASS' if c.ok else 'FAIL'} {lane} {c.name}: {c.detail}")
    return "\n".join(lines)


# --- killing a parallel pick-up ------------------------------------------------------------------

#: Files in the inbox of a parallel pick-up: above digest.pickup.PARALLEL_FROM, read in workers, and
#: enough that reading them outlasts the kill's random delay of up to 1 s (300 no longer did).
PARALLEL_FILES = 800


def workers_expected() -> int:
    """Worker processes `digest run` starts for a big pick-up (as digest.pickup.read_files)."""
    return min(os.cpu_count() or 1, 8)


def write_many(inbox: Path, count: int = PARALLEL_FILES, seed: int = 1) -> None:
    """``count`` short German articles with distinct texts, recombined from the seeds' sentences."""
    sentences = [s for seed_text in seed_sentences() for s in seed_text]
    rng = random.Random(seed)
    inbox.mkdir(parents=True, exist_ok=True)
    arrival = _stamp(ARRIVAL)
    for i in range(count):
        body = rng.sample(sentences, 6)
        text = f"Meldung {i + 1}: {body[0]}\n\n{' '.join(body[1:3])}\n\n{' '.join(body[3:])}\n"
        path = inbox / f"m{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(arrival, arrival + i))


@dataclass
class ParallelKill:
    """One `digest run` killed while its workers read a big inbox."""

    rc: int | None
    workers: int                 # worker processes seen before the kill
    processes: int               # processes of the run at the kill (itself included)
    unmarked: int                # of those, not found by MARK (they would escape the count)
    left: set[int]               # still running LEFTOVER_WITHIN s after the kill
    delay: float                 # seconds between seeing the workers and the kill


def hold_the_gil(item: object) -> bool:
    """Backtrack for hours inside one C call, never letting another thread of its process run.

    A worker function for tests (workers import it by name; this module imports little)."""
    return re.match(r"(a+)+$", "a" * 40 + "b") is not None


def threads(pid: int) -> int:
    """How many threads a process has (0 if it is gone)."""
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return 0


def workers_of(root: int, mark: str) -> set[int]:
    """The run's workers: its children or grandchildren that serve (two threads: the watcher started).

    Forked by the run itself (``start="fork"``) they are children; by its forkserver, grandchildren
    (the forkserver and resource tracker, children of one thread, are left out).
    """
    processes = run_processes(mark, root)
    children = {pid for pid in processes if (st := _stat(pid)) and st[0] == root}
    parents = children | {root}
    return {pid for pid in processes if (st := _stat(pid)) and st[0] in parents and threads(pid) == 2}


def kill_parallel_pickup(folder: Path, rng: random.Random, timeout: float = 120) -> ParallelKill:
    """SIGKILL `digest run` (fresh state) while its workers read the inbox of ``folder``; count what is left.

    Build the inbox first with ``write_many(folder / "inbox")``.
    """
    config = write_config(folder, folder / "inbox")
    shutil.rmtree(folder / "state", ignore_errors=True)
    mark = f"{folder}:{time.monotonic_ns()}"
    with open(folder / "parallel-run.log", "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "digest", "run", "--config", str(config), "--date", DAY],
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), MARK: mark})
    try:
        deadline = time.monotonic() + timeout
        while len(workers_of(proc.pid, mark)) < workers_expected():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"digest run (exit {proc.returncode}) never had {workers_expected()} "
                                     f"workers; see {folder / 'parallel-run.log'}")
            time.sleep(0.02)
        workers = len(workers_of(proc.pid, mark))
        tree = run_processes(mark, proc.pid)  # while the workers read: forked ones may be done
        marked = run_processes(mark)  # before the kill below (a small inbox is read in well under 1 s)
        delay = rng.uniform(0.0, 1.0)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        rc = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    left = leftovers(mark)
    return ParallelKill(rc, workers, len(tree), len(tree - marked), left, delay)
