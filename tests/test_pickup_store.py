"""Storing in the pick-up: each file is stored as soon as it is read (the workers never wait on a
batch), and the near-duplicate look-up by stored MinHash and band keys agrees with the one by signature."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from digest import pickup
from digest.config import Config, load_config
from digest.similarity import band_keys, text_signature, to_blob
from digest.store import Store

NOW = datetime(2025, 12, 3, 7, 0, tzinfo=UTC)


def _works(inbox: Path) -> list[pickup.FileWork]:
    return [pickup.FileWork(p, p.name, (p.stat().st_size, 0, 0), None) for p in sorted(inbox.iterdir())]


def _config(seed_inbox: Path, config_file) -> Config:
    return load_config(config_file(seed_inbox))


def test_each_file_is_stored_before_the_next_is_awaited(seed_inbox, config_file, tmp_path, monkeypatch):
    config = _config(seed_inbox, config_file)
    works = _works(seed_inbox)
    stored_when_next_asked: list[bool] = []
    progress: list[tuple[int, int]] = []

    def arriving(works_: list[pickup.FileWork], config_: Config, parallel_from: int) -> Iterator:
        for work in works_:
            yield pickup.read_file(work, config_)
            stored_when_next_asked.append(store.file(work.rel) is not None)

    monkeypatch.setattr(pickup, "read_files", arriving)
    with Store(tmp_path / "state.sqlite3") as store:
        changed = pickup.Changed(works=works, known={w.rel: None for w in works})
        stored = pickup.read_and_store(config, store, changed, NOW, pickup.Skips(),
                                       lambda done, total: progress.append((done, total)), 1)
        assert all(store.file(w.rel) is not None for w in works)
    assert stored_when_next_asked == [True] * len(works)  # before: none until a batch of 200 was read
    assert progress == [(n, len(works)) for n in range(1, len(works) + 1)]
    assert stored.files == len(works) and stored.new + stored.duplicate == len(works)


def test_batches_are_committed_at_their_size(seed_inbox, config_file, tmp_path, monkeypatch):
    config = _config(seed_inbox, config_file)
    works = _works(seed_inbox)
    monkeypatch.setattr(pickup, "BATCH", 2)
    sizes: list[int] = []
    store_batch = pickup.store_batch

    copying: list[int] = []  # SQLite's wal_autocheckpoint as each batch is stored

    def counting(*args, **kwargs) -> pickup.Stored:
        copying.append(store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        sizes.append(store_batch(*args, **kwargs).files)
        return pickup.Stored(files=sizes[-1])

    monkeypatch.setattr(pickup, "store_batch", counting)
    with Store(tmp_path / "state.sqlite3") as store:
        changed = pickup.Changed(works=works, known={w.rel: None for w in works})
        pickup.read_and_store(config, store, changed, NOW, pickup.Skips(), None, 10_000)
        assert store._copier is not None  # the log of the last batch is copied by a thread
    assert sizes == [2] * (len(works) // 2) + ([1] if len(works) % 2 else [])
    # only the last batch's commit leaves the log to that thread: before it, the log stays bounded
    assert copying == [1000] * (len(sizes) - 1) + [0]


def test_the_look_up_by_stored_minhash_agrees_with_the_one_by_signature(seed_inbox, config_file, tmp_path):
    config = _config(seed_inbox, config_file)
    splits = [pickup.read_file(w, config).split for w in _works(seed_inbox)]
    assert all(split is not None for split in splits) and len(splits) >= 3
    with Store(tmp_path / "state.sqlite3") as store:
        for split in splits[:-1]:
            store.add_article(split, text_signature(split.article.text), NOW)
        known = splits[0].article.text.replace(".", "!", 1)  # one character changed: nearly the same
        for text, expected in ((known, splits[0].article.id), (splits[-1].article.text, None)):
            signature = text_signature(text)
            assert store.near_duplicate(signature, 0.8) == expected
            assert store.near_duplicate_of(to_blob(signature), band_keys(signature), 0.8) == expected
