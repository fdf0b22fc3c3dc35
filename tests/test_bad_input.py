"""End to end: bad input never stops the run.

Requirement: each bad file (empty, binary, too big, malformed front matter, a
symlink pointing outside the inbox, unreadable, odd names) is skipped with one
clear line naming the file and the reason, listed in the digest's Skipped
section, and retried only when the file changes. Latin-1, Windows-1252 and
UTF-16 with BOM are read correctly, not skipped. Random bytes and random text
as articles never make an exception escape.

The unit level (decode, read_document) is covered in test_readers.py; these
tests go through ``digest.pipeline.run`` / ``pickup.pick_up_inbox`` with a real inbox and a
real SQLite state, and through the command line.

About "without read permission": the tests run as root, and ``chmod 000`` does
not stop root from reading. Running the command as ``nobody`` is not possible
here (the interpreter lives under /root, which nobody cannot enter), so the
denied file is ``chmod 000`` (which is enough when the tests run as a normal
user) *and* ``Path.read_bytes`` raises the ``PermissionError`` the kernel would
raise, for that one file only: in-process with monkeypatch, and in the
subprocess through a two-line bootstrap (``DENY_BOOTSTRAP``). The product reads
inbox files only through ``Path.read_bytes`` (pickup.read_file and
readers._read_bytes), so this is the same code path a real EACCES takes.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest import pickup, pipeline
from digest.cli import cli
from digest.config import Config, load_config
from digest.errors import ReadError
from digest.i18n import skip_reason
from digest.readers import decode, is_candidate, one_line
from digest.render import markdown_escape
from digest.store import Store

from .conftest import ROOT, set_arrival

#: How the CLI names a skipped file on stderr: one log line per file and run.
SKIPPED = "WARNING skipped "

DAY = date(2025, 12, 3)
SINCE = datetime(2025, 12, 1)
NOW = datetime(2025, 12, 3, 12, 0, tzinfo=UTC)
NO_SETTLE = "service: {settle_seconds: 0}\n"
SKIPPED_HEADING = "## Übersprungene Dateien"
ARTICLES_HEADING = "## Artikel"

GOOD_NAME = "gut.txt"
GOOD_TITLE = "Gespräche in Genf"
GOOD = (
    f"{GOOD_TITLE}\n\nDie Delegationen trafen sich am Montag in Genf. "
    "Über eine Waffenruhe wurde lange gesprochen. Es gab kleine Fortschritte.\n"
)

DENIED_NAME = "gesperrt.txt"


def article_text(title: str, body: str = "Der Text des Artikels ist hier. Noch ein zweiter Satz.") -> str:
    return f"{title}\n\n{body}\n"


# --- building inboxes -----------------------------------------------------------------------


def write_config(folder: Path, inbox: Path, extra: str = "") -> Path:
    """Like conftest's config_file (``extra`` replaces top-level keys), for any folder."""
    data = yaml.safe_load((ROOT / "schedule.yaml").read_text(encoding="utf-8"))
    data.update(inbox=str(inbox), output=str(folder / "out"), state=str(folder / "state.sqlite3"))
    data.update(yaml.safe_load(NO_SETTLE + extra) or {})
    path = folder / "schedule.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    set_arrival(path)


def _symlink_to_outside_file(inbox: Path, name: str) -> None:
    target = inbox.parent / "outside" / "geheim.txt"
    _write(target, article_text("Geheimer Text außerhalb"))
    os.symlink(target, inbox / name)


def _symlink_to_outside_folder(inbox: Path, name: str) -> None:
    target = inbox.parent / "outside" / "ordner"
    _write(target / "drin.txt", article_text("Im Ordner außerhalb"))
    os.symlink(target, inbox / name)


def _dangling_symlink_to_outside(inbox: Path, name: str) -> None:
    os.symlink(inbox.parent / "outside" / "gibt-es-nicht.txt", inbox / name)


def _unreadable(inbox: Path, name: str) -> None:
    _write(inbox / name, article_text("Gesperrter Artikel"))
    (inbox / name).chmod(0)  # enough when not root; see deny_reading() for root


@dataclass(frozen=True)
class Bad:
    """A bad inbox file: its name, how to make it, and words its skip reason must contain."""

    name: str
    make: Callable[[Path, str], None] | str | bytes
    reason: str

    def build(self, inbox: Path) -> None:
        if callable(self.make):
            self.make(inbox, self.name)
        else:
            _write(inbox / self.name, self.make)

    @property
    def shown(self) -> str:
        """The path as the Markdown Skipped section shows it (one line)."""
        return one_line(self.name).replace("`", "'")


BAD = [
    Bad("leer.txt", b"", "empty file"),
    Bad("nur-leerraum.txt", b"  \n\t\r\n  \n", "empty file"),
    Bad("nur-bom.txt", b"\xef\xbb\xbf\n", "empty file"),
    Bad("binaer.dat", b"\x00\x01\x02\xff" * 50, "binary data"),
    Bad("bild.png", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 8, "binary data"),
    Bad("archiv.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4, "binary data"),
    Bad("zu-gross.txt", ("Ein Satz über die Gespräche. " * 80_000).encode("utf-8"),  # ~2.4 MB, limit 1
        "over the limit of 1 MB (config: max_file_mb)"),
    Bad("kopf-kaputt.md", "---\ntitle: [unclosed\n---\nText hier. Noch ein Satz.\n",
        "front matter is not valid YAML"),
    Bad("kopf-offen.md", "---\ntitle: Ohne Ende\nText hier. Noch ein Satz.\n",
        "front matter is not closed"),
    Bad("kopf-liste.txt", "---\n- eins\n- zwei\n---\nText hier. Noch ein Satz.\n",
        "front matter must be a mapping"),
    Bad("kopf-titel-map.md", "---\ntitle: {a: b}\n---\nText hier. Noch ein Satz.\n",
        "'title' must be text"),
    Bad("nur-kopf.md", "---\ntitle: Nur Kopf\n---\n\n", "no article text after the metadata"),
    Bad("kaputt.json", '{"text": "a",', "not valid JSON"),
    Bad("link-datei.txt", _symlink_to_outside_file, "symlink points outside the inbox"),
    Bad("link-ordner", _symlink_to_outside_folder, "symlink points outside the inbox"),
    Bad("link-weg.txt", _dangling_symlink_to_outside, "symlink points outside the inbox"),
    Bad(DENIED_NAME, _unreadable, "permission denied"),
    Bad("leer mit\nzeilenumbruch.txt", b"", "empty file"),
    Bad("leer mit umlaut ä.txt", b"", "empty file"),
]
BAD_IDS = [b.name.replace("\n", "\\n") for b in BAD]


def build_bad_inbox(inbox: Path) -> None:
    inbox.mkdir(parents=True)
    _write(inbox / GOOD_NAME, GOOD)
    for bad in BAD:
        bad.build(inbox)


def _denied_read_bytes(original: Callable[[Path], bytes]) -> Callable[[Path], bytes]:
    def read_bytes(self: Path) -> bytes:
        if self.name == DENIED_NAME:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return original(self)

    return read_bytes


@pytest.fixture
def deny_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the file named DENIED_NAME fails as it would for a user without permission."""
    monkeypatch.setattr(Path, "read_bytes", _denied_read_bytes(Path.read_bytes))


# The same, for `python -m digest` in a subprocess (see the module docstring).
DENY_BOOTSTRAP = f"""
import errno, os, pathlib, sys
_orig = pathlib.Path.read_bytes
def _read_bytes(self):
    if self.name == {DENIED_NAME!r}:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
    return _orig(self)
pathlib.Path.read_bytes = _read_bytes
from digest.cli import main
sys.argv[0] = "digest"
main()
"""


def section(markdown: str, heading: str) -> list[str]:
    """The lines of one '## ' section of a Markdown digest (without the heading)."""
    lines = markdown.split("\n")
    start = lines.index(heading)  # ValueError if the heading is missing
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start + 1 : end]


def db_rows(db_path: Path, sql: str, *args: object) -> list[tuple]:
    db = sqlite3.connect(db_path)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def stored_article(db_path: Path, rel: str) -> tuple[str, str]:
    """Title and the text of all blocks of the article stored for an inbox path."""
    rows = db_rows(db_path, "SELECT a.title, a.blocks FROM files f JOIN articles a ON a.id = f.article_id "
                            "WHERE f.path = ?", rel)
    assert rows, f"{rel!r} was not stored as an article"
    title, blocks = rows[0]
    return title, "\n".join(block[0] for block in json.loads(blocks))


# --- 1. one inbox with every bad case: one run --------------------------------------------


@dataclass
class BadRun:
    inbox: Path
    result: pipeline.RunResult
    markdown: str
    reasons: dict[str, str]


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> BadRun:
    folder = tmp_path_factory.mktemp("bad-run")
    inbox = folder / "inbox"
    build_bad_inbox(inbox)
    config = load_config(write_config(folder, inbox, "max_file_mb: 1\n"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Path, "read_bytes", _denied_read_bytes(Path.read_bytes))
        result = pipeline.run(config, DAY, since=SINCE)
    markdown = result.markdown.read_text(encoding="utf-8")
    return BadRun(inbox, result, markdown, {s.path: s.reason for s in result.skipped})


def test_the_run_writes_a_digest_with_the_good_article(bad_run: BadRun) -> None:
    assert bad_run.result.written and bad_run.result.html.is_file()
    assert bad_run.result.pickup.new_articles == 1
    assert f"### {GOOD_TITLE}" in section(bad_run.markdown, ARTICLES_HEADING)
    assert f"`{GOOD_NAME}`" in "\n".join(section(bad_run.markdown, ARTICLES_HEADING))
    assert GOOD_NAME not in bad_run.reasons


def test_exactly_the_bad_files_are_skipped(bad_run: BadRun) -> None:
    assert sorted(bad_run.reasons) == sorted(b.name for b in BAD)
    assert len(bad_run.result.skipped) == len(BAD)  # each once


@pytest.mark.parametrize("bad", BAD, ids=BAD_IDS)
def test_bad_file_is_skipped_with_a_clear_reason(bad_run: BadRun, bad: Bad) -> None:
    reason = bad_run.reasons.get(bad.name)
    assert reason is not None, f"{bad.name!r} not in result.skipped"
    assert bad.reason.lower() in reason.lower()
    assert "\n" not in reason and "Traceback" not in reason


@pytest.mark.parametrize("bad", BAD, ids=BAD_IDS)
def test_bad_file_is_listed_in_the_skipped_section(bad_run: BadRun, bad: Bad) -> None:
    lines = section(bad_run.markdown, SKIPPED_HEADING)
    reason = bad_run.reasons.get(bad.name, "?")
    german = skip_reason(reason, "german")  # the page is German; the reason is made (and logged) in English
    assert german != reason
    assert f"- `{bad.shown}`: {markdown_escape(german)}" in lines


def test_skipped_section_is_one_line_per_file(bad_run: BadRun) -> None:
    items = [line for line in section(bad_run.markdown, SKIPPED_HEADING) if line.strip()]
    assert len(items) == len(BAD)
    assert all(line.startswith("- `") for line in items)


def test_a_true_50_mb_file_is_skipped_under_the_default_limit(make_inbox, config_file, tmp_path) -> None:
    inbox = make_inbox({GOOD_NAME: GOOD})
    big = inbox / "riesig.txt"
    chunk = ("Ein langer Satz über die Verhandlungen in Genf und Istanbul. " * 1000).encode()
    with big.open("wb") as f:
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
        f.truncate(50 * 1024 * 1024)
    set_arrival(big)
    config = load_config(config_file(inbox, extra=NO_SETTLE))
    assert config.settings.max_file_mb == 10
    result = pipeline.run(config, DAY, since=SINCE)
    assert {s.path: s.reason for s in result.skipped} == {
        "riesig.txt": "file is 50.0 MB, over the limit of 10 MB (config: max_file_mb)"
    }
    assert result.pickup.new_articles == 1
    markdown = result.markdown.read_text(encoding="utf-8")
    assert ("- `riesig.txt`: Datei hat 50,0 MB, mehr als die Grenze von 10 MB "
            "(Konfiguration: max\\_file\\_mb)") in markdown
    assert db_rows(tmp_path / "state.sqlite3", "SELECT count(*) FROM articles") == [(1,)]


# --- 1b. the command line: exit 1 and one stderr line per skipped file ---------------------


def test_cli_run_exits_1_and_names_each_skipped_file(tmp_path: Path, deny_reading: None) -> None:
    inbox = tmp_path / "inbox"
    build_bad_inbox(inbox)
    config = write_config(tmp_path, inbox, "max_file_mb: 1\n")
    result = CliRunner().invoke(cli, ["run", "--config", str(config), "--date", DAY.isoformat(),
                                      "--since", SINCE.date().isoformat()])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    out = result.stdout.splitlines()
    assert out == [str(tmp_path / "out/2025/12/digest-2025-12-03.md"),
                   str(tmp_path / "out/2025/12/digest-2025-12-03.html")]
    skipped_lines = [line for line in result.stderr.splitlines() if line.startswith(SKIPPED)]
    assert len(skipped_lines) == len(BAD), result.stderr
    problems = []
    for bad in BAD:
        mine = [line for line in skipped_lines if line.startswith(f"{SKIPPED}{one_line(bad.name)}: ")]
        if len(mine) != 1 or bad.reason.lower() not in mine[0].lower():
            problems.append((bad.name, bad.reason, mine))
    assert problems == [], result.stderr


@pytest.fixture(scope="module")
def cli_subprocess(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """`python -m digest run` in a real process: its real stderr, logging included."""
    folder = tmp_path_factory.mktemp("cli-run")
    inbox = folder / "inbox"
    build_bad_inbox(inbox)
    config = write_config(folder, inbox, "max_file_mb: 1\n")
    return subprocess.run(
        [sys.executable, "-c", DENY_BOOTSTRAP, "run", "--config", str(config),
         "--date", DAY.isoformat(), "--since", SINCE.date().isoformat()],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )


def test_cli_subprocess_exits_1_without_traceback(cli_subprocess) -> None:
    assert cli_subprocess.returncode == 1, cli_subprocess.stderr
    assert "Traceback" not in cli_subprocess.stderr
    assert len(cli_subprocess.stdout.splitlines()) == 2


def test_cli_subprocess_names_each_skipped_file_on_exactly_one_line(cli_subprocess) -> None:
    """'one clear line naming the file and the reason': `WARNING skipped <path>: <reason>`, once.

    Checked on the real stderr of a real process, where the log handler is live too.
    """
    lines = cli_subprocess.stderr.splitlines()
    problems = []
    for bad in BAD:
        naming = [line for line in lines if f"skipped {one_line(bad.name)}: " in line]
        ok = [line for line in naming if line.startswith(f"{SKIPPED}{one_line(bad.name)}: ")
              and bad.reason.lower() in line.lower()]
        if len(naming) != 1 or len(ok) != 1:
            problems.append(f"{bad.name!r} named on {len(naming)} lines: {naming}")
    assert problems == [], "\n".join(problems) + "\n--- stderr:\n" + cli_subprocess.stderr


# --- permission denied: reported every run, and read once it is readable -------------------


def test_unreadable_file_is_listed_each_run_and_read_again_once_permitted(
    make_inbox, config_file, tmp_path, monkeypatch
) -> None:
    """Permission denied is listed on every run, but not tried again until the file changes;
    a chmod changes the file's ctime, and that counts as a change."""
    inbox = make_inbox({GOOD_NAME: GOOD, DENIED_NAME: article_text("Gesperrter Artikel")})
    denied = inbox / DENIED_NAME
    denied.chmod(0)  # enough for a user; as root the read is made to fail below as well
    config = load_config(config_file(inbox, extra=NO_SETTLE))
    tries = []
    with monkeypatch.context() as mp:
        failing = _denied_read_bytes(Path.read_bytes)

        def counted(self: Path) -> bytes:
            if self.name == DENIED_NAME:
                tries.append(self.name)
            return failing(self)

        mp.setattr(Path, "read_bytes", counted)
        first = pipeline.run(config, DAY, since=SINCE)
        second = pipeline.run(config, DAY, since=SINCE)
    assert len(tries) == 1  # the second run did not try again: nothing about the file changed
    for result in (first, second):
        assert [s.path for s in result.skipped] == [DENIED_NAME]
        assert result.skipped[0].reason == "cannot read: permission denied"
    denied.chmod(0o644)
    third = pipeline.run(config, DAY, since=SINCE)
    assert third.skipped == ()
    assert stored_article(tmp_path / "state.sqlite3", DENIED_NAME)[0] == "Gesperrter Artikel"
    assert SKIPPED_HEADING not in third.markdown.read_text(encoding="utf-8")


# --- 2./3. encodings: read correctly, not skipped -------------------------------------------

# Each article has its own text (else they would be near-duplicates of one another), and
# each has umlauts, ß, and (where the encoding has them) „ “ – €.
ENCODED = [
    ("latin1.txt", "latin-1", "Größere Übereinkunft für Kiew",
     "Die Außenminister äußerten sich über Straßen, Öl und Grüße. Das Maß ist voll."),
    ("cp1252.txt", "cp1252", "„Waffenruhe“ – ein Preis von 5 € pro Liter",
     "Der Gesandte sagte: „Wir sind näher dran“ – das kostet 100 € mehr. Süß ist das nicht."),
    ("utf16le.txt", "utf-16-le", "Gespräch über Öl – „Preise“ steigen um 3 €",
     "In Moskau wurde über Gaslieferungen gesprochen. Die Größe des Rabatts blieb offen, heißt es."),
    ("utf16be.md", "utf-16-be", "Äußerst knappe Mehrheit in Brüssel",
     "Die Abgeordneten stimmten „mit Bauchschmerzen“ zu. Übermorgen folgt die nächste Lesung – vielleicht."),
    ("utf8bom.txt", "utf-8-sig", "Schließung der Grenzübergänge",
     "Die Behörden schlossen drei Übergänge. Reisende müssen „bis auf Weiteres“ Umwege fahren – 200 €."),
    ("nfd.txt", "nfd", "Fußgänger in Köln",
     "Auf der Domplatte demonstrierten Tausende für Frieden. Die Polizei zählte später weniger Menschen."),
]


def encoded(name: str, encoding: str, title: str, body: str) -> bytes:
    if name.endswith(".md"):  # title in front matter, \n newlines
        text = f"---\ntitle: {title}\n---\n{body}\n"
    else:  # title as first line, Windows newlines
        text = f"{title}\r\n\r\n{body}\r\n"
    if encoding == "nfd":
        return unicodedata.normalize("NFD", text).encode("utf-8")
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    return bom + text.encode(encoding)


@pytest.fixture(scope="module")
def encoded_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pipeline.RunResult]:
    folder = tmp_path_factory.mktemp("encodings")
    inbox = folder / "inbox"
    for name, encoding, title, body in ENCODED:
        _write(inbox / name, encoded(name, encoding, title, body))
    result = pipeline.run(load_config(write_config(folder, inbox)), DAY, since=SINCE)
    return folder, result


def test_no_encoded_file_is_skipped(encoded_run) -> None:
    _, result = encoded_run
    assert result.skipped == ()
    assert result.pickup.new_articles == len(ENCODED)


@pytest.mark.parametrize(("name", "encoding", "title", "body"), ENCODED, ids=[e[0] for e in ENCODED])
def test_encoded_article_is_stored_with_the_right_characters(
    encoded_run, name: str, encoding: str, title: str, body: str
) -> None:
    folder, result = encoded_run
    stored_title, text = stored_article(folder / "state.sqlite3", name)
    assert stored_title == title
    assert body in text
    assert "\ufffd" not in stored_title + text and "Ã" not in stored_title + text
    markdown = result.markdown.read_text(encoding="utf-8")
    assert f"### {markdown_escape(title)}" in markdown


def test_invalid_utf8_that_is_not_cp1252_is_read_as_latin1_or_skipped_never_lost(
    make_inbox, config_file, tmp_path
) -> None:
    # 0x81 0x8d 0x8f 0x90 0x9d are undefined in Windows-1252 and invalid as UTF-8.
    data = ("Größere Gespräche in Genf\n\nDie Außenminister trafen sich. ".encode("latin-1")
            + b"Ein \x81 Zeichen, \x8d, \x8f, \x90 und \x9d mitten im Text. "
            + "Danach ging es weiter über Öl und Grüße.\n".encode("latin-1"))
    inbox = make_inbox({"kaputt.txt": data, GOOD_NAME: GOOD})
    result = pipeline.run(load_config(config_file(inbox, extra=NO_SETTLE)), DAY, since=SINCE)
    rows = db_rows(tmp_path / "state.sqlite3", "SELECT article_id, reason FROM files WHERE path = ?",
                   "kaputt.txt")
    assert len(rows) == 1
    article_id, reason = rows[0]
    if article_id is None:  # skipped: then with a reason, listed
        assert reason and [s.path for s in result.skipped] == ["kaputt.txt"]
    else:  # read: as Latin-1, so the umlauts around the odd bytes are right
        assert result.skipped == ()
        title, text = stored_article(tmp_path / "state.sqlite3", "kaputt.txt")
        assert title == "Größere Gespräche in Genf"
        assert "Die Außenminister trafen sich." in text and "über Öl und Grüße" in text


# --- 4. names with spaces, umlauts (NFC and NFD) and newlines --------------------------------

ODD_NAMES = [
    ("mit leer zeichen.txt", "Artikel mit Leerzeichen im Namen"),
    ("Gespr\u00e4che in K\u00f6ln.txt", "Artikel mit NFC Umlaut im Namen"),
    ("Gespra\u0308che in Ko\u0308ln.txt", "Artikel mit NFD Umlaut im Namen"),
    ("neue\nzeile.txt", "Artikel mit Zeilenumbruch im Namen"),
    ("tab\tund `backtick` *stern*.md", "Artikel mit Sonderzeichen im Namen"),
]


@pytest.fixture(scope="module")
def names_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pipeline.RunResult, str]:
    folder = tmp_path_factory.mktemp("names")
    inbox = folder / "inbox"
    for i, (name, title) in enumerate(ODD_NAMES):
        _write(inbox / name, article_text(title, f"Dies ist Artikel Nummer {i} mit eigenem Text. "
                                                 f"Er handelt von Thema {i} und sonst nichts."))
    result = pipeline.run(load_config(write_config(folder, inbox)), DAY, since=SINCE)
    return folder, result, result.markdown.read_text(encoding="utf-8")


def test_odd_names_are_all_read_as_articles(names_run) -> None:
    folder, result, _ = names_run
    assert result.skipped == ()
    assert result.pickup.new_articles == len(ODD_NAMES)
    for name, title in ODD_NAMES:
        assert stored_article(folder / "state.sqlite3", name)[0] == title


@pytest.mark.parametrize(("name", "title"), ODD_NAMES, ids=[n.replace("\n", "\\n") for n, _ in ODD_NAMES])
def test_odd_name_shows_on_one_line_of_the_articles_section(names_run, name: str, title: str) -> None:
    _, _, markdown = names_run
    lines = section(markdown, ARTICLES_HEADING)
    heading = lines.index(f"### {markdown_escape(title)}")
    # the line after the heading's blank line: '<date> · <source> · Datei `<path>`'
    meta = lines[heading + 2]
    shown = one_line(name).replace("`", "'")
    assert meta.endswith(f" · Datei `{shown}`*"), meta  # the line is in emphasis
    assert lines[heading + 3] == "", "the file line must be one line, followed by a blank line"


def test_a_name_that_is_not_utf8_does_not_stop_the_run(tmp_path: Path, config_file) -> None:
    """A Latin-1 file name (b'K\\xf6ln.txt', as unzipped from an old archive) is a name Python
    sees with a surrogate escape; the run must go on and the file be read or skipped."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write(inbox / GOOD_NAME, GOOD)
    odd = os.path.join(os.fsencode(inbox), b"K\xf6ln.txt")
    with open(odd, "wb") as f:
        f.write(article_text("Artikel mit Latin-1-Namen").encode())
    set_arrival(Path(os.fsdecode(odd)))
    result = pipeline.run(load_config(config_file(inbox, extra=NO_SETTLE)), DAY, since=SINCE)
    assert result.pickup.files == 2
    assert result.pickup.new_articles + len(result.skipped) == 2
    markdown = result.markdown.read_text(encoding="utf-8")
    assert "ln.txt" in markdown  # named somewhere: as an article's file or a skipped file


EDGE_BODY = ("Ein Datum am Rand der Zeitrechnung darf keinen Lauf anhalten. Der Artikel bleibt lesbar, "
             "sein Datum gilt als unbekannt.\n")
EDGE_OF_TIME = [
    ("anfang.md", "---\ntitle: Am Anfang der Zeit\ndate: 0001-01-01T00:00+01:00\n---\n" + EDGE_BODY),
    ("anfang.json", json.dumps({"title": "Am Anfang der Zeit", "date": "0001-01-01T00:00+01:00",
                                "text": EDGE_BODY})),
    ("ende.txt", "Am Ende der Zeit\n9999-12-31T23:00-00:00\n\n" + EDGE_BODY),  # a dateline alone on its line
]


@pytest.mark.parametrize(("name", "content"), EDGE_OF_TIME, ids=[n for n, _ in EDGE_OF_TIME])
def test_a_date_at_the_edge_of_time_does_not_stop_the_run(
    make_inbox, config_file, tmp_path, name: str, content: str
) -> None:
    """Found by hypothesis (test_any_declared_iso_date_never_escapes, test_random_front_matter_...):
    a declared date or dateline whose conversion to the configured zone leaves datetime's range."""
    inbox = make_inbox({GOOD_NAME: GOOD, name: content})
    result = pipeline.run(load_config(config_file(inbox, extra=NO_SETTLE)), DAY, since=SINCE)
    rows = db_rows(tmp_path / "state.sqlite3", "SELECT article_id, reason FROM files WHERE path = ?", name)
    assert len(rows) == 1 and (rows[0][0] is not None or rows[0][1])
    assert GOOD_TITLE in result.markdown.read_text(encoding="utf-8")


# --- 5. retried only when the file changes ---------------------------------------------------

# Bad files recorded in the state with their reason (the OSError cases are tried every run).
RECORDED = [b for b in BAD if b.name not in {DENIED_NAME, "link-ordner", "link-weg.txt"}]


def test_bad_files_are_not_read_again_until_they_change(tmp_path: Path, deny_reading, monkeypatch) -> None:
    inbox = tmp_path / "inbox"
    build_bad_inbox(inbox)
    config = load_config(write_config(tmp_path, inbox, "max_file_mb: 1\n"))
    db = tmp_path / "state.sqlite3"
    first = pipeline.run(config, DAY, since=SINCE)
    seen = dict(db_rows(db, "SELECT path, seen_at FROM files"))
    assert {b.name for b in RECORDED} <= set(seen)

    analyzed: list[str] = []
    original = pickup.analyze_file

    def counting(path: Path, inbox_: Path, config_: Config, *rest):
        analyzed.append(path.relative_to(inbox_).as_posix())
        return original(path, inbox_, config_, *rest)

    monkeypatch.setattr(pickup, "analyze_file", counting)
    second = pipeline.run(config, DAY, since=SINCE, now=datetime(2025, 12, 3, 13, 0, tzinfo=UTC))
    assert analyzed == []
    assert dict(db_rows(db, "SELECT path, seen_at FROM files")) == seen
    assert {s.path: s.reason for s in second.skipped} == {s.path: s.reason for s in first.skipped}
    assert second.pickup.new_articles == 0
    md2 = second.markdown.read_text(encoding="utf-8")
    assert "- `leer.txt`: leere Datei" in section(md2, SKIPPED_HEADING)

    # the empty file becomes an article: read on the next run, gone from Skipped
    _write(inbox / "leer.txt", article_text("Nachgelieferter Artikel",
                                            "Jetzt steht doch etwas in der Datei. Ein zweiter Satz."))
    third = pipeline.run(config, DAY, since=SINCE, now=datetime(2025, 12, 3, 14, 0, tzinfo=UTC))
    assert analyzed == ["leer.txt"]
    assert "leer.txt" not in {s.path for s in third.skipped}
    assert len(third.skipped) == len(BAD) - 1
    assert third.pickup.new_articles == 1
    assert stored_article(db, "leer.txt")[0] == "Nachgelieferter Artikel"
    md3 = third.markdown.read_text(encoding="utf-8")
    assert not any("`leer.txt`" in line for line in section(md3, SKIPPED_HEADING))
    assert "### Nachgelieferter Artikel" in section(md3, ARTICLES_HEADING)


def test_touching_a_bad_file_without_changing_it_does_not_read_it_again(
    make_inbox, config_file, tmp_path, monkeypatch
) -> None:
    inbox = make_inbox({GOOD_NAME: GOOD, "binaer.dat": b"\x00\x01\x02\xff" * 50})
    config = load_config(config_file(inbox, extra=NO_SETTLE))
    pipeline.run(config, DAY, since=SINCE)
    set_arrival(inbox / "binaer.dat", datetime(2025, 12, 3, 7, 0, tzinfo=UTC))  # new mtime, same bytes
    calls: list[Path] = []
    original = pickup.analyze_file
    monkeypatch.setattr(pickup, "analyze_file",
                        lambda p, i, c, *r: calls.append(p) or original(p, i, c, *r))
    result = pipeline.run(config, DAY, since=SINCE)
    assert calls == []
    assert [(s.path, s.reason) for s in result.skipped] == [("binaer.dat", "binary data, not text")]


# --- 6. property-based: random bytes and text as articles ----------------------------------

PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def base_config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    folder = tmp_path_factory.mktemp("property")
    (folder / "inbox").mkdir()
    return load_config(write_config(folder, folder / "inbox"))


@pytest.fixture(scope="module")
def fresh_inbox(base_config: Config) -> Callable[[], Iterator[tuple[Path, Config]]]:
    """A context manager: a new inbox and state per hypothesis example."""
    from contextlib import contextmanager

    @contextmanager
    def make() -> Iterator[tuple[Path, Config]]:
        with tempfile.TemporaryDirectory(prefix="digest-prop-") as tmp:
            folder = Path(tmp)
            inbox = folder / "inbox"
            inbox.mkdir()
            yield inbox, base_config.with_paths(inbox=inbox, output=folder / "out",
                                                state=folder / "state.sqlite3")

    return make


def check_file_outcome(path: Path, config: Config) -> None:
    """analyze_file raises nothing but ReadError; pick_up_inbox never raises and accounts for the file."""
    try:
        pickup.analyze_file(path, config.inbox, config)
    except ReadError as err:
        assert err.reason.strip(), "a ReadError must say why"
    with Store(config.state) as store:
        report = pickup.pick_up_inbox(config, store, NOW)
        rows = store.db.execute("SELECT article_id, reason FROM files").fetchall()
    assert report.files == 1
    assert report.new_articles + report.duplicates + len(report.skipped) == 1
    assert all(s.reason.strip() for s in report.skipped)
    assert len(rows) == 1 and (rows[0][0] is not None or (rows[0][1] or "").strip())


@PROPERTY
@given(data=st.binary(max_size=4000))
def test_decode_raises_only_read_error(data: bytes) -> None:
    try:
        text, encoding = decode(data)
    except ReadError as err:
        assert err.reason
    else:
        assert isinstance(text, str) and text.strip() and "\r" not in text
        assert encoding in {"utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "cp1252", "latin-1"}
        assert unicodedata.is_normalized("NFC", text)


@PROPERTY
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".txt", ".md", ".json", ""]))
def test_random_bytes_as_an_article_never_escape(fresh_inbox, data: bytes, suffix: str) -> None:
    with fresh_inbox() as (inbox, config):
        path = inbox / f"zufall{suffix}"
        path.write_bytes(data)
        check_file_outcome(path, config)


@PROPERTY
@given(text=st.text(max_size=4000), suffix=st.sampled_from([".txt", ".md"]),
       encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_random_text_as_an_article_never_escapes(fresh_inbox, text: str, suffix: str, encoding: str) -> None:
    with fresh_inbox() as (inbox, config):
        path = inbox / f"zufall{suffix}"
        path.write_bytes(text.encode(encoding, errors="surrogatepass"))
        check_file_outcome(path, config)


def _iso(day: date, hour: int, minute: int, offset: int) -> str:
    sign = "+" if offset >= 0 else "-"
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"


# ISO date-times with a UTC offset, often at the very edges of datetime's range.
ISO_DATES = st.builds(
    _iso,
    st.one_of(st.sampled_from([date(1, 1, 1), date(9999, 12, 31)]), st.dates()),
    st.one_of(st.sampled_from([0, 23]), st.integers(0, 23)),
    st.integers(0, 59),
    st.integers(-14 * 60, 14 * 60),
)
META_VALUES = st.one_of(
    st.text(max_size=40), ISO_DATES, st.dates().map(str), st.integers().map(str),
    st.sampled_from(["2025", "2025-07", "2025-13-40", "21.04.2025 19:54", "3. Dezember 2025", "[a, b]",
                     "{a: b}", "'", '"', "- x", "null", "~", "|", ">", "&anchor", "*alias", "!!binary x"]),
)
FRONT_MATTER = st.lists(
    st.tuples(st.sampled_from(["title", "date", "source", "url", "tags", "Title", "DATE"]), META_VALUES),
    max_size=5,
).map(lambda pairs: "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + "---\n")


@PROPERTY
@given(front=FRONT_MATTER, body=st.text(max_size=2000), suffix=st.sampled_from([".txt", ".md"]))
def test_random_front_matter_never_escapes(fresh_inbox, front: str, body: str, suffix: str) -> None:
    with fresh_inbox() as (inbox, config):
        path = inbox / f"kopf{suffix}"
        path.write_text(front + body, encoding="utf-8", errors="surrogatepass")
        check_file_outcome(path, config)


@PROPERTY
@given(when=ISO_DATES, fmt=st.sampled_from(["md", "json"]))
def test_any_declared_iso_date_never_escapes(fresh_inbox, when: str, fmt: str) -> None:
    """Dates at the edges of datetime's range, with an offset, as front matter or JSON."""
    with fresh_inbox() as (inbox, config):
        if fmt == "md":
            (inbox / "datum.md").write_text(f"---\ndate: {when}\n---\n{GOOD}", encoding="utf-8")
        else:
            (inbox / "datum.json").write_text(json.dumps({"date": when, "text": GOOD}), encoding="utf-8")
        check_file_outcome(next(inbox.iterdir()), config)


@PROPERTY
@given(meta=st.dictionaries(st.sampled_from(["title", "date", "source", "url", "text"]),
                            st.one_of(META_VALUES, st.none(), st.integers(), st.booleans(),
                                      st.lists(st.integers(), max_size=2)), max_size=5),
       body=st.text(max_size=1000))
def test_random_json_never_escapes(fresh_inbox, meta: dict, body: str) -> None:
    with fresh_inbox() as (inbox, config):
        path = inbox / "artikel.json"
        path.write_text(json.dumps({"text": body, **meta}), encoding="utf-8", errors="surrogatepass")
        check_file_outcome(path, config)


NAMES = st.binary(min_size=1, max_size=60).filter(
    lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")
)


@PROPERTY
@given(name=NAMES)
def test_random_file_names_never_stop_the_pick_up(fresh_inbox, name: bytes) -> None:
    with fresh_inbox() as (inbox, config):
        with open(os.path.join(os.fsencode(inbox), name), "wb") as f:
            f.write(GOOD.encode("utf-8"))
        with Store(config.state) as store:
            report = pickup.pick_up_inbox(config, store, NOW)
        if is_candidate(os.fsdecode(name)):
            assert report.files == 1
            assert report.new_articles + len(report.skipped) == 1
        else:
            assert report.files == 0
