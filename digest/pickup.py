"""The pick-up stage: list the inbox → compare stamps → wait for young files → read → store in batches.

Each new or changed file is read once (in worker processes when there are many) and
everything later stages need of it is stored; a bad file is recorded as skipped, never fatal.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import sys
import threading
import time
import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from stat import S_IFREG

from .config import Config
from .errors import InboxError, ReadError
from .i18n import counted
from .listing import FILE_TYPE_BITS, Listing, list_inbox, regular_only
from .models import Skipped, SplitArticle, Summary
from .readers import checked_stat, make_article, one_line, os_reason, read_document
from .store import FileRecord, Store
from .text import MAX_ARTICLE_SENTENCES, cap_sentences, detect_language, split_article

log = logging.getLogger("digest")

#: Below this many files to read, reading happens in this process; above, in worker processes.
#: Starting workers (a forkserver, then each worker importing sumy and NLTK) costs about as much
#: as reading 150 files on two cores: measured 100 files 1.1 s in process, 1.3-1.6 s in two
#: workers; 300 files 2.6 s in process, 2.1 s in workers.
PARALLEL_FROM = 150
#: The same where workers are forked from this process (no other thread runs: the CLI), which has
#: imported READING_MODULES once for them: no forkserver to start, no imports in a worker.
FORKED_PARALLEL_FROM = 40
#: What reading a file imports besides this module: not needed by a pick-up that reads nothing,
#: preloaded by the worker processes' forkserver, so each worker does not import them again
#: (the summarizer's sumy, with requests and pycountry, and the MinHash's numpy: ~0.33 s per worker).
READING_MODULES = ("digest.analysis", "digest.clean", "digest.configured", "digest.dates",
                   "digest.similarity", "digest.summarize", "numpy.random", "yaml")
#: A listed file ends a chunk of the listing when the CRC-32 of its name is 0 modulo this: chunks of
#: ~32 files, whose digests tell a pick-up which files to compare one by one (``chunk_digests``).
CHUNK_MODULUS = 32
#: Bytes of a chunk's digest.
CHUNK_DIGEST_BYTES = 16
#: Files stored per transaction: a crash redoes at most one batch, never half a file.
BATCH = 200
#: sqlite3 errors that come from one file's data (too big, a constraint, a value it cannot bind).
FILE_DATA_ERRORS = (sqlite3.DataError, sqlite3.IntegrityError, sqlite3.InterfaceError,
                    sqlite3.ProgrammingError)

Stamp = tuple[int, int, int]  # size, mtime_ns, ctime_ns
StoredStamps = dict[str, tuple[int, int, int, bool]]  # by path: the stamp, and whether it was skipped
Chunks = tuple[list[int], list[bytes]]  # where each chunk of a listing ends, and its digest


@contextmanager
def timed(stage: str) -> Iterator[None]:
    """Log how long a stage took (at debug level: ``digest -v``), for operators tuning a big inbox."""
    started = time.perf_counter()
    try:
        yield
    finally:
        log.debug("%s took %.3f s", stage, time.perf_counter() - started)


# --- the data of the stage ------------------------------------------------------------------------

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
class FileWork:
    """A file to read in this pick-up: where it is, how it stands, what the store knew of it."""

    path: Path
    rel: str
    stamp: Stamp
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
    bands: tuple[int, ...] | None = None  # the MinHash's band keys (similarity.band_keys)
    analysis: str | None = None  # JSON, made with the settings of analysis_key(config)
    topics: tuple[str, ...] | None = None  # keys of the topics it speaks of
    reason: str | None = None
    notes: tuple[str, ...] = ()  # what the log should say of a file read all the same


@dataclass
class Skips:
    """The files skipped so far in this pick-up, each logged as it is added."""

    found: list[Skipped] = field(default_factory=list)

    def add(self, name: str, reason: str) -> None:
        """Skip ``name`` for ``reason``, and say so in the log."""
        self.found.append(Skipped(name, reason))
        log.warning("skipped %s: %s", one_line(name), reason)

    def record(self, record: FileRecord) -> None:
        """Skip a file the store recorded as skipped."""
        self.add(record.path, record.reason or "")


@dataclass
class Changed:
    """What comparing stamps found: the files to read, what the store knew of them, and the rest."""

    works: list[FileWork] = field(default_factory=list)
    known: dict[str, FileRecord | None] = field(default_factory=dict)
    young: list[tuple[str, str, os.stat_result]] = field(default_factory=list)  # changed just now
    stamps: StoredStamps = field(default_factory=dict)  # of the files compared, as stored before
    unchanged: int = 0
    growing: int = 0  # still being written: left for the next pick-up
    chunks: bytes | None = None  # the listing's chunk digests, stored once the pick-up is complete


@dataclass(frozen=True)
class Stored:
    """What storing files did: articles by kind, summaries stored with them, files, seconds and CPU spent."""

    new: int = 0
    duplicate: int = 0
    version: int = 0
    summarized: int = 0
    seconds: float = 0.0
    files: int = 0
    cpu: float = 0.0  # CPU seconds of this process storing (not waiting for files to be read)

    def __add__(self, other: Stored) -> Stored:
        return Stored(self.new + other.new, self.duplicate + other.duplicate, self.version + other.version,
                      self.summarized + other.summarized, self.seconds + other.seconds,
                      self.files + other.files, self.cpu + other.cpu)

    @classmethod
    def of(cls, kinds: list[str], seconds: float, cpu: float = 0.0) -> Stored:
        """The counts of a batch from the kind each file was stored as."""
        return cls(kinds.count("new"), kinds.count("duplicate"), kinds.count("version"),
                   kinds.count("new") + kinds.count("version"), seconds, len(kinds), cpu)


@dataclass(frozen=True)
class StoreKeys:
    """What storing needs of the configuration: the near-duplicate threshold and the cache keys."""

    threshold: float
    analyses: str
    topics_index: str

    @classmethod
    def of(cls, config: Config) -> StoreKeys:
        """The keys of this configuration."""
        from .configured import analysis_key_of, topics_key_of  # not needed by a pick-up with nothing new

        return cls(config.settings.similarity.article, analysis_key_of(config), topics_key_of(config))


# --- the stage ------------------------------------------------------------------------------------

def pick_up_inbox(config: Config, store: Store, now: datetime,
                  progress: Callable[[int, int], None] | None = None, *,
                  parallel_from: int | None = None) -> PickupReport:
    """Ingest new and changed inbox files; a bad file is recorded as skipped, never fatal.

    Files are read in parallel and stored in batches, a transaction each holding every file's
    article (or the link to a known one), summary and record: a crash loses or doubles nothing.
    """
    skips = Skips()
    with timed("listing the inbox"):  # 1. list, lstat each file once; an entry not listed is skipped
        listing = list_inbox(existing_inbox(config), skips.add, max_file_bytes(config))
    if listing.early:
        log.debug("(the listing was begun %.3f s before, in a child, while the configuration loaded; "
                  "it took %.3f s there)", listing.early, listing.early_took)
    # 2. the inbox as the last complete pick-up left it (same fingerprint): nothing to compare or read
    if listing.fingerprint is not None and listing.fingerprint == store.listing_fingerprint():
        return quiet_inbox(store, listing, max_file_bytes(config), skips)
    # 3. compare stamps (nothing is read yet); 4. files changed just now are watched once, together
    started = time.perf_counter()
    changed = changed_files(config, store, listing, now, skips)
    # 5. read the changed files (in workers when many), 6. store them batch by batch
    stored = read_and_store(config, store, changed, now, skips, progress, parallel_from)
    if changed.works:
        log.debug("%s read in %.3f s, of which %.3f s storing them (%.3f s CPU)", counted(len(changed.works),
                  "file"), time.perf_counter() - started, stored.seconds, stored.cpu)
    # 7. last: the listing is vouched for once every file of it is stored (none left growing)
    if listing.fingerprint is not None and not changed.growing:
        store.set_listing_fingerprint(listing.fingerprint, changed.chunks)
    return PickupReport(len(listing) - changed.growing, stored.new, stored.duplicate, changed.unchanged,
                        tuple(skips.found), stored.version, changed.growing, stored.summarized)


def existing_inbox(config: Config) -> Path:
    """The configured inbox; InboxError if it is not a folder."""
    if not config.inbox.is_dir():
        raise InboxError(
            f"{config.inbox}: inbox folder not found; create it or pass --inbox PATH (config: inbox)"
        )
    return config.inbox


# --- 1. list the inbox, 2. the quiet inbox ------------------------------------------------------

def quiet_inbox(store: Store, listing: Listing, max_bytes: int, skips: Skips) -> PickupReport:
    """The report of a pick-up that finds the inbox as the last complete one left it.

    The same as comparing file by file would give: every file unchanged (but those
    over the size limit, skipped again), the listed files skipped before skipped again.
    """
    records = store.skipped_files()
    present = set(listing.shown) if records else set()  # most inboxes: none skipped
    for record in records:
        if record.path in present:
            skips.record(record)
    sizes = listing.sizes()
    too_big = sum(1 for size in sizes if size > max_bytes) if sizes and max(sizes) > max_bytes else 0
    files = len(listing)
    return PickupReport(files, 0, 0, files - too_big, tuple(skips.found))


# --- 3. compare stamps ----------------------------------------------------------------------------

def changed_files(config: Config, store: Store, listing: Listing, now: datetime, skips: Skips) -> Changed:
    """The files to read: changed since the store saw them, and not still being written."""
    started = time.perf_counter()
    changed = compare_stamps(config, store, listing, now, skips)
    wait_for_young(config, store, changed, skips)  # a quiet inbox never waits
    log.debug("%s to read of %d in the inbox (%.3f s)", counted(len(changed.works), "file"),
              len(listing) - changed.growing, time.perf_counter() - started)
    return changed


def compare_stamps(config: Config, store: Store, listing: Listing, now: datetime,
                   skips: Skips) -> Changed:
    """Which listed files changed since the store saw them; a file changed just now is left young."""
    max_bytes = max_file_bytes(config)
    settle = config.settings.service.settle_seconds
    clock = time.time()
    chunks = chunk_digests(listing, max_bytes) if listing.fingerprint is not None else None
    settled_ns = int((clock - settle) * 1e9) if settle > 0 else None
    files = files_to_compare(listing, store, max_bytes, settled_ns, chunks)
    changed = Changed(stamps=store.file_stamps([rel for rel, _ in files]),
                      unchanged=len(listing) - len(files),
                      chunks=b"".join(chunks[1]) if chunks is not None else None)
    for rel, path in files:
        try:
            stat = checked_stat(path, config.inbox, max_bytes)
        except ReadError as exc:  # never follows a link out of the inbox, never reads a huge file
            record_unreadable(store, changed.stamps, rel, path, exc.reason, now, skips)
            continue
        if settle > 0 and clock - stat.st_mtime < settle:
            changed.young.append((rel, path, stat))  # changed just now: it may still be being written
            continue
        compare_one(store, changed, rel, path, stat, skips)
    return changed


def files_to_compare(listing: Listing, store: Store, max_bytes: int, settled_ns: int | None,
                     chunks: Chunks | None = None) -> list[tuple[str, str]]:
    """The listed files (relative name and path, in name order) but those plainly unchanged.

    Plainly unchanged: a regular file within the size limit, not changed just now (its
    mtime before ``settled_ns``), not skipped before, and either in a chunk whose digest
    the last complete pick-up stored (``chunk_digests``) or whose name, size and times are
    a row of ``Store.unskipped_stamps``: a set lookup per file of the chunks not vouched
    for (100 new files in 100,000: ~3,000), of every file without stored digests.
    """
    modes, sizes, mtimes, ctimes = listing.columns[:4]
    listed, shown = listing.listed, listing.shown
    indexes = unvouched(chunks, store.listing_chunks()) if chunks is not None else None
    if indexes is None:
        unchanged = store.unskipped_stamps()
        found = [index for index, row in enumerate(zip(shown, sizes, mtimes, ctimes, strict=True))
                 if row not in unchanged]
    else:
        unchanged = store.unskipped_stamps([shown[index] for index in indexes])
        found = [index for index in indexes if (shown[index], sizes[index], mtimes[index], ctimes[index])
                 not in unchanged]
        skipped = {record.path for record in store.skipped_files()}  # reported again, as a quiet inbox does
        found += [index for index, name in enumerate(shown) if name in skipped] if skipped else []
    young = settled_ns is not None and max(mtimes, default=0) >= settled_ns
    if young or not regular_only(modes) or max(sizes, default=0) > max_bytes:  # rare: each file's numbers
        numbers = enumerate(zip(modes, sizes, mtimes, strict=True))
        found += [index for index, (mode, size, mtime) in numbers
                  if mode & FILE_TYPE_BITS != S_IFREG or size > max_bytes  # GONE: -1
                  or (settled_ns is not None and mtime >= settled_ns)]
    base = f"{listing.inbox}{os.sep}"
    return [(shown[index], base + listed[index]) for index in sorted(set(found), key=listed.__getitem__)]


def chunk_digests(listing: Listing, max_bytes: int) -> Chunks:
    """Where each chunk of the listing ends (in listed order), and a digest of each chunk.

    A chunk ends after a name whose CRC-32 is 0 modulo CHUNK_MODULUS, so files added or
    removed change only their own chunks. The digest covers the chunk's names, sizes and
    times, and the size limit: a chunk whose digest the last complete pick-up stored
    holds the very files it held then, every one of them stored.
    """
    names = listing.listed
    encoded = "\0".join(names).encode("utf-8", "surrogateescape").split(b"\0") if names else []
    ends = [index + 1 for index, crc in enumerate(map(zlib.crc32, encoded)) if not crc % CHUNK_MODULUS]
    if names and (not ends or ends[-1] != len(names)):
        ends.append(len(names))
    _, sizes, mtimes, ctimes = listing.columns[:4]
    limit, start, digests = max_bytes.to_bytes(8, "little", signed=True), 0, []
    for end in ends:
        data = ((end - start).to_bytes(8, "little"), limit, sizes[start:end], mtimes[start:end],
                ctimes[start:end], b"\0".join(encoded[start:end]))  # the count first: no two chunks alike
        digests.append(hashlib.blake2b(b"".join(data), digest_size=CHUNK_DIGEST_BYTES).digest())
        start = end
    return ends, digests


def unvouched(chunks: Chunks, stored: bytes | None) -> list[int] | None:
    """Indexes of the listed files in chunks whose digest is not among ``stored``; None: none stored."""
    if stored is None:
        return None
    known = {stored[at:at + CHUNK_DIGEST_BYTES] for at in range(0, len(stored), CHUNK_DIGEST_BYTES)}
    found: list[int] = []
    start = 0
    for end, digest in zip(*chunks, strict=True):
        if digest not in known:
            found.extend(range(start, end))
        start = end
    return found


def compare_one(store: Store, changed: Changed, rel: str, path: str, stat: os.stat_result,
                skips: Skips) -> None:
    """Count a file as unchanged (skipped again if it was), or add it to the files to read."""
    stamp = stamp_of(stat)
    stored = changed.stamps.get(rel)
    if stored is not None and stored[:3] == stamp:
        changed.unchanged += 1
        if stored[3]:  # skipped before, for a reason that still holds
            skips.record(store.file(rel))
        return
    known = changed.known[rel] = store.file(rel) if stored is not None else None
    changed.works.append(FileWork(Path(path), rel, stamp, known.sha256 if known else None))


def record_unreadable(store: Store, stamps: StoredStamps, rel: str, path: str, reason: str,
                      now: datetime, skips: Skips) -> None:
    """Record and skip a file that cannot be read at all (a link out of the inbox, too big)."""
    try:
        stamp = stamp_of(os.lstat(path))
    except OSError:
        return  # gone since it was listed: nothing to record
    record = FileRecord(rel, *stamp, "", None, reason)
    stored = stamps.get(rel)
    if stored is None or stored[:3] != stamp or not stored[3] or store.file(rel).reason != reason:
        store.record_file(record, now)
    skips.record(record)


def stamp_of(stat: os.stat_result) -> Stamp:
    """A file's size and times, as the store keeps them to tell a changed file."""
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def max_file_bytes(config: Config) -> int:
    """The largest file read, in bytes."""
    return int(config.settings.max_file_mb * 1024 * 1024)


# --- 4. wait for young files ----------------------------------------------------------------------

def wait_for_young(config: Config, store: Store, changed: Changed, skips: Skips) -> None:
    """Wait ``settle_seconds`` once; a young file that did not change meanwhile is compared, the rest wait."""
    if not changed.young:
        return
    time.sleep(config.settings.service.settle_seconds)
    for rel, path, before in changed.young:
        try:
            stat = checked_stat(path, config.inbox, max_file_bytes(config))
        except ReadError:
            stat = None
        if stat is None or (stat.st_size, stat.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
            changed.growing += 1
            log.info("%s is still being written; left for the next pick-up", one_line(rel))
        else:
            compare_one(store, changed, rel, path, stat, skips)
    changed.works.sort(key=lambda w: w.rel)  # in name order, as if none had been young


# --- 5. read --------------------------------------------------------------------------------------

def read_files(works: list[FileWork], config: Config, parallel_from: int | None = None,
               ) -> Iterator[FileRead]:
    """Read files in order: in worker processes (one per core) when there are many.

    A file whose worker dies is read again alone, and skipped if it kills that one too;
    the workers end when this process ends, even by SIGKILL (see digest.workers).
    """
    processes = min(os.cpu_count() or 1, 8)
    # forked from here only where no other thread runs (a fork copies none, nor the locks they hold) and
    # the kernel kills them with us (Linux); else a forkserver (the service's threads) forks warm workers
    alone = threading.active_count() == 1 and sys.platform.startswith("linux")
    start = "fork" if alone else "forkserver"
    if parallel_from is None:
        parallel_from = FORKED_PARALLEL_FROM if start == "fork" else PARALLEL_FROM
    if len(works) < parallel_from or processes < 2:
        yield from (read_file(w, config) for w in works)
        return
    from .workers import read_in_workers  # multiprocessing: only when there are many files to read

    yield from read_in_workers(_read_in_worker, works, processes=processes, crashed=_killed_its_worker,
                               initializer=_init_worker, initargs=(config,), label=lambda w: one_line(w.rel),
                               preload=["digest.pickup", *READING_MODULES],
                               fallback=lambda w: read_file(w, config), start=start)


_worker_config: Config | None = None


def _init_worker(config: Config) -> None:
    """Keep the configuration in a worker process, for every file it reads."""
    global _worker_config
    _worker_config = config


def _read_in_worker(work: FileWork) -> FileRead:
    """Read one file in a worker process."""
    assert _worker_config is not None
    return read_file(work, _worker_config)


def _killed_its_worker(work: FileWork, how: str) -> FileRead:
    """What reading a file gave when it killed its worker process twice ('signal 9')."""
    return FileRead(work, reason=f"reading it killed the worker process ({how})")


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
    from .analysis import analyze
    from .analysis import to_json as analysis_json
    from .configured import aliases_of, topics_of
    from .similarity import band_keys, text_signature, to_blob
    from .summarize import summarize

    notes: list[str] = []
    split = analyze_file(work.path, config.inbox, config, notes)
    summary = summarize(split, config.settings.summary.algorithm, config.settings.summary.sentences)
    signature = text_signature(split.article.text)
    matcher = topics_of(config)
    hits = matcher.per_sentence(split.sentences)
    analysis = analysis_json(analyze(split, aliases_of(config), matcher, hits))
    topics = tuple(t.key for i, t in enumerate(config.settings.topics) if any(i in h for h in hits))
    return FileRead(work, sha, split=split, summary=summary, minhash=to_blob(signature),
                    bands=tuple(band_keys(signature)), analysis=analysis, topics=topics, notes=tuple(notes))


def analyze_file(path: Path, inbox: Path, config: Config, notes: list[str] | None = None) -> SplitArticle:
    """Read, date, clean, detect the language and split one file; ReadError if it is unusable.

    What the log should say of a file read all the same (a huge one, cut at MAX_HTML_CHARS,
    MAX_ARTICLE_CHARS or MAX_ARTICLE_SENTENCES) is added to ``notes``, or logged when no list is given.
    """
    from .clean import MAX_ARTICLE_CHARS, MAX_ARTICLE_LINES, cap_text, clean_lines  # READING_MODULES
    from .dates import extract_date

    settings = config.settings
    told: list[str] = []
    # read: decode the file and its declared metadata
    raw = read_document(path, inbox, max_bytes=max_file_bytes(config), notes=told)
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


# --- 6. store in batches --------------------------------------------------------------------------

def read_and_store(config: Config, store: Store, changed: Changed, now: datetime, skips: Skips,
                   progress: Callable[[int, int], None] | None, parallel_from: int | None) -> Stored:
    """Read the changed files in order and store them BATCH at a time, one transaction each.

    Each file is stored as soon as it is read, so the workers never wait while a batch
    is stored. The listing's fingerprint is forgotten first: until this pick-up is
    complete, no listing is vouched for (see ``pick_up_inbox``). Every article stored
    comes with its summary, so a store noted as all summarized stays so (unless a
    version was stored: superseding can bring an older article back).
    """
    if not changed.works:
        return Stored()
    store.set_listing_fingerprint(None)  # and its chunks
    method, count = config.settings.summary.algorithm, config.settings.summary.sentences
    summarized = store.all_summarized(method, count)
    keys = StoreKeys.of(config)
    total = len(changed.works)
    results = _counted(read_files(changed.works, config, parallel_from), total, progress)
    stored = Stored()
    with store.roomy_cache():  # a batch's pages of the band index stay in memory until its commit
        while stored.files < total:
            # the last batch's commit leaves copying the log to a thread: the digest need not wait for it
            with store.checkpoint_aside() if total - stored.files <= BATCH else nullcontext():
                batch = store_batch(store, islice(results, BATCH), changed.known, keys, now, skips)
            if not batch.files:
                break  # (read_files yields one result per file: never)
            stored += batch
    if summarized and not stored.version:
        store.note_all_summarized(method, count)
    return stored


def _counted(results: Iterator[FileRead], total: int,
             progress: Callable[[int, int], None] | None) -> Iterator[FileRead]:
    """The results, with ``progress(done, total)`` called once each was stored (asked for the next)."""
    for done, result in enumerate(results, 1):
        yield result
        if progress is not None:
            progress(done, total)


def store_batch(store: Store, batch: Iterable[FileRead], known: dict[str, FileRecord | None], keys: StoreKeys,
                now: datetime, skips: Skips) -> Stored:
    """Store read files in one transaction, each in its own savepoint, each as soon as it is read.

    ``batch`` may be an iterator of files still being read (in workers): the transaction
    stays open while the next one is awaited; its seconds and CPU are not counted.
    """
    started, cpu_started = time.perf_counter(), time.process_time()
    waited = [0.0, 0.0]  # seconds and CPU seconds spent awaiting the next file
    items = iter(batch)
    kinds: list[str] = []
    with store.transaction():
        while (item := _next_read(items, waited)) is not None:
            kind = _store_one(store, item, known[item.work.rel], keys, now)
            if kind == "skipped":
                skips.record(store.file(item.work.rel))
            kinds.append(kind)
    return Stored.of(kinds, time.perf_counter() - started - waited[0],
                     time.process_time() - cpu_started - waited[1])


def _next_read(items: Iterator[FileRead], waited: list[float]) -> FileRead | None:
    """The next read file (None after the last); the seconds and CPU seconds awaiting it go to ``waited``."""
    started, cpu_started = time.perf_counter(), time.process_time()
    item = next(items, None)
    waited[0] += time.perf_counter() - started
    waited[1] += time.process_time() - cpu_started
    return item


def _store_one(store: Store, item: FileRead, known: FileRecord | None, keys: StoreKeys,
               now: datetime) -> str:
    """Store one file's result inside its own savepoint: a failure undoes that file only, recorded as skipped.

    An error of the state itself (disk full, damaged file: any sqlite3 error but bad data)
    is not the file's fault and stops the pick-up.
    """
    store.db.execute("SAVEPOINT one_file")
    try:
        kind = _store_read(store, item, known, keys, now)
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


def _store_read(store: Store, item: FileRead, known: FileRecord | None, keys: StoreKeys,
                now: datetime) -> str:
    """Store what reading one file gave; return 'new', 'duplicate', 'version', 'unchanged' or 'skipped'."""
    work = item.work
    if item.touched and known is not None:
        store.record_file(FileRecord(work.rel, *work.stamp, item.sha, known.article_id, known.reason), now)
        return "skipped" if known.reason else "unchanged"
    if item.split is None:
        store.record_file(FileRecord(work.rel, *work.stamp, item.sha, None, item.reason), now)
        return "skipped"
    for note in item.notes:
        log.warning("%s", note)
    previous = known.article_id if known else None
    kind, article_id = store_article(store, item.split, previous, work.rel, keys.threshold, now,
                                     item.minhash, item.bands)
    if article_id == item.split.article.id:
        if item.summary is not None:
            store.add_summary(item.summary)
        if item.analysis is not None:
            store.add_analysis(article_id, keys.analyses, item.analysis)
        if item.topics is not None:
            store.add_topics(article_id, keys.topics_index, item.topics)
    store.record_file(FileRecord(work.rel, *work.stamp, item.sha, article_id, None), now)
    log.info("%s %s: %s", kind, one_line(work.rel), item.split.article.title if kind == "new" else article_id)
    return kind


def store_article(store: Store, split: SplitArticle, previous: str | None, path: str, threshold: float,
                  now: datetime, minhash: bytes | None = None, bands: Sequence[int] | None = None,
                  ) -> tuple[str, str]:
    """Store an article read from ``path``; return what it was ('new', 'duplicate', 'version') and its id.

    ``previous`` is the article the same path held before. A changed file is a new
    version of that article: the old one is kept, marked as superseded. Otherwise a
    file whose text is known, or nearly known (MinHash: ``minhash`` as stored and its
    ``bands``, made from the text when not given), is that article, and a new source
    for it is credited. Call inside a transaction.
    """
    article = split.article
    if previous == article.id:
        return "duplicate", article.id
    if previous is not None and store.paths_of(previous) <= {path}:
        if not store.has_article(article.id):
            store.insert_article(split, *_signature(article.text, minhash, bands), now)
        store.supersede(previous, article.id, path, now)
        return "version", article.id
    if store.has_article(article.id):
        store.add_article(split)  # keeps the earliest arrival
        return "duplicate", article.id
    minhash, bands = _signature(article.text, minhash, bands)
    twin = store.near_duplicate_of(minhash, bands, threshold)
    if twin is None:
        store.insert_article(split, minhash, bands, now)
        return "new", article.id
    if article.source:
        store.add_source(twin, article.source)
    return "duplicate", twin


def _signature(text: str, minhash: bytes | None, bands: Sequence[int] | None) -> tuple[bytes, Sequence[int]]:
    """A text's MinHash as stored and its band keys: as given (read in a worker), else made from the text."""
    from .similarity import band_keys, from_blob, text_signature, to_blob

    if minhash is None:
        signature = text_signature(text)
        return to_blob(signature), band_keys(signature)
    return minhash, bands if bands is not None else band_keys(from_blob(minhash))


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
