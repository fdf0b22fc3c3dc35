"""The orchestrator: each function reads like a table of contents of its stages."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from . import publish as publishing
from .analysis import TopicMatcher, analysis_key, analyze, topics_key
from .analysis import from_json as analysis_from_json
from .analysis import to_json as analysis_json
from .archive import write_archive
from .clean import MAX_ARTICLE_CHARS, MAX_ARTICLE_LINES, cap_text, clean_lines
from .compose import Selection, Window, compose, day_window, placed_at, timeline, topic_matcher
from .config import Config
from .dates import extract_date
from .errors import InboxError, ReadError
from .i18n import counted
from .models import Digest, Skipped, SplitArticle, Summary, TimelineEvent
from .publish.base import Rendered
from .readers import checked_stat, inbox_files, make_article, one_line, os_reason, read_document
from .render import builtin_templates, render_digest
from .store import DigestRecord, FileRecord, Store
from .text import MAX_ARTICLE_SENTENCES, cap_sentences, detect_language, split_article
from .voices import speaker_aliases
from .workers import read_in_workers
from .write import atomic_write, remove_stale_temporaries

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger("digest")


@contextmanager
def timed(stage: str) -> Iterator[None]:
    """Log how long a stage took (at debug level: ``digest -v``), for operators tuning a big inbox."""
    started = time.perf_counter()
    try:
        yield
    finally:
        log.debug("%s took %.3f s", stage, time.perf_counter() - started)


@dataclass(frozen=True)
class PickupReport:
    """What one pass over the inbox found."""

    files: int
    new_articles: int
    duplicates: int
    unchanged: int
    skipped: tuple[Skipped, ...]
    versions: int = 0
    still_written: int = 0
    summarized: int = 0


@dataclass(frozen=True)
class RunResult:
    """What `digest run` did."""

    day: date
    markdown: Path
    html: Path
    pickup: PickupReport
    summarized: int
    skipped: tuple[Skipped, ...]
    window: Window
    written: bool = True  # False for a preview
    digest: Digest | None = None

    def counts(self) -> str:
        """What the run did, for the log and `digest status`: the digest's articles, then the inbox's.

        '0 articles in the digest; 5 new articles picked up, 5 summaries made, 0 files skipped':
        the digest holds the articles placed in its window; the new ones may be dated before it.
        """
        shown = (f"{counted(len(self.digest.articles), 'article')} in the digest" if self.digest is not None
                 else "unchanged, nothing new since it was written")
        return (f"{shown}; {counted(self.pickup.new_articles, 'new article')} picked up, "
                f"{counted(self.summarized, 'summary', 'summaries')} made, "
                f"{counted(len(self.skipped), 'file')} skipped")


def analyze_file(path: Path, inbox: Path, config: Config, notes: list[str] | None = None) -> SplitArticle:
    """Read, date, clean, detect the language and split one file; ReadError if it is unusable.

    What the log should say of a file read all the same (a huge one, cut at MAX_HTML_CHARS,
    MAX_ARTICLE_CHARS or MAX_ARTICLE_SENTENCES) is added to ``notes``, or logged when no list is given.
    """
    settings = config.settings
    told: list[str] = []
    # read: decode the file and its declared metadata
    raw = read_document(path, inbox, max_bytes=int(settings.max_file_mb * 1024 * 1024), notes=told)
    # cap: no news article is this long; the rest is left out, and said so
    text, dropped = cap_text(raw.text)
    if dropped:
        told.append(_left_out(raw.path, f"{len(text):,} characters", dropped,
                              f"{MAX_ARTICLE_CHARS:,} characters or {MAX_ARTICLE_LINES:,} lines"))
    # date: front matter, header line or dateline; taken off the text
    published, lines = extract_date(raw, text.split("\n"), tz=settings.timezone)
    # clean: drop page furniture
    lines = clean_lines(lines)
    if not any(line.strip() for line in lines):
        raise ReadError(raw.path, "no article text left after removing page furniture")
    # language, title, source and id
    language = detect_language("\n".join(lines))
    signatures = {s.pattern: s.name for s in settings.sources}
    article = make_article(raw, lines, published, language, source_signatures=signatures)
    # split: sentences per block, at most MAX_ARTICLE_SENTENCES of them
    split, dropped = cap_sentences(split_article(article))
    if dropped:
        told.append(_left_out(raw.path, f"{MAX_ARTICLE_SENTENCES:,} sentences", dropped,
                              f"{MAX_ARTICLE_SENTENCES:,} sentences"))
    if notes is None:
        for note in told:
            log.warning("%s", note)
    else:
        notes.extend(told)
    return split


def _left_out(name: str, kept: str, dropped: int, limit: str) -> str:
    """The log line of an article cut at a limit."""
    unit = kept.split()[-1]
    more = f"{dropped:,} more {unit} are" if dropped != 1 else f"1 more {unit.removesuffix('s')} is"
    return (f"{one_line(name)}: only the first {kept} of the article are read; {more} "
            f"left out (at most {limit} are read: no news article is this long)")


def _stamp(stat: os.stat_result) -> tuple[int, int, int]:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


@dataclass(frozen=True)
class FileWork:
    """A file to read in this pick-up: where it is, how it stands, what the store knew of it."""

    path: Path
    rel: str
    stamp: tuple[int, int, int]
    known_sha: str | None


@dataclass(frozen=True)
class FileRead:
    """What reading one file gave: an analysed, summarized article, or why not."""

    work: FileWork
    sha: str = ""
    touched: bool = False  # same bytes as stored: only its times changed
    split: SplitArticle | None = None
    summary: Summary | None = None
    minhash: bytes | None = None
    analysis: str | None = None  # JSON, made with the settings of analysis_key(config)
    topics: tuple[str, ...] | None = None  # keys of the topics it speaks of
    reason: str | None = None
    notes: tuple[str, ...] = ()  # what the log should say of a file read all the same


#: Below this many files to read, reading happens in this process; above, in worker processes.
#: Starting workers (a forkserver, then each worker importing sumy and NLTK) costs about as much
#: as reading 150 files on two cores: measured 100 files 1.1 s in process, 1.3-1.6 s in two
#: workers; 300 files 2.6 s in process, 2.1 s in workers.
PARALLEL_FROM = 150
#: Files stored per transaction: a crash redoes at most one batch, never half a file.
BATCH = 200

_worker_config: Config | None = None


def read_file(work: FileWork, config: Config) -> FileRead:
    """Read, analyse, summarize and fingerprint one file (pure work: no store).

    Never raises for the file: whatever goes wrong (RecursionError, MemoryError, a bug)
    becomes the reason it is skipped, and the other files go on.
    """
    sha = ""
    try:
        data = work.path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        del data
        if sha == work.known_sha:
            return FileRead(work, sha, touched=True)
        return _read_new(work, sha, config)
    except OSError as exc:
        return FileRead(work, sha, reason=os_reason(exc))
    except ReadError as exc:
        return FileRead(work, sha, reason=exc.reason)
    except Exception as exc:  # one bad file costs only itself
        return FileRead(work, sha, reason=failure_reason(exc))


def _read_new(work: FileWork, sha: str, config: Config) -> FileRead:
    """Read, analyse, summarize and fingerprint a file whose bytes are new (see ``read_file``)."""
    from .similarity import text_signature, to_blob
    from .summarize import summarize

    notes: list[str] = []
    split = analyze_file(work.path, config.inbox, config, notes)
    summary = summarize(split, config.settings.summary.algorithm, config.settings.summary.sentences)
    minhash = to_blob(text_signature(split.article.text))
    matcher = topics_of(config)
    hits = matcher.per_sentence(split.sentences)
    analysis = analysis_json(analyze(split, aliases_of(config), matcher, hits))
    topics = tuple(t.key for i, t in enumerate(config.settings.topics) if any(i in h for h in hits))
    return FileRead(work, sha, split=split, summary=summary, minhash=minhash, analysis=analysis,
                    topics=topics, notes=tuple(notes))


def failure_reason(exc: BaseException, doing: str = "read") -> str:
    """Why a file could not be read (or stored: ``doing``), for an exception our code did not expect."""
    if isinstance(exc, RecursionError):
        return f"cannot {doing}: nested too deeply (Python's recursion limit was reached)"
    if isinstance(exc, MemoryError):
        return f"cannot {doing}: it needed more memory than there is"
    where = ""
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}"
    detail = one_line(str(exc))[:200]
    return (f"cannot {doing}: {type(exc).__name__}: {detail}{where} "
            "(a bug in news digest? please report it with the file)")


def topics_of(config: Config) -> TopicMatcher:
    """The configured topics' keywords (see digest.analysis.TopicMatcher)."""
    return topic_matcher(config.settings.topics)


def analysis_key_of(config: Config) -> str:
    """The key of analyses made with this configuration's speakers and topics."""
    return analysis_key(aliases_of(config), topics_of(config))


def topics_key_of(config: Config) -> str:
    return topics_key([(t.key, t.keywords) for t in config.settings.topics])


def aliases_of(config: Config) -> dict[str, str]:
    """The configured speakers' aliases, as voices and analyses use them."""
    return speaker_aliases((s.name, s.aliases) for s in config.settings.speakers)


def _init_worker(config: Config) -> None:
    global _worker_config
    _worker_config = config


def _read_in_worker(work: FileWork) -> FileRead:
    assert _worker_config is not None
    return read_file(work, _worker_config)


def _killed_its_worker(work: FileWork, how: str) -> FileRead:
    """What reading a file gave when it killed its worker process twice ('signal 9')."""
    return FileRead(work, reason=f"reading it killed the worker process ({how})")


def read_files(works: list[FileWork], config: Config, parallel_from: int = PARALLEL_FROM,
               ) -> Iterator[FileRead]:
    """Read files in order: in worker processes (one per core) when there are many.

    A file whose worker dies is read again alone, and skipped if it kills that one too;
    the workers end when this process ends, even by SIGKILL (see digest.workers).
    """
    processes = min(os.cpu_count() or 1, 8)
    if len(works) < parallel_from or processes < 2:
        yield from (read_file(w, config) for w in works)
        return
    # forkserver: safe in a process with threads (the service); the server forks warm workers
    yield from read_in_workers(_read_in_worker, works, processes=processes, crashed=_killed_its_worker,
                               initializer=_init_worker, initargs=(config,), label=lambda w: one_line(w.rel),
                               preload=["digest.pipeline"], fallback=lambda w: read_file(w, config))


def pick_up(config: Config, store: Store, now: datetime,
            progress: Callable[[int, int], None] | None = None, *,
            parallel_from: int = PARALLEL_FROM) -> PickupReport:
    """Ingest new and changed inbox files; a bad file is recorded as skipped, never fatal.

    Files are read (analysed, summarized) in parallel and stored in batches: each
    batch is one transaction holding every file's article (or the link to a known
    one), summary and file record, so a crash loses or doubles nothing.
    """
    inbox = config.inbox
    if not inbox.is_dir():
        raise InboxError(
            f"{inbox}: inbox folder not found; create it or pass --inbox PATH (config: inbox)"
        )
    skipped: list[Skipped] = []

    def unlisted(name: str, reason: str) -> None:  # a subfolder or entry that cannot be listed
        skipped.append(Skipped(name, reason))
        log.warning("skipped %s: %s", one_line(name), reason)

    with timed("listing the inbox"):
        listed = inbox_files(inbox, unlisted)
    counts = {"new": 0, "duplicate": 0, "version": 0, "unchanged": 0, "summarized": 0}
    max_bytes = int(config.settings.max_file_mb * 1024 * 1024)
    settle = config.settings.service.settle_seconds

    def skip(record: FileRecord) -> None:
        skipped.append(Skipped(record.path, record.reason or ""))
        log.warning("skipped %s: %s", one_line(record.path), record.reason)

    # 1. what changed: one stat per file, compared with the stored size and times; nothing is read yet
    started = time.perf_counter()
    stamps = store.file_stamps()
    works: list[FileWork] = []
    known_by_path: dict[str, FileRecord | None] = {}

    def consider(rel: str, path: str, stat: os.stat_result) -> None:
        stamp = _stamp(stat)
        stored = stamps.get(rel)
        if stored is not None and stored[:3] == stamp:
            counts["unchanged"] += 1
            if stored[3]:  # skipped before, for a reason that still holds
                skip(store.file(rel))
            return
        known = known_by_path[rel] = store.file(rel) if stored is not None else None
        works.append(FileWork(Path(path), rel, stamp, known.sha256 if known else None))

    young: list[tuple[str, str, os.stat_result]] = []
    clock = time.time()
    for rel, path in listed:
        try:
            stat = checked_stat(path, inbox, max_bytes)
        except ReadError as exc:  # never follows a link out of the inbox, never reads a huge file
            try:
                stamp = _stamp(os.lstat(path))
            except OSError:
                continue  # gone since it was listed: nothing to record
            record = FileRecord(rel, *stamp, "", None, exc.reason)
            stored = stamps.get(rel)
            if stored is None or stored[:3] != stamp or not stored[3] or store.file(rel).reason != exc.reason:
                store.record_file(record, now)
            skip(record)
            continue
        if settle > 0 and clock - stat.st_mtime < settle:
            young.append((rel, path, stat))  # changed just now: it may still be being written
            continue
        consider(rel, path, stat)
    # files changed within `settle` seconds are watched once, together: a quiet inbox never waits
    growing = 0
    if young:
        time.sleep(settle)
        for rel, path, before in young:
            try:
                stat = checked_stat(path, inbox, max_bytes)
            except ReadError:
                stat = None
            if stat is None or (stat.st_size, stat.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
                growing += 1
                log.info("%s is still being written; left for the next pick-up", one_line(rel))
            else:
                consider(rel, path, stat)
        works.sort(key=lambda w: w.rel)  # in name order, as if none had been young
    files = len(listed) - growing
    log.debug("%s to read of %d in the inbox (%.3f s)", counted(len(works), "file"), files,
              time.perf_counter() - started)
    # 2. read the changed files (in parallel), 3. store them batch by batch
    threshold = config.settings.similarity.article
    analyses_key = analysis_key_of(config)
    topics_index = topics_key_of(config)
    batch: list[FileRead] = []
    storing = 0.0
    for done, result in enumerate(read_files(works, config, parallel_from), 1):
        batch.append(result)
        if len(batch) >= BATCH or done == len(works):
            stored = time.perf_counter()
            with store.transaction():
                for item in batch:
                    kind = _store_one(store, item, known_by_path[item.work.rel], threshold, now,
                                      analyses_key, topics_index)
                    if kind == "skipped":
                        skip(store.file(item.work.rel))
                    else:
                        counts[kind] += 1
                        counts["summarized"] += kind in ("new", "version")
            batch = []
            storing += time.perf_counter() - stored
        if progress is not None:
            progress(done, len(works))
    if works:
        log.debug("%s read in %.3f s, of which %.3f s storing them", counted(len(works), "file"),
                  time.perf_counter() - started, storing)
    return PickupReport(files, counts["new"], counts["duplicate"], counts["unchanged"],
                        tuple(skipped), counts["version"], growing, counts["summarized"])


def _store_one(store: Store, item: FileRead, known: FileRecord | None, threshold: float,
               now: datetime, analyses_key: str, topics_index_key: str) -> str:
    """Store one file's result inside its own savepoint: a failure undoes that file only, recorded as skipped.

    An error of the state itself (disk full, damaged file: any sqlite3 error but bad data)
    is not the file's fault and stops the pick-up.
    """
    store.db.execute("SAVEPOINT one_file")
    try:
        kind = _store_read(store, item, known, threshold, now, analyses_key, topics_index_key)
    except Exception as exc:
        if isinstance(exc, sqlite3.Error) and not isinstance(exc, FILE_DATA_ERRORS):
            raise
        store.db.execute("ROLLBACK TO one_file")
        work = item.work
        reason = failure_reason(exc, "store")
        store.record_file(FileRecord(work.rel, *work.stamp, item.sha, None, reason), now)
        kind = "skipped"
    store.db.execute("RELEASE one_file")
    return kind


#: sqlite3 errors that come from one file's data (too big, a constraint, a value it cannot bind).
FILE_DATA_ERRORS = (sqlite3.DataError, sqlite3.IntegrityError, sqlite3.InterfaceError,
                    sqlite3.ProgrammingError)


def _store_read(store: Store, item: FileRead, known: FileRecord | None, threshold: float,
                now: datetime, analyses_key: str, topics_index_key: str) -> str:
    """Store what reading one file gave; return 'new', 'duplicate', 'version', 'unchanged' or 'skipped'."""
    work = item.work
    if item.touched and known is not None:
        store.record_file(FileRecord(work.rel, *work.stamp, item.sha, known.article_id, known.reason), now)
        return "skipped" if known.reason else "unchanged"
    if item.split is None:
        store.record_file(FileRecord(work.rel, *work.stamp, item.sha, None, item.reason), now)
        return "skipped"
    from .similarity import from_blob

    for note in item.notes:
        log.warning("%s", note)
    previous = known.article_id if known else None
    kind, article_id = store_article(store, item.split, previous, work.rel, threshold, now,
                                     from_blob(item.minhash) if item.minhash else None)
    if article_id == item.split.article.id:
        if item.summary is not None:
            store.add_summary(item.summary)
        if item.analysis is not None:
            store.add_analysis(article_id, analyses_key, item.analysis)
        if item.topics is not None:
            store.add_topics(article_id, topics_index_key, item.topics)
    store.record_file(FileRecord(work.rel, *work.stamp, item.sha, article_id, None), now)
    log.info("%s %s: %s", kind, one_line(work.rel), item.split.article.title if kind == "new" else article_id)
    return kind


def store_article(store: Store, split: SplitArticle, previous: str | None, path: str, threshold: float,
                  now: datetime, minhash: np.ndarray | None = None) -> tuple[str, str]:
    """Store an article read from ``path``; return what it was ('new', 'duplicate', 'version') and its id.

    ``previous`` is the article the same path held before. A changed file is a new
    version of that article: the old one is kept, marked as superseded. Otherwise a
    file whose text is known, or nearly known (MinHash), is that article, and a
    new source for it is credited. Call inside a transaction.
    """
    from .similarity import text_signature

    article = split.article
    if previous == article.id:
        return "duplicate", article.id
    if previous is not None and store.paths_of(previous) <= {path}:
        if not store.has_article(article.id):
            store.add_article(split, minhash if minhash is not None else text_signature(article.text), now)
        store.supersede(previous, article.id, path, now)
        return "version", article.id
    if store.has_article(article.id):
        store.add_article(split)  # keeps the earliest arrival
        return "duplicate", article.id
    if minhash is None:
        minhash = text_signature(article.text)
    twin = store.near_duplicate(minhash, threshold)
    if twin is None:
        store.add_article(split, minhash, now)
        return "new", article.id
    if article.source:
        store.add_source(twin, article.source)
    return "duplicate", twin


def summarize_missing(config: Config, store: Store) -> int:
    """Summarize the stored articles that have no summary by the configured method (after a change of it)."""
    algorithm = config.settings.summary.algorithm
    count = config.settings.summary.sentences
    missing = store.unsummarized(algorithm, count)
    if not missing:
        return 0
    from .summarize import summarize  # imports sumy and NLTK: only when there is work
    for start in range(0, len(missing), BATCH):
        with store.transaction():
            for split in store.load_articles(missing[start:start + BATCH]):
                store.add_summary(summarize(split, algorithm, count))
    return len(missing)


class StoredNewestFirst:
    """Stored articles newest first, loaded from the store a page at a time as a scan goes on.

    With a topic (and the key of a topic index), only articles indexed as speaking of
    it, or not indexed yet, are loaded; the index is read a page at a time as well,
    as a topic's scan usually stops within its first day.
    """

    PAGE = 100

    def __init__(self, store: Store, order: list[tuple[datetime, str]], topic: str | None = None,
                 index_key: str | None = None):
        self.store = store
        self.order = order
        self.topic, self.index_key = topic, index_key
        self.loaded: list[tuple[datetime, SplitArticle]] = []
        self.scanned = 0  # how much of order was paged through

    def __iter__(self) -> Iterator[tuple[datetime, SplitArticle]]:
        i = 0
        while True:
            while i >= len(self.loaded):
                if self.scanned >= len(self.order):
                    return
                self._load_page()
            yield self.loaded[i]
            i += 1

    def _load_page(self) -> None:
        page = self.order[self.scanned:self.scanned + self.PAGE]
        self.scanned += len(page)
        if self.topic is not None and self.index_key is not None:
            index = self.store.topic_index(self.index_key, [article_id for _, article_id in page])
            page = [(w, i) for w, i in page if i not in index or self.topic in index[i]]
        splits = self.store.load_articles([article_id for _, article_id in page])
        self.loaded.extend(zip((w for w, _ in page), splits, strict=True))


def select_stored(store: Store, window: Window, tz: tzinfo, late: set[str],
                  topics: Sequence[str] = (), topics_index_key: str | None = None) -> Selection:
    """The articles of a digest, from the store: only those new in the window are loaded up front.

    With a topic index, each topic scans only the articles indexed as speaking of it
    (and those not indexed yet).
    """
    placed = []
    for article_id, published, received in store.article_dates():
        when = placed_at(datetime.fromisoformat(published) if published else None,
                         datetime.fromisoformat(received), tz)
        if when < window.end:
            placed.append((when, article_id))
    placed.sort(reverse=True)
    new_ids = [article_id for when, article_id in placed if window.contains(when) or article_id in late]
    by_topic: dict[str, StoredNewestFirst] = {}
    if topics_index_key is not None:
        for topic in topics:
            by_topic[topic] = StoredNewestFirst(store, placed, topic, topics_index_key)
    return Selection(tuple(store.load_articles(new_ids)), StoredNewestFirst(store, placed), len(placed),
                     by_topic)


def digest_paths(output: Path, day: date, kind: str = "digest") -> tuple[Path, Path]:
    """Where the digest of a day goes: out/<yyyy>/<mm>/<kind>-<date>.md and .html."""
    folder = output / f"{day:%Y}" / f"{day:%m}"
    stem = f"{kind}-{day.isoformat()}"
    return folder / f"{stem}.md", folder / f"{stem}.html"


def run(config: Config, day: date, *, since: datetime | None = None, preview: bool = False,
        kind: str = "digest", window_days: int | None = None, publish: Iterable[str] = (),
        now: datetime | None = None, progress: Callable[[int, int], None] | None = None) -> RunResult:
    """Pick up the inbox, summarize, and write the digest of ``day``.

    ``kind`` names the digest series (its file stem); ``window_days`` fixes its
    window instead of 'since the previous digest'. Every publish target gets its
    payload; those named in ``publish`` are queued for delivery. A preview does all
    the work on an in-memory copy of the state and writes nothing.
    """
    now = now or datetime.now(UTC)
    with Store(config.state, preview=preview) as store:
        store.bind_inbox(config.inbox, config.own_state_hint)  # a state never mixes two inboxes
        # 1. pick up new and changed files
        with timed("pick-up"):
            pickup = pick_up(config, store, now, progress)
        # 2. summarize what has no summary by the configured method (new ones were at pick-up)
        with timed("summarizing what had no summary"):
            made = summarize_missing(config, store)
        # 3. the window, and its articles: those dated in it and those that came in late
        previous, written = store.previous_digest(day, kind), store.digest_record(day, kind)
        window = digest_window(config, day, previous, since, window_days, written)
        if since is not None and written is not None and starts_before(written.window_start, since):
            log.warning("%s %s: --since %s starts the window later than the digest written before (from %s); "
                        "what is placed before %s is left out of it", kind, day, _moment(since),
                        _moment(written.window_start), _moment(since))
        late = store.ingested_since(previous.written_at) if previous and previous.written_at else set()
        skipped = tuple(sorted(pickup.skipped, key=lambda s: s.path))
        md_path, html_path = digest_paths(config.output, day, kind)
        with timed("fingerprint of the digest's inputs"):
            inputs = digest_inputs(config, store, day, kind, window, late, skipped)
        unchanged = store.digest_inputs(kind, day) == inputs and md_path.is_file() and html_path.is_file()
        if unchanged and not preview:
            # nothing it is made from changed: the same files would be written again
            store.request_deliveries(publish, kind, day)
            log.info("digest %s %s: unchanged, nothing new since it was written", kind, day)
            return RunResult(day, md_path, html_path, pickup, pickup.summarized + made, skipped, window)
        with timed("loading the window"):
            selection = select_stored(store, window, config.tz, late, [t.key for t in config.settings.topics],
                                      topics_key_of(config))
            ids = [s.article.id for s in selection.new]
            summaries = store.summaries(ids, config.settings.summary.algorithm,
                                        config.settings.summary.sentences)
            analyses_key = analysis_key_of(config)
            stored = store.analyses(ids, analyses_key)
            analyses = {article_id: analysis_from_json(text) for article_id, text in stored.items()}
        missing = [s for s in selection.new if s.article.id not in analyses]
        if missing:  # made with other speakers or topics, or by an older version: made once, kept
            with timed(f"analysing {counted(len(missing), 'article')}"):
                matcher, aliases = topics_of(config), aliases_of(config)
                fresh = {s.article.id: analyze(s, aliases, matcher) for s in missing}
            with store.transaction():
                for article_id, analysis in fresh.items():
                    store.add_analysis(article_id, analyses_key, analysis_json(analysis))
            analyses.update(fresh)
            inputs = digest_inputs(config, store, day, kind, window, late, skipped)  # the store moved on
        # 4. compose the digest as of the end of the day
        with timed("composing"):
            digest = compose(selection, summaries, day, window, config.settings, skipped=skipped,
                             tz=config.tz, analyses=analyses)
        # 5. render, write atomically, and remember the digest
        cache = None if preview else config.state.parent / "template-cache"
        with timed("rendering"):
            markdown, html = render_digest(digest, user_dir=config.templates, tz=config.tz, cache_dir=cache)
        if not preview:
            changed = False
            for path, text in ((md_path, markdown), (html_path, html)):
                remove_stale_temporaries(path)  # left by a run that was killed mid-write
                changed = atomic_write(path, text) or changed
            record = DigestRecord(day, window.start, window.end, kind)
            store.record_digest(record, md_path, html_path, now, tuple(p.text for p in digest.key_points),
                                changed=changed, output=config.output)
            # 6. the payload of every publish target, and the archive with its feed
            rendered = Rendered(digest, kind, markdown, html, md_path, html_path, config.templates)
            publishing.prepare(config, store, rendered, publish, now)
            with timed("archive and feed"):
                write_archive(store.written_digests(), config.output, config.settings.language,
                              user_dir=config.templates, site_url=config.settings.site_url,
                              urn=store.feed_urn(config.output))
            # only now is all of it written: a run killed before this line is redone in full
            store.set_digest_inputs(kind, day, inputs)
    summarized = pickup.summarized + made
    result = RunResult(day, md_path, html_path, pickup, summarized, skipped, window, not preview, digest)
    log.info("digest %s %s: %s%s", kind, day, result.counts(), " (preview)" if preview else "")
    return result


def digest_inputs(config: Config, store: Store, day: date, kind: str, window: Window, late: set[str],
                  skipped: Sequence[Skipped]) -> str:
    """A fingerprint of everything a digest is made from: the same fingerprint, the same files."""
    from .versions import code_hash, templates_hash  # the code and templates that make it count too

    templates = templates_hash([*([config.templates] if config.templates else []), builtin_templates()])
    parts = [__version__, code_hash(), config.settings.model_dump_json(), str(config.tz), day.isoformat(),
             kind, str(window.start), str(window.end), sorted(late), [(s.path, s.reason) for s in skipped],
             store.generation(), templates, str(config.output)]
    return hashlib.sha256(json.dumps(parts, default=str).encode("utf-8")).hexdigest()


def pickup(config: Config, *, now: datetime | None = None,
           progress: Callable[[int, int], None] | None = None) -> tuple[PickupReport, int]:
    """The pick-up job: ingest new files and summarize them; returns the report and summaries made."""
    with Store(config.state) as store:
        store.bind_inbox(config.inbox, config.own_state_hint)  # a state never mixes two inboxes
        report = pick_up(config, store, now or datetime.now(UTC), progress)
        made = summarize_missing(config, store)
    return report, report.summarized + made


def digest_window(config: Config, day: date, previous: DigestRecord | None, since: datetime | None,
                  window_days: int | None = None, written: DigestRecord | None = None) -> Window:
    """From ``since``; else ``window_days`` back, or since the previous digest, or the first window,
    but never starting later than the digest of ``day`` already ``written``: a rerun never shrinks it."""
    if window_days is not None:
        window = day_window(day, None, window_days)
    else:
        window = day_window(day, previous.window_end if previous else None,
                            config.settings.digest.first_window_days)
    if since is not None:
        return Window(since, window.end)
    if written is not None and starts_before(written.window_start, window.start):
        return Window(written.window_start, window.end)
    return window


def starts_before(start: datetime | None, other: datetime | None) -> bool:
    """Whether a window from ``start`` begins before one from ``other`` (None: from the start)."""
    if start is None:
        return other is not None
    return other is not None and start < other


def _moment(when: datetime | None) -> str:
    """A window bound for the log: its day when it is at midnight, 'the start' for None."""
    if when is None:
        return "the start"
    return when.date().isoformat() if when.time() == datetime.min.time() else when.isoformat(" ", "minutes")


def build_timeline(config: Config, day: date, *, since: datetime | None = None,
                   preview: bool = False) -> tuple[TimelineEvent, ...]:
    """Pick up the inbox and return the dated events up to the end of ``day``, newest first.

    The articles are those a digest of ``day`` from ``since`` holds (all placed before its
    end without ``since``; see select_stored), dated as its Chronik dates them: nothing
    comes from an article published after ``day``.
    """
    window = Window(since, day_window(day, None, 1).end)
    with Store(config.state, preview=preview) as store:
        store.bind_inbox(config.inbox, config.own_state_hint)  # a state never mixes two inboxes
        pick_up(config, store, datetime.now(UTC))
        articles = select_stored(store, window, config.tz, set()).new
        stored = store.analyses([s.article.id for s in articles], analysis_key_of(config))
    analyses = {article_id: analysis_from_json(text) for article_id, text in stored.items()}
    return timeline(articles, window.end, config.tz, config.settings.similarity.sentence,
                    analyses=analyses, aliases=aliases_of(config))


def summarize_file(path: Path, config: Config, *, algorithm: str | None = None,
                   count: int | None = None) -> tuple[SplitArticle, Summary]:
    """Summarize one file outside the inbox and the store."""
    from .summarize import summarize

    split = analyze_file(path, path.parent, config)
    summary = summarize(split, algorithm or config.settings.summary.algorithm,
                        count or config.settings.summary.sentences)
    return split, summary
