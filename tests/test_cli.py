import re

import pytest
from click.testing import CliRunner

from digest import __version__
from digest.cli import cli

from .conftest import ROOT


@pytest.fixture
def runner():
    return CliRunner()


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"digest, version {__version__}\n"


@pytest.mark.parametrize("command, code_one", [
    ([], "1  done, but some inbox files were skipped"),
    (["run"], "1  done, but some inbox files were skipped"),
    (["summarize"], "1  some FILEs summarized, the others could not be read"),
    (["timeline"], "1  done, but some inbox files were skipped"),
    (["serve"], "1  done, but some inbox files were skipped"),
    (["publish"], "1  some deliveries failed"),
    (["status"], None),
    (["check"], None),
])
def test_every_command_has_help_with_exit_codes(runner, command, code_one):
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage: digest" in result.output
    if code_one:
        assert "Exit codes:" in result.output
        assert code_one in result.output


def test_run_writes_both_files_and_prints_their_paths(runner, seed_inbox, config_file, tmp_path):
    config = config_file(seed_inbox)
    result = runner.invoke(cli, ["run", "--config", str(config), "--date", "2025-12-03"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "2025" / "12"
    assert result.stdout == f"{out / 'digest-2025-12-03.md'}\n{out / 'digest-2025-12-03.html'}\n"


def test_run_with_inbox_and_out_options(runner, seed_inbox, config_file, tmp_path):
    config = config_file(tmp_path / "elsewhere")
    result = runner.invoke(cli, ["run", "--config", str(config), "--inbox", str(seed_inbox),
                                 "--out", str(tmp_path / "o2"), "--date", "2025-12-03"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o2" / "2025" / "12" / "digest-2025-12-03.html").is_file()


def test_missing_inbox_is_one_line_and_exit_2(runner, config_file, tmp_path):
    config = config_file(tmp_path / "fehlt")
    result = runner.invoke(cli, ["run", "--config", str(config)])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {tmp_path / 'fehlt'}: inbox folder not found; "
                             "create it or pass --inbox PATH (config: inbox)\n")


def test_bad_config_key_exit_2_names_the_key(runner, seed_inbox, config_file):
    config = config_file(seed_inbox, extra="colour: red\n")
    result = runner.invoke(cli, ["run", "--config", str(config)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {config}: colour: unknown key; expected one of: language,")


def test_check_reports_all_problems(runner, seed_inbox, config_file):
    config = config_file(seed_inbox, extra="colour: red\nmax_file_mb: -1\n")
    result = runner.invoke(cli, ["check", "--config", str(config)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"Error: {config}: max_file_mb: expected a value greater than 0")


def test_check_ok(runner):
    result = runner.invoke(cli, ["check", "--config", str(ROOT / "schedule.yaml")])
    assert result.exit_code == 0
    assert result.output == f"{ROOT / 'schedule.yaml'}: OK (8 topics, 3 jobs)\n"


def test_bad_date_exit_2(runner, seed_inbox, config_file):
    result = runner.invoke(cli, ["run", "--config", str(config_file(seed_inbox)), "--date", "3.12.2025"])
    assert result.exit_code == 2
    assert result.stderr == "Error: --date: expected a date as YYYY-MM-DD, got '3.12.2025'\n"


def test_skipped_file_gives_exit_1(runner, make_inbox, config_file):
    inbox = make_inbox({"a.txt": "Gespräche in Genf\n\nDie Delegationen trafen sich in Genf.\n", "b.txt": ""})
    result = runner.invoke(cli, ["run", "--config", str(config_file(inbox)), "--date", "2025-12-03"])
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("WARNING")] == [
        "WARNING skipped b.txt: empty file"]


def test_summarize_prints_sentences_of_the_article(runner):
    seed = ROOT / "seeds" / "001_9ab67507dfce0dbc.txt"
    result = runner.invoke(cli, ["summarize", str(seed), "--sentences", "2", "--algorithm", "luhn"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    text = seed.read_text(encoding="utf-8")
    assert all(line in text for line in lines)


def test_summarize_missing_file(runner, tmp_path):
    result = runner.invoke(cli, ["summarize", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'nope.txt'}: no such file\n"


def test_summarize_unreadable_file(runner, tmp_path):
    path = tmp_path / "leer.txt"
    path.write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["summarize", str(path)])
    assert result.exit_code == 2
    assert re.fullmatch(rf"Error: {re.escape(str(path))}: empty file\n", result.stderr)


def test_preview_prints_where_files_would_go(runner, seed_inbox, config_file, tmp_path):
    config = config_file(seed_inbox)
    result = runner.invoke(cli, ["run", "--config", str(config), "--date", "2025-12-03", "--preview"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "2025" / "12"
    assert result.stdout == (f"would write {out / 'digest-2025-12-03.md'}\n"
                             f"would write {out / 'digest-2025-12-03.html'}\n")
    assert not (tmp_path / "out").exists()


def test_timeline_in_tilse_format_days_only(runner, make_inbox, config_file):
    inbox = make_inbox({"a.md": "---\ntitle: Gespräche\ndate: 2025-12-03\nsource: A\n---\n"
                                "Die Delegationen trafen sich in Genf. Der Vorstoß vom 6. August 2024 "
                                "wurde besprochen. Im Frühjahr 2022 hatte es erste Gespräche gegeben.\n"})
    result = runner.invoke(cli, ["timeline", "--config", str(config_file(inbox)), "--date", "2025-12-03",
                                 "--format", "tilse", "--dates", "5", "--per-date", "2"])
    assert result.exit_code == 0, result.output
    dashes = "-" * 32  # tilse reads only this separator
    lines = result.stdout.splitlines()
    # the season counts for its days but is never printed as a day: its sentence is news of the 3rd
    assert lines[:3] == ["2024-08-06", "Der Vorstoß vom 6. August 2024 wurde besprochen.", dashes]
    assert lines[3] == "2025-12-03" and lines[-1] == dashes and len(lines) == 7
    assert sorted(lines[4:6]) == ["Die Delegationen trafen sich in Genf.",
                                  "Im Frühjahr 2022 hatte es erste Gespräche gegeben."]


def test_timeline_to_a_file_in_markdown_no_sentence_twice(runner, make_inbox, config_file, tmp_path):
    inbox = make_inbox({"a.md": "---\ntitle: Gespräche\ndate: 2025-12-03\nsource: A\n---\n"
                                "Die Delegationen trafen sich am 2. Dezember 2025 in Genf.\n"})
    target = tmp_path / "chronik.md"
    result = runner.invoke(cli, ["timeline", "--config", str(config_file(inbox)), "--date", "2025-12-03",
                                 "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{target}\n"
    assert target.read_text(encoding="utf-8").splitlines() == [  # on the day it names, not also on the 3rd
        "- **2. Dezember 2025**",
        "  - Die Delegationen trafen sich am 2. Dezember 2025 in Genf. (A: Gespräche)",
    ]


def test_a_bug_is_reported_with_its_traceback_and_exit_4(monkeypatch, capsys, seed_inbox, config_file):
    import digest.pipeline
    from digest.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(digest.pipeline, "run", broken)
    monkeypatch.setattr("sys.argv", ["digest", "run", "--config", str(config_file(seed_inbox))])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 4
    err = capsys.readouterr().err
    assert "RuntimeError: kaputt" in err
    assert err.rstrip().splitlines()[-1] == (
        "Error: internal error (a bug in news digest); please report the traceback above")


def test_status_lists_runs_next_times_counts_and_skipped(runner, make_inbox, config_file, tmp_path):
    inbox = make_inbox({"a.txt": "Gespräche in Genf\n\nDie Delegationen trafen sich in Genf zu Gesprächen.\n",
                        "leer.txt": ""})
    config = config_file(inbox, extra="jobs:\n  - {name: daily, action: digest, cron: '0 7 * * *'}\n")
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from digest import service
    from digest.config import load_config

    service.catch_up(load_config(config), datetime(2025, 12, 3, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    result = runner.invoke(cli, ["status", "--config", str(config)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"state: {tmp_path / 'state.sqlite3'} (inbox: {inbox.resolve()})"
    assert lines[1] == "articles: 1 (+0 earlier versions) · digests: 1"
    [run_] = service.status(load_config(config)).last_runs
    assert run_.detail == ("digest-2025-12-03.md: 1 article in the digest; 1 new article picked up, "
                           "1 summary made, 1 file skipped")
    started = f"{run_.started.astimezone(ZoneInfo('Europe/Berlin')):%Y-%m-%d %H:%M:%S}"
    assert lines[2:] == [
        "service: not running; no job runs until `digest serve` is started",  # so no next runs
        "last run of each job:",
        f"  daily                {started}  skipped files  {run_.detail}",
        "  run (manual)         not run yet",
        "recent runs:",
        f"  {started}  daily                skipped files  {run_.detail}",
        "skipped files: 1", "  leer.txt: empty file", "publishing not done: 0"]


def test_summarize_many_files_as_jsonl(runner, tmp_path):
    import json

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    broken = tmp_path / "leer.txt"
    broken.write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["summarize", *map(str, seeds), str(broken), "--sentences", "2",
                                 "--algorithm", "luhn", "--format", "jsonl"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in records] == [*map(str, seeds), str(broken)]
    for record, seed in zip(records, seeds, strict=False):
        assert record["algorithm"] == "luhn" and len(record["sentences"]) == 2
        assert all(s in seed.read_text(encoding="utf-8") for s in record["sentences"])
    assert records[-1] == {"file": str(broken), "error": "empty file"}


def test_summarize_many_files_as_text(runner):
    seeds = sorted((ROOT / "seeds").glob("*.txt"))[:2]
    result = runner.invoke(cli, ["summarize", *map(str, seeds), "--sentences", "1"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"==> {seeds[0]} <==" and lines[2] == f"==> {seeds[1]} <==" and len(lines) == 4
