"""Errors from the environment are not bugs: read-only, immutable or full folders, templates that raise.

Each test makes the condition real on this machine and runs `digest` as a process: exit 2,
one `Error:` line naming the path (or the template and line), no traceback, nothing stored
lost, and the next run, once the condition is gone, does the work.

The tests run as root (here and in CI), so a folder's mode alone does not stop a write. They
use what refuses root too: the immutable flag (``chattr +i``, on ext4/xfs), a read-only bind
mount and a small tmpfs (both need CAP_SYS_ADMIN), and a process started without
CAP_DAC_OVERRIDE (``setpriv``), to which modes apply. Where a mechanism is missing the test
skips with the reason; under CI (``CI=true``) that is a failure instead.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import set_arrival

#: Runs `digest` with the rights of root minus CAP_DAC_OVERRIDE: a folder's mode applies to it.
WITHOUT_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
NEW_ARTICLE = """---
title: Neue Gespräche in Genf
date: 2025-12-02
---
Die Delegationen Russlands und der Ukraine trafen sich am Dienstag in Genf
zu neuen Gesprächen über eine Waffenruhe.
Beide Seiten nannten das Treffen konstruktiv, eine Einigung gab es nicht.
"""


def unavailable(reason: str) -> None:
    """Skip with the reason; under CI a missing mechanism is a failure, not a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"environment test cannot run under CI: {reason}")
    pytest.skip(reason)


def system(*command: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        unavailable(f"{command[0]} is not installed")
        raise  # unreachable


@contextmanager
def immutable(folder: Path) -> Iterator[None]:
    """The immutable flag on a folder: nothing in it can be created, removed or renamed, even by root."""
    done = system("chattr", "+i", str(folder))
    if done.returncode != 0:
        unavailable(f"chattr +i {folder}: {done.stderr.strip()} (needs ext4/xfs and CAP_LINUX_IMMUTABLE)")
    try:
        yield
    finally:
        system("chattr", "-i", str(folder))


@contextmanager
def read_only_mount(folder: Path) -> Iterator[None]:
    """The folder bind-mounted read-only over itself."""
    done = system("mount", "--bind", str(folder), str(folder))
    if done.returncode != 0:
        unavailable(f"mount --bind: {done.stderr.strip()} (needs CAP_SYS_ADMIN)")
    try:
        done = system("mount", "-o", "remount,ro,bind", str(folder))
        assert done.returncode == 0, done.stderr
        yield
    finally:
        system("umount", str(folder))


@contextmanager
def small_disk(folder: Path, size: str = "1m") -> Iterator[None]:
    """A tmpfs of ``size`` mounted on the folder (its contents go with the unmount)."""
    folder.mkdir(parents=True, exist_ok=True)
    done = system("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    if done.returncode != 0:
        unavailable(f"mount -t tmpfs: {done.stderr.strip()} (needs CAP_SYS_ADMIN)")
    try:
        yield
    finally:
        system("umount", str(folder))


def fill(folder: Path) -> Path:
    """Write a file until the disk holding ``folder`` is full; return it."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc  # the disk is full now
    return filler


@dataclass(frozen=True)
class Deployment:
    """An inbox of the seeds, a state and an output folder, after a first digest."""

    root: Path
    config: Path
    inbox: Path
    state: Path
    out: Path

    def run(self, *args: str, without_override: bool = False) -> subprocess.CompletedProcess:
        """`digest ARGS --config ...` as a process, as root or as root to which modes apply."""
        prefix = WITHOUT_OVERRIDE if without_override else []
        if prefix and shutil.which(prefix[0]) is None:
            unavailable("setpriv is not installed")
        command = [*prefix, sys.executable, "-m", "digest", *args, "--config", str(self.config)]
        return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=self.root)

    def articles(self) -> int:
        """How many articles the state holds; closed as `digest` closes it (no -wal or -shm left)."""
        db = sqlite3.connect(self.state)
        try:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            db.close()

    def add_article(self) -> None:
        path = self.inbox / "neu.md"
        path.write_text(NEW_ARTICLE, encoding="utf-8")
        set_arrival(path)


def make_deployment(tmp_path: Path, seed_inbox: Path, config_file, state_folder: Path | None = None,
                    extra: str = "") -> Deployment:
    state = (state_folder or tmp_path / "state") / "state.sqlite3"
    config = config_file(seed_inbox, f"state: {state}\nservice: {{settle_seconds: 0}}\n{extra}")
    deployment = Deployment(tmp_path, config, seed_inbox, state, tmp_path / "out")
    first = deployment.run("run", "--since", "2022-02-24", "--date", "2025-12-01")
    assert first.returncode == 0, first.stderr
    assert deployment.articles() == 5
    return deployment


@pytest.fixture
def deployment(tmp_path, seed_inbox, config_file) -> Deployment:
    return make_deployment(tmp_path, seed_inbox, config_file)


def one_error(done: subprocess.CompletedProcess, path: Path | str, *what: str) -> str:
    """Exit 2 and exactly one `Error:` line, naming ``path`` and saying each of ``what``; no traceback."""
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, done.stderr
    assert errors[0].startswith(f"Error: {path}: "), errors[0]
    for text in what:
        assert text in errors[0], errors[0]
    return errors[0]


def written(deployment: Deployment, day: str) -> bool:
    """Whether the digest of ``day`` and its archive entry are there."""
    md = deployment.out / day[:4] / day[5:7] / f"digest-{day}.md"
    index = (deployment.out / "index.html").read_text(encoding="utf-8")
    return md.is_file() and f"digest-{day}.html" in index


def no_temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.tmp")]


# -- the state folder -------------------------------------------------------------------------------


def test_immutable_state_folder(deployment):
    deployment.add_article()
    with immutable(deployment.state.parent):
        done = deployment.run("run", "--date", "2025-12-02")
    one_error(done, deployment.state, "cannot open the state file", "writable", "nothing stored was lost")
    assert deployment.articles() == 5
    again = deployment.run("run", "--date", "2025-12-02")
    assert again.returncode == 0, again.stderr
    assert deployment.articles() == 6 and written(deployment, "2025-12-02")


def test_state_folder_without_write_permission(deployment):
    deployment.state.parent.chmod(0o555)
    try:
        done = deployment.run("run", "--date", "2025-12-02", without_override=True)
    finally:
        deployment.state.parent.chmod(0o755)
    one_error(done, deployment.state, "read-only", "point 'state:' elsewhere")
    assert deployment.articles() == 5


def test_new_state_in_a_folder_without_write_permission_refuses_the_lock_file(tmp_path, seed_inbox,
                                                                             config_file):
    folder = tmp_path / "fresh"
    folder.mkdir(mode=0o555)
    config = config_file(seed_inbox, f"state: {folder / 'state.sqlite3'}\n")
    deployment = Deployment(tmp_path, config, seed_inbox, folder / "state.sqlite3", tmp_path / "out")
    done = deployment.run("run", "--date", "2025-12-02", without_override=True)
    one_error(done, f"{deployment.state}.lock", "permission denied", "point 'state:' in the config elsewhere")
    assert list(folder.iterdir()) == []


def test_state_on_a_read_only_file_system(deployment):
    deployment.add_article()
    with read_only_mount(deployment.state.parent):
        done = deployment.run("run", "--date", "2025-12-02")
    one_error(done, f"{deployment.state}.lock", "the file system is read-only", "remount it read-write")
    assert deployment.articles() == 5


def test_full_disk_under_the_state(tmp_path, seed_inbox, config_file):
    folder = tmp_path / "small"
    with small_disk(folder):
        deployment = make_deployment(tmp_path, seed_inbox, config_file, state_folder=folder)
        filler = fill(folder)
        deployment.add_article()
        done = deployment.run("run", "--date", "2025-12-02")
        one_error(done, deployment.state, "the disk holding the state file is full", "free some space")
        filler.unlink()
        assert deployment.articles() == 5  # the earlier articles are all there
        again = deployment.run("run", "--date", "2025-12-02")
        assert again.returncode == 0, again.stderr
        assert deployment.articles() == 6 and written(deployment, "2025-12-02")


# -- the output folder ------------------------------------------------------------------------------


def test_immutable_output_folder_then_the_next_run_writes_the_digest(deployment):
    month = deployment.out / "2025" / "12"
    md = month / "digest-2025-12-02.md"
    deployment.add_article()
    with immutable(month):
        done = deployment.run("run", "--date", "2025-12-02")
    one_error(done, md, "permission denied (operation not permitted)", "lsattr")
    assert deployment.articles() == 6  # picked up before the write failed, and kept
    assert not md.exists() and no_temporaries(deployment.out) == []
    again = deployment.run("run", "--date", "2025-12-02")  # the digest was not recorded as made
    assert again.returncode == 0, again.stderr
    assert written(deployment, "2025-12-02")
    assert "Neue Gespräche in Genf" in md.read_text(encoding="utf-8")


def test_archive_refused_after_the_digest_is_redone_by_the_next_run(deployment):
    with immutable(deployment.out):  # out/2025/12 stays writable: only index.html and feed.xml fail
        done = deployment.run("run", "--date", "2025-12-02")
    one_error(done, deployment.out / "index.html", "permission denied")
    assert not written(deployment, "2025-12-02")
    again = deployment.run("run", "--date", "2025-12-02")
    assert again.returncode == 0, again.stderr
    assert "unchanged" not in again.stderr  # its inputs were only recorded once all was written
    assert written(deployment, "2025-12-02")


def test_output_folder_without_write_permission(deployment):
    month = deployment.out / "2025" / "12"
    month.chmod(0o555)
    try:
        done = deployment.run("run", "--date", "2025-12-02", without_override=True)
    finally:
        month.chmod(0o755)
    one_error(done, month / "digest-2025-12-02.md", "permission denied", "writable by this user")
    assert deployment.articles() == 5 and no_temporaries(deployment.out) == []


def test_output_on_a_read_only_file_system(deployment):
    deployment.add_article()
    with read_only_mount(deployment.out):
        done = deployment.run("run", "--date", "2025-12-02")
    one_error(done, deployment.out / "2025" / "12" / "digest-2025-12-02.md", "read-only")
    assert deployment.articles() == 6


def test_full_output_disk_leaves_no_temporary_and_loses_nothing(deployment):
    out = deployment.root / "small-out"
    deployment.add_article()
    with small_disk(out, "64k"):
        filler = fill(out)
        done = deployment.run("run", "--date", "2025-12-02", "--out", str(out))
        one_error(done, out / "2025" / "12" / "digest-2025-12-02.md", "the disk is full", "free some space")
        assert no_temporaries(out) == []
        assert deployment.articles() == 6
        filler.unlink()
        again = deployment.run("run", "--date", "2025-12-02", "--out", str(out))
        assert again.returncode == 0, again.stderr
        assert (out / "2025" / "12" / "digest-2025-12-02.md").is_file()


# -- timeline and publish ---------------------------------------------------------------------------


def test_timeline_output_to_an_immutable_folder(deployment):
    target = deployment.root / "exports"
    target.mkdir()
    with immutable(target):
        done = deployment.run("timeline", "--format", "tilse", "--output", str(target / "chronik.txt"))
    one_error(done, target / "chronik.txt", "permission denied")
    assert list(target.iterdir()) == []


def test_timeline_output_on_a_read_only_file_system(deployment):
    target = deployment.root / "exports"
    target.mkdir()
    with read_only_mount(target):
        done = deployment.run("timeline", "--output", str(target / "chronik.md"))
    one_error(done, target / "chronik.md", "the file system is read-only")


def test_publish_with_the_state_on_a_read_only_file_system(deployment):
    with read_only_mount(deployment.state.parent):
        done = deployment.run("publish", "--date", "2025-12-01")
    one_error(done, f"{deployment.state}.lock", "the file system is read-only")
    assert deployment.articles() == 5


# -- user templates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("template", "line", "what"), [
    ("# {{ day }}\n\n{{ 1 / 0 }}\n", 3, "division by zero"),
    ("# {{ day }}\n{{ undefined_name.x }}\n", 2, "'undefined_name' is undefined"),
    ("# {{ day }}\n\n\n{% include 'missing.j2' %}\n", 4, "template 'missing.j2' not found"),
    ("# {{ day }}\n{% for a in digest.articles %}\n{{ a.article.title }\n{% endfor %}\n", 3, "syntax error"),
    ("{{ digest.articles[0].nope() }}\n", 1, "has no attribute 'nope'"),
])
def test_a_user_template_that_raises_is_named_with_its_line(tmp_path, seed_inbox, config_file, template,
                                                            line, what):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "digest.md.j2").write_text(template, encoding="utf-8")
    deployment = Deployment(tmp_path, config_file(seed_inbox, f"templates: {templates}\n"), seed_inbox,
                            tmp_path / "state.sqlite3", tmp_path / "out")
    done = deployment.run("run", "--since", "2022-02-24", "--date", "2025-12-01")
    one_error(done, f"{templates / 'digest.md.j2'}, line {line}", what, "fix the template")
    assert deployment.articles() == 5  # the pick-up before rendering is kept
    assert not (deployment.out / "2025").exists()
    (templates / "digest.md.j2").unlink()
    again = deployment.run("run", "--since", "2022-02-24", "--date", "2025-12-01")
    assert again.returncode == 0, again.stderr
    assert written(deployment, "2025-12-01")
