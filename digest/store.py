"""The SQLite ledger: inbox files seen, articles and their analysis, summaries, digests written."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from . import versions
from .errors import EnvironmentProblem, ForeignStateError, StoreError, state_error
from .models import Article, Block, Precision, PublicationDate, Skipped, SplitArticle, Summary

if TYPE_CHECKING:
    import numpy as np

SCHEMA_VERSION = 2  # also the file's SQLite user_version; 2: summaries.version

#: SQLite's page cache while a pick-up stores (KiB; ``Store.roomy_cache``). A batch's articles go
#: to random places of the band index (100 articles: ~3,100 of its pages, ~13 MB); in SQLite's
#: default cache of 2 MB they spill to the WAL before the commit, and are read back for the next.
STORING_CACHE_KIB = 64 * 1024

#: The SQLite ``application_id`` of a news-digest state file: 'NDig' in ASCII.
APPLICATION_ID = int.from_bytes(b"NDig", "big")
SQLITE_MAGIC = b"SQLite format 3\x00"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,          -- relative to the inbox, POSIX
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,      -- changes with permissions too: a chmod makes us look again
    sha256 TEXT NOT NULL,           -- '' when the file could not be read
    article_id TEXT,                -- NULL when the file was skipped
    reason TEXT,                    -- why it was skipped
    seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT,
    url TEXT,
    published TEXT,
    precision TEXT NOT NULL,
    origin TEXT NOT NULL,
    received_at TEXT NOT NULL,
    language TEXT NOT NULL,
    blocks TEXT NOT NULL,           -- JSON: [[text, is_heading, [sentences...]], ...]
    ingested_at TEXT NOT NULL       -- when this store first took it in (UTC)
);
CREATE TABLE IF NOT EXISTS analyses (
    article_id TEXT NOT NULL REFERENCES articles(id),
    key TEXT NOT NULL,              -- the settings it was made with (digest.analysis.analysis_key)
    data TEXT NOT NULL,             -- JSON: stems per sentence, dated mentions, attributions
    PRIMARY KEY (article_id, key)
);
CREATE TABLE IF NOT EXISTS topic_index (
    article_id TEXT NOT NULL REFERENCES articles(id),
    key TEXT NOT NULL,              -- the topics it was made with (digest.analysis.topics_key)
    topics TEXT NOT NULL,           -- JSON list of the keys of the topics the article speaks of
    PRIMARY KEY (article_id, key)
);
CREATE TABLE IF NOT EXISTS summaries (
    article_id TEXT NOT NULL REFERENCES articles(id),
    method TEXT NOT NULL,
    count INTEGER NOT NULL,
    sentences TEXT NOT NULL,        -- JSON list
    version INTEGER NOT NULL DEFAULT 0,  -- the summarizer's (versions.SUMMARIZER_VERSION); 0: schema 1
    PRIMARY KEY (article_id, method, count)
);
CREATE TABLE IF NOT EXISTS signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    minhash BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS bands (
    key INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id)
);
CREATE INDEX IF NOT EXISTS bands_key ON bands(key);
-- the few skipped files, without a scan of every file's record (Store.skipped_files)
CREATE INDEX IF NOT EXISTS files_skipped ON files(path) WHERE reason IS NOT NULL;
-- what places articles in time, apart from their (big) text: a digest reads it for every article
CREATE INDEX IF NOT EXISTS articles_dates ON articles(id, published, received_at);
-- the articles that came in since the previous digest, without reading each article's text
CREATE INDEX IF NOT EXISTS articles_ingested ON articles(ingested_at, id);
CREATE TABLE IF NOT EXISTS article_sources (
    article_id TEXT NOT NULL REFERENCES articles(id),
    source TEXT NOT NULL,
    PRIMARY KEY (article_id, source)
);
CREATE TABLE IF NOT EXISTS versions (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),   -- the superseded version
    superseded_by TEXT NOT NULL REFERENCES articles(id),
    path TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS digests (
    kind TEXT NOT NULL,             -- file stem of the digest: 'digest', 'weekly', ...
    date TEXT NOT NULL,
    window_start TEXT,
    window_end TEXT NOT NULL,
    markdown TEXT NOT NULL,
    html TEXT NOT NULL,
    written_at TEXT NOT NULL,
    key_points TEXT NOT NULL DEFAULT '[]',  -- JSON list of sentences, for the archive and feed
    inputs TEXT NOT NULL DEFAULT '',        -- fingerprint of what it was made from (pipeline.digest_inputs)
    PRIMARY KEY (kind, date)
);
CREATE TABLE IF NOT EXISTS outbox (
    target TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    payload TEXT NOT NULL,          -- JSON made when the digest was written
    sha256 TEXT NOT NULL,           -- of the payload: a changed digest is delivered again
    status TEXT NOT NULL,           -- 'held' (not asked for), 'pending', 'done', 'failed'
    detail TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (target, kind, date)
);
CREATE TABLE IF NOT EXISTS job_runs (
    job TEXT NOT NULL,
    due TEXT NOT NULL,              -- when the job was due (local time, ISO)
    started TEXT NOT NULL,
    finished TEXT,
    outcome TEXT NOT NULL,          -- 'running', 'ok', 'skipped files', 'failed'
    detail TEXT NOT NULL DEFAULT '',
    pid INTEGER NOT NULL,
    PRIMARY KEY (job, due)
);
"""

#: Tables whose content a digest shows. Every change to them counts up meta's 'generation' (by
#: triggers, in the same transaction), so "did anything change since the digest was written?" is
#: one read instead of a scan of the whole store.
GENERATION_TABLES = ("articles", "versions", "article_sources", "summaries", "analyses", "topic_index")
SCHEMA += "INSERT OR IGNORE INTO meta VALUES ('generation', '0');\n" + "".join(
    f"CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()}_counts AFTER {event} ON {table} "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;\n"
    for table in GENERATION_TABLES for event in ("INSERT", "UPDATE", "DELETE")
)


@dataclass(frozen=True)
class FileRecord:
    """What the store remembers of one inbox file."""

    path: str
    size: int
    mtime_ns: int
    ctime_ns: int
    sha256: str
    article_id: str | None
    reason: str | None

    @property
    def stamp(self) -> tuple[int, int, int]:
        """Size and times: when they are unchanged, the file is not read again."""
        return self.size, self.mtime_ns, self.ctime_ns


@dataclass(frozen=True)
class DigestRecord:
    """A digest that was written."""

    date: date
    window_start: datetime | None
    window_end: datetime
    kind: str = "digest"
    written_at: datetime | None = None


@dataclass(frozen=True)
class WrittenDigest:
    """A digest in the archive; its paths are relative to the output folder (or, stored by an
    earlier release, absolute): see ``archive.located``."""

    kind: str
    date: date
    markdown: Path
    html: Path
    written_at: datetime
    key_points: tuple[str, ...]


@dataclass(frozen=True)
class Delivery:
    """A digest's payload for one publish target, and how its delivery went."""

    target: str
    kind: str
    date: date
    payload: dict
    status: str
    detail: str
    attempts: int
    updated_at: datetime


@dataclass(frozen=True)
class JobRun:
    """One run of a job: a scheduled one, or `digest run` by hand (job MANUAL in service.py)."""

    job: str
    due: datetime
    started: datetime
    finished: datetime | None
    outcome: str
    detail: str
    pid: int


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that can only read the SQLite file at ``path`` (it must exist)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)


def _refuse(path: Path, what: str) -> ForeignStateError:
    return ForeignStateError(
        f"{path}: not a news-digest state file ({what}); it was left untouched. "
        "Point 'state:' in the config at another file, or move this one away"
    )


def identify(path: Path) -> None:
    """Refuse a state path that holds something not ours; reads only, changes nothing.

    Absent or empty: a new state. Ours: marked by ``application_id``, or (made by an
    earlier release) unmarked with our ``meta`` table holding a schema version. Anything
    else, another program's SQLite file or not SQLite at all, is ForeignStateError.
    """
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise EnvironmentProblem(path, f"cannot read the state file ({exc.strerror})",
                                 "check its permissions, or point 'state:' in the config elsewhere") from None
    if not header:
        return
    if not header.startswith(SQLITE_MAGIC):
        raise _refuse(path, "not an SQLite database")
    marked = int.from_bytes(header[68:72], "big")  # the application_id, as last checkpointed
    if marked == APPLICATION_ID:
        return
    if marked != 0:
        raise _refuse(path, f"an SQLite database of another program, application_id {marked:#010x}")
    try:
        _identify_tables(path)
    except sqlite3.DatabaseError as exc:
        raise state_error(path, exc) from None


def _schema_row(db: sqlite3.Connection) -> bool:
    """Whether a meta table holds our schema version (another program's meta may differ in its columns)."""
    try:
        return db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() is not None
    except sqlite3.OperationalError:
        return False


def _identify_tables(path: Path) -> None:
    """Refuse an unmarked SQLite file that has tables but not our meta table and schema version."""
    wal = path.with_name(path.name + "-wal")
    # without a WAL beside it, the file is read as it is: no -wal or -shm is left beside another's file
    db = read_only(path) if wal.exists() else sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)
    try:
        marked = db.execute("PRAGMA application_id").fetchone()[0]
        if marked == APPLICATION_ID:
            return
        if marked != 0:
            raise _refuse(path, f"an SQLite database of another program, application_id {marked:#010x}")
        tables = sorted(row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
        if not tables:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != 0:
                raise _refuse(path, f"an empty SQLite database of another program, user_version {version}")
            return
        if not ("meta" in tables and _schema_row(db)):
            raise _refuse(path, f"an SQLite database of another program, tables {', '.join(tables[:5])}"
                                + (", ..." if len(tables) > 5 else ""))
    finally:
        db.close()


def bound_inbox(path: Path) -> str | None:
    """The inbox a state file was made from, as recorded by Store.bind_inbox; None if none is; reads only."""
    if not path.is_file():
        return None
    db = read_only(path)
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'inbox'").fetchone()
    except sqlite3.DatabaseError:
        return None  # not ours or damaged: `digest status` says so on its own
    finally:
        db.close()
    return row[0] if row else None


def _copy_log(path: Path) -> None:
    """Copy a state's write-ahead log into the file, with a connection of its own (Store.checkpoint_aside)."""
    try:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
    except sqlite3.Error:
        return  # the next commit, or the last connection as it closes, copies it
    try:
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.Error:
        pass  # as above
    finally:
        db.close()


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _stored_path(path: Path, output: Path | None) -> str:
    """A digest file's path as stored: POSIX and relative to the output folder when inside it."""
    if output is not None:
        try:
            return path.resolve().relative_to(output.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def _encode_blocks(split: SplitArticle) -> str:
    return json.dumps(
        [[b.text, b.is_heading, list(sents)] for b, sents in split.blocks], ensure_ascii=False
    )


class Store:
    """A SQLite file in WAL mode; every write is its own transaction.

    With ``preview=True`` the file is copied into memory and never written:
    everything a run does to the state is forgotten when the store closes.
    """

    def __init__(self, path: Path, *, preview: bool = False):
        self.path = path
        self.preview = preview
        self._copier: threading.Thread | None = None  # see checkpoint_aside
        identify(path)  # read-only: a file that is not ours is refused before anything is written
        try:
            self.db = self._memory_copy(path) if preview else self._connect(path)
        except sqlite3.DatabaseError as exc:
            raise state_error(path, exc) from None
        except OSError as exc:
            raise EnvironmentProblem(path.parent, f"cannot create the state folder ({exc.strerror})",
                                     "create it, or point 'state:' in the config elsewhere") from None
        try:
            self._prepare()
        except BaseException:
            self.db.close()
            raise

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        """A connection to the state file in WAL mode (created when absent)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            # each stored file's savepoint journal in memory, not a temporary file: 10,000 files
            # wrote ~1.25 million pages there (a crash loses nothing more: the WAL holds the commits)
            db.execute("PRAGMA temp_store=MEMORY")
        except BaseException:
            db.close()
            raise
        return db

    def _prepare(self) -> None:
        """Check the layout, add what a new or older state lacks, and mark the file as ours."""
        try:
            self._check_layout()  # before we add anything to a file written by a pre-release build
            self.db.executescript(SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is not None and int(row[0]) > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: written by a newer news digest (schema {row[0]}); upgrade")
            self._migrate()
            if row is None or int(row[0]) != SCHEMA_VERSION:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            if self.db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            if self.db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise state_error(self.path, exc) from None

    def _migrate(self) -> None:
        """Add the columns a state of an earlier schema lacks (CREATE TABLE IF NOT EXISTS adds none)."""
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(summaries)")}
        if "version" not in columns:  # schema 1: its summaries count as version 0, made anew once
            self.db.execute("ALTER TABLE summaries ADD COLUMN version INTEGER NOT NULL DEFAULT 0")

    def _check_layout(self) -> None:
        """Refuse a state file whose tables lack columns we use (one written by a pre-release build)."""
        for table, column in (("files", "ctime_ns"), ("articles", "ingested_at"), ("digests", "kind"),
                              ("digests", "inputs")):
            columns = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
            if columns and column not in columns:
                raise StoreError(
                    f"{self.path}: the state file lacks {table}.{column} (written by a pre-release "
                    "build); move it away and run again to rebuild it from the inbox"
                )

    @staticmethod
    def _memory_copy(path: Path) -> sqlite3.Connection:
        """An in-memory database holding a copy of the state file, if there is one."""
        memory = sqlite3.connect(":memory:", isolation_level=None)
        if path.exists():
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                source.backup(memory)
            finally:
                source.close()
        return memory

    def close(self) -> None:
        if self._copier is not None:
            self._copier.join()  # (SQLite copies the rest of the log as this, the last connection, closes)
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one atomic transaction."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def checkpoint_aside(self) -> Iterator[None]:
        """Commits inside leave the write-ahead log as it is; on leaving, a thread copies it into the file.

        A commit that finds the log over 1,000 pages copies it into the state file and syncs both
        before it returns: after a pick-up's last batch ~0.4 s of writing and waiting for the disk,
        which the digest made next need not wait for. The thread has a connection of its own and
        copies passively (never blocking this connection, which reads on meanwhile); ``close`` waits
        for it. Nothing is less safe: a commit is in the log either way, and a crash in the middle
        of a copy is SQLite's ordinary case. Use it around the last transaction of many: inside,
        the log grows without bound.
        """
        if self.preview:  # a copy in memory has no log
            yield
            return
        self.db.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            with suppress(sqlite3.Error):
                self.db.execute("PRAGMA wal_autocheckpoint = 1000")  # SQLite's default
        if self._copier is None or not self._copier.is_alive():
            self._copier = threading.Thread(target=_copy_log, args=(self.path,), name="digest-checkpoint",
                                            daemon=True)
            self._copier.start()

    @contextmanager
    def roomy_cache(self, kib: int = STORING_CACHE_KIB) -> Iterator[None]:
        """A page cache of ``kib`` KiB while inside (a pick-up storing), the size it had before after."""
        before = self.db.execute("PRAGMA cache_size").fetchone()[0]
        self.db.execute(f"PRAGMA cache_size = {-int(kib)}")
        try:
            yield
        finally:
            with suppress(sqlite3.Error):  # never hides what went wrong inside
                self.db.execute(f"PRAGMA cache_size = {int(before)}")  # a smaller one frees the pages over it

    # files -------------------------------------------------------------

    def file(self, path: str) -> FileRecord | None:
        row = self.db.execute(
            "SELECT path, size, mtime_ns, ctime_ns, sha256, article_id, reason FROM files WHERE path=?",
            (path,),
        ).fetchone()
        return FileRecord(*row) if row else None

    def record_file(self, record: FileRecord, seen_at: datetime) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (record.path, record.size, record.mtime_ns, record.ctime_ns, record.sha256,
             record.article_id, record.reason, seen_at.isoformat()),
        )

    def file_stamps(self, paths: Sequence[str]) -> dict[str, tuple[int, int, int, bool]]:
        """Size, times and whether it was skipped, of the records of the files ``paths`` (those there are)."""
        rows = self._rows_for_ids("SELECT path, size, mtime_ns, ctime_ns, reason IS NOT NULL FROM files "
                                  "WHERE path IN ({ids})", (), paths)
        return {path: (size, mtime, ctime, bool(skipped)) for path, size, mtime, ctime, skipped in rows}

    def unskipped_stamps(self, paths: Sequence[str] | None = None) -> set[tuple[str, int, int, int]]:
        """Path, size and times of every file record (or those of ``paths``) but those of skipped files.

        What pick-up compares the listing with: a listed file whose (name, size, mtime,
        ctime) is in the set is unchanged. The tuples are sqlite3's rows as they come,
        none made anew (100,000 records: ~0.2 s; a dict of stamps by path took ~0.3 s).
        """
        sql = "SELECT path, size, mtime_ns, ctime_ns FROM files WHERE reason IS NULL"
        if paths is None:
            return set(self.db.execute(sql))
        return set(self._rows_for_ids(sql + " AND path IN ({ids})", (), paths))

    def skipped_files(self) -> list[FileRecord]:
        """The records of the files skipped, by path."""
        rows = self.db.execute(
            "SELECT path, size, mtime_ns, ctime_ns, sha256, article_id, reason FROM files "
            "WHERE reason IS NOT NULL ORDER BY path")
        return [FileRecord(*row) for row in rows]

    def listing_fingerprint(self) -> str | None:
        """The fingerprint of the inbox's listing after the last complete pick-up (pickup.list_inbox)."""
        value = self._meta("listing")
        return value.partition(" ")[0] if value is not None else None

    def listing_chunks(self) -> bytes | None:
        """The digests of that listing's chunks (pickup.chunk_digests), if they were stored with it."""
        value = self._meta("listing")
        return bytes.fromhex(value.partition(" ")[2]) if value is not None and " " in value else None

    def set_listing_fingerprint(self, fingerprint: str | None, chunks: bytes | None = None) -> None:
        """Vouch for a listing whose every file is stored as listed (and for each of its ``chunks``);
        None: for none (a pick-up stores)."""
        if fingerprint is None:
            self.db.execute("DELETE FROM meta WHERE key = 'listing'")
        else:
            value = fingerprint if chunks is None else f"{fingerprint} {chunks.hex()}"
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('listing', ?)", (value,))

    def paths_of(self, article_id: str) -> set[str]:
        """Inbox paths whose content is this article."""
        rows = self.db.execute("SELECT path FROM files WHERE article_id = ?", (article_id,)).fetchall()
        return {row[0] for row in rows}

    def skipped(self, present: Iterable[str] | None = None) -> list[Skipped]:
        """Files that were skipped, and why; only those still present when given."""
        rows = self.db.execute(
            "SELECT path, reason FROM files WHERE article_id IS NULL ORDER BY path"
        ).fetchall()
        keep = set(present) if present is not None else None
        return [Skipped(p, r) for p, r in rows if keep is None or p in keep]

    # articles ----------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def add_article(self, split: SplitArticle, minhash: np.ndarray | None = None,
                    ingested_at: datetime | None = None) -> bool:
        """Store an article, its sentences and its MinHash; False when it was already known."""
        a = split.article
        known = self.db.execute("SELECT received_at FROM articles WHERE id=?", (a.id,)).fetchone()
        if known:
            if a.received_at < datetime.fromisoformat(known[0]):
                self.db.execute("UPDATE articles SET received_at=? WHERE id=?",
                                (a.received_at.isoformat(), a.id))
            return False
        if minhash is None:
            self.insert_article(split, None, (), ingested_at)
            return True
        from . import similarity

        self.insert_article(split, similarity.to_blob(minhash), similarity.band_keys(minhash), ingested_at)
        return True

    def insert_article(self, split: SplitArticle, minhash: bytes | None, bands: Sequence[int],
                       ingested_at: datetime | None = None) -> None:
        """Store an article not stored yet, its MinHash as stored (``similarity.to_blob``), its band keys."""
        a = split.article
        p = a.published
        self.db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (a.id, a.path, a.title, a.source, a.url,
             p.value.isoformat() if p.value else None, p.precision.value, p.origin,
             a.received_at.isoformat(), a.language, _encode_blocks(split),
             (ingested_at or datetime.now(UTC)).isoformat()),
        )
        if minhash is not None:
            self.db.execute("INSERT INTO signatures VALUES (?, ?)", (a.id, minhash))
            self.db.executemany("INSERT INTO bands VALUES (?, ?)", [(key, a.id) for key in bands])

    def near_duplicate(self, minhash: np.ndarray, threshold: float) -> str | None:
        """The stored article most similar to a signature, if at least ``threshold`` alike."""
        from . import similarity

        return self.near_duplicate_of(similarity.to_blob(minhash), similarity.band_keys(minhash), threshold)

    def near_duplicate_of(self, minhash: bytes, bands: Sequence[int], threshold: float) -> str | None:
        """The stored article most similar to a MinHash as stored, with its band keys, if at least
        ``threshold`` alike; one query, and no signature decoded when no band is shared."""
        rows = self.db.execute(
            f"SELECT s.article_id, s.minhash FROM signatures s WHERE s.article_id IN "
            f"(SELECT DISTINCT article_id FROM bands WHERE key IN ({','.join('?' * len(bands))})) "
            "ORDER BY s.article_id", list(bands),
        ).fetchall()
        if not rows:
            return None
        from . import similarity

        signature = similarity.from_blob(minhash)
        scored = [(similarity.estimated_jaccard(signature, similarity.from_blob(blob)), article_id)
                  for article_id, blob in rows]
        score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
        return best if score >= threshold else None

    def add_source(self, article_id: str, source: str) -> None:
        """Remember that a near-duplicate copy of an article came from another source."""
        self.db.execute("INSERT OR IGNORE INTO article_sources VALUES (?, ?)", (article_id, source))

    _ARTICLE_COLUMNS = ("id, path, title, source, url, published, precision, origin, received_at, "
                        "language, blocks")
    _LIVE = "id NOT IN (SELECT article_id FROM versions)"

    def articles(self) -> list[SplitArticle]:
        """Every stored article (latest versions) with its sentences, in a stable order."""
        rows = self.db.execute(
            f"SELECT {self._ARTICLE_COLUMNS} FROM articles WHERE {self._LIVE} ORDER BY id"
        ).fetchall()
        return self._with_sources(rows)

    def _rows_for_ids(self, sql: str, params: Sequence[object], ids: Sequence[str]) -> list[tuple]:
        """Rows of ``sql`` for many ids: its ``{ids}`` becomes a list of 500 placeholders at a time
        (SQLite limits the variables of one statement); ``params`` come before the ids."""
        rows: list[tuple] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            rows += self.db.execute(sql.format(ids=",".join("?" * len(chunk))), [*params, *chunk]).fetchall()
        return rows

    def load_articles(self, ids: Sequence[str]) -> list[SplitArticle]:
        """The articles with these ids, in the order given."""
        rows = self._rows_for_ids(f"SELECT {self._ARTICLE_COLUMNS} FROM articles WHERE id IN ({{ids}})",
                                  (), ids)
        found = {s.article.id: s for s in self._with_sources(rows)}
        return [found[i] for i in ids if i in found]

    def article_dates(self) -> list[tuple[str, str | None, str]]:
        """(id, published, received_at) of every live article: enough to place it in time."""
        return self.db.execute(
            f"SELECT id, published, received_at FROM articles WHERE {self._LIVE}"
        ).fetchall()

    def unsummarized(self, method: str, count: int) -> list[str]:
        """Ids of live articles without a summary by ``method`` of ``count`` sentences and our version.

        When there are none, that is noted with the store's generation: until anything a
        digest shows changes, the next call answers without scanning every article.
        """
        if self.all_summarized(method, count):
            return []
        rows = self.db.execute(
            f"SELECT id FROM articles WHERE {self._LIVE} AND id NOT IN "
            "(SELECT article_id FROM summaries WHERE method = ? AND count = ? AND version = ?) ORDER BY id",
            (method, count, versions.SUMMARIZER_VERSION),
        ).fetchall()
        if not rows:
            self.note_all_summarized(method, count)
        return [row[0] for row in rows]

    def all_summarized(self, method: str, count: int) -> bool:
        """Whether every live article is noted as summarized by ``method`` and ``count``, unchanged since."""
        return self._meta("all_summarized") == self._summarized_note(method, count)

    def note_all_summarized(self, method: str, count: int) -> None:
        """Note that every live article has a summary by ``method`` and ``count`` (as of this generation)."""
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('all_summarized', ?)",
                        (self._summarized_note(method, count),))

    def _summarized_note(self, method: str, count: int) -> str:
        return f"{self.generation()} {method} {count} {versions.SUMMARIZER_VERSION}"

    def _meta(self, key: str) -> str | None:
        """A value of the ``meta`` table, None when it is not there."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def summaries(self, ids: Sequence[str], method: str, count: int) -> dict[str, Summary]:
        """The stored summaries of these articles by ``method``, ``count`` and our version."""
        rows = self._rows_for_ids("SELECT article_id, sentences FROM summaries "
                                  "WHERE method = ? AND count = ? AND version = ? AND article_id IN ({ids})",
                                  (method, count, versions.SUMMARIZER_VERSION), ids)
        return {aid: Summary(aid, tuple(json.loads(text)), method, count) for aid, text in rows}

    def _with_sources(self, rows: list[tuple]) -> list[SplitArticle]:
        """Articles from rows, each with the sources of its near-duplicate copies."""
        others: dict[str, list[str]] = {}
        for article_id, source in self._rows_for_ids(
                "SELECT article_id, source FROM article_sources WHERE article_id IN ({ids}) "
                "ORDER BY article_id, source", (), [row[0] for row in rows]):
            others.setdefault(article_id, []).append(source)
        return [self._split_article(row, tuple(others.get(row[0], ()))) for row in rows]

    @staticmethod
    def _split_article(row: tuple, other_sources: tuple[str, ...] = ()) -> SplitArticle:
        (aid, path, title, source, url, published, precision, origin, received, language,
         blocks_json) = row
        blocks = tuple(
            (Block(text, bool(heading)), tuple(sents))
            for text, heading, sents in json.loads(blocks_json)
        )
        article = Article(
            id=aid, path=path, title=title, source=source,
            published=PublicationDate(_dt(published), Precision(precision), origin),
            received_at=datetime.fromisoformat(received), language=language,
            blocks=tuple(b for b, _ in blocks), url=url, other_sources=other_sources,
        )
        return SplitArticle(article, blocks)

    def ingested_since(self, moment: datetime) -> set[str]:
        """Ids of articles this store took in after ``moment`` (an aware time).

        The times are ISO text with their offset (UTC but where a caller gave another
        zone): any of them after ``moment`` reads on or after the UTC day before it, a
        bound the index finds them by; the times themselves then decide.
        """
        bound = (moment.astimezone(UTC) - timedelta(days=1)).date().isoformat()
        rows = self.db.execute("SELECT id, ingested_at FROM articles WHERE ingested_at >= ?", (bound,))
        return {aid for aid, at in rows if datetime.fromisoformat(at) > moment}

    def article_count(self) -> int:
        """Articles in their latest version."""
        return self.db.execute(
            "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM versions)"
        ).fetchone()[0]

    # analyses ----------------------------------------------------------

    def add_analysis(self, article_id: str, key: str, data: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO analyses VALUES (?, ?, ?)", (article_id, key, data))

    def analyses(self, ids: Sequence[str], key: str) -> dict[str, str]:
        """The stored analyses (JSON) of these articles made with settings ``key``."""
        return dict(self._rows_for_ids(
            "SELECT article_id, data FROM analyses WHERE key = ? AND article_id IN ({ids})", (key,), ids))

    def add_topics(self, article_id: str, key: str, topics: Sequence[str]) -> None:
        self.db.execute("INSERT OR REPLACE INTO topic_index VALUES (?, ?, ?)",
                        (article_id, key, json.dumps(list(topics))))

    def topic_index(self, key: str, ids: Sequence[str]) -> dict[str, set[str]]:
        """Article id -> keys of its topics, of those of ``ids`` indexed with topics ``key``."""
        rows = self._rows_for_ids(
            "SELECT article_id, topics FROM topic_index WHERE key = ? AND article_id IN ({ids})", (key,), ids)
        return {article_id: set(json.loads(topics)) for article_id, topics in rows}

    # summaries ---------------------------------------------------------

    def summary(self, article_id: str, method: str, count: int) -> Summary | None:
        row = self.db.execute(
            "SELECT sentences FROM summaries WHERE article_id=? AND method=? AND count=? AND version=?",
            (article_id, method, count, versions.SUMMARIZER_VERSION),
        ).fetchone()
        return Summary(article_id, tuple(json.loads(row[0])), method, count) if row else None

    def add_summary(self, summary: Summary) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO summaries (article_id, method, count, sentences, version) "
            "VALUES (?, ?, ?, ?, ?)",  # replaces one of an older version
            (summary.article_id, summary.method, summary.count,
             json.dumps(list(summary.sentences), ensure_ascii=False), versions.SUMMARIZER_VERSION),
        )

    # digests -----------------------------------------------------------

    def previous_digest(self, before: date, kind: str = "digest") -> DigestRecord | None:
        """The latest digest of a kind written for a date before ``before``."""
        row = self.db.execute(
            "SELECT date, window_start, window_end, written_at FROM digests WHERE kind = ? AND date < ? "
            "ORDER BY date DESC LIMIT 1",
            (kind, before.isoformat()),
        ).fetchone()
        if row is None:
            return None
        return DigestRecord(date.fromisoformat(row[0]), _dt(row[1]), datetime.fromisoformat(row[2]), kind,
                            datetime.fromisoformat(row[3]))

    def digest_record(self, day: date, kind: str = "digest") -> DigestRecord | None:
        """The digest of a kind written for ``day``, if any: its window and when it was written."""
        row = self.db.execute(
            "SELECT window_start, window_end, written_at FROM digests WHERE kind = ? AND date = ?",
            (kind, day.isoformat()),
        ).fetchone()
        if row is None:
            return None
        return DigestRecord(day, _dt(row[0]), datetime.fromisoformat(row[1]), kind,
                            datetime.fromisoformat(row[2]))

    def record_digest(self, record: DigestRecord, markdown: Path, html: Path, written_at: datetime,
                      key_points: tuple[str, ...] = (), *, changed: bool = True,
                      output: Path | None = None) -> None:
        """Remember a written digest; rewritten unchanged, it keeps the time it was first written.

        Its files are stored relative to ``output`` (when inside it), so the folder can move.
        """
        if not changed:
            row = self.db.execute("SELECT written_at FROM digests WHERE kind = ? AND date = ?",
                                  (record.kind, record.date.isoformat())).fetchone()
            if row is not None:
                written_at = datetime.fromisoformat(row[0])
        self.db.execute(
            "INSERT OR REPLACE INTO digests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record.kind, record.date.isoformat(),
             record.window_start.isoformat() if record.window_start else None,
             record.window_end.isoformat(), _stored_path(markdown, output), _stored_path(html, output),
             written_at.isoformat(),
             json.dumps(list(key_points), ensure_ascii=False), ""),  # inputs: set once all is written
        )

    def digest_inputs(self, kind: str, day: date) -> str | None:
        """The fingerprint a written digest was made from, if it was written."""
        row = self.db.execute("SELECT inputs FROM digests WHERE kind = ? AND date = ?",
                              (kind, day.isoformat())).fetchone()
        return row[0] if row else None

    def set_digest_inputs(self, kind: str, day: date, inputs: str) -> None:
        """Remember what a written digest (and the archive after it) was made from."""
        self.db.execute("UPDATE digests SET inputs = ? WHERE kind = ? AND date = ?",
                        (inputs, kind, day.isoformat()))

    def feed_urn(self, output: Path) -> str:
        """The feed's id when no site URL is set: made from ``output`` the first time, then kept."""
        from .archive import feed_urn

        row = self.db.execute("SELECT value FROM meta WHERE key = 'feed_urn'").fetchone()
        if row is not None:
            return row[0]
        urn = feed_urn(output)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('feed_urn', ?)", (urn,))
        return urn

    def bind_inbox(self, inbox: Path, own_state: str) -> None:
        """Record the inbox this state is made from; refuse another one (StoreError), never mix two.

        The inbox is kept as an absolute path and relative to the state file's folder, so the
        state can move alone or together with its inbox (a deployment folder); see same_inbox.
        A state without a record (new, or of an earlier release) adopts the inbox, and the record
        follows a move. A missing inbox is not recorded: the pick-up says it is missing.
        ``own_state`` says how to give another inbox a state of its own.
        """
        current = inbox.resolve()
        if not current.is_dir():
            return
        folder = self.path.resolve().parent
        rows = dict(self.db.execute("SELECT key, value FROM meta WHERE key IN ('inbox', 'inbox_relative')"))
        if "inbox" in rows and not self._same_inbox(current, rows, folder):
            raise StoreError(
                f"{self.path}: this state belongs to the inbox {rows['inbox']}, not {current}; the articles "
                f"of two inboxes are never mixed. Run with that inbox, or give {current} a state of its "
                f"own: {own_state}"
            )
        record = {"inbox": str(current), "inbox_relative": os.path.relpath(current, folder)}
        if rows != record:
            with self.transaction():
                self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(record.items()))

    def _same_inbox(self, current: Path, rows: dict[str, str], folder: Path) -> bool:
        """Whether ``current`` is the recorded inbox: at its path, at its place relative to the state
        file, or moved (the recorded folder is gone and ``current`` holds a file this state read from
        it, unchanged); a state that holds no article yet takes any inbox."""
        recorded = Path(rows["inbox"])
        beside = (folder / rows["inbox_relative"]).resolve() if "inbox_relative" in rows else recorded
        if current in (recorded, beside):
            return True
        if recorded.exists() or beside.exists():
            return False
        return not self.article_count() or self._holds_a_file_read(current)

    def _holds_a_file_read(self, inbox: Path, limit: int = 1000) -> bool:
        """Whether ``inbox`` holds one of (the first ``limit``) files this state read, with the same
        relative path, size and modification time."""
        rows = self.db.execute("SELECT path, size, mtime_ns FROM files WHERE article_id IS NOT NULL LIMIT ?",
                               (limit,))
        for path, size, mtime_ns in rows:
            try:
                stat = (inbox / path).stat()
            except (OSError, ValueError):
                continue
            if (stat.st_size, stat.st_mtime_ns) == (size, mtime_ns):
                return True
        return False

    def generation(self) -> int:
        """A number that changes whenever anything a digest shows changes (see GENERATION_TABLES)."""
        return int(self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])

    def request_deliveries(self, targets: Iterable[str], kind: str, day: date) -> None:
        """Ask for the delivery of payloads kept but not asked for yet."""
        for target in targets:
            self.db.execute("UPDATE outbox SET status = 'pending' WHERE status = 'held' AND target = ? "
                            "AND kind = ? AND date = ?", (target, kind, day.isoformat()))

    def written_digests(self) -> list[WrittenDigest]:
        """Every digest written, newest first (by date, then series); paths as stored (see WrittenDigest)."""
        rows = self.db.execute(
            "SELECT kind, date, markdown, html, written_at, key_points FROM digests "
            "ORDER BY date DESC, kind"
        ).fetchall()
        return [WrittenDigest(k, date.fromisoformat(d), Path(m), Path(h), datetime.fromisoformat(w),
                              tuple(json.loads(p))) for k, d, m, h, w, p in rows]

    # outbox ------------------------------------------------------------

    def put_delivery(self, target: str, kind: str, day: date, payload: dict, status: str,
                     now: datetime) -> None:
        """Keep a payload for a target; a payload already delivered unchanged stays delivered."""
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        row = self.db.execute("SELECT sha256, status FROM outbox WHERE target=? AND kind=? AND date=?",
                              (target, kind, day.isoformat())).fetchone()
        if row is not None and row[0] == sha and (row[1] == "done" or status == "held"):
            return
        self.db.execute(
            "INSERT OR REPLACE INTO outbox VALUES (?, ?, ?, ?, ?, ?, '', 0, ?)",
            (target, kind, day.isoformat(), text, sha, status, now.isoformat()),
        )

    def deliveries(self, statuses: tuple[str, ...] = ("pending", "failed"), target: str | None = None,
                   day: date | None = None) -> list[Delivery]:
        """Payloads with one of ``statuses``, oldest first."""
        marks = ",".join("?" * len(statuses))
        sql = f"SELECT * FROM outbox WHERE status IN ({marks})"
        args: list = list(statuses)
        if target is not None:
            sql += " AND target = ?"
            args.append(target)
        if day is not None:
            sql += " AND date = ?"
            args.append(day.isoformat())
        rows = self.db.execute(sql + " ORDER BY date, kind, target", args).fetchall()
        return [Delivery(t, k, date.fromisoformat(d), json.loads(p), s, detail, n, datetime.fromisoformat(u))
                for t, k, d, p, _, s, detail, n, u in rows]

    def delivered(self, delivery: Delivery, status: str, detail: str, now: datetime) -> None:
        """Record how a delivery attempt went."""
        self.db.execute(
            "UPDATE outbox SET status=?, detail=?, attempts=attempts+1, updated_at=? "
            "WHERE target=? AND kind=? AND date=?",
            (status, detail, now.isoformat(), delivery.target, delivery.kind, delivery.date.isoformat()),
        )

    # versions ----------------------------------------------------------

    def supersede(self, old_id: str, new_id: str, path: str, at: datetime) -> None:
        """Record that the file at ``path`` changed: ``new_id`` is the new version of ``old_id``."""
        self.db.execute("INSERT OR REPLACE INTO versions VALUES (?, ?, ?, ?)",
                        (old_id, new_id, path, at.isoformat()))
        self.db.execute("DELETE FROM versions WHERE article_id = ?", (new_id,))

    def version_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM versions").fetchone()[0]

    # job runs ----------------------------------------------------------

    def start_job(self, job: str, due: datetime, started: datetime, pid: int) -> bool:
        """Claim a job run for its due time; False when it already completed for it.

        Call it holding the state lock: a run still marked 'running' then belongs to a
        process that died, and is taken over.
        """
        if self.job_ran(job, due):
            return False
        self.db.execute("INSERT OR REPLACE INTO job_runs VALUES (?, ?, ?, NULL, 'running', '', ?)",
                        (job, due.isoformat(), started.isoformat(), pid))
        return True

    def finish_job(self, job: str, due: datetime, finished: datetime, outcome: str, detail: str) -> None:
        self.db.execute(
            "UPDATE job_runs SET finished = ?, outcome = ?, detail = ? WHERE job = ? AND due = ?",
            (finished.isoformat(), outcome, detail, job, due.isoformat()),
        )

    def job_ran(self, job: str, due: datetime) -> bool:
        """True when the job completed (with or without skipped files) for this due time."""
        row = self.db.execute("SELECT outcome FROM job_runs WHERE job = ? AND due = ?",
                              (job, due.isoformat())).fetchone()
        return row is not None and row[0] not in ("failed", "running")

    def last_runs(self, limit: int = 10) -> list[JobRun]:
        rows = self.db.execute(
            "SELECT job, due, started, finished, outcome, detail, pid FROM job_runs "
            "ORDER BY started DESC LIMIT ?", (limit,),
        ).fetchall()
        return [JobRun(j, datetime.fromisoformat(d), datetime.fromisoformat(s), _dt(f), o, t, p)
                for j, d, s, f, o, t, p in rows]

    def last_run_of_each_job(self) -> dict[str, JobRun]:
        """The latest started run of every job name recorded, by name."""
        rows = self.db.execute(  # SQLite takes the bare columns from the row of max(started)
            "SELECT job, due, max(started), finished, outcome, detail, pid FROM job_runs GROUP BY job",
        ).fetchall()
        return {j: JobRun(j, datetime.fromisoformat(d), datetime.fromisoformat(s), _dt(f), o, t, p)
                for j, d, s, f, o, t, p in rows}

    def digest_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM digests").fetchone()[0]
