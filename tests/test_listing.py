"""The inbox listing: names, stamps from one lstat each, the parallel stat, the fingerprint."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from digest import listing
from digest.listing import GONE, list_inbox


def _inbox(tmp_path: Path, count: int = 30) -> Path:
    inbox = tmp_path / "inbox"
    (inbox / "2025" / "12").mkdir(parents=True)
    (inbox / ".hidden").mkdir()
    for number in range(count):
        (inbox / f"{number:03d}.txt").write_text(f"Artikel {number}\n", encoding="utf-8")
    (inbox / "2025" / "12" / "a.txt").write_text("tief\n", encoding="utf-8")
    (inbox / "2025" / "b.md").write_text("mitte\n", encoding="utf-8")
    (inbox / "2025.txt").write_text("neben dem Ordner\n", encoding="utf-8")  # '.' sorts before '/'
    for skipped in (".versteckt.txt", "halb.txt.part", "x.tmp", "notiz~", ".hidden/c.txt"):
        (inbox / skipped).write_text("nein\n", encoding="utf-8")
    return inbox


def test_names_sorted_across_folders_with_each_files_own_lstat(tmp_path):
    inbox = _inbox(tmp_path)
    found = list_inbox(inbox)
    expected = sorted([f"{n:03d}.txt" for n in range(30)] + ["2025/12/a.txt", "2025/b.md", "2025.txt"])
    assert found.names == expected
    assert [path for _, path in found.files] == [str(inbox / name) for name in expected]
    for name, mode, size, mtime, ctime, inode in zip(found.listed, *found.columns, strict=True):
        stat = os.lstat(inbox / name)
        assert (mode, size, mtime, ctime, inode) == (
            stat.st_mode, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    assert sorted(found.sizes()) == sorted(os.lstat(inbox / name).st_size for name in expected)
    assert found.fingerprint is not None


def test_the_parallel_stat_gives_the_same_listing(tmp_path, monkeypatch):
    inbox = _inbox(tmp_path, count=200)
    alone = list_inbox(inbox, max_bytes=1000)
    forks = []
    fork = os.fork
    monkeypatch.setattr(listing, "PARALLEL_STAT_FROM", 10)
    monkeypatch.setattr(listing.os, "fork", lambda: forks.append(1) or fork())
    monkeypatch.setattr(listing.threading, "active_count", lambda: 1)  # as in a CLI run (an earlier
    # test's worker pool leaves a thread in this process; the child below only stats and exits)
    together = list_inbox(inbox, max_bytes=1000)
    assert forks == [1]  # the top folder's 200 names: half stat-ed in a child
    assert (together.listed, together.columns, together.fingerprint) == (
        alone.listed, alone.columns, alone.fingerprint)
    assert together.files == alone.files


def test_no_fork_when_it_fails_or_threads_run(tmp_path, monkeypatch):
    inbox = _inbox(tmp_path, count=50)
    alone = list_inbox(inbox)
    monkeypatch.setattr(listing, "PARALLEL_STAT_FROM", 10)

    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(listing.os, "fork", no_fork)
    assert list_inbox(inbox).columns == alone.columns  # the parent stats the child's half itself
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait)
    waiting.start()
    try:
        monkeypatch.setattr(listing.os, "fork", lambda: pytest.fail("forked with a thread running"))
        assert list_inbox(inbox).columns == alone.columns
    finally:
        stop.set()
        waiting.join()


def test_a_name_gone_before_its_stat_is_listed_without_a_fingerprint(tmp_path, monkeypatch):
    inbox = _inbox(tmp_path, count=3)
    candidates = listing.candidates
    monkeypatch.setattr(listing, "candidates", lambda names: candidates([*names, "weg.txt"]))
    found = list_inbox(inbox)
    row = found.listed.index("weg.txt")
    assert [column[row] for column in found.columns] == [GONE, 0, 0, 0, 0]
    assert found.fingerprint is None


def test_a_symlink_is_listed_but_never_vouched_for(tmp_path):
    inbox = _inbox(tmp_path, count=3)
    before = list_inbox(inbox).fingerprint
    (inbox / "link.txt").symlink_to(inbox / "000.txt")
    found = list_inbox(inbox)
    assert "link.txt" in found.names and found.fingerprint is None and before is not None


def test_the_fingerprint_follows_every_stamp_and_the_limit(tmp_path):
    inbox = _inbox(tmp_path, count=3)
    first = list_inbox(inbox, max_bytes=100).fingerprint
    assert list_inbox(inbox, max_bytes=100).fingerprint == first
    assert list_inbox(inbox, max_bytes=101).fingerprint != first
    target = inbox / "001.txt"
    stat = target.stat()
    target.write_text("Artikel 9\n", encoding="utf-8")  # same size
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime: only the ctime tells
    assert list_inbox(inbox, max_bytes=100).fingerprint != first


@pytest.mark.parametrize(("names", "kept"), [
    (["b.txt", "a.txt"], ["b.txt", "a.txt"]),
    (["a.txt", ".b.txt", "c.part", "d.TMP", "e~", "f.crdownload", "g.swp", "h.txt"], ["a.txt", "h.txt"]),
    ([".a"], []),
    (["x.tmp.txt", "partei.txt"], ["x.tmp.txt", "partei.txt"]),
    (["a.txt", "b.\u017fwp"], ["a.txt"]),  # a long s is an s to the pattern (re.IGNORECASE) too
])
def test_candidates_drop_hidden_and_temporary_names(names, kept):
    assert listing.candidates(list(names)) == kept


def test_halves_split_the_groups_at_a_name_count():
    groups = [(1, ["a", "b", "c"]), (2, ["d", "e"])]
    assert listing._halves(groups, 4) == ([(1, ["a", "b", "c"]), (2, ["d"])], [(2, ["e"])])
    assert listing._halves(groups, 3) == ([(1, ["a", "b", "c"])], [(2, ["d", "e"])])
    assert listing._halves(groups, 1) == ([(1, ["a"])], [(1, ["b", "c"]), (2, ["d", "e"])])


def test_many_folders_are_listed_a_few_hundred_open_at_a_time(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    for day in range(40):
        folder = inbox / "2025" / f"{day:02d}"
        folder.mkdir(parents=True)
        (folder / "a.txt").write_text(f"Tag {day}\n", encoding="utf-8")
    alone = list_inbox(inbox)
    opened, most = [], []
    real_open, real_close = os.open, os.close

    def counting_open(*args, **options):
        descriptor = real_open(*args, **options)
        opened.append(descriptor)
        most.append(len(opened))
        return descriptor

    def counting_close(descriptor):
        if descriptor in opened:
            opened.remove(descriptor)
        real_close(descriptor)

    monkeypatch.setattr(listing, "OPEN_FOLDERS", 7)
    monkeypatch.setattr(listing.os, "open", counting_open)
    monkeypatch.setattr(listing.os, "close", counting_close)
    found = list_inbox(inbox)
    assert max(most) <= 7 and opened == []
    assert found.names == alone.names == [f"2025/{day:02d}/a.txt" for day in range(40)]
    assert found.fingerprint == alone.fingerprint is not None


# --- listing early (`digest run` lists while it imports its configuration) ------------------------

def _same(one: listing.Listing, other: listing.Listing) -> bool:
    return (one.listed, one.columns, one.fingerprint) == (other.listed, other.columns, other.fingerprint)


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
        return False  # a child of this process is still there
    except ChildProcessError:
        return True


def test_an_early_listing_is_taken_from_the_child_once(tmp_path, monkeypatch):
    assert threading.active_count() == 1  # else nothing is begun early
    inbox = _inbox(tmp_path)
    expected = list_inbox(inbox, max_bytes=1000)
    listing.list_early(inbox)

    def unlistable(*args):  # here, after the fork: only the child can list
        raise AssertionError("listed in this process")

    monkeypatch.setattr(listing, "_open_folders", unlistable)
    taken = list_inbox(inbox, max_bytes=1000)
    assert _same(taken, expected)  # with the fingerprint of this limit, made here
    assert 0 < taken.early < listing.EARLY_FOR and 0 < taken.early_took < taken.early
    assert expected.early == 0.0
    with pytest.raises(AssertionError, match="listed in this process"):
        list_inbox(inbox)  # taken once: the next listing is this process's own
    assert _no_child_left()


def test_an_early_listing_of_another_inbox_is_waited_for_and_dropped(tmp_path):
    inbox, other = _inbox(tmp_path), tmp_path / "anderes"
    other.mkdir()
    (other / "x.txt").write_text("x\n", encoding="utf-8")
    listing.list_early(other)
    assert list_inbox(inbox).names == list_inbox(inbox).names
    assert "x.txt" not in list_inbox(inbox).names
    assert _no_child_left()


@pytest.mark.parametrize("damage", ["symlink", "gone inbox"])
def test_an_early_listing_that_cannot_vouch_leaves_the_listing_to_this_process(tmp_path, damage):
    inbox = _inbox(tmp_path)
    told: list[tuple[str, str]] = []
    if damage == "symlink":  # listed as a link: its target is read, never vouched for by lstat
        (inbox / "link.txt").symlink_to(inbox / "000.txt")
        listing.list_early(inbox)
        found = list_inbox(inbox, lambda name, reason: told.append((name, reason)))
        assert _same(found, list_inbox(inbox)) and "link.txt" in found.names and found.fingerprint is None
    else:
        listing.list_early(tmp_path / "fehlt")  # the child fails: nothing is taken from it
        with pytest.raises(listing.InboxError, match="fehlt"):
            list_inbox(tmp_path / "fehlt")
    assert _no_child_left()


def test_an_unlistable_folder_is_told_by_this_process_not_hidden_by_the_early_child(tmp_path, monkeypatch):
    inbox = _inbox(tmp_path)
    real_listdir = os.listdir

    def refusing(path):  # in the child and here alike: the 2025 folder cannot be listed
        if isinstance(path, int) and "12" in real_listdir(path) and "b.md" in real_listdir(path):
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", refusing)
    listing.list_early(inbox)
    told: list[str] = []
    found = list_inbox(inbox, lambda name, reason: told.append(name))
    assert told == ["2025/"] and found.fingerprint is None and "2025/b.md" not in found.names
    assert _no_child_left()


def test_packed_listings_read_back_and_cut_ones_are_refused(tmp_path):
    inbox = _inbox(tmp_path)
    (inbox / "Gr\udce4\udcdfe.txt").write_bytes(b"latin-1 name\n")  # undecodable bytes in a name
    found = list_inbox(inbox)
    data = listing._packed(found, 0.25)
    assert listing._unpacked(data) == (found.listed, found.columns, 0.25)
    assert listing._unpacked(data[:-1]) is None and listing._unpacked(b"") is None
    empty = tmp_path / "leer"
    empty.mkdir()
    assert listing._unpacked(listing._packed(list_inbox(empty))) == ([], list_inbox(empty).columns, 0.0)


def test_an_early_listing_taken_late_is_listed_again(tmp_path, monkeypatch):
    inbox = _inbox(tmp_path)
    listing.list_early(inbox)
    monkeypatch.setattr(listing, "EARLY_FOR", -1.0)  # as if the process had waited for the state's lock
    (inbox / "neu.txt").write_text("während des Wartens\n", encoding="utf-8")
    assert "neu.txt" in list_inbox(inbox).names
    assert _no_child_left()


def test_an_early_child_ends_with_a_process_that_ends_without_taking_its_listing(tmp_path):
    """A `digest run` that stops on a bad configuration leaves no child listing behind."""
    import subprocess
    import sys
    import time

    inbox = _inbox(tmp_path)
    marker = f"early-child-{os.getpid()}-{tmp_path.name}"
    code = ("import sys, time\nfrom pathlib import Path\nfrom digest import listing\n"
            "listing._stat_groups = lambda groups: time.sleep(60)  # a listing that takes a minute\n"
            f"listing.list_early(Path({str(inbox)!r}))\nassert listing._early\n")
    with open(tmp_path / "stderr", "w+", encoding="utf-8") as err:  # not a pipe: the child holds it too
        env = {**os.environ, "PYTHONPATH": str(Path(listing.__file__).parent.parent)}
        done = subprocess.run([sys.executable, "-c", code, marker], stdout=subprocess.DEVNULL, stderr=err,
                              timeout=60, env=env)
        err.seek(0)
        assert done.returncode == 0, err.read()

    def left() -> list[str]:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(entry.name)
            except OSError:
                continue
        return found

    deadline = time.monotonic() + 5
    while left() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert left() == []


def test_a_slow_early_listing_is_waited_for_not_listed_twice(tmp_path, monkeypatch):
    inbox = _inbox(tmp_path)
    monkeypatch.setattr(listing, "EARLY_FOR", 0.5)
    stat_groups = listing._stat_groups

    def slow(groups):  # in the child (forked after this): a listing that takes longer than EARLY_FOR
        time.sleep(1.0)
        return stat_groups(groups)

    monkeypatch.setattr(listing, "_stat_groups", slow)
    listing.list_early(inbox)
    monkeypatch.setattr(listing, "_stat_groups", stat_groups)

    def unlistable(*args):  # here: only the child can list
        raise AssertionError("listed in this process")

    monkeypatch.setattr(listing, "_open_folders", unlistable)
    taken = list_inbox(inbox)  # asked for at once: the child's listing, though it took a second
    assert taken.early_took >= 1.0 and taken.early >= 1.0 and len(taken) == 33
    assert _no_child_left()
