"""Hostile inbox files cost only themselves (issue 10, points 1 and 2).

Each shape of the issue's table that concerns inbox files goes into an inbox beside
the five seeds, through the real pick-up (`digest run` in click's runner, a real
SQLite state): all five seeds are stored, each bad file is named on stderr with its
reason, and a file that is merely odd (an absurd date, a huge article) is stored.
A hypothesis test feeds random bytes, Unicode, front matter, JSON and HTML beside a
good article through ``pickup.pick_up_inbox``: nothing escapes, the good article is
stored, the random file is stored or skipped with a reason.

About the unreadable folder: the tests run as root, and ``chmod 000`` does not stop
root from listing a folder. The folder is ``chmod 000`` (enough for a normal user)
*and*, when running as root, ``os.scandir`` raises for that one folder the
``PermissionError`` the kernel would raise (as tests/test_bad_input.py does for
reading a file).

Tests that could run long are bounded with ``signal.alarm`` so that a regression
(a loop that never ends, a quadratic stage) fails instead of hanging.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest import listing, pickup
from digest.clean import MAX_ARTICLE_CHARS, MAX_ARTICLE_LINES
from digest.cli import cli
from digest.config import Config, load_config
from digest.store import Store

from .conftest import SEEDS, set_arrival
from .helpers import deadline

DAY = date(2025, 12, 3)
NOW = datetime(2025, 12, 3, 12, 0, tzinfo=UTC)
NO_SETTLE = "service: {settle_seconds: 0}\n"
SKIPPED = "WARNING skipped "
GOOD = ("Gespräche in Genf\n\nDie Delegationen trafen sich am Montag in Genf. "
        "Über eine Waffenruhe wurde lange gesprochen. Es gab kleine Fortschritte.\n")
FRIDAY = ("Treffen am Freitag\n\nDie Minister wollen sich am Freitag in Genf treffen. "
          "Es geht um eine Waffenruhe.\n")


def seeds_and(inbox: Path) -> Path:
    """``inbox`` holding a copy of seeds/ with a fixed arrival time."""
    shutil.copytree(SEEDS, inbox)
    for path in inbox.iterdir():
        set_arrival(path)
    return inbox


def million_short_lines() -> str:
    """The issue's 8 MB file: a million short lines (words of the seeds)."""
    words = [w.strip(".,:;!?\"„“()") for path in SEEDS.iterdir() for w in path.read_text("utf-8").split()]
    words = [w for w in words if 2 <= len(w) <= 6]
    return "".join(f"{words[i % len(words)]}\n" for i in range(1_000_000))


@pytest.fixture
def hostile_inbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seeds beside every file-shaped entry of the issue's table."""
    inbox = seeds_and(tmp_path / "inbox")
    (inbox / "tief.json").write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    (inbox / "zukunft.md").write_text("---\ndate: 9999-12-31\n---\n" + FRIDAY, encoding="utf-8")
    (inbox / "urzeit.md").write_text("---\ndate: 0001-01-01\n---\n" + FRIDAY.replace("Genf", "Bern"),
                                     encoding="utf-8")
    os.symlink("schleife-b.txt", inbox / "schleife-a.txt")  # a -> b, b -> a
    os.symlink("schleife-a.txt", inbox / "schleife-b.txt")
    (inbox / "ordner").mkdir()
    os.symlink("../ordner", inbox / "ordner" / "zurueck")  # a folder link back to itself: not followed
    os.symlink("ring-b", inbox / "ring-a")  # a loop of folder links
    os.symlink("ring-a", inbox / "ring-b")
    (inbox / "gesperrt").mkdir()
    (inbox / "gesperrt" / "drin.txt").write_text(GOOD, encoding="utf-8")
    (inbox / "gesperrt").chmod(0)
    (inbox / "lang.txt").write_text(million_short_lines(), encoding="utf-8")
    for path in inbox.iterdir():
        if not path.is_symlink() and path.is_file():
            set_arrival(path)
    if os.geteuid() == 0:  # root lists a chmod 000 folder all the same: raise what the kernel would
        real_open = os.open

        def open_folder(path: str | os.PathLike[str], flags: int, *rest: int, **options: object) -> int:
            if Path(path).name == "gesperrt":  # the listing opens each folder to list it
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, flags, *rest, **options)

        monkeypatch.setattr(listing.os, "open", open_folder)
    yield inbox
    (inbox / "gesperrt").chmod(0o755)


#: Each bad entry and the words of its reason on stderr.
BAD = {
    "tief.json": "JSON nested too deeply to read (over",
    "schleife-a.txt": "symlink loop",
    "schleife-b.txt": "symlink loop",
    "ring-a": "symlink loop",
    "ring-b": "symlink loop",
    "gesperrt/": "cannot list this folder: permission denied",
}


def test_each_hostile_file_costs_only_itself(hostile_inbox: Path, config_file, tmp_path: Path) -> None:
    config = config_file(hostile_inbox, NO_SETTLE)
    with deadline(120):
        result = CliRunner().invoke(cli, ["run", "--config", str(config), "--date", DAY.isoformat(),
                                          "--since", "2025-12-01"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.stderr  # done, some files skipped
    assert "Traceback" not in result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith(SKIPPED)]
    problems = []
    for name, words in BAD.items():
        mine = [line for line in skipped if line.startswith(f"{SKIPPED}{name}: ")]
        if len(mine) != 1 or words not in mine[0]:
            problems.append((name, words, mine))
    assert problems == [], result.stderr
    assert len(skipped) == len(BAD), result.stderr
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:
        stored = dict(db.execute("SELECT f.path, a.published FROM files f "
                                 "JOIN articles a ON a.id = f.article_id"))
    assert {p.name for p in SEEDS.iterdir()} <= set(stored)  # all five seeds
    # absurd dates are no dates: stored, placed at their arrival
    assert stored["zukunft.md"] is None and stored["urzeit.md"] is None
    # the huge file is stored, cut at MAX_ARTICLE_LINES lines, and the log says so
    assert "lang.txt" in stored
    cut = [line for line in result.stderr.splitlines() if "lang.txt: only the first " in line]
    limits = f"at most {MAX_ARTICLE_CHARS:,} characters or {MAX_ARTICLE_LINES:,} lines"
    assert len(cut) == 1 and limits in cut[0]
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:
        blocks = db.execute("SELECT a.blocks FROM files f JOIN articles a ON a.id = f.article_id "
                            "WHERE f.path = 'lang.txt'").fetchone()[0]
    assert len(json.loads(blocks)) <= MAX_ARTICLE_LINES
    markdown = (tmp_path / "out/2025/12/digest-2025-12-03.md").read_text(encoding="utf-8")
    assert "`tief.json`" in markdown and "`gesperrt/`" in markdown


def test_a_weekday_after_an_absurd_date_is_no_mention_and_no_crash() -> None:
    from digest.models import Precision, PublicationDate
    from digest.timeline import find_date_mentions

    for edge in (datetime(9999, 12, 31), datetime(1, 1, 1)):
        reference = PublicationDate(edge, Precision.DAY, "front matter")
        for words in ("am Freitag", "am kommenden Freitag", "am vergangenen Montag", "übermorgen",
                      "vorgestern"):
            found = find_date_mentions(f"Sie treffen sich {words} in Genf.", "german", reference)
            assert all(m.value.year in (1, 9999) for m in found), (edge, words, found)


def test_storing_one_file_that_fails_undoes_only_that_file(tmp_path: Path, config_file) -> None:
    """SQLite refuses one article (a length limit set on the real connection); the batch's others stay."""
    inbox = seeds_and(tmp_path / "inbox")
    body = " ".join(f"Der Satz Nummer {i} ist lang genug für den Test." for i in range(4000))
    (inbox / "gross.txt").write_text(f"Ein grosser Artikel\n\n{body}\n", encoding="utf-8")
    config = load_config(config_file(inbox, NO_SETTLE))
    with Store(config.state) as store:
        store.db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 100_000)
        report = pickup.pick_up_inbox(config, store, NOW)
        files = dict(store.db.execute("SELECT path, coalesce(article_id, reason) FROM files"))
        articles = store.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert report.new_articles == 5 and articles == 5
    assert [s.path for s in report.skipped] == ["gross.txt"]
    assert files["gross.txt"].startswith("cannot store: DataError: string or blob too big")


# --- random files through the pick-up --------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "title", "date", "source", "url", "x"]), children, max_size=4),
    max_leaves=30,
)
YAML_SCALARS = st.one_of(st.text(max_size=30), st.sampled_from(
    ["9999-12-31", "0001-01-01T00:00+14:00", "[a, [b, [c]]]", "{a: {b: c}}", "&x a", "*x", "|", "'", "- -"]))
HTML_TAGS = st.sampled_from(["div", "p", "article", "h1", "h2", "script", "style", "title", "span", "main",
                             "table", "td", "li", "head", "body", "meta"])


def _html(tree: object) -> str:
    if isinstance(tree, str):
        return tree
    tag, children, closed = tree  # type: ignore[misc]
    inner = "".join(_html(c) for c in children)
    return f"<{tag}>{inner}</{tag}>" if closed else f"<{tag}>{inner}"


HTML = st.recursive(
    st.text(max_size=80),
    lambda children: st.tuples(HTML_TAGS, st.lists(children, max_size=4), st.booleans()),
    max_leaves=25,
).map(lambda tree: "<html><body>" + _html(tree) + "</body></html>")

RANDOM_FILES = st.one_of(
    st.tuples(st.just("zufall.txt"), st.binary(max_size=3000)),
    st.tuples(st.sampled_from(["zufall.txt", "zufall.md"]),
              st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass"))),
    st.tuples(st.just("kopf.md"), st.tuples(
        st.dictionaries(st.sampled_from(["title", "date", "source", "url", "tags"]), YAML_SCALARS,
                        max_size=5),
        st.text(max_size=1000)).map(lambda fm: ("---\n" + "".join(f"{k}: {v}\n" for k, v in fm[0].items())
                                                + "---\n" + fm[1]).encode("utf-8", "surrogatepass"))),
    st.tuples(st.just("daten.json"), JSON_VALUES.map(lambda v: json.dumps(v).encode())),
    st.tuples(st.just("seite.html"), HTML.map(lambda h: h.encode("utf-8", "surrogatepass"))),
)


@pytest.fixture(scope="module")
def base_config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    folder = tmp_path_factory.mktemp("hostile")
    return load_config(None).with_paths(inbox=folder, output=folder / "out", state=folder / "state.sqlite3")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(file=RANDOM_FILES)
def test_random_files_never_escape_the_pick_up(base_config: Config, file: tuple[str, bytes]) -> None:
    name, data = file
    with tempfile.TemporaryDirectory(prefix="digest-hostile-") as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        (inbox / "gut.txt").write_text(GOOD, encoding="utf-8")
        (inbox / name).write_bytes(data)
        config = base_config.with_paths(inbox=inbox, state=Path(tmp) / "state.sqlite3")
        with deadline(60), Store(config.state) as store:
            report = pickup.pick_up_inbox(config, store, NOW)
            rows = dict(store.db.execute("SELECT path, coalesce(article_id, reason) FROM files"))
    assert report.files == 2
    assert rows.get("gut.txt") and not any(s.path == "gut.txt" for s in report.skipped)
    assert rows.get(name, "").strip(), "the random file is stored or skipped with a reason"
    assert all(s.reason.strip() and "a bug" not in s.reason for s in report.skipped), report.skipped
