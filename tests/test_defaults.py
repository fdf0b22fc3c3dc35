"""The built-in defaults are the shipped schedule.yaml, and a state belongs to the inbox it was made from."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from digest.cli import cli
from digest.config import STATE_IN_OUTPUT, Settings, load_config

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
SEEDS_RUN = ["--date", "2025-12-03", "--since", "2022-02-24"]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> Path:
    """An empty current folder with no schedule.yaml, as a user's ~/work."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def _meta(state: Path) -> dict[str, str]:
    db = sqlite3.connect(state)
    try:
        return dict(db.execute("SELECT key, value FROM meta WHERE key IN ('inbox', 'inbox_relative')"))
    finally:
        db.close()


def _contents(state: Path) -> tuple[list, ...]:
    """What a state holds of its inbox: files, articles, digests."""
    db = sqlite3.connect(state)
    try:
        return tuple(db.execute(sql).fetchall() for sql in (
            "SELECT path, sha256 FROM files ORDER BY path", "SELECT id FROM articles ORDER BY id",
            "SELECT kind, date, markdown, written_at FROM digests ORDER BY kind, date"))
    finally:
        db.close()


# one source of defaults ---------------------------------------------------------------------------


def test_the_packaged_defaults_are_the_repository_schedule_yaml():
    packaged = resources.files("digest").joinpath("schedule.yaml").read_bytes()
    assert packaged == (ROOT / "schedule.yaml").read_bytes(), (
        "digest/schedule.yaml (the built-in defaults) differs from ./schedule.yaml; "
        "copy ./schedule.yaml over it")


def test_builtin_defaults_are_the_settings_of_the_repository_schedule_yaml(elsewhere):
    builtin = load_config(None).settings
    assert builtin == load_config(ROOT / "schedule.yaml").settings
    assert len(builtin.topics) == 8 and len(builtin.sources) == 2
    assert [j.name for j in builtin.jobs] == ["pickup", "daily-digest", "weekly-digest"]
    selenskyj = next(s for s in builtin.speakers if s.name == "Wolodymyr Selenskyj")
    assert "Selenskyj" in selenskyj.aliases


def _scalars(data: dict, prefix: str = "") -> dict[str, object]:
    """Every scalar value of a YAML mapping by its dotted key (lists are left out)."""
    found: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            found.update(_scalars(value, f"{prefix}{key}."))
        elif not isinstance(value, list):
            found[prefix + key] = value
    return found


def test_the_schema_defaults_agree_with_the_shipped_file():
    """Code that builds Settings() itself meets the same values as a run without a config file."""
    shipped = _scalars(yaml.safe_load((ROOT / "schedule.yaml").read_text(encoding="utf-8")))
    schema = _scalars(Settings().model_dump())
    assert len(shipped) == 22
    assert {key: schema[key] for key in shipped} == shipped


def test_a_config_file_takes_each_key_it_leaves_out_from_the_defaults(tmp_path):
    path = tmp_path / "schedule.yaml"
    path.write_text("inbox: eingang\ndigest: {key_points: 2}\njobs:\n"
                    "  - {name: daily, action: digest, cron: '0 7 * * *'}\n", encoding="utf-8")
    config = load_config(path)
    builtin = load_config(None).settings
    assert config.inbox == tmp_path / "eingang" and config.output == tmp_path / "out"
    assert config.state == tmp_path / ".digest-state" / "state.sqlite3"  # relative to the config file
    assert config.settings.digest.key_points == 2 and config.settings.digest.voices == 12
    assert config.settings.topics == builtin.topics and config.settings.speakers == builtin.speakers
    assert [j.name for j in config.settings.jobs] == ["daily"]  # a list given is the whole list
    path.write_text("topics: []\n", encoding="utf-8")
    assert load_config(path).settings.topics == ()


def test_check_without_a_config_file_reports_the_shipped_topics_and_jobs(runner, elsewhere):
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "built-in defaults: OK (8 topics, 3 jobs)\n"


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_the_golden_digest_from_a_folder_without_a_config_file(runner, seed_inbox, elsewhere, tmp_path,
                                                               suffix):
    """Made with the built-in defaults, the digest of the seeds is the reviewed one (tests/test_golden.py
    makes that one with the repository's schedule.yaml): the same lexicon, speakers, sources."""
    out = tmp_path / "out"
    result = runner.invoke(cli, ["run", "--inbox", str(seed_inbox), "--out", str(out), *SEEDS_RUN])
    assert result.exit_code == 0, result.output
    made = out / "2025" / "12" / f"digest-2025-12-03.{suffix}"
    assert result.stdout.splitlines()[["md", "html"].index(suffix)] == str(made)
    reviewed = GOLDEN / f"digest-2025-12-03.{suffix}"
    assert made.read_text(encoding="utf-8") == reviewed.read_text(encoding="utf-8")
    # the state is in the output folder, and nothing was left in the folder the command was typed in
    assert (out / STATE_IN_OUTPUT).is_file()
    assert list(elsewhere.iterdir()) == []


def test_a_wheel_built_from_the_checkout_ships_the_defaults(tmp_path):
    """`pip install .` (not editable) from a clean checkout installs the defaults; they are found from
    any folder."""
    source = tmp_path / "checkout"  # what a clone holds, without what builds and runs leave behind
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "out", ".digest-state"))
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(wheels.glob("news_digest-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("digest/schedule.yaml") == (ROOT / "schedule.yaml").read_bytes()
        shipped = set(archive.namelist())
    # every module of the package is in the wheel (a package missing from pyproject.toml is not)
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "digest").rglob("*.py")}
    assert modules <= shipped, sorted(modules - shipped)
    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    probe = ("import json, digest, digest.cli, digest.config as c; s = c.load_config(None).settings; "
             "print(json.dumps("
             "[digest.__file__, len(s.topics), len(s.speakers), len(s.sources), len(s.jobs)]))")
    empty = tmp_path / "empty"
    empty.mkdir()
    done = subprocess.run([sys.executable, "-c", probe], cwd=empty, capture_output=True, text=True,
                          env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert done.returncode == 0, done.stderr
    where, topics, speakers, sources, jobs = json.loads(done.stdout)
    assert Path(where).is_relative_to(site)  # the installed copy, not the checkout
    assert (topics, speakers, sources, jobs) == (8, 10, 2, 3)


# a state belongs to its inbox ---------------------------------------------------------------------


def test_status_without_a_config_file_names_the_state_in_the_output_folder_and_its_inbox(
        runner, seed_inbox, elsewhere):
    assert runner.invoke(cli, ["run", "--inbox", str(seed_inbox), "--out", "out", *SEEDS_RUN]).exit_code == 0
    result = runner.invoke(cli, ["status"])
    assert result.exit_code == 0, result.output
    state = elsewhere / "out" / ".digest-state" / "state.sqlite3"
    assert result.stdout.splitlines()[0] == f"state: {state} (inbox: {seed_inbox.resolve()})"


def test_status_of_a_state_not_made_yet(runner, elsewhere):
    result = runner.invoke(cli, ["status"])
    assert result.stdout.splitlines()[0] == f"state: {elsewhere / 'out' / STATE_IN_OUTPUT} (inbox: none yet)"


def test_another_inbox_with_the_same_config_file_is_refused_and_nothing_is_mixed(runner, seed_inbox,
                                                                                   config_file, make_inbox,
                                                                                   tmp_path):
    """Issue 11, observation 2: `--config ../repo/schedule.yaml --inbox other/`."""
    config = config_file(seed_inbox)
    assert runner.invoke(cli, ["run", "--config", str(config), *SEEDS_RUN]).exit_code == 0
    state = tmp_path / "state.sqlite3"
    digest = tmp_path / "out" / "2025" / "12" / "digest-2025-12-03.md"
    written, stored = digest.read_bytes(), _contents(state)
    other = make_inbox({"neu.txt": "Gespräche in Genf\n\nDie Delegationen trafen sich in Genf.\n"}, "other")
    for command in (["run", *SEEDS_RUN], ["run", *SEEDS_RUN, "--preview"], ["timeline"]):
        result = runner.invoke(cli, [*command, "--config", str(config), "--inbox", str(other)])
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert result.stderr == (
            f"Error: {state}: this state belongs to the inbox {seed_inbox}, not {other}; the articles of two "
            f"inboxes are never mixed. Run with that inbox, or give {other} a state of its own: set 'state:' "
            f"in {config} to another file, or use a copy of {config} in another folder (its relative paths "
            "follow it)\n")
    assert digest.read_bytes() == written and _contents(state) == stored


def test_without_a_config_file_another_inbox_needs_another_output_folder(runner, seed_inbox, make_inbox,
                                                                         elsewhere, tmp_path):
    other = make_inbox({"neu.txt": "Gespräche in Genf\n\nDie Delegationen trafen sich in Genf.\n"}, "other")
    assert runner.invoke(cli, ["run", "--inbox", str(seed_inbox), "--out", "out", *SEEDS_RUN]).exit_code == 0
    refused = runner.invoke(cli, ["run", "--inbox", str(other), "--out", "out", *SEEDS_RUN])
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"Error: {elsewhere / 'out' / STATE_IN_OUTPUT}: this state belongs to the inbox {seed_inbox}, not "
        f"{other}; the articles of two inboxes are never mixed. Run with that inbox, or give {other} a state "
        "of its own: another output folder (--out; without a config file the state is "
        f"<out>/{STATE_IN_OUTPUT})\n")
    done = runner.invoke(cli, ["run", "--inbox", str(other), "--out", "out-other", *SEEDS_RUN])
    assert done.exit_code == 0, done.output
    text = (elsewhere / "out-other" / "2025" / "12" / "digest-2025-12-03.md").read_text(encoding="utf-8")
    assert "Datei `neu.txt`" in text and "001_9ab67507dfce0dbc.txt" not in text
    assert _meta(elsewhere / "out-other" / STATE_IN_OUTPUT)["inbox"] == str(other)


def _deployment(root: Path, seeds: Path) -> Path:
    """A folder holding schedule.yaml (relative paths), the inbox and the state."""
    root.mkdir()
    shutil.copytree(seeds, root / "inbox", copy_function=shutil.copy2)
    (root / "schedule.yaml").write_text("inbox: inbox\noutput: out\nstate: state/state.sqlite3\n",
                                        encoding="utf-8")
    return root / "schedule.yaml"


def test_a_state_moved_with_its_inbox_or_alone_keeps_working_and_the_record_follows(runner, seed_inbox,
                                                                                     tmp_path):
    config = _deployment(tmp_path / "deploy", seed_inbox)
    assert runner.invoke(cli, ["run", "--config", str(config), *SEEDS_RUN]).exit_code == 0
    assert _meta(tmp_path / "deploy" / "state" / "state.sqlite3") == {
        "inbox": str(tmp_path / "deploy" / "inbox"), "inbox_relative": "../inbox"}
    # the whole deployment folder moves: the inbox is where it was beside the state
    shutil.move(tmp_path / "deploy", tmp_path / "moved")
    config = tmp_path / "moved" / "schedule.yaml"
    result = runner.invoke(cli, ["run", "--config", str(config), "--date", "2025-12-04"])
    assert result.exit_code == 0, result.output
    assert _meta(tmp_path / "moved" / "state" / "state.sqlite3")["inbox"] == str(tmp_path / "moved" / "inbox")
    # the state alone moves elsewhere: its inbox is still at its recorded path
    config.write_text(f"inbox: inbox\noutput: out\nstate: {tmp_path / 'backup' / 'state.sqlite3'}\n",
                      encoding="utf-8")
    shutil.move(tmp_path / "moved" / "state", tmp_path / "backup")
    result = runner.invoke(cli, ["run", "--config", str(config), "--date", "2025-12-05"])
    assert result.exit_code == 0, result.output
    assert _meta(tmp_path / "backup" / "state.sqlite3") == {
        "inbox": str(tmp_path / "moved" / "inbox"), "inbox_relative": "../moved/inbox"}


def test_an_inbox_moved_alone_is_recognised_by_its_files(runner, seed_inbox, make_inbox, tmp_path):
    config = _deployment(tmp_path / "deploy", seed_inbox)
    assert runner.invoke(cli, ["run", "--config", str(config), *SEEDS_RUN]).exit_code == 0
    shutil.move(tmp_path / "deploy" / "inbox", tmp_path / "eingang")  # mv keeps sizes and times
    config.write_text(f"inbox: {tmp_path / 'eingang'}\noutput: out\nstate: state/state.sqlite3\n",
                      encoding="utf-8")
    result = runner.invoke(cli, ["run", "--config", str(config), "--date", "2025-12-04"])
    assert result.exit_code == 0, result.output
    assert _meta(tmp_path / "deploy" / "state" / "state.sqlite3")["inbox"] == str(tmp_path / "eingang")
    # but a new folder of other articles, where the recorded inbox is gone, is another inbox
    shutil.rmtree(tmp_path / "eingang")
    other = make_inbox({"neu.txt": "Gespräche in Genf\n\nDie Delegationen trafen sich in Genf.\n"}, "other")
    result = runner.invoke(cli, ["run", "--config", str(config), "--inbox", str(other),
                                 "--date", "2025-12-05"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tmp_path / 'deploy' / 'state' / 'state.sqlite3'}: this state "
                                    f"belongs to the inbox {tmp_path / 'eingang'}, not {other};")


def test_a_state_without_a_record_adopts_the_inbox_of_its_next_run(runner, seed_inbox, config_file, tmp_path):
    config = config_file(seed_inbox)
    assert runner.invoke(cli, ["run", "--config", str(config), *SEEDS_RUN]).exit_code == 0
    state = tmp_path / "state.sqlite3"
    db = sqlite3.connect(state)
    db.execute("DELETE FROM meta WHERE key IN ('inbox', 'inbox_relative')")  # as an earlier release left it
    db.commit()
    db.close()
    result = runner.invoke(cli, ["run", "--config", str(config), "--date", "2025-12-04"])
    assert result.exit_code == 0, result.output
    assert _meta(state) == {"inbox": str(seed_inbox), "inbox_relative": "inbox"}


@pytest.mark.parametrize("command", [["status"], ["timeline", "--date", "2025-12-03"],
                                     ["publish", "--date", "2025-12-03"], ["recover"]])
def test_every_state_command_finds_the_state_an_output_folder_holds(runner, seed_inbox, elsewhere, command):
    """--inbox and --out are common options: without a config file, --out says where the state is."""
    assert runner.invoke(cli, ["run", "--inbox", str(seed_inbox), "--out", "elsewhere-out",
                               *SEEDS_RUN]).exit_code == 0
    state = elsewhere / "elsewhere-out" / STATE_IN_OUTPUT
    result = runner.invoke(cli, [*command, "--inbox", str(seed_inbox), "--out", "elsewhere-out"])
    if command[0] == "status":
        assert result.stdout.splitlines()[0] == f"state: {state} (inbox: {seed_inbox.resolve()})"
    elif command[0] == "timeline":
        assert result.exit_code == 0, result.output
        assert "21. April 2025" in result.stdout  # the days of the seeds stored in that state
    elif command[0] == "publish":  # the built-in defaults have no targets: said before the state is read
        assert result.exit_code == 2 and "no publish targets configured" in result.stderr
    else:
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"{state}: healthy")
    assert not (elsewhere / "out").exists()  # nothing went to the default output folder
