import os

import pytest

from digest.errors import EnvironmentProblem
from digest.write import atomic_write


def test_writes_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "a" / "b" / "digest.md"
    assert atomic_write(target, "Hallo Welt\n") is True
    assert target.read_text(encoding="utf-8") == "Hallo Welt\n"
    assert os.listdir(target.parent) == ["digest.md"]


def test_unchanged_content_is_not_rewritten(tmp_path):
    target = tmp_path / "digest.md"
    atomic_write(target, "x")
    before = target.stat().st_mtime_ns
    os.utime(target, ns=(before - 10**9, before - 10**9))
    assert atomic_write(target, "x") is False
    assert target.stat().st_mtime_ns == before - 10**9


def test_replaces_whole_file(tmp_path):
    target = tmp_path / "digest.md"
    atomic_write(target, "a much longer first version\n")
    atomic_write(target, "short\n")
    assert target.read_text(encoding="utf-8") == "short\n"


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "digest.md"
    atomic_write(target, "old\n")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(EnvironmentProblem, match="digest.md: disk full"):
        atomic_write(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["digest.md"]


def test_stale_temporaries_of_a_killed_writer_are_removed(tmp_path):
    from digest.write import remove_stale_temporaries

    target = tmp_path / "digest-2025-12-03.md"
    (tmp_path / ".digest-2025-12-03.md.abc123.tmp").write_text("halb geschrie", encoding="utf-8")
    (tmp_path / ".digest-2025-12-03.md.xyz789.tmp").write_text("", encoding="utf-8")
    (tmp_path / ".digest-2025-12-03.html.abc123.tmp").write_text("<html>", encoding="utf-8")
    (tmp_path / "andere.md").write_text("bleibt", encoding="utf-8")
    assert remove_stale_temporaries(target) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [".digest-2025-12-03.html.abc123.tmp", "andere.md"]
