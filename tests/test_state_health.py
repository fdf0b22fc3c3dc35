"""The state file's health: a file not ours is refused untouched, damage is named, and recovered from."""

import hashlib
import random
import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from digest.cli import cli
from digest.lock import StateLock
from digest.recover import recover
from digest.store import Store

from .helpers import sqlite_file

PAGE = 4096


@pytest.fixture
def runner():
    return CliRunner()


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _garble(path, offset, size, seed=7):
    """Write ``size`` bytes of random garbage into the file at ``offset``."""
    data = bytearray(path.read_bytes())
    data[offset:offset + size] = random.Random(seed).randbytes(size)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("make", [
    lambda p: sqlite_file(p, "CREATE TABLE t (x)", "INSERT INTO t VALUES (42)"),
    lambda p: sqlite_file(p, "PRAGMA application_id = 1234", "CREATE TABLE meta (key, value)"),
    lambda p: p.write_text("state: not really\n" * 50, encoding="utf-8"),
], ids=["sqlite-of-another-program", "another-application-id", "text-file"])
@pytest.mark.parametrize("command", [["run", "--date", "2025-12-03"], ["status"], ["recover"]])
def test_a_state_path_at_another_programs_file_is_refused_untouched(runner, seed_inbox, config_file, tmp_path,
                                                                    make, command):
    theirs = tmp_path / "theirs.db"
    make(theirs)
    before = _sha(theirs)
    config = config_file(seed_inbox, extra=f"state: {theirs}\n")
    result = runner.invoke(cli, [command[0], "--config", str(config), *command[1:]])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {theirs}: not a news-digest state file (")
    assert result.stderr.endswith("it was left untouched. Point 'state:' in the config at another file, "
                                  "or move this one away\n")
    assert _sha(theirs) == before
    assert not (tmp_path / "theirs.db-wal").exists() and not (tmp_path / "theirs.db-shm").exists()
    assert not (tmp_path / "out").exists()


@pytest.fixture
def damaged(runner, seed_inbox, config_file, tmp_path):
    """A state made by `digest run` of the seeds, with 64 KB of garbage written into its middle."""
    config = config_file(seed_inbox)
    result = runner.invoke(cli, ["run", "--config", str(config), "--date", "2025-12-03"])
    assert result.exit_code == 0, result.output
    state = tmp_path / "state.sqlite3"
    _garble(state, _middle_sparing(state, "digests", 64 * 1024), 64 * 1024)
    return config, state


def _middle_sparing(state, table: str, size: int) -> int:
    """The page-aligned offset nearest the middle of the file from which ``size`` bytes of garbage
    hit no page of ``table`` or its indexes, so what the test expects of that table does not
    depend on where SQLite happened to place it."""
    db = sqlite3.connect(state)
    spared = {page for (page,) in db.execute(
        "SELECT pageno FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = ?)",
        (table,))}
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.close()
    assert spared, f"no page of {table} in {state}"
    span = size // PAGE
    starts = sorted(range(2, pages - span + 2), key=lambda first: abs(first - pages // 2))
    first = next(f for f in starts if not spared & set(range(f, f + span)))  # pages count from 1
    return (first - 1) * PAGE


def test_a_damaged_state_stops_the_run_naming_the_file_and_the_recovery(runner, damaged):
    config, state = damaged
    before = _sha(state)
    result = runner.invoke(cli, ["run", "--config", str(config), "--date", "2025-12-04"])
    assert result.exit_code == 2, result.output
    assert re.fullmatch(rf"Error: {re.escape(str(state))}: the state file is damaged \(.+\); stop any "
                        r"running service, then run `digest recover` .*\n", result.stderr), result.stderr
    assert _sha(state) == before


def test_status_reports_a_damaged_state(runner, damaged):
    config, state = damaged
    result = runner.invoke(cli, ["status", "--config", str(config)])
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {state}: the state file is damaged (")
    assert "`digest recover`" in line


def test_recover_salvages_a_damaged_state_and_the_inbox_fills_in_the_rest(runner, damaged, tmp_path):
    config, state = damaged
    damaged_sha = _sha(state)
    result = runner.invoke(cli, ["recover", "--config", str(config)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{state}: damaged (quick check: ")
    [kept] = tmp_path.glob("state.sqlite3.damaged-*")
    assert re.fullmatch(r"state\.sqlite3\.damaged-\d{8}T\d{6}Z", kept.name)
    assert lines[1] == f"the old state file is kept as {kept}"
    assert _sha(kept) == damaged_sha  # the damaged file is kept as it was
    assert re.search(r"^  digests +1 of 1 row kept$", result.stdout, re.M)
    assert re.search(r"^  articles +\d+ ", result.stdout, re.M)
    status = runner.invoke(cli, ["status", "--config", str(config)])
    assert status.exit_code == 0, status.output
    again = runner.invoke(cli, ["run", "--config", str(config), "--date", "2025-12-04"])
    assert again.exit_code == 0, again.output
    with Store(state) as store:
        assert store.article_count() == 5  # every seed is back, read again where it was lost
        assert sqlite3.connect(state).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+\.html)">', index) == ["2025/12/digest-2025-12-04.html",
                                                              "2025/12/digest-2025-12-03.html"]


def test_recover_leaves_a_healthy_state_alone_unless_forced(runner, seed_inbox, config_file, tmp_path):
    config = config_file(seed_inbox)
    assert runner.invoke(cli, ["run", "--config", str(config), "--date", "2025-12-03"]).exit_code == 0
    state = tmp_path / "state.sqlite3"
    before = _sha(state)
    kept_keys = "SELECT key, value FROM meta WHERE key IN ('feed_urn', 'inbox')"
    meta = dict(sqlite3.connect(state).execute(kept_keys))
    assert set(meta) == {"feed_urn", "inbox"}
    result = runner.invoke(cli, ["recover", "--config", str(config)])
    assert result.exit_code == 0
    assert result.stdout == (f"{state}: healthy (quick check ok); nothing changed "
                             "(`digest recover --force` rebuilds it anyway)\n")
    assert _sha(state) == before and not list(tmp_path.glob("state.sqlite3.*-*"))
    forced = runner.invoke(cli, ["recover", "--config", str(config), "--force"])
    assert forced.exit_code == 0, forced.output
    assert forced.stdout.startswith(f"{state}: healthy; what could be read was copied into a fresh state\n")
    assert "  articles         5 of 5 rows kept\n" in forced.stdout
    assert "  files            5 of 5 rows kept\n" in forced.stdout
    assert len(list(tmp_path.glob("state.sqlite3.replaced-*"))) == 1
    # the feed keeps its id and the state its inbox
    assert dict(sqlite3.connect(state).execute(kept_keys)) == meta
    again = runner.invoke(cli, ["run", "--config", str(config), "--date", "2025-12-03"])
    assert again.exit_code == 0, again.output
    assert "unchanged" in again.stderr
    assert not re.search(r"^INFO new ", again.stderr, re.M)  # nothing had to be read again


def test_recover_waits_for_no_one(runner, seed_inbox, config_file, tmp_path):
    config = config_file(seed_inbox)
    Store(tmp_path / "state.sqlite3").close()
    lock = StateLock(tmp_path / "state.sqlite3")
    lock.acquire()
    try:
        result = runner.invoke(cli, ["recover", "--config", str(config), "--force"])
    finally:
        lock.release()
    assert result.exit_code == 3
    assert "another digest process" in result.stderr
    assert not list(tmp_path.glob("state.sqlite3.*-*"))


def test_one_bad_page_costs_only_the_rows_on_it(tmp_path):
    state = tmp_path / "state.sqlite3"
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with Store(state) as store, store.transaction():
        for n in range(1000):
            store.start_job(f"job-{n:04d}", start + timedelta(hours=n), start, 4242)
    data = state.read_bytes()
    page = data.index(b"job-0500") // PAGE
    on_page = {name.decode() for name in re.findall(rb"job-\d{4}", data[page * PAGE:(page + 1) * PAGE])}
    assert page > 1 and 10 < len(on_page) < 100 and "job-0500" in on_page
    _garble(state, page * PAGE, PAGE)
    result = recover(state)
    with Store(state) as store:
        kept = {row[0] for row in store.db.execute("SELECT job FROM job_runs")}
    assert kept == {f"job-{n:04d}" for n in range(1000)} - on_page
    [runs] = [t for t in result.tables if t.table == "job_runs"]
    assert runs.kept == 1000 - len(on_page)
    [(first, last)] = runs.unreadable
    assert last - first + 1 == len(on_page)


def test_recover_has_help_naming_the_kept_file_and_its_exit_codes(runner):
    result = runner.invoke(cli, ["recover", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Salvage a damaged state file into a fresh one; the inbox is read again for the rest." in text
    assert "<state>.damaged-<UTC time>, never deleted" in text
    assert "--force Rebuild the state even when the quick check finds it healthy." in text
    assert "3 nothing done: another digest process (a service?) is working on the same state" in text


@pytest.mark.parametrize("row, table", [
    (("a1", "newsrank", 3, '["Satz."]', 1), "summaries"),  # schema 2: with the summarizer's version
    (("a1", "newsrank", 3, '["Satz."]'), "summaries"),  # schema 1
    (("a1", "a2", "x.txt", "2025-12-03T06:00:00+00:00"), "versions"),
    (("digest", "2025-12-03", None, "w", "m", "h", "t", "[]", ""), "digests"),
    (("wiki", "digest", "2025-12-03", "{}", "s", "done", "", 1, "t"), "outbox"),
    (("a1", "k", '["topic"]'), "topic_index"),
    ((12, "a1"), "bands"),
    (("schema", "2"), "meta"),
])
def test_rows_of_unnamed_tables_are_told_apart_by_their_columns(row, table):
    from digest.recover import classify

    assert classify(row) == table
