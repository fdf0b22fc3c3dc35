import hashlib
import random
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from digest.errors import ForeignStateError, StateDamagedError, StoreError
from digest.models import Precision, Summary
from digest.store import APPLICATION_ID, SCHEMA_VERSION, DigestRecord, FileRecord, Store
from digest.versions import SUMMARIZER_VERSION

from .helpers import make_split, sqlite_file

NOW = datetime(2025, 12, 3, 7, 0, tzinfo=UTC)


def test_article_round_trips_through_a_real_file(tmp_path):
    split = make_split(["Erster Satz.", "Zweiter Satz."], published=datetime(2025, 7, 1),
                       precision=Precision.MONTH, headings=("Zwischentitel",))
    with Store(tmp_path / "state.sqlite3") as store:
        assert store.add_article(split) is True
        assert store.add_article(split) is False
    with Store(tmp_path / "state.sqlite3") as store:
        [back] = store.articles()
    assert back == split
    assert back.article.published.precision is Precision.MONTH


def test_wal_mode_and_integrity(tmp_path):
    path = tmp_path / "state.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_duplicate_keeps_the_earliest_arrival(tmp_path):
    early = datetime(2025, 1, 1, tzinfo=UTC)
    late = make_split(["Satz."], received_at=NOW)
    with Store(tmp_path / "s.sqlite3") as store:
        store.add_article(late)
        store.add_article(make_split(["Satz."], received_at=early))
        [back] = store.articles()
    assert back.article.received_at == early


def test_summaries_are_keyed_by_method_and_count(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        split = make_split(["A.", "B."])
        store.add_article(split)
        store.add_summary(Summary(split.article.id, ("A.",), "lexrank", 1))
        assert store.summary(split.article.id, "lexrank", 1).sentences == ("A.",)
        assert store.summary(split.article.id, "lexrank", 2) is None
        assert store.summary(split.article.id, "luhn", 1) is None


def test_none_unsummarized_is_remembered_only_until_the_store_changes(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        first, second = make_split(["A.", "B."]), make_split(["C.", "D."], title="Anderer")
        store.add_article(first)
        store.add_summary(Summary(first.article.id, ("A.",), "lexrank", 1))
        assert store.unsummarized("lexrank", 1) == []  # noted with the generation
        assert store.unsummarized("lexrank", 2) == [first.article.id]  # another length: not noted
        store.add_article(second)  # the generation moves on: the note no longer holds
        assert store.unsummarized("lexrank", 1) == [second.article.id]
        store.add_summary(Summary(second.article.id, ("C.",), "lexrank", 1))
        assert store.unsummarized("lexrank", 1) == []
        store.db.execute("DELETE FROM summaries WHERE article_id = ?", (first.article.id,))
        assert store.unsummarized("lexrank", 1) == [first.article.id]


def test_generation_changes_with_what_a_digest_shows_and_only_then(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        start = store.generation()
        store.record_file(FileRecord("a.txt", 3, 1, 1, "h", None, None), NOW)  # files: not shown
        assert store.generation() == start
        split = make_split(["A.", "B."])
        store.add_article(split)
        after_article = store.generation()
        assert after_article > start
        store.add_summary(Summary(split.article.id, ("A.",), "lexrank", 1))
        after_summary = store.generation()
        assert after_summary > after_article
        store.add_summary(Summary(split.article.id, ("B.",), "lexrank", 1))  # replaced in place
        assert store.generation() > after_summary
        before = store.generation()
        with pytest.raises(RuntimeError), store.transaction():
            store.add_summary(Summary(split.article.id, ("A.",), "luhn", 1))
            raise RuntimeError("killed")
        assert store.generation() == before  # rolled back with the change it counted
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.generation() == before


def test_more_ids_than_one_statement_takes_come_back_in_order(tmp_path):
    splits = [make_split([f"Satz {i}."]) for i in range(1201)]  # 3 chunks of at most 500
    with Store(tmp_path / "s.sqlite3") as store, store.transaction():
        for split in splits:
            store.add_article(split)
            store.add_summary(Summary(split.article.id, (f"Satz {split.article.id}.",), "lead", 1))
            store.add_analysis(split.article.id, "k", f'"{split.article.id}"')
            store.add_topics(split.article.id, "t", ["talks"])
    ids = [s.article.id for s in reversed(splits)] + ["unbekannt"]
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.load_articles(ids) == list(reversed(splits))
        assert set(store.summaries(ids, "lead", 1)) == set(ids[:-1])
        assert store.analyses(ids, "k") == {i: f'"{i}"' for i in ids[:-1]}
        assert store.topic_index("t", ids) == {i: {"talks"} for i in ids[:-1]}


def test_files_and_skipped(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        store.record_file(FileRecord("a.txt", 3, 1, 1, "h", None, "empty file"), NOW)
        store.record_file(FileRecord("b.txt", 3, 1, 1, "h2", "id", None), NOW)
        assert [s.path for s in store.skipped()] == ["a.txt"]
        assert store.skipped(present=["b.txt"]) == []
        assert store.file("b.txt").article_id == "id"


def test_previous_digest_is_the_latest_before_the_date(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        for d in (date(2025, 12, 1), date(2025, 12, 2)):
            store.record_digest(DigestRecord(d, None, datetime(d.year, d.month, d.day + 1)),
                                tmp_path / "x.md", tmp_path / "x.html", NOW)
        assert store.previous_digest(date(2025, 12, 3)).date == date(2025, 12, 2)
        assert store.previous_digest(date(2025, 12, 2)).date == date(2025, 12, 1)
        assert store.previous_digest(date(2025, 12, 1)) is None


def test_a_new_state_identifies_itself(tmp_path):
    path = tmp_path / "state.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID == 0x4E446967  # 'NDig'
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_state_of_the_previous_release_is_adopted_with_its_content(tmp_path):
    path = tmp_path / "state.sqlite3"
    with Store(path) as store:
        store.record_file(FileRecord("a.txt", 1, 2, 3, "sha", None, "empty file"), NOW)
    sqlite_file(path, "PRAGMA application_id = 0", "PRAGMA user_version = 0")  # as the release made it
    with Store(path) as store:
        assert store.file("a.txt").reason == "empty file"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.parametrize("make, what", [
    (lambda p: sqlite_file(p, "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)"),
     "an SQLite database of another program, tables t"),
    (lambda p: sqlite_file(p, "PRAGMA application_id = 1", "CREATE TABLE meta (key, value)"),
     "an SQLite database of another program, application_id 0x00000001"),
    (lambda p: sqlite_file(p, "PRAGMA journal_mode = WAL", "CREATE TABLE meta (k, v)"),
     "an SQLite database of another program, tables meta"),
    (lambda p: sqlite_file(p, "PRAGMA user_version = 7"),
     "an empty SQLite database of another program, user_version 7"),
    (lambda p: p.write_bytes(b"this is not sqlite\n" * 100), "not an SQLite database"),
])
def test_a_file_that_is_not_ours_is_refused_untouched(tmp_path, make, what):
    path = tmp_path / "state.sqlite3"
    make(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for preview in (False, True):
        with pytest.raises(ForeignStateError) as refused:
            Store(path, preview=preview)
        assert str(refused.value) == (
            f"{path}: not a news-digest state file ({what}); it was left untouched. "
            "Point 'state:' in the config at another file, or move this one away")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.sqlite3"]  # no -wal, no -shm


def test_a_state_damaged_where_it_opens_names_the_file_and_the_recovery(tmp_path):
    path = tmp_path / "state.sqlite3"
    Store(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = random.Random(1).randbytes(3996)  # the table of tables, after the header
    path.write_bytes(bytes(data))
    with pytest.raises(StateDamagedError, match="the state file is damaged .* run `digest recover`") as error:
        Store(path)
    assert str(error.value).startswith(f"{path}: ")
    assert path.read_bytes() == bytes(data)


def test_a_state_file_of_a_pre_release_layout_is_refused_with_the_fix(tmp_path):
    path = sqlite_file(tmp_path / "state.sqlite3", "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
                        "INSERT INTO meta VALUES ('schema', '1')",
                        "CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER)")
    with pytest.raises(StoreError, match="lacks files.ctime_ns .* move it away and run again"):
        Store(path)
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    assert [row[0] for row in tables] == ["meta", "files"]  # nothing added


def test_a_state_of_schema_1_gains_the_summary_version_and_makes_its_summaries_anew(tmp_path):
    path = tmp_path / "state.sqlite3"
    split = make_split(["A.", "B."])
    with Store(path) as store:
        store.add_article(split)
    sqlite_file(path, "DROP TABLE summaries",  # the table as schema 1 made it
                 "CREATE TABLE summaries (article_id TEXT NOT NULL REFERENCES articles(id), "
                 "method TEXT NOT NULL, count INTEGER NOT NULL, sentences TEXT NOT NULL, "
                 "PRIMARY KEY (article_id, method, count))",
                 f"INSERT INTO summaries VALUES ('{split.article.id}', 'newsrank', 1, '[\"A.\"]')",
                 "UPDATE meta SET value = '1' WHERE key = 'schema'", "PRAGMA user_version = 1")
    with Store(path) as store:
        assert store.unsummarized("newsrank", 1) == [split.article.id]  # made anew, once
        store.add_summary(Summary(split.article.id, ("B.",), "newsrank", 1))
    with Store(path) as store:
        assert store.unsummarized("newsrank", 1) == []
        assert store.summary(split.article.id, "newsrank", 1).sentences == ("B.",)
    db = sqlite3.connect(path)
    assert SCHEMA_VERSION == 2
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == "2"
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    assert db.execute("SELECT article_id, version FROM summaries").fetchall() == [
        (split.article.id, SUMMARIZER_VERSION)]  # made by the summarizer of today


def test_a_state_of_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "state.sqlite3"
    Store(path).close()
    sqlite_file(path, f"UPDATE meta SET value = '{SCHEMA_VERSION + 1}' WHERE key = 'schema'")
    with pytest.raises(StoreError, match=f"written by a newer news digest \\(schema {SCHEMA_VERSION + 1}\\)"):
        Store(path)


def test_ingested_since_compares_times_whatever_zone_they_were_stored_in(tmp_path):
    moment = datetime(2025, 12, 2, 1, 30, tzinfo=timezone(timedelta(hours=1)))  # 2025-12-02 00:30 UTC
    west, east = timezone(timedelta(hours=-12)), timezone(timedelta(hours=14))
    stored = {  # ingested at; the after ones are all the moment plus one minute
        "utc-before": datetime(2025, 12, 2, 0, 29, tzinfo=UTC),
        "utc-after": datetime(2025, 12, 2, 0, 31, tzinfo=UTC),
        "west-after": datetime(2025, 12, 1, 12, 31, tzinfo=west),  # its text reads a day before
        "east-before": datetime(2025, 12, 2, 14, 29, tzinfo=east),
        "east-after": datetime(2025, 12, 2, 14, 31, tzinfo=east),
        "days-before": datetime(2025, 11, 29, 23, 59, tzinfo=west),
    }
    with Store(tmp_path / "s.sqlite3") as store:
        ids = {}
        for name, when in stored.items():
            split = make_split([f"{name} kam an."], title=name)
            store.add_article(split, ingested_at=when)
            ids[split.article.id] = name
        after = sorted(ids[i] for i in store.ingested_since(moment))
        assert after == ["east-after", "utc-after", "west-after"]
        plan = " ".join(str(row) for row in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT id, ingested_at FROM articles WHERE ingested_at >= '2025-12-01'"))
        assert "articles_ingested" in plan  # read from the index, not from each article's row


def test_roomy_cache_holds_a_batch_in_memory_and_gives_the_cache_back_even_after_an_error(tmp_path):
    def cache(store):
        return store.db.execute("PRAGMA cache_size").fetchone()[0]

    with Store(tmp_path / "s.sqlite3") as store:
        before = cache(store)
        with store.roomy_cache(4096):
            assert cache(store) == -4096  # KiB
        assert cache(store) == before
        with pytest.raises(RuntimeError), store.roomy_cache(8192):
            assert cache(store) == -8192
            raise RuntimeError("a failure while storing")
        assert cache(store) == before


def test_stamps_of_unskipped_files_as_a_set_and_of_chosen_files_by_path(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        store.record_file(FileRecord("a.txt", 10, 1_000, 2_000, "sha-a", None, None), NOW)
        store.record_file(FileRecord("sub/b.txt", 20, 3_000, 4_000, "sha-b", None, None), NOW)
        store.record_file(FileRecord("leer.txt", 0, 5_000, 6_000, "", None, "empty file"), NOW)
        assert store.unskipped_stamps() == {("a.txt", 10, 1_000, 2_000), ("sub/b.txt", 20, 3_000, 4_000)}
        assert store.file_stamps(["leer.txt", "a.txt", "gone.txt"]) == {
            "a.txt": (10, 1_000, 2_000, False), "leer.txt": (0, 5_000, 6_000, True)}
        assert store.file_stamps([]) == {}


def test_the_listing_fingerprint_keeps_its_chunk_digests_and_goes_with_them(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        assert (store.listing_fingerprint(), store.listing_chunks()) == (None, None)
        store.set_listing_fingerprint("ab12", bytes(range(32)))
        assert (store.listing_fingerprint(), store.listing_chunks()) == ("ab12", bytes(range(32)))
        store.set_listing_fingerprint("cd34")  # vouched for as a whole only
        assert (store.listing_fingerprint(), store.listing_chunks()) == ("cd34", None)
        store.set_listing_fingerprint("ef56", b"\x01" * 16)
        store.set_listing_fingerprint(None)
        assert (store.listing_fingerprint(), store.listing_chunks()) == (None, None)


def _fill(store: Store, pages: int) -> None:
    """One transaction of about ``pages`` pages (the log is copied into the file from 1,000 on)."""
    store.db.execute("CREATE TABLE IF NOT EXISTS ballast (data BLOB)")
    with store.transaction():
        rows = ((random.randbytes(3000),) for _ in range(pages))
        store.db.executemany("INSERT INTO ballast VALUES (?)", rows)


@pytest.mark.parametrize("aside", [False, True])
def test_a_commit_inside_checkpoint_aside_leaves_copying_the_log_to_a_thread(tmp_path, aside):
    path = tmp_path / "state.sqlite3"
    store = Store(path)
    _fill(store, 10)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    if aside:
        with store.checkpoint_aside():
            _fill(store, 1500)
            assert path.stat().st_size == size  # committed, but only in the log: the commit did not copy it
        assert store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000  # as SQLite's default
        assert store._copier is not None
        store._copier.join()
    else:
        _fill(store, 1500)  # a commit past 1,000 pages of log copies it before it returns
    assert path.stat().st_size > size + 1500 * 3000  # copied while this connection is open
    other = sqlite3.connect(path)
    assert other.execute("SELECT count(*) FROM ballast").fetchone()[0] == 1510
    other.close()
    store.close()


def test_checkpoint_aside_in_a_preview_copies_nothing(tmp_path):
    path = tmp_path / "state.sqlite3"
    Store(path).close()
    store = Store(path, preview=True)
    with store.checkpoint_aside():
        _fill(store, 1200)
    assert store._copier is None
    store.close()
