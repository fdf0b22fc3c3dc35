"""A day's digest keeps its window: reruns without --since, an explicit --since, --since after --date."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from digest.cli import cli
from digest.compose import Window
from digest.config import load_config
from digest.pipeline import digest_window, starts_before
from digest.store import DigestRecord

from .conftest import set_arrival

DAY = "2025-12-03"
NEW = ("---\ntitle: Neue Gesprächsrunde in Genf\ndate: 2025-12-03T15:00:00+01:00\nsource: Agentur\n---\n"
       "Die Delegationen Russlands und der Ukraine trafen sich am Nachmittag in Genf. "
       "Beide Seiten sprachen von konstruktiven Gesprächen über eine Waffenruhe.\n")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _run(runner: CliRunner, config: Path, *args: str):
    """`digest -q run --config CONFIG ARGS`: only warnings and errors on stderr."""
    return runner.invoke(cli, ["-q", "run", "--config", str(config), *args])


def _articles(markdown: Path) -> list[str]:
    """The titles listed under the digest's 'Artikel' section."""
    section = markdown.read_text(encoding="utf-8").split("## Artikel")[1]
    return [line[4:] for line in section.splitlines() if line.startswith("### ")]


def _stored_windows(state: Path) -> list[tuple[str, str, str | None, str]]:
    db = sqlite3.connect(state)
    try:
        return db.execute("SELECT kind, date, window_start, window_end FROM digests ORDER BY date").fetchall()
    finally:
        db.close()


def _digest(tmp_path: Path, day: str = DAY) -> Path:
    return tmp_path / "out" / day[:4] / day[5:7] / f"digest-{day}.md"


# --- a rerun of the same date --------------------------------------------------------------


def test_quick_start_then_a_plain_run_the_same_day_keeps_all_five_seeds(runner, seed_inbox, config_file,
                                                                        tmp_path):
    """The README's quick start, then `digest run` as typed the same day: nothing drops out."""
    config = config_file(seed_inbox)
    first = _run(runner, config, "--since", "2022-02-24")
    assert (first.exit_code, first.stderr) == (0, "")
    today = datetime.now(ZoneInfo("Europe/Berlin")).date().isoformat()
    written = _digest(tmp_path, today)
    assert len(_articles(written)) == 5
    again = _run(runner, config)
    assert (again.exit_code, again.stderr) == (0, "")
    assert len(_articles(written)) == 5
    end = datetime.combine(date.fromisoformat(today) + timedelta(days=1), datetime.min.time())
    assert _stored_windows(tmp_path / "state.sqlite3") == [
        ("digest", today, "2022-02-24T00:00:00", end.isoformat())]


def test_a_plain_rerun_of_a_date_keeps_its_window_and_writes_nothing_new(runner, seed_inbox, config_file,
                                                                        tmp_path):
    config = config_file(seed_inbox)
    assert _run(runner, config, "--date", DAY, "--since", "2022-02-24").exit_code == 0
    before = _digest(tmp_path).read_text(encoding="utf-8")
    again = _run(runner, config, "--date", DAY)
    assert (again.exit_code, again.stderr) == (0, "")
    assert _digest(tmp_path).read_text(encoding="utf-8") == before
    assert _stored_windows(tmp_path / "state.sqlite3") == [
        ("digest", DAY, "2022-02-24T00:00:00", "2025-12-04T00:00:00")]


def test_a_plain_rerun_adds_what_is_new_to_the_window_it_was_written_with(runner, seed_inbox, config_file,
                                                                          tmp_path):
    config = config_file(seed_inbox)
    assert _run(runner, config, "--date", DAY, "--since", "2022-02-24").exit_code == 0
    (seed_inbox / "neu.md").write_text(NEW, encoding="utf-8")
    set_arrival(seed_inbox / "neu.md")
    again = _run(runner, config, "--date", DAY)
    assert (again.exit_code, again.stderr) == (0, "")
    titles = _articles(_digest(tmp_path))
    assert len(titles) == 6 and titles[0] == "Neue Gesprächsrunde in Genf"
    july = "Die Ukraine hat Russland für kommende Woche neue Verhandlungen für eine Waffenruhe vorgeschlagen"
    assert july in titles  # the July 2025 seed is still there
    assert _stored_windows(tmp_path / "state.sqlite3")[0][2] == "2022-02-24T00:00:00"


def test_an_explicit_later_since_narrows_the_window_and_says_so(runner, seed_inbox, config_file, tmp_path):
    config = config_file(seed_inbox)
    assert _run(runner, config, "--date", DAY, "--since", "2022-02-24").exit_code == 0
    narrowed = _run(runner, config, "--date", DAY, "--since", "2025-12-01")
    assert narrowed.exit_code == 0
    assert narrowed.stderr == (
        "WARNING digest 2025-12-03: --since 2025-12-01 starts the window later than the digest written "
        "before (from 2022-02-24); what is placed before 2025-12-01 is left out of it\n")
    assert len(_articles(_digest(tmp_path))) == 3
    # the narrower window is now the digest's own: a plain rerun keeps it, without a word
    again = _run(runner, config, "--date", DAY)
    assert (again.exit_code, again.stderr) == (0, "")
    assert _stored_windows(tmp_path / "state.sqlite3")[0][2] == "2025-12-01T00:00:00"


def test_an_explicit_earlier_since_widens_the_window_without_a_warning(runner, seed_inbox, config_file,
                                                                       tmp_path):
    config = config_file(seed_inbox)
    assert _run(runner, config, "--date", DAY).exit_code == 0
    assert len(_articles(_digest(tmp_path))) == 3  # the first window: the day itself
    wider = _run(runner, config, "--date", DAY, "--since", "2022-02-24")
    assert (wider.exit_code, wider.stderr) == (0, "")
    assert len(_articles(_digest(tmp_path))) == 5


# --- --since after --date ------------------------------------------------------------------


@pytest.mark.parametrize(("command", "rule"), [
    ("run", "the window must start on or before the digest's date"),
    ("timeline", "the timeline must start on or before its last day"),
])
def test_since_after_date_is_refused_with_exit_2(runner, seed_inbox, config_file, tmp_path, command, rule):
    config = config_file(seed_inbox)
    result = runner.invoke(cli, [command, "--config", str(config), "--date", "2025-04-22",
                                 "--since", "2025-05-01"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: --since 2025-05-01 is after --date 2025-04-22; {rule}\n"
    assert result.stdout == ""
    assert not (tmp_path / "out").exists() and not (tmp_path / "state.sqlite3").exists()


def test_since_after_today_is_refused_with_exit_2(runner, seed_inbox, config_file, tmp_path):
    config = config_file(seed_inbox)
    result = runner.invoke(cli, ["run", "--config", str(config), "--since", "2999-01-01"])
    today = datetime.now(ZoneInfo("Europe/Berlin")).date().isoformat()
    assert result.exit_code == 2
    assert result.stderr == (f"Error: --since 2999-01-01 is after today, {today}; "
                             "the window must start on or before the digest's date\n")
    assert not (tmp_path / "state.sqlite3").exists()


def test_since_on_the_date_itself_is_a_one_day_window(runner, seed_inbox, config_file, tmp_path):
    result = _run(runner, config_file(seed_inbox), "--date", DAY, "--since", DAY)
    assert (result.exit_code, result.stderr) == (0, "")
    assert _stored_windows(tmp_path / "state.sqlite3") == [
        ("digest", DAY, "2025-12-03T00:00:00", "2025-12-04T00:00:00")]


# --- the window rule -----------------------------------------------------------------------

D3 = date(2025, 12, 3)
END = datetime(2025, 12, 4)


def _record(start: datetime | None, day: date = D3) -> DigestRecord:
    return DigestRecord(day, start, datetime.combine(day, datetime.min.time()) + timedelta(days=1))


@pytest.mark.parametrize(("previous", "since", "window_days", "written", "start"), [
    (None, None, None, None, datetime(2025, 12, 3)),  # the first window: one day
    (_record(None, date(2025, 12, 1)), None, None, None, datetime(2025, 12, 2)),  # since the previous
    (None, None, None, _record(datetime(2022, 2, 24)), datetime(2022, 2, 24)),  # kept on a rerun
    (None, None, None, _record(None), None),  # written 'from the start': kept
    (_record(None, date(2025, 12, 1)), None, None, _record(datetime(2025, 12, 3)), datetime(2025, 12, 2)),
    (None, None, 7, None, datetime(2025, 11, 27)),  # a job's fixed window
    (None, None, 7, _record(datetime(2022, 2, 24)), datetime(2022, 2, 24)),  # a job's rerun keeps it too
    (None, datetime(2025, 12, 1), None, _record(datetime(2022, 2, 24)), datetime(2025, 12, 1)),  # asked
    (None, datetime(2022, 2, 24), 7, _record(datetime(2025, 12, 1)), datetime(2022, 2, 24)),
])
def test_the_window_of_a_digest(seed_inbox, config_file, previous, since, window_days, written, start):
    config = load_config(config_file(seed_inbox))
    assert digest_window(config, D3, previous, since, window_days, written) == Window(start, END)


@pytest.mark.parametrize(("start", "other", "before"), [
    (None, None, False),
    (None, datetime(2025, 12, 3), True),
    (datetime(2025, 12, 3), None, False),
    (datetime(2025, 12, 2), datetime(2025, 12, 3), True),
    (datetime(2025, 12, 3), datetime(2025, 12, 3), False),
    (datetime(2025, 12, 4), datetime(2025, 12, 3), False),
])
def test_starts_before(start, other, before):
    assert starts_before(start, other) is before
