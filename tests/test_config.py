from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from digest.config import ALGORITHMS, ConfigError, load_config, parse_settings

ROOT = Path(__file__).resolve().parent.parent


def test_default_config_is_valid_and_resolves_paths_against_its_folder():
    config = load_config(ROOT / "schedule.yaml")
    assert config.inbox == ROOT / "seeds"
    assert config.output == ROOT / "out"
    assert config.settings.language == "german"
    assert {t.key for t in config.settings.topics} >= {
        "ceasefire", "territory", "security", "nato", "sanctions", "humanitarian", "talks"
    }


def test_builtin_defaults_without_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config(None)
    assert config.path is None
    assert config.inbox == tmp_path / "seeds"
    assert config.output == tmp_path / "out"
    assert config.state == tmp_path / "out" / ".digest-state" / "state.sqlite3"
    assert config.settings.summary.algorithm in ALGORITHMS


def test_without_a_file_the_state_follows_the_output_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    moved = load_config(None).with_paths(output=tmp_path / "o2")
    assert moved.state == tmp_path / "o2" / ".digest-state" / "state.sqlite3"
    again = moved.with_paths(output=tmp_path / "o3")
    assert again.state == tmp_path / "o3" / ".digest-state" / "state.sqlite3"
    pinned = moved.with_paths(state=tmp_path / "s.sqlite3")
    assert pinned.with_paths(output=tmp_path / "o4").state == tmp_path / "s.sqlite3"


def test_with_a_file_the_state_stays_where_it_says(tmp_path):
    config = load_config(ROOT / "schedule.yaml").with_paths(output=tmp_path / "o2")
    assert config.output == tmp_path / "o2"
    assert config.state == ROOT / ".digest-state" / "state.sqlite3"


@pytest.mark.parametrize("text, expected", [
    ("- a\n- list\n", "expected a mapping of keys at the top level, got ['a', 'list']"),
    ("summary: 3\n", "summary: expected a valid dictionary or instance of SummaryConfig, got 3"),
    ("topics: []\ntopics: []\n", "line 2, column 1: invalid YAML: duplicate key 'topics'"),
])
def test_a_config_file_merged_with_the_defaults_still_reports_its_own_problems(tmp_path, text, expected):
    path = tmp_path / "schedule.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.problems[0].startswith(expected), info.value.problems


def _problems(data):
    with pytest.raises(ConfigError) as info:
        parse_settings(data, "schedule.yaml")
    return info.value.problems


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"jobs": [{"name": "a", "action": "pickup", "every": "5 minutes"},
                   {"name": "b", "action": "digest", "cron": "0 7 * *"}]},
         "jobs[1].cron: expected 5 fields, got '0 7 * *'"),
        ({"colour": "red"}, "colour: unknown key; expected one of: language,"),
        ({"summary": {"algorithm": "magic"}}, "summary.algorithm: expected 'lexrank'"),
        ({"summary": {"sentences": 0}},
         "summary.sentences: expected a value greater than or equal to 1, got 0"),
        ({"timezone": "Mars/Olympus"},
         "timezone: expected an IANA time zone such as 'Europe/Berlin', got 'Mars/Olympus'"),
        ({"topics": [{"key": "a", "label": "A"}]}, "topics[0].keywords: required key is missing"),
        ({"topics": [{"key": "a", "label": "A", "keywords": ["x"], "color": 1}]},
         "topics[0].color: unknown key; expected one of: key, label, keywords"),
        ({"sources": [{"pattern": "(", "name": "X"}]}, "sources[0].pattern: not a valid regular expression"),
        ({"jobs": [{"name": "a", "action": "digest"}]}, "jobs[0]: give exactly one of 'cron' or 'every'"),
        ({"jobs": [{"name": "a", "action": "pickup", "every": "often"}]},
         "jobs[0].every: expected an interval such as '10 minutes', got 'often'"),
        ({"topics": [{"key": "a", "label": "A", "keywords": ["x"]},
                     {"key": "a", "label": "B", "keywords": ["y"]}]},
         "topics[1].key: duplicate key 'a'"),
        (["a", "list"], "expected a mapping of keys at the top level"),
    ],
)
def test_each_problem_names_its_key_path_value_and_expectation(data, expected):
    problems = _problems(data)
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize("cron, plain", [
    ("0 7 * * *", True), ("*/10 * * * *", True), ("30 6 * * 1-5", True), ("0 8 * * 0,7", True),
    ("15 7,19 1-15 * mon-fri", True), ("0 6-22/2 * 1-12 *", True), ("5/20 * * * *", True),
    ("60 * * * *", False), ("0 24 * * *", False), ("0 7 0 * *", False), ("0 7 * 13 *", False),
    ("5-3 * * * *", False), ("*/0 * * * *", False), ("*/60 * * * *", False), ("0-30/31 * * * *", False),
    ("50/10 * * * *", False), ("0 7 * * 8", False), ("0 7 * * 5-1", False), ("0 7 * jan *", False),
    ("0 7 L * *", False), ("0 7 * *", False), ("1,,2 * * * *", False),
])
def test_a_plain_cron_expression_is_checked_without_apscheduler_and_valid_as_it_says(cron, plain):
    from digest.cron import cron_trigger
    from digest.crontab import _plain, check_cron

    assert _plain(cron) is plain
    try:  # what APScheduler says of it decides; the quick check only ever accepts what it accepts
        cron_trigger(cron, ZoneInfo("UTC"))
        valid = True
    except ValueError as exc:
        valid = False
        with pytest.raises(ValueError) as info:
            check_cron(cron)
        assert str(info.value) == str(exc)
    assert valid or not plain
    if valid:
        check_cron(cron)


def test_all_problems_are_reported_at_once():
    data = yaml.safe_load((ROOT / "schedule.yaml").read_text(encoding="utf-8"))
    data["jobs"][1]["cron"] = "0 7 * *"
    data["summary"]["algorithm"] = "magic"
    data["bogus"] = True
    problems = _problems(data)
    assert len(problems) == 3
    assert [p.split(":")[0] for p in problems] == ["summary.algorithm", "jobs[1].cron", "bogus"]


def test_yaml_syntax_error_names_line(tmp_path):
    path = tmp_path / "schedule.yaml"
    path.write_text("language: german\nsummary: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value)
    assert "invalid YAML" in str(info.value) and "line" in str(info.value)


def test_missing_file_suggests_the_fix(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "nope.yaml")
    assert "file not found; pass --config PATH" in str(info.value)


def test_a_key_given_twice_is_an_error_not_a_silent_override(tmp_path):
    path = tmp_path / "schedule.yaml"
    path.write_text("language: german\njobs: []\ntimezone: UTC\njobs: []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.problems == ["line 4, column 1: invalid YAML: duplicate key 'jobs' "
                                   "(a later value would silently replace the first)"]


@pytest.mark.parametrize("text, expected", [
    ("inbox: eingang\n", "{base}/eingang"),  # relative to the file's folder, as load_config resolves it
    ("inbox: /srv/news\n", "/srv/news"),
    ("inbox: ~/news\n", "{home}/news"),
    ("output: out\n", None),  # names none: built-in default, left to load_config
    ("inbox: [a, b]\n", None),  # not a path: its loading tells
    ("inbox: 7\n", None),
    ("inbox: ''\n", None),
    ("inbox: [unclosed\n", None),  # not YAML: its loading tells
    ("- a list\n", None),
])
def test_the_inbox_a_config_names_is_read_without_the_configuration_code(tmp_path, text, expected):
    from digest.configfile import inbox_named

    path = tmp_path / "schedule.yaml"
    path.write_text(text, encoding="utf-8")
    found = inbox_named(path)
    want = None if expected is None else Path(expected.format(base=tmp_path.resolve(), home=Path.home()))
    assert found == want
    if want is not None and not text.startswith("inbox: ~"):
        assert load_config(path).inbox == found  # the same path the validated configuration gives


def test_the_inbox_option_or_no_config_file(tmp_path, monkeypatch):
    from digest.configfile import inbox_named

    monkeypatch.chdir(tmp_path)
    assert inbox_named(None) is None  # no ./schedule.yaml: the built-in defaults, left to load_config
    assert inbox_named(None, Path("hier")) == tmp_path.resolve() / "hier"
    assert inbox_named(tmp_path / "fehlt.yaml") is None
    (tmp_path / "schedule.yaml").write_text("inbox: da\n", encoding="utf-8")
    assert inbox_named(None) == tmp_path.resolve() / "da"
