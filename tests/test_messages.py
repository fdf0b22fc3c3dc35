"""What the commands say when something is missing or wrong: exact messages and exit codes (issue 11)."""

import json
import logging
import os
import shutil

import pytest
from click.testing import CliRunner

from digest.cli import calendar_day, cli
from digest.i18n import counted

from .conftest import SEEDS

SEED = SEEDS / "001_9ab67507dfce0dbc.txt"
README_PUBLISHING = 'see "Archive, feed and publishing" in the README'


@pytest.fixture
def runner():
    return CliRunner()


# --date and --since: a malformed text and a day that is not in the calendar -----------------------


@pytest.mark.parametrize("text, message", [
    ("2025-02-30", "2025-02-30 is not a day of the calendar (February 2025 has 28 days)"),
    ("2025-02-29", "2025-02-29 is not a day of the calendar (February 2025 has 28 days)"),
    ("2025-04-31", "2025-04-31 is not a day of the calendar (April 2025 has 30 days)"),
    ("2025-12-00", "2025-12-00 is not a day of the calendar (December 2025 has 31 days)"),
    ("2025-13-01", "2025-13-01 is not a day of the calendar (months run from 01 to 12)"),
    ("0000-01-01", "0000-01-01 is not a day of the calendar (years run from 0001 to 9999)"),
    ("3.12.2025", "expected a date as YYYY-MM-DD, got '3.12.2025'"),
    ("2025-12-3", "expected a date as YYYY-MM-DD, got '2025-12-3'"),
    ("20251203", "expected a date as YYYY-MM-DD, got '20251203'"),
    ("2025-１２-03", "expected a date as YYYY-MM-DD, got '2025-１２-03'"),
])
def test_calendar_day_says_what_is_wrong(text, message):
    with pytest.raises(ValueError) as info:
        calendar_day(text)
    assert str(info.value) == message


@pytest.mark.parametrize("text, day", [("2024-02-29", (2024, 2, 29)), ("2025-12-31", (2025, 12, 31)),
                                       ("0001-01-01", (1, 1, 1))])
def test_calendar_day_of_real_days(text, day):
    assert calendar_day(text).timetuple()[:3] == day


@pytest.mark.parametrize("option", ["--date", "--since"])
@pytest.mark.parametrize("command", ["run", "timeline"])
def test_a_day_not_in_the_calendar_is_named_with_its_option(runner, config_file, tmp_path, command, option):
    config = config_file(tmp_path / "inbox")
    result = runner.invoke(cli, [command, "--config", str(config), option, "2025-02-30"])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {option}: 2025-02-30 is not a day of the calendar "
                             "(February 2025 has 28 days)\n")
    assert not (tmp_path / "state.sqlite3").exists()


@pytest.mark.parametrize("option", ["--date", "--since"])
def test_a_malformed_day_keeps_the_format_message(runner, config_file, tmp_path, option):
    config = config_file(tmp_path / "inbox")
    result = runner.invoke(cli, ["run", "--config", str(config), option, "30.2.2025"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {option}: expected a date as YYYY-MM-DD, got '30.2.2025'\n"


def test_publish_date_not_in_the_calendar(runner, config_file, tmp_path):
    config = config_file(tmp_path / "inbox", extra=MAIL_TARGET)
    result = runner.invoke(cli, ["publish", "--config", str(config), "--date", "2025-04-31"])
    assert result.exit_code == 2
    assert result.stderr == ("Error: --date: 2025-04-31 is not a day of the calendar "
                             "(April 2025 has 30 days)\n")


# digest publish: no targets at all, versus no digest of that date --------------------------------

MAIL_TARGET = """
publish:
  - {type: mail, name: team, host: 127.0.0.1, port: 9, security: none, sender: digest@example.org,
     recipients: [lage@example.org], timeout: 1}
"""


def test_publish_without_targets_names_the_config_file_and_key(runner, config_file, tmp_path):
    config = config_file(tmp_path / "inbox")
    result = runner.invoke(cli, ["publish", "--config", str(config), "--date", "2025-12-03"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (f"Error: {config}: publish: no publish targets configured; add a 'publish:' "
                             f"list of targets ({README_PUBLISHING})\n")
    assert not (tmp_path / "state.sqlite3").exists()  # said before any state is touched


def test_publish_without_targets_and_a_target_asked_for_says_there_are_none(runner, config_file, tmp_path):
    config = config_file(tmp_path / "inbox")
    result = runner.invoke(cli, ["publish", "--config", str(config), "--target", "wiki"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {config}: publish: no publish targets configured;")


def test_publish_without_a_config_file_says_the_defaults_have_no_targets(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["publish", "--date", "2025-12-03"])
    assert result.exit_code == 2
    assert result.stderr == ("Error: no publish targets configured: the built-in defaults have none; write a "
                             "config file with a 'publish:' list of targets and pass it with --config "
                             f"({README_PUBLISHING})\n")


def test_publish_with_targets_but_no_digest_of_that_date_says_write_it_first(runner, config_file, tmp_path):
    config = config_file(tmp_path / "inbox", extra=MAIL_TARGET)
    result = runner.invoke(cli, ["publish", "--config", str(config), "--date", "2025-12-01"])
    assert result.exit_code == 2
    assert result.stderr == ("Error: nothing to publish for 2025-12-01: write the digest first with "
                             "`digest run --date 2025-12-01`\n")


def test_publish_help_names_both_reasons_for_exit_2(runner):
    result = runner.invoke(cli, ["publish", "--help"])
    assert ("    2  nothing to publish: no publish targets configured, no such target, or\n"
            "       no digest written for that date\n") in result.output


# digest summarize: each file on its own; exit 2 only when nothing was summarized ---------------------


@pytest.fixture
def files(tmp_path):
    """One readable article and one file of each kind that cannot be read."""
    good = tmp_path / "a.txt"
    shutil.copy(SEED, good)
    binary = tmp_path / "bild.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    empty = tmp_path / "leer.txt"
    empty.write_bytes(b"")
    folder = tmp_path / "ordner.txt"
    folder.mkdir()
    fifo = tmp_path / "rohr.txt"
    os.mkfifo(fifo)
    return {"good": good, "missing": tmp_path / "fehlt.txt", "binary": binary, "empty": empty,
            "folder": folder, "fifo": fifo}


REASONS = {
    "missing": "no such file",
    "binary": "binary data, not text",
    "empty": "empty file",
    "folder": "is a folder, not a file; name the article files in it",
    "fifo": "not a regular file",
}
ARGS = ["--sentences", "1", "--algorithm", "luhn"]


def _summary_line(runner, path):
    result = runner.invoke(cli, ["summarize", str(path), *ARGS])
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    return line


def test_summarize_text_summarizes_the_readable_and_names_each_unreadable(runner, files):
    names = ["good", *REASONS]
    result = runner.invoke(cli, ["summarize", *(str(files[n]) for n in names), *ARGS])
    assert result.exit_code == 1
    assert result.stdout == f"==> {files['good']} <==\n{_summary_line(runner, files['good'])}\n"
    assert result.stderr.splitlines() == [f"Error: {files[n]}: {REASONS[n]}" for n in REASONS]


def test_summarize_jsonl_puts_an_error_object_in_place_of_each_unreadable(runner, files):
    names = [*REASONS, "good"]
    result = runner.invoke(cli, ["summarize", *(str(files[n]) for n in names), *ARGS, "--format", "jsonl"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[:-1] == [{"file": str(files[n]), "error": REASONS[n]} for n in REASONS]
    assert records[-1] == {"file": str(files["good"]), "sentences": [_summary_line(runner, files["good"])],
                           "algorithm": "luhn"}
    assert result.stderr == ""


@pytest.mark.parametrize("name", list(REASONS))
def test_summarize_a_single_unreadable_file_is_exit_2_in_text(runner, files, name):
    result = runner.invoke(cli, ["summarize", str(files[name])])
    assert result.exit_code == 2
    assert (result.stdout, result.stderr) == ("", f"Error: {files[name]}: {REASONS[name]}\n")


@pytest.mark.parametrize("name", list(REASONS))
def test_summarize_a_single_unreadable_file_is_exit_2_in_jsonl(runner, files, name):
    result = runner.invoke(cli, ["summarize", str(files[name]), "--format", "jsonl"])
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {"file": str(files[name]), "error": REASONS[name]}


def test_summarize_nothing_readable_among_many_is_exit_2(runner, files):
    result = runner.invoke(cli, ["summarize", str(files["empty"]), str(files["missing"])])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"Error: {files['empty']}: empty file",
                                          f"Error: {files['missing']}: no such file"]


def test_summarize_reads_a_symlink_where_it_points(runner, files, tmp_path):
    (tmp_path / "links").mkdir()
    link = tmp_path / "links" / "a.txt"
    link.symlink_to(files["good"])
    assert _summary_line(runner, link) == _summary_line(runner, files["good"])


def test_summarize_help_says_what_the_exit_codes_above_show(runner):
    result = runner.invoke(cli, ["summarize", "--help"])
    assert ("    0  every FILE summarized\n"
            "    1  some FILEs summarized, the others could not be read (text: each named\n"
            '       on stderr; jsonl: a {"file", "error"} object in its place)\n'
            "    2  nothing summarized: bad usage or configuration, or no FILE could be read\n"
            "       (a single FILE that could not be read is named the same way)\n") in result.output


# the catch-up's log: the digest's articles and the inbox's new ones, in the same words twice ---------


TOPICS = ["einer Waffenruhe", "dem Gefangenenaustausch", "der Getreideausfuhr", "dem Atomkraftwerk",
          "den Sanktionen"]
PLACES = ["Genf", "Istanbul", "Riad", "Wien", "Oslo"]


def _dated(day: str, i: int) -> str:
    """An article dated ``day``, its text unlike that of another ``i``."""
    return (f"---\ntitle: Gespräche in {PLACES[i]}\ndate: {day}\nsource: Agentur A\n---\n"
            f"Die Delegationen trafen sich in {PLACES[i]} zu Gesprächen über {TOPICS[i]}.\n")


def _catch_up_log(config, caplog):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from digest import service
    from digest.config import load_config

    caplog.set_level(logging.INFO)
    now = datetime(2025, 12, 3, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    [outcome] = service.catch_up(load_config(config), now)
    return outcome, [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]


DAILY = "jobs:\n  - {name: daily, action: digest, cron: '0 7 * * *'}\n"


def test_catch_up_log_tells_articles_in_the_digest_apart_from_new_ones_picked_up(make_inbox, config_file,
                                                                                   caplog):
    inbox = make_inbox({f"alt{i}.md": _dated(f"2025-01-1{i}", i) for i in range(5)})
    outcome, lines = _catch_up_log(config_file(inbox, extra=DAILY), caplog)
    counts = "0 articles in the digest; 5 new articles picked up, 5 summaries made, 0 files skipped"
    assert f"digest digest 2025-12-03: {counts}" in lines
    assert lines[-1] == f"job daily ended: ok; digest-2025-12-03.md: {counts}"
    assert (outcome.outcome, outcome.detail) == ("ok", f"digest-2025-12-03.md: {counts}")


def test_catch_up_log_counts_one_in_the_singular(make_inbox, config_file, caplog):
    inbox = make_inbox({"neu.md": _dated("2025-12-03", 0), "leer.txt": ""})
    outcome, lines = _catch_up_log(config_file(inbox, extra=DAILY), caplog)
    counts = "1 article in the digest; 1 new article picked up, 1 summary made, 1 file skipped"
    assert f"digest digest 2025-12-03: {counts}" in lines
    assert (outcome.outcome, outcome.detail) == ("skipped files", f"digest-2025-12-03.md: {counts}")


# counts in the singular and the plural -----------------------------------------------------------


@pytest.mark.parametrize("count, noun, plural, text", [
    (0, "article", None, "0 articles"),
    (1, "article", None, "1 article"),
    (2, "new article", None, "2 new articles"),
    (1, "summary", "summaries", "1 summary"),
    (5, "summary", "summaries", "5 summaries"),
])
def test_counted(count, noun, plural, text):
    assert counted(count, noun, plural) == text


def test_check_counts_one_topic_and_one_job(runner, config_file, tmp_path):
    one_each = ("topics:\n  - {key: talks, label: Gespräche, keywords: [Genf]}\n"
                "jobs:\n  - {name: daily, action: digest, cron: '0 7 * * *'}\n")
    config = config_file(tmp_path / "inbox", extra=one_each)
    result = runner.invoke(cli, ["check", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{config}: OK (1 topic, 1 job)\n"


def test_recover_counts_rows_and_problems_in_the_singular():
    from digest.recover import Salvaged, _table_line, describe_problems

    assert describe_problems(("page 3 is never used", "page 4 is never used")) == (
        "quick check: page 3 is never used and 1 more problem")
    assert _table_line(Salvaged("digests", 1, 1, (), 0)) == "1 of 1 row kept"
    assert _table_line(Salvaged("digests", 1, None, ((8, 9),), 0)) == (
        "1 row kept, the table could not be counted; unreadable: rowids 8-9")


def test_an_article_cut_by_one_sentence_says_so_in_the_singular():
    from digest.pickup import _left_out

    assert _left_out("a.txt", "5,000 sentences", 1, "5,000 sentences") == (
        "a.txt: only the first 5,000 sentences of the article are read; 1 more sentence is left out "
        "(at most 5,000 sentences are read: no news article is this long)")
    assert _left_out("a.txt", "5,000 sentences", 2, "5,000 sentences").startswith(
        "a.txt: only the first 5,000 sentences of the article are read; 2 more sentences are left out ")


def test_status_counts_one_earlier_version_and_one_attempt(runner, make_inbox, config_file):
    inbox = make_inbox({"a.md": _dated("2025-12-03", 0)})
    config = str(config_file(inbox, extra=MAIL_TARGET))
    assert runner.invoke(cli, ["run", "--config", config, "--date", "2025-12-03"]).exit_code == 0
    changed = _dated("2025-12-03", 0) + "Am Abend reisten sie wieder ab.\n"
    (inbox / "a.md").write_text(changed, encoding="utf-8")
    assert runner.invoke(cli, ["run", "--config", config, "--date", "2025-12-03"]).exit_code == 0
    published = runner.invoke(cli, ["publish", "--config", config, "--date", "2025-12-03"])
    assert published.exit_code == 1  # nothing listens on port 9
    lines = runner.invoke(cli, ["status", "--config", config]).stdout.splitlines()
    assert "articles: 1 (+1 earlier version) · digests: 1" in lines
    [delivery] = [line for line in lines if line.startswith("  team digest 2025-12-03: failed after ")]
    assert delivery.startswith("  team digest 2025-12-03: failed after 1 attempt: 127.0.0.1:9: ")
