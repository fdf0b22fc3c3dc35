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
import yaml

from digest.i18n import labels
from digest.render import render_template

from .conftest import ROOT, SEEDS, set_arrival
from .test_gitwiki import git

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
    """A folder with schedule.yaml, an inbox of the seeds, a state and an output folder (paths relative)."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "schedule.yaml"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def state(self) -> Path:
        return self.root / yaml.safe_load(self.config.read_text(encoding="utf-8"))["state"]

    @property
    def out(self) -> Path:
        return self.root / "out"

    def configure(self, **changes: object) -> None:
        """Change top-level keys of schedule.yaml."""
        data = yaml.safe_load(self.config.read_text(encoding="utf-8"))
        data.update(changes)
        self.config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

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


@pytest.fixture(scope="module")
def first_digest(tmp_path_factory) -> Path:
    """A deployment after its first digest (of 2025-12-01), made once; each test works on a copy."""
    root = tmp_path_factory.mktemp("first-digest")
    shutil.copytree(SEEDS, root / "inbox")
    for path in (root / "inbox").iterdir():
        set_arrival(path)
    data = yaml.safe_load((ROOT / "schedule.yaml").read_text(encoding="utf-8"))
    data.update(inbox="inbox", output="out", state="state/state.sqlite3", templates="templates",
                service={"settle_seconds": 0})
    (root / "schedule.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                        encoding="utf-8")
    (root / "templates").mkdir()  # none of the user's yet: ours are used
    first = Deployment(root).run("run", "--since", "2022-02-24", "--date", "2025-12-01")
    assert first.returncode == 0, first.stderr
    assert Deployment(root).articles() == 5
    return root


@pytest.fixture
def deployment(first_digest, tmp_path) -> Deployment:
    shutil.copytree(first_digest, tmp_path / "deployment", symlinks=True)
    return Deployment(tmp_path / "deployment")


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


def test_new_state_in_a_folder_without_write_permission_refuses_the_lock_file(deployment):
    folder = deployment.root / "fresh"
    folder.mkdir(mode=0o555)
    deployment.configure(state="fresh/state.sqlite3")
    done = deployment.run("run", "--date", "2025-12-02", without_override=True)
    one_error(done, f"{deployment.state}.lock", "permission denied", "point 'state:' in the config elsewhere")
    assert list(folder.iterdir()) == []


def test_state_on_a_read_only_file_system(deployment):
    deployment.add_article()
    with read_only_mount(deployment.state.parent):
        done = deployment.run("run", "--date", "2025-12-02")
    one_error(done, f"{deployment.state}.lock", "the file system is read-only", "remount it read-write")
    assert deployment.articles() == 5


def test_full_disk_under_the_state(deployment):
    folder = deployment.state.parent
    kept = shutil.copytree(folder, deployment.root / "kept")
    with small_disk(folder):
        shutil.copytree(kept, folder, dirs_exist_ok=True)  # the state, now on a disk of 1 MB
        assert deployment.articles() == 5
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


def test_publish_with_the_state_on_a_read_only_file_system(deployment, wiki):
    # a target is configured, so publish gets as far as the state (without one it stops before)
    deployment.configure(publish=[{"name": "wiki", "type": "gitwiki", "repository": str(wiki),
                                   "checkout": str(deployment.root / "wiki-checkout")}])
    with read_only_mount(deployment.state.parent):
        done = deployment.run("publish", "--date", "2025-12-01")
    one_error(done, f"{deployment.state}.lock", "the file system is read-only")
    assert deployment.articles() == 5



@pytest.fixture
def wiki(tmp_path) -> Path:
    """A bare repository on branch 'main' holding a Home page."""
    bare, helper = tmp_path / "wiki.git", tmp_path / "wiki-helper"
    bare.mkdir()
    git("init", "--quiet", "--bare", "-b", "main", cwd=bare)
    git("clone", "--quiet", str(bare), str(helper), cwd=tmp_path)
    (helper / "Home.md").write_text("# Wiki\n", encoding="utf-8")
    git("add", "Home.md", cwd=helper)
    git("commit", "--quiet", "-m", "Erste Seite", cwd=helper)
    git("push", "--quiet", "origin", "HEAD:main", cwd=helper)
    return bare


def test_publish_to_a_git_wiki_whose_checkout_is_immutable(deployment, wiki):
    remote = wiki
    checkout = deployment.root / "wiki-checkout"
    git("clone", "--quiet", str(remote), str(checkout), cwd=deployment.root)
    deployment.configure(publish=[{"name": "wiki", "type": "gitwiki", "repository": str(remote),
                                   "checkout": str(checkout)}])
    assert deployment.run("run", "--date", "2025-12-02").returncode == 0  # its wiki page is prepared
    with immutable(checkout):
        done = deployment.run("publish", "--date", "2025-12-02")
    one_error(done, checkout / "Lage-2025-12-02.md", "permission denied (operation not permitted)")
    assert "Lage-2025-12-02.md" not in git("ls-tree", "--name-only", "main", cwd=remote)
    again = deployment.run("publish", "--date", "2025-12-02")  # the delivery was kept for later
    assert again.returncode == 0, again.stderr
    assert "Lage-2025-12-02.md" in git("ls-tree", "--name-only", "main", cwd=remote)


# -- user templates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("template", "line", "what"), [
    ("# {{ day }}\n\n{{ 1 / 0 }}\n", 3, "division by zero"),
    ("# {{ day }}\n{{ undefined_name.x }}\n", 2, "'undefined_name' is undefined"),
    ("# {{ day }}\n\n\n{% include 'missing.j2' %}\n", 4, "template 'missing.j2' not found"),
    ("# {{ day }}\n{% for a in digest.articles %}\n{{ a.article.title }\n{% endfor %}\n", 3, "syntax error"),
    ("{{ digest.articles[0].nope() }}\n", 1, "has no attribute 'nope'"),
])
def test_a_user_template_that_raises_is_named_with_its_line(deployment, template, line, what):
    templates = deployment.root / "templates"
    (templates / "digest.md.j2").write_text(template, encoding="utf-8")
    deployment.add_article()
    done = deployment.run("run", "--date", "2025-12-02")
    one_error(done, f"{templates / 'digest.md.j2'}, line {line}", what, "fix the template")
    assert deployment.articles() == 6  # the pick-up before rendering is kept
    assert not (deployment.out / "2025" / "12" / "digest-2025-12-02.md").exists()


def test_once_the_template_is_fixed_the_next_run_writes_the_digest(deployment):
    template = deployment.root / "templates" / "digest.md.j2"
    template.write_text("# {{ day }}\n{{ 1 / 0 }}\n", encoding="utf-8")
    one_error(deployment.run("run", "--date", "2025-12-02"), f"{template}, line 2", "division by zero")
    template.write_text("# {{ day }}: {{ digest.articles | length }} Artikel\n", encoding="utf-8")
    again = deployment.run("run", "--date", "2025-12-02")
    assert again.returncode == 0, again.stderr
    assert written(deployment, "2025-12-02")
    md = deployment.out / "2025" / "12" / "digest-2025-12-02.md"
    assert md.read_text(encoding="utf-8").startswith("# 2. Dezember 2025: ")


def test_an_exception_inside_our_own_templates_stays_a_bug(tmp_path):
    """Only what a user's template raises is theirs to fix; the same from ours is not hidden."""
    from digest.errors import TemplateError
    from digest.render import environment

    def broken(*args: object, **kwargs: object) -> str:
        raise ZeroDivisionError("in our code")

    (tmp_path / "mine.md.j2").write_text("x\n{{ when(1) }}\n", encoding="utf-8")
    env = environment(tmp_path, html=False)
    with pytest.raises(TemplateError, match=r"mine\.md\.j2, line 2: in our code; fix the template"):
        render_template(env, "mine.md.j2", {"when": broken})
    class Entry:
        href = "2025/12/digest-2025-12-02.html"

        @property
        def date(self) -> object:
            return broken()

    values = {"entries": [Entry()], "labels": labels("german"), "language": "german"}
    with pytest.raises(ZeroDivisionError):  # index.html.j2 is ours: a bug, reported with exit 4
        render_template(env, "index.html.j2", values)


def test_a_template_cache_that_cannot_be_written_only_costs_a_compile(tmp_path):
    from digest.render import environment

    cache = tmp_path / "template-cache"
    cache.mkdir()
    with immutable(cache), immutable(tmp_path):
        for folder in (cache, tmp_path / "not-made"):  # one that refuses files, one that cannot be made
            env = environment(None, html=True, cache_dir=folder)
            values = {"entries": [], "labels": labels("german"), "language": "german"}
            assert "</html>" in render_template(env, "index.html.j2", values)
    assert list(cache.iterdir()) == [] and not (tmp_path / "not-made").exists()
