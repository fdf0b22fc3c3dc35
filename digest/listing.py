"""Listing the inbox: every candidate file's name, path and ``lstat`` stamp, and the listing's fingerprint.

A pick-up with nothing new is mostly this listing, so it is built for a big inbox
(100,000 files): each folder is listed by name (``os.listdir``), the names are
filtered in one pass over all of them, and each candidate is ``lstat``-ed once,
relative to its open folder, straight into an array of numbers (no stat object per
file). The stat calls are most of the time, spent in the kernel; from
``PARALLEL_STAT_FROM`` names on, a forked child stats half of them meanwhile.
`digest run` begins the whole listing in a child before it imports its configuration's
code (``list_early``), and the pick-up takes that child's listing.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from stat import S_IFDIR, S_IFLNK, S_IFREG

from .deathsig import die_with_parent
from .errors import InboxError
from .readers import TEMPORARY_NAME, TEMPORARY_SUFFIXES, ListingProblem, _shown, _wanted, os_problem

FIELDS = 5
"""Numbers kept per file: mode, size, mtime (ns), ctime (ns), inode."""

GONE = -1
"""The mode of a file that could not be stat-ed (gone since its folder was listed)."""

FILE_TYPE_BITS = 0o170000
"""The file-type bits of a mode (``stat.S_IFMT`` without a call per file)."""

INODE_BITS = (1 << 63) - 1
"""Inode numbers are unsigned 64-bit; the array holds signed ones."""

OPEN_FOLDERS = 256
"""Folders held open at once while their names are stat-ed (well below the usual 1,024 descriptors)."""

PARALLEL_STAT_FROM = 20_000
"""From this many names on, a forked child stats half of them (100,000 files: listing 0.77 -> 0.45 s)."""


@dataclass(frozen=True)
class Listing:
    """The inbox as listed: each candidate file's relative name, its stamp, and a fingerprint.

    ``listed`` names are relative to ``inbox`` with ``/`` between folders, as on disk,
    in the order the folders listed them; ``columns`` hold each file's mode, size,
    mtime and ctime (ns) and inode, one array each, in the same order. ``names`` and
    ``files`` give them sorted by name, sorted only when asked: a pick-up that finds
    the inbox unchanged needs neither order nor paths.

    The fingerprint hashes every name with its numbers, and the size limit; it is None
    when the listing cannot vouch for its files by their ``lstat`` alone: a folder or
    entry could not be listed, a file vanished, or an entry is no regular file (a
    symlink: its target is what is read). A folder lists the same names in the same
    order until they change; another order only costs one file-by-file comparison.
    """

    inbox: str
    listed: list[str]
    columns: tuple[array, ...]
    fingerprint: str | None
    early: float = 0.0  # seconds its child began before list_inbox took it (``list_early``); 0: listed then
    early_took: float = 0.0  # seconds the child took to list it

    def __len__(self) -> int:
        return len(self.listed)

    @cached_property
    def _order(self) -> list[int] | None:
        """The listed files' indexes in name order; None when they are listed in that order."""
        listed = self.listed
        ordered = sorted(listed)
        if ordered == listed:
            return None
        position = {name: index for index, name in enumerate(listed)}
        return [position[name] for name in ordered]

    @cached_property
    def names(self) -> list[str]:
        """Every file's relative name, as on disk, sorted."""
        return self.listed if self._order is None else [self.listed[index] for index in self._order]

    @cached_property
    def shown(self) -> list[str]:
        """Each file's relative name as valid Unicode (see ``readers.relative_name``), in listed order."""
        listed = self.listed
        return listed if "".join(listed).isascii() else [_shown(name) for name in listed]

    @cached_property
    def files(self) -> list[tuple[str, str]]:
        """Each file's relative name, as valid Unicode, and its path; sorted by name."""
        base, shown, listed = f"{self.inbox}{os.sep}", self.shown, self.listed
        return [(shown[index], base + listed[index]) for index in self._order or range(len(listed))]

    def sizes(self) -> array:
        """Each file's size in bytes (that of a gone file: 0), in the order listed."""
        return self.columns[1]


def list_inbox(inbox: Path, problem: ListingProblem | None = None, max_bytes: int = 0) -> Listing:
    """Every candidate file under inbox, with the ``lstat`` numbers of each.

    A subfolder or entry that cannot be listed (permission denied, a name too long, an
    I/O error) is passed over and told to ``problem`` with its relative name and the
    reason, and the listing has no fingerprint; only an inbox that cannot be listed at
    all raises (InboxError).
    """
    early = _take_early(inbox)
    if early is not None:
        names, columns, begun, took = early
        vouched = fingerprint(names, columns, max_bytes)
        if vouched is not None:  # else a link or a file gone: listed here, where it is told
            return Listing(str(inbox), names, columns, vouched, begun, took)
    if not inbox.is_dir():
        raise InboxError(f"{inbox}: inbox folder does not exist or is not a folder")
    told: list[str] = []

    def tell(name: str, reason: str) -> None:
        told.append(name)
        if problem is not None:
            problem(name, reason)

    names: list[str] = []
    numbers = array("q")
    folders: list[tuple[str, Path]] = [("", inbox)]
    while folders:  # rounds: list up to OPEN_FOLDERS folders found, stat all their names at once
        opened = _open_folders(folders[:OPEN_FOLDERS], inbox, tell)
        try:
            found = _stat_all([(descriptor, listed) for _, _, descriptor, listed in opened])
            folders = folders[OPEN_FOLDERS:] + _take(opened, found, inbox, names, numbers, tell)
        finally:
            for _, _, descriptor, _ in opened:
                os.close(descriptor)
    columns = tuple(numbers[field::FIELDS] for field in range(FIELDS))
    return Listing(str(inbox), names, columns, None if told else fingerprint(names, columns, max_bytes))


def _open_folders(folders: list[tuple[str, Path]], inbox: Path, tell: ListingProblem
                  ) -> list[tuple[str, Path, int, list[str]]]:
    """Each folder's prefix, path, open descriptor and candidate names (sorted); one not listable is told."""
    opened = []
    for prefix, folder in folders:
        try:
            descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                names = candidates(os.listdir(descriptor))
            except OSError:
                os.close(descriptor)
                raise
        except OSError as err:
            if not prefix:
                raise InboxError(f"{inbox}: cannot list the inbox folder: {os_problem(err)}; "
                                 "check that it is readable by this user") from None
            tell(_shown(prefix), f"cannot list this folder: {os_problem(err)}")
            continue
        opened.append((prefix, folder, descriptor, names))
    return opened


def candidates(names: list[str]) -> list[str]:
    """The names that are not hidden and not temporary (see ``readers.is_candidate``)."""
    joined = "\n".join(names)
    lowered = f"{joined.casefold()}\n"  # one substring search per ending finds any temporary name
    if joined.startswith(".") or "\n." in joined or any(f"{end}\n" in lowered for end in TEMPORARY_SUFFIXES):
        names = [name for name in names if name[0] != "." and not TEMPORARY_NAME.search(name)]  # rare
    return names


def _take(opened: list[tuple[str, Path, int, list[str]]], found: array, inbox: Path, names: list[str],
          numbers: array, tell: ListingProblem) -> list[tuple[str, Path]]:
    """Add the regular files (and symlinks to read) to ``names`` and ``numbers``; return the subfolders."""
    subfolders: list[tuple[str, Path]] = []
    at = 0
    for prefix, folder, _, listed in opened:
        end = at + FIELDS * len(listed)
        if regular_only(found[at:end:FIELDS]):  # the common folder
            names.extend([prefix + name for name in listed] if prefix else listed)
            numbers.extend(found[at:end])
        else:
            for index, name in enumerate(listed):
                row = found[at + FIELDS * index:at + FIELDS * (index + 1)]
                kind = row[0] & FILE_TYPE_BITS if row[0] != GONE else GONE
                if kind == S_IFDIR:
                    subfolders.append((f"{prefix}{name}/", folder / name))
                elif kind in (S_IFREG, GONE) or (kind == S_IFLNK and _symlink_wanted(
                        folder / name, inbox, f"{prefix}{name}", tell)):
                    names.append(prefix + name)
                    numbers.extend(row)
        at = end
    return subfolders


def regular_only(modes: array) -> bool:
    """Whether every mode is that of a regular file (a gone file's is not)."""
    return all(mode != GONE and mode & FILE_TYPE_BITS == S_IFREG for mode in set(modes))


def _symlink_wanted(path: Path, inbox: Path, name: str, tell: ListingProblem) -> bool:
    """Whether a symlink is listed for read_document to read or refuse; one that cannot be told is told."""
    try:
        return _wanted(path, inbox)
    except (OSError, ValueError) as err:
        tell(_shown(name), f"cannot list: {os_problem(err) if isinstance(err, OSError) else err}")
        return False


def fingerprint(names: list[str], columns: tuple[array, ...], max_bytes: int) -> str | None:
    """A hash of each file's name, mode, size, mtime, ctime and inode, and of the size limit.

    Equal fingerprints mean every file has the stamp it had then (a change of a file's
    bytes or permissions moves its ctime, which cannot be set back). None when a file
    is gone or no regular file: then only the file-by-file comparison can tell.
    """
    if not regular_only(columns[0]):
        return None
    digest = hashlib.sha256(array("q", (max_bytes, len(names))).tobytes())
    digest.update("\0".join(names).encode("utf-8", "surrogateescape"))
    for column in columns:
        digest.update(column.tobytes())
    return digest.hexdigest()


# --- listing early, while the process imports ---------------------------------------------------

#: The listing begun by ``list_early``: its inbox, when it began (monotonic), and the call that waits
#: for its names and columns.
_early: list[tuple[str, float, Callable[[], tuple[list[str], tuple[array, ...], float] | None]]] = []

EARLY_FOR = 5.0
"""Seconds an early listing stays good: one begun longer before the pick-up asks for it (the process
waited for the state's lock, say) is listed again rather than trusted (its files may have changed
or gone meanwhile). A listing that is slow itself is waited for, however long it takes."""


def list_early(inbox: Path | None) -> None:
    """Begin listing ``inbox`` in a forked child, for this process's next ``list_inbox``.

    `digest run` calls it first thing, with the inbox its configuration file seems to name,
    and then imports and validates the configuration (~0.3 s of one core) while the child lists
    on the other core. ``list_inbox`` takes the child's listing only for the same inbox, and
    only when the child told nothing (a folder it could not list, a file gone: ``list_inbox``
    lists again and tells it); else it lists as if nothing had begun. Only in a process with
    no other thread (a fork copies none of them, nor the locks they hold), on POSIX.
    """
    if inbox is None or _early or not hasattr(os, "fork") or threading.active_count() > 1 \
            or (os.cpu_count() or 1) < 2:
        return
    wait = _forked(partial(_listed_for, inbox, os.getpid()))
    if wait is not None:
        _early.append((str(inbox), time.monotonic(), lambda: _unpacked(wait() or b"")))  # b"": it failed


def _listed_for(inbox: Path, parent: int) -> bytes:
    """In the early child: the inbox listed and packed, unless the process it lists for has ended."""
    if die_with_parent() and os.getppid() != parent:
        raise InboxError(f"{inbox}: the process it was listed for has ended")  # (a bad configuration, say)
    started = time.perf_counter()
    listing = list_inbox(inbox, problem=_refuse)
    return _packed(listing, time.perf_counter() - started)


def _refuse(name: str, reason: str) -> None:
    """In the early child: anything to tell leaves the listing to ``list_inbox`` (which tells it)."""
    raise InboxError(f"{name}: {reason}")


def _take_early(inbox: Path) -> tuple[list[str], tuple[array, ...], float, float] | None:
    """The early listing of ``inbox`` (waited for), if one was begun and it went well; how long
    before now it was begun, and how long the child took."""
    if not _early:
        return None
    listed, begun, result = _early.pop()
    age = time.monotonic() - begun  # as this process comes to list: a slow listing is still waited for
    found = result()  # waited for even when it lists another inbox: no child is left behind
    if found is None or listed != str(inbox) or age > EARLY_FOR:
        return None
    return found[0], found[1], time.monotonic() - begun, found[2]


def _packed(listing: Listing, took: float = 0.0) -> bytes:
    """A listing's names and columns, and the seconds it took, as bytes (``_unpacked`` reads them)."""
    names = "\0".join(listing.listed).encode("utf-8", "surrogateescape")
    head = array("q", (len(listing.listed), len(names), round(took * 1e9)))
    return b"".join([head.tobytes(), names, *(column.tobytes() for column in listing.columns)])


def _unpacked(data: bytes) -> tuple[list[str], tuple[array, ...], float] | None:
    """Names, columns and seconds from ``_packed`` bytes; None when they are cut short."""
    head = array("q")
    size = 3 * head.itemsize
    if len(data) < size:
        return None
    head.frombytes(data[:size])
    count, length, took = head
    numbers = array("q")
    if len(data) - size - length != FIELDS * count * numbers.itemsize:
        return None
    numbers.frombytes(data[size + length:])
    names = data[size:size + length].decode("utf-8", "surrogateescape").split("\0") if count else []
    return names, tuple(numbers[field * count:(field + 1) * count] for field in range(FIELDS)), took / 1e9


# --- the stat calls -------------------------------------------------------------------------------

def _stat_all(groups: list[tuple[int, list[str]]]) -> array:
    """The numbers of every name, each relative to its folder's descriptor; half in a child when many."""
    total = sum(len(names) for _, names in groups)
    if total < PARALLEL_STAT_FROM or not hasattr(os, "fork") or threading.active_count() > 1 \
            or (os.cpu_count() or 1) < 2:  # forking a process with threads is not safe
        return _stat_groups(groups)
    first, second = _halves(groups, total // 2)
    theirs = _stat_in_child(second)
    try:
        mine = _stat_groups(first)
    finally:
        found = theirs()  # the child is waited for even when this process's half fails
    return mine + (found or _stat_groups(second))


def _halves(groups: list[tuple[int, list[str]]], size: int
            ) -> tuple[list[tuple[int, list[str]]], list[tuple[int, list[str]]]]:
    """The groups split into a first part of ``size`` names and the rest, in order."""
    first: list[tuple[int, list[str]]] = []
    for index, (descriptor, names) in enumerate(groups):
        if not size:
            return first, groups[index:]
        if size < len(names):
            return [*first, (descriptor, names[:size])], [(descriptor, names[size:]), *groups[index + 1:]]
        first.append((descriptor, names))
        size -= len(names)
    return first, []


def _stat_groups(groups: list[tuple[int, list[str]]]) -> array:
    """Mode, size, mtime, ctime and inode of each name, GONE and zeros for one that cannot be stat-ed."""
    numbers = array("q")
    extend, lstat, gone = numbers.extend, os.lstat, (GONE, 0, 0, 0, 0)
    for descriptor, names in groups:
        for name in names:
            try:
                found = lstat(name, dir_fd=descriptor)
            except OSError:
                extend(gone)
                continue
            extend((found.st_mode, found.st_size, found.st_mtime_ns, found.st_ctime_ns,
                    found.st_ino & INODE_BITS))
    return numbers


def _stat_in_child(groups: list[tuple[int, list[str]]]) -> Callable[[], array | None]:
    """Stat the groups in a forked child; the returned call waits for its numbers (None if it failed)."""
    expected = FIELDS * sum(len(names) for _, names in groups)
    wait = _forked(lambda: _stat_groups(groups).tobytes())
    if wait is None:
        return lambda: None

    def result() -> array | None:
        data = wait()
        numbers = array("q")
        if data is None or len(data) != expected * numbers.itemsize:
            return None
        numbers.frombytes(data)
        return numbers

    return result


def _forked(produce: Callable[[], bytes]) -> Callable[[], bytes | None] | None:
    """Run ``produce`` in a forked child, which writes what it made to a pipe. None if no child could
    be made; else the call that reads it and waits for the child (None if the child failed)."""
    try:
        reader, writer = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:  # the child: make, write, leave without running any cleanup of the parent
        code = 1
        try:
            os.close(reader)
            data = produce()
            with open(writer, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)

    def result() -> bytes | None:
        with open(reader, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        return data if status == 0 else None

    return result
