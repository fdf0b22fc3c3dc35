"""Health of the state file, and recovery of a damaged one into a fresh state.

Recovery copies what SQLite can still read, table by table; where a scan stops at a
bad page it looks for the next rowid it can read again, so one bad page costs only
the rows on it. What was lost comes back from the inbox: file records are kept only
for articles that survived, so the next pick-up reads every other file again.
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from .errors import EnvironmentProblem, StateDamagedError, StoreError, state_error
from .i18n import counted
from .store import Store, identify, read_only

MIN_ROWID, MAX_ROWID = -(2**63), 2**63 - 1
BATCH = 500

#: Tables in the order they are copied: articles first, as the others keep only rows of surviving ones.
TABLES = ("articles", "signatures", "bands", "article_sources", "versions", "analyses", "topic_index",
          "summaries", "files", "digests", "outbox", "job_runs")
#: Columns naming articles that must have survived for a row to be kept.
NEEDS_ARTICLES = {"signatures": ("article_id",), "bands": ("article_id",), "article_sources": ("article_id",),
                  "versions": ("article_id", "superseded_by"), "analyses": ("article_id",),
                  "topic_index": ("article_id",), "summaries": ("article_id",), "files": ("article_id",)}
#: Columns holding JSON: a row whose JSON does not parse is left out.
JSON_COLUMNS = {"articles": ("blocks",), "analyses": ("data",), "topic_index": ("topics",),
                "summaries": ("sentences",), "digests": ("key_points",), "outbox": ("payload",)}
ARTICLE_COLUMNS = tuple(Store._ARTICLE_COLUMNS.split(", "))


@dataclass(frozen=True)
class Salvaged:
    """What recovery kept of one table."""

    table: str
    kept: int
    before: int | None  # rows the damaged table held, when SQLite could still count them
    unreadable: tuple[tuple[int, int], ...]  # rowid ranges that could not be read
    left_out: int  # rows read but not kept: unusable, or of an article that was lost


@dataclass(frozen=True)
class Recovery:
    """The outcome of `digest recover`."""

    state: Path
    problems: tuple[str, ...]  # what the quick check found; empty when the state was healthy
    kept_as: Path | None  # where the replaced file is now; None when nothing was changed
    tables: tuple[Salvaged, ...]
    by_pages: bool = False  # the table of tables was unreadable: tables were found by their pages


def problems(path: Path) -> tuple[str, ...]:
    """What SQLite's quick check finds wrong with the state file; nothing when healthy or absent.

    A file that is not ours is refused (ForeignStateError); the file is only read.
    """
    identify(path)
    if not path.is_file() or path.stat().st_size == 0:
        return ()
    try:
        db = read_only(path)
        try:
            found = [row[0] for row in db.execute("PRAGMA quick_check")]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        error = state_error(path, exc)
        if isinstance(error, EnvironmentProblem):
            raise error from None
        return (str(exc),)
    return () if found == ["ok"] else tuple(found)


def describe_problems(found: tuple[str, ...]) -> str:
    """The quick check's findings in a few words: the first, and how many more."""
    more = f" and {counted(len(found) - 1, 'more problem')}" if len(found) > 1 else ""
    return f"quick check: {found[0]}{more}"


def ensure_healthy(path: Path) -> None:
    """Raise StateDamagedError, naming the file and `digest recover`, when the quick check fails."""
    found = problems(path)
    if found:
        raise StateDamagedError(path, describe_problems(found))


def recover(path: Path, *, force: bool = False) -> Recovery:
    """Salvage what can be read of the state at ``path`` into a fresh state put in its place.

    A healthy state is left as it is unless ``force``. The replaced file is kept beside
    it as ``<state>.damaged-<UTC time>`` (``.replaced-`` when it was healthy), never
    deleted. Call it holding the state lock.
    """
    if not path.is_file():
        raise StoreError(f"{path}: no state file to recover; the next run makes a new one")
    try:
        found = problems(path)
    except StateDamagedError as exc:  # damaged where it says what it is: salvage what can be read
        found = (exc.detail,)
    if not found and not force:
        return Recovery(path, (), None, ())
    fresh = path.with_name(path.name + ".recovering")
    _remove_database(fresh)  # left by a recovery that was killed
    with Store(fresh) as target:
        tables, by_pages = _salvage(path, target)
        _copy_meta(path, target)
        target.db.execute("PRAGMA journal_mode=DELETE")  # the fresh file alone holds everything
    kept = _put_in_place(fresh, path, "damaged" if found else "replaced")
    return Recovery(path, found, kept, tables, by_pages)


def _salvage(path: Path, target: Store) -> tuple[tuple[Salvaged, ...], bool]:
    """Copy every table's usable rows from the (damaged) file at ``path`` into ``target``.

    Also says whether the tables had to be found by their pages, the table of tables being unreadable.
    """
    source = read_only(path)
    try:
        source.execute("SELECT name, rootpage FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError:
        source.close()
        scratch = path.with_name(path.name + ".recovering-source")
        try:
            found = tables_from_pages(path, scratch)
            return _copy_tables(read_only(scratch), target, found), True
        finally:
            _remove_database(scratch)
    return _copy_tables(source, target, {table: [(table, None)] for table in TABLES}), False


#: Keys of ``meta`` worth keeping: the feed's id (feed readers know it) and the inbox the state belongs to.
KEPT_META = ("feed_urn", "inbox", "inbox_relative")


def _copy_meta(path: Path, target: Store) -> None:
    """Copy the kept ``meta`` keys when they can still be read; without them they are made anew."""
    try:
        source = read_only(path)
    except sqlite3.DatabaseError:
        return
    try:
        marks = ",".join("?" * len(KEPT_META))
        rows = source.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", KEPT_META).fetchall()
    except sqlite3.DatabaseError:
        return
    finally:
        source.close()
    with target.transaction():
        target.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", rows)


def _copy_tables(source: sqlite3.Connection, target: Store,
                 found: dict[str, list[tuple[str, int | None]]]) -> tuple[Salvaged, ...]:
    """Copy every table of ours from the tables of ``source`` it was ``found`` in."""
    alive: set[str] = set()  # ids of the articles that survived
    try:
        return tuple(_copy_table(source, target, table, found.get(table, []), alive) for table in TABLES)
    finally:
        source.close()


def _copy_table(source: sqlite3.Connection, target: Store, table: str,
                origins: list[tuple[str, int | None]], alive: set[str]) -> Salvaged:
    """Copy the readable, usable rows of one table from its origins (name, columns or None for ours)."""
    columns = [row[1] for row in target.db.execute(f"PRAGMA table_info({table})")]
    insert = (f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) "
              f"VALUES ({', '.join('?' * len(columns))})")
    gaps: list[tuple[int, int]] = []
    kept = read = 0
    batch: list[tuple] = []
    with target.transaction():
        for name, width in origins:
            names = columns if width is None else [f"c{i}" for i in range(width)]
            for row in readable_rows(source, name, names, gaps):
                read += 1
                row = (tuple(row) + (None,) * len(columns))[:len(columns)]
                if not _usable(table, dict(zip(columns, row, strict=True)), alive):
                    continue
                batch.append(row)
                if len(batch) >= BATCH:
                    target.db.executemany(insert, batch)
                    kept, batch = kept + len(batch), []
        target.db.executemany(insert, batch)
        kept += len(batch)
    if table == "articles":
        alive.update(row[0] for row in target.db.execute("SELECT id FROM articles"))
    counts = [_count(source, name) for name, _ in origins]
    before = sum(counts) if origins and None not in counts else None  # type: ignore[arg-type]
    return Salvaged(table, kept, before, tuple(gaps), read - kept)


def _count(source: sqlite3.Connection, table: str) -> int | None:
    """How many rows the damaged table holds, if SQLite can still count them."""
    try:
        return source.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.DatabaseError:
        return None


def readable_rows(source: sqlite3.Connection, table: str, columns: list[str],
                  gaps: list[tuple[int, int]]) -> Iterator[tuple]:
    """Every row of ``table`` that can be read, in rowid order; rowid ranges skipped go into ``gaps``.

    A scan that fails is followed by a look at the single next row (the scan may have
    failed reading ahead of it), then by a search for where the table reads again.
    """
    scan = f"SELECT rowid, {', '.join(columns)} FROM {table} WHERE rowid >= ? ORDER BY rowid"
    first = scan + " LIMIT 1"
    start: int | None = MIN_ROWID
    while start is not None:
        try:
            for row in source.execute(scan, (start,)):
                start = row[0] + 1 if row[0] < MAX_ROWID else None
                yield row[1:]
                if start is None:
                    return
            return
        except sqlite3.DatabaseError:
            pass
        ok, row = _first_row_from(source, first, start)
        if ok:
            if row is None:
                return
            yield row[1:]
            start = row[0] + 1 if row[0] < MAX_ROWID else None
            continue
        resume = _next_readable(source, first, start)
        gaps.append((start, resume - 1 if resume is not None else MAX_ROWID))
        start = resume


def _first_row_from(source: sqlite3.Connection, first: str, start: int) -> tuple[bool, tuple | None]:
    """Whether the first row at or after ``start`` can be read, and that row (None: no row after)."""
    try:
        return True, source.execute(first, (start,)).fetchone()
    except sqlite3.DatabaseError:
        return False, None


def _next_readable(source: sqlite3.Connection, first: str, start: int) -> int | None:
    """The first rowid after ``start`` from which the table reads again; None when no row after does.

    Probes ever further (1, 2, 4, ... rowids on), then narrows the gap by bisection.
    """
    bad, step = start, 1
    while True:
        probe = min(start + step, MAX_ROWID)
        ok, row = _first_row_from(source, first, probe)
        if ok:
            break
        if probe == MAX_ROWID:
            return None
        bad, step = probe, step * 2
    good = probe
    while good - bad > 1:
        middle = (good + bad) // 2
        ok, at_middle = _first_row_from(source, first, middle)
        if ok:
            good, row = middle, at_middle
        else:
            bad = middle
    return row[0] if row is not None else None


def _usable(table: str, row: dict[str, object], alive: set[str]) -> bool:
    """Whether a row read from a damaged file makes sense, and the articles it needs survived."""
    try:
        for column in JSON_COLUMNS.get(table, ()):
            json.loads(row[column])  # type: ignore[arg-type]
        if table == "articles":
            Store._split_article(tuple(row[c] for c in ARTICLE_COLUMNS))
            datetime.fromisoformat(row["ingested_at"])  # type: ignore[arg-type]
        if table == "digests":
            date.fromisoformat(row["date"])  # type: ignore[arg-type]
            datetime.fromisoformat(row["written_at"])  # type: ignore[arg-type]
    except (ValueError, TypeError, KeyError, IndexError):
        return False
    return all(row[column] in alive for column in NEEDS_ARTICLES.get(table, ()))


def _remove_database(path: Path) -> None:
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        path.with_name(name).unlink(missing_ok=True)


def _put_in_place(fresh: Path, path: Path, label: str) -> Path:
    """Keep the old state (with its WAL) beside it, then put ``fresh`` in its place atomically."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept, n = path.with_name(f"{path.name}.{label}-{stamp}"), 1
    while kept.exists():
        kept, n = path.with_name(f"{path.name}.{label}-{stamp}-{n}"), n + 1
    try:
        os.link(path, kept)  # the old file stays at its path until the fresh one replaces it
    except OSError:
        shutil.copy2(path, kept)
    wal = path.with_name(path.name + "-wal")  # never let the old WAL be applied to the fresh file
    if wal.exists() and wal.stat().st_size > 0:
        os.replace(wal, kept.with_name(kept.name + "-wal"))  # it holds the old file's last writes
    wal.unlink(missing_ok=True)
    path.with_name(path.name + "-shm").unlink(missing_ok=True)  # SQLite makes it anew from the WAL
    _fsync(fresh)
    os.replace(fresh, path)
    _fsync(path.parent)
    return kept


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def describe(recovery: Recovery) -> list[str]:
    """What `digest recover` prints: the state's health, and what was kept and lost of each table."""
    if recovery.kept_as is None:
        return [f"{recovery.state}: healthy (quick check ok); nothing changed "
                "(`digest recover --force` rebuilds it anyway)"]
    health = f"damaged ({describe_problems(recovery.problems)})" if recovery.problems else "healthy"
    lines = [f"{recovery.state}: {health}; what could be read was copied into a fresh state",
             f"the old state file is kept as {recovery.kept_as}"]
    if recovery.by_pages:
        lines.append("its table of tables was unreadable: the tables were found by their pages")
    for salvaged in recovery.tables:
        lines.append(f"  {salvaged.table:<16} {_table_line(salvaged)}")
    lines.append("the next `digest run` or pick-up job reads the inbox again for every article that was lost")
    return lines


def _table_line(salvaged: Salvaged) -> str:
    """'5 of 7 rows kept; unreadable: rowids 8-9; 1 left out'."""
    if salvaged.before is None and not salvaged.kept and not salvaged.unreadable:
        return "0 rows kept: none found (the table was empty, or its pages are unreadable)"
    text = f"{salvaged.kept} of {counted(salvaged.before, 'row')} kept" if salvaged.before is not None \
        else f"{counted(salvaged.kept, 'row')} kept, the table could not be counted"
    if salvaged.unreadable:
        ranges = ", ".join(_rowids(a, b) for a, b in salvaged.unreadable[:5])
        text += f"; unreadable: rowids {ranges}{', ...' if len(salvaged.unreadable) > 5 else ''}"
    if salvaged.left_out:
        why = "skipped files and files of lost articles, read again" if salvaged.table == "files" \
            else "unusable, or of a lost article"
        text += f"; {salvaged.left_out} left out ({why})"
    return text


def _rowids(first: int, last: int) -> str:
    """A range of rowids in words: '8-9', 'up to 4', '12 on', 'all'."""
    if first == MIN_ROWID:
        return "all" if last == MAX_ROWID else f"up to {last}"
    return f"{first} on" if last == MAX_ROWID else f"{first}-{last}"


# Finding the tables by their pages, when the table of tables cannot be read ----------------------
# (the SQLite file format: https://www.sqlite.org/fileformat2.html)

TABLE_INTERIOR, TABLE_LEAF = 0x05, 0x0D


def tables_from_pages(path: Path, scratch: Path) -> dict[str, list[tuple[str, int]]]:
    """Which of our tables each table b-tree found in the file holds, read through a copy at ``scratch``.

    The copy gets a new table of tables naming every root found (``t<page>``): pages no
    other page points to (real roots, and subtrees a bad page cut off). Each is then
    classified by its first readable row. Returns table -> [(name in the copy, columns)].
    """
    shutil.copyfile(path, scratch)
    with scratch.open("r+b") as file:
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            header = bytearray(data[:100])
            size = int.from_bytes(header[16:18], "big")
            size = 65536 if size == 1 else size
            roots = _roots(data, size, size - header[20])
        header[18:20] = b"\x01\x01"  # a rollback journal: no WAL beside the copy
        header[32:40] = bytes(8)  # no free list (it may be damaged too)
        header[40:44] = (int.from_bytes(header[40:44], "big") + 1).to_bytes(4, "big")  # schema changed
        empty = bytes([TABLE_LEAF, 0, 0, 0, 0]) + ((size - header[20]) % 65536).to_bytes(2, "big") + b"\0"
        file.seek(0)
        file.write(bytes(header) + empty + bytes(size - 100 - len(empty)))
    db = sqlite3.connect(scratch, isolation_level=None)
    try:
        db.execute("PRAGMA writable_schema = ON")
        for page, width in roots:
            sql = f"CREATE TABLE t{page} ({', '.join(f'c{i}' for i in range(width))})"
            db.execute("INSERT INTO sqlite_master VALUES ('table', ?, ?, ?, ?)",
                       (f"t{page}", f"t{page}", page, sql))
    finally:
        db.close()
    return _classified(scratch, roots)


def _classified(scratch: Path, roots: list[tuple[int, int]]) -> dict[str, list[tuple[str, int]]]:
    """Our table for each root in the copy, by its first readable row; biggest first."""
    found: dict[str, list[tuple[str, int, int]]] = {}
    db = read_only(scratch)
    try:
        for page, width in roots:
            name = f"t{page}"
            first = next(readable_rows(db, name, [f"c{i}" for i in range(width)], []), None)
            table = classify(first) if first is not None else None
            if table is not None:
                found.setdefault(table, []).append((name, width, _count(db, name) or 0))
    finally:
        db.close()
    return {table: [(name, width) for name, width, _ in sorted(items, key=lambda item: -item[2])]
            for table, items in found.items()}


def classify(row: tuple) -> str | None:
    """Which of our tables a row of an unnamed table looks like, by its columns and their types."""
    by_width = {12: "articles", 8: "files", 7: "job_runs"}
    if len(row) in by_width:
        return by_width[len(row)]
    if len(row) == 9:  # digests (kind, date, ...) or outbox (target, kind, date, ...)
        return "digests" if isinstance(row[1], str) and _is_iso_date(row[1]) else "outbox"
    if len(row) == 5:  # summaries with the summarizer's version (schema 2)
        return "summaries"
    if len(row) == 4:
        return "summaries" if isinstance(row[2], int) else "versions"
    if len(row) == 3:
        return "topic_index" if str(row[2]).startswith("[") else "analyses"
    if len(row) == 2:
        if isinstance(row[1], bytes):
            return "signatures"
        if isinstance(row[0], int):
            return "bands"
        return "meta" if row[0] in ("schema", "generation") else "article_sources"
    return None


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _varint(buf: bytes | mmap.mmap, pos: int) -> tuple[int, int]:
    """The SQLite varint at ``pos``: its value and the position after it."""
    value = 0
    for i in range(8):
        byte = buf[pos + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    return (value << 8) | buf[pos + 8], pos + 9


def _page(data: bytes | mmap.mmap, size: int, number: int) -> bytes:
    return data[(number - 1) * size:number * size]


def _cells(page: bytes, usable: int) -> list[int] | None:
    """Offsets of the cells of a b-tree page (not page 1); None when its header makes no sense."""
    count = int.from_bytes(page[3:5], "big")
    start = 12 if page[0] == TABLE_INTERIOR else 8
    if start + 2 * count > usable:
        return None
    cells = [int.from_bytes(page[start + 2 * i:start + 2 * i + 2], "big") for i in range(count)]
    return cells if all(start + 2 * count <= cell < usable for cell in cells) else None


def _children(page: bytes, usable: int, pages: int) -> list[int] | None:
    """The pages an interior table page points to; None when it is not a sound one."""
    cells = _cells(page, usable)
    if cells is None:
        return None
    children = [int.from_bytes(page[cell:cell + 4], "big") for cell in cells]
    children.append(int.from_bytes(page[8:12], "big"))
    return children if all(2 <= child <= pages for child in children) else None


def _free_pages(data: bytes | mmap.mmap, size: int, pages: int) -> set[int]:
    """The pages on the free list (old content that must not come back), as far as it can be read."""
    free: set[int] = set()
    trunk = int.from_bytes(data[32:36], "big")
    while 2 <= trunk <= pages and trunk not in free:
        free.add(trunk)
        page = _page(data, size, trunk)
        count = min(int.from_bytes(page[4:8], "big"), size // 4 - 2)
        free.update(int.from_bytes(page[8 + 4 * i:12 + 4 * i], "big") for i in range(count))
        trunk = int.from_bytes(page[0:4], "big")
    return free


def _roots(data: bytes | mmap.mmap, size: int, usable: int) -> list[tuple[int, int]]:
    """(page, columns) of every sound table b-tree page that no other page points to."""
    pages = len(data) // size
    tables, pointed = [], set()
    for number in range(2, pages + 1):
        page = _page(data, size, number)
        if page[0] == TABLE_INTERIOR:
            children = _children(page, usable, pages)
            if children is None:
                continue
            pointed.update(children)
            tables.append(number)
        elif page[0] == TABLE_LEAF and _cells(page, usable) is not None:
            tables.append(number)
    free = _free_pages(data, size, pages)
    roots = []
    for number in tables:
        if number not in pointed and number not in free:
            width = _width(data, size, usable, number, pages)
            if width:
                roots.append((number, width))
    return roots


def _width(data: bytes | mmap.mmap, size: int, usable: int, root: int, pages: int) -> int | None:
    """How many columns the first readable row under ``root`` has (looking at up to 64 pages)."""
    todo, seen = [root], 0
    while todo and seen < 64:
        number = todo.pop(0)
        seen += 1
        page = _page(data, size, number)
        if page[0] == TABLE_INTERIOR:
            todo[:0] = _children(page, usable, pages) or []
            continue
        cells = _cells(page, usable) if page[0] == TABLE_LEAF else None
        if cells:
            try:
                return _record_width(page, cells[0])
            except IndexError:
                continue
    return None


def _record_width(page: bytes, cell: int) -> int | None:
    """The number of columns of the record in a table leaf cell."""
    _, pos = _varint(page, cell)  # payload size
    _, pos = _varint(page, pos)  # rowid
    header_size, at = _varint(page, pos)
    end, width = pos + header_size, 0
    if not 0 < header_size < 1000:
        return None
    while at < end:
        _, at = _varint(page, at)
        width += 1
    return width if at == end and width else None
