"""Tests for digest.readers: finding, decoding and reading inbox files; building Articles."""

from __future__ import annotations

import json
import os
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from digest.errors import InboxError, ReadError
from digest.models import Block, Precision, PublicationDate, RawDocument
from digest.readers import (
    article_id,
    decode,
    find_files,
    first_sentence,
    inbox_files,
    is_candidate,
    make_article,
    read_document,
    relative_name,
)

from .helpers import write_tree

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
RECEIVED = datetime(2025, 12, 3, 6, 0, tzinfo=UTC)
UNKNOWN = PublicationDate.unknown()


def raw_doc(text: str = "", meta: tuple[tuple[str, str], ...] = ()) -> RawDocument:
    """A RawDocument as read_document would return it."""
    return RawDocument("a.txt", text, RECEIVED, "utf-8", "text", meta)


# --- is_candidate and find_files ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("artikel.txt", True),
        ("001_9ab67507dfce0dbc.txt", True),
        ("ohne-endung", True),
        ("sub/artikel.md", True),
        ("artikel.txt.part", False),
        ("artikel.TMP", False),
        ("download.html.crdownload", False),
        (".artikel.txt.swp", False),
        ("artikel.txt~", False),
        (".hidden.txt", False),
        (".git/config", False),
        ("archiv/.versteckt/artikel.txt", False),
        ("teil.partei.txt", True),
    ],
)
def test_is_candidate(name: str, expected: bool) -> None:
    assert is_candidate(name) is expected


def test_find_files_recursive_sorted_candidates_only(tmp_path: Path) -> None:
    inbox = write_tree(
        tmp_path / "inbox",
        {
            "b.txt": "B",
            "a.md": "A",
            "sub/c.json": "{}",
            "sub/deeper/d.html": "<p>D</p>",
            "sub/e.txt.part": "unfertig",
            "f.tmp": "unfertig",
            "g.txt~": "Sicherung",
            ".h.txt": "versteckt",
            ".versteckt/i.txt": "versteckt",
            "sub/.cache/j.txt": "versteckt",
        },
    )
    found = [p.relative_to(inbox).as_posix() for p in find_files(inbox)]
    assert found == ["a.md", "b.txt", "sub/c.json", "sub/deeper/d.html"]


def test_find_files_returns_outside_symlink_for_read_document_to_refuse(tmp_path: Path) -> None:
    secret = write_tree(tmp_path / "elsewhere", {"secret.txt": "geheim"}) / "secret.txt"
    inbox = write_tree(tmp_path / "inbox", {"a.txt": "A"})
    (inbox / "link.txt").symlink_to(secret)
    (inbox / "linkdir").symlink_to(secret.parent, target_is_directory=True)
    (inbox / "inside.txt").symlink_to(inbox / "a.txt")
    found = find_files(inbox)
    assert [p.name for p in found] == ["a.txt", "inside.txt", "link.txt", "linkdir"]
    for name, target in (("link.txt", secret), ("linkdir", secret.parent)):
        with pytest.raises(ReadError) as err:
            read_document(inbox / name, inbox)
        assert err.value.path == name
        assert err.value.reason == f"symlink points outside the inbox: {target.resolve()}"
    assert read_document(inbox / "inside.txt", inbox).text == "A"


def test_inbox_files_name_each_file_as_relative_name_does(tmp_path: Path) -> None:
    inbox = write_tree(tmp_path / "inbox", {"sub/ä ü.txt": "A", "z.md": "Z", "sub/deeper/b.txt": "B"})
    (inbox / os.fsdecode(b"latin-\xe4.txt")).write_text("L", encoding="utf-8")  # not UTF-8 on disk
    listed = inbox_files(inbox)
    assert [name for name, _ in listed] == sorted(name for name, _ in listed)
    assert [name for name, _ in listed] == [relative_name(Path(path), inbox) for _, path in listed]
    assert "latin-\\xe4.txt" in [name for name, _ in listed]
    assert [Path(path) for _, path in listed] == find_files(inbox)


def test_find_files_missing_inbox(tmp_path: Path) -> None:
    with pytest.raises(InboxError, match="does not exist"):
        find_files(tmp_path / "nowhere")


# --- decode ---------------------------------------------------------------------------------

TEXT = "Selenskyj: „Gespräche über Waffenruhe“ – Kosten 5 €."


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (TEXT.encode("utf-8"), TEXT, "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT, "utf-8-sig"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), TEXT, "utf-16-le"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), TEXT, "utf-16-be"),
        (TEXT.encode("cp1252"), TEXT, "cp1252"),
        ("Größe und Maß".encode("latin-1"), "Größe und Maß", "cp1252"),
        (
            "Übersicht der Gespräche\x81 in Genf".encode("latin-1"),
            "Übersicht der Gespräche\x81 in Genf",
            "latin-1",
        ),
        (
            b"Zeile eins\r\nZeile zwei\rZeile drei\n",
            "Zeile eins\nZeile zwei\nZeile drei\n",
            "utf-8",
        ),
        ("Gespra\u0308che".encode(), "Gespräche", "utf-8"),
    ],
)
def test_decode(data: bytes, text: str, encoding: str) -> None:
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n", "empty file"),
        (b"\xef\xbb\xbf\n", "empty file"),
        (b"PK\x03\x04\x00\x00binary", "binary data, not text"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 4, "binary data, not text"),
    ],
)
def test_decode_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as err:
        decode(data)
    assert err.value.reason == reason


# --- read_document --------------------------------------------------------------------------

ARTICLE = "Titelzeile\n\nErster Absatz. Noch ein Satz.\n"


@pytest.mark.parametrize(
    ("name", "content", "fmt", "text", "meta"),
    [
        ("a.txt", ARTICLE, "text", ARTICLE, ()),
        ("ohne-endung", ARTICLE, "text", ARTICLE, ()),
        (
            "b.txt",
            "---\ntitle: Aus dem Kopf\ndate: 2025-07-18\n---\n" + ARTICLE,
            "text",
            ARTICLE,
            (("title", "Aus dem Kopf"), ("date", "2025-07-18")),
        ),
        (
            "c.md",
            "---\ndate: 2025-07-18T09:30:00+02:00\ntitle: 'Kiew: neue Runde'\n"
            "source: tagesschau\nurl: https://example.org/a\ntags: [a, b]\n---\n# Titel\n\nText.\n",
            "markdown",
            "Titel\n\nText.\n",
            (
                ("date", "2025-07-18T09:30:00+02:00"),
                ("title", "Kiew: neue Runde"),
                ("source", "tagesschau"),
                ("url", "https://example.org/a"),
            ),
        ),
        ("d.markdown", "Kein Kopf.\n", "markdown", "Kein Kopf.\n", ()),
        ("artikel.text", ARTICLE, "text", ARTICLE, ()),
        (
            "e.json",
            json.dumps({"text": "Zeile 1\r\nZeile 2", "title": "T", "date": "2025-04", "x": 1}),
            "json",
            "Zeile 1\nZeile 2",
            (("title", "T"), ("date", "2025-04")),
        ),
    ],
)
def test_read_document_formats(
    tmp_path: Path, name: str, content: str, fmt: str, text: str, meta: tuple
) -> None:
    inbox = write_tree(tmp_path, {f"sub/{name}": content})
    doc = read_document(inbox / "sub" / name, inbox)
    assert (doc.path, doc.format, doc.text, doc.meta) == (f"sub/{name}", fmt, text, meta)


HTML = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Putin offen für Gespräche | tagesschau.de</title>
<meta property="og:site_name" content="tagesschau.de">
<meta property="og:title" content="Putin offen für Gespräche">
<meta property="article:published_time" content="2025-04-21T19:54:00+02:00">
<link rel="canonical" href="https://www.tagesschau.de/ausland/putin-123.html"></head>
<body><nav><a href="/">Start</a> <a href="/inland">Inland</a> <a href="/ausland">Ausland</a></nav>
<article><h1>Putin offen für Gespräche</h1>
<p>Die USA werden angesichts fehlender Fortschritte in den Ukraine-Verhandlungen zunehmend
ungeduldig. Nun reagiert Russland. Präsident Putin erklärte sich bereit, direkt zu sprechen.</p>
<p>Bislang zeigt sich kaum Bewegung in den indirekten Gesprächen zwischen Russland und der
Ukraine. Nun schlägt Kremlchef Wladimir Putin direkte Verhandlungen mit Kiew vor.</p>
<h2>Kreml begrüßt US-Haltung</h2>
<p>Russland setze weiter auf die Verhandlungen unter Führung der USA, sagte Peskow.
"Natürlich hoffen wir, dass diese Arbeit Ergebnisse bringt", sagte er.</p>
</article><footer>Impressum Datenschutz Kontakt</footer></body></html>"""


def test_read_document_html(tmp_path: Path) -> None:
    inbox = write_tree(tmp_path, {"seite.html": HTML})
    doc = read_document(inbox / "seite.html", inbox)
    assert doc.format == "html"
    assert dict(doc.meta) == {
        "title": "Putin offen für Gespräche",
        "date": "2025-04-21T19:54:00+0200",
        "source": "tagesschau.de",
        "url": "https://www.tagesschau.de/ausland/putin-123.html",
    }
    lines = doc.text.split("\n")
    assert "Kreml begrüßt US-Haltung" in lines
    assert any(line.startswith("Bislang zeigt sich kaum Bewegung") for line in lines)
    assert "Impressum" not in doc.text and "Inland" not in doc.text


def test_read_document_html_day_only_date(tmp_path: Path) -> None:
    html = HTML.replace("2025-04-21T19:54:00+02:00", "2025-04-21")
    inbox = write_tree(tmp_path, {"seite.htm": html})
    assert read_document(inbox / "seite.htm", inbox).meta_value("date") == "2025-04-21"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.md", "---\ntitle: [unclosed\n---\nText\n", "front matter is not valid YAML:"),
        ("b.md", "---\ntitle: a\n  b: c\n---\nText\n", "at line 3"),
        ("c.md", "---\ntitle: Ohne Ende\nText\n", "front matter is not closed"),
        ("d.md", "---\n- eins\n- zwei\n---\nText\n", "must be a mapping of keys to values"),
        ("e.md", "---\ntitle: {a: b}\n---\nText\n", "'title' must be text"),
        ("f.md", "---\ntitle: Nur Kopf\n---\n\n", "no article text after the metadata"),
        ("g.json", '{"text": "a",', "not valid JSON: Expecting property name"),
        ("h.json", '["text"]', "JSON must be an object with a 'text' field, got a list"),
        ("i.json", '{"title": "Ohne Text"}', "JSON object has no 'text' field"),
        ("j.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n\x00\x01stream", "binary data, not text"),
        ("j.dat", b"\x00\x01\x02\xff" * 50, "binary data, not text"),
        ("k.txt", "", "empty file"),
        ("l.html", "<html><body></body></html>", "no article text found in the HTML page"),
    ],
)
def test_read_document_refuses(
    tmp_path: Path, name: str, content: str | bytes, reason: str
) -> None:
    inbox = write_tree(tmp_path, {name: content})
    with pytest.raises(ReadError) as err:
        read_document(inbox / name, inbox)
    assert err.value.path == name
    assert reason in err.value.reason


def test_read_document_size_limit_checked_first(tmp_path: Path) -> None:
    inbox = write_tree(tmp_path, {"gross.bin": b"\x00" * int(2.6 * 1024 * 1024)})
    with pytest.raises(ReadError) as err:
        read_document(inbox / "gross.bin", inbox, max_bytes=2 * 1024 * 1024)
    assert err.value.reason == "file is 2.6 MB, over the limit of 2 MB (config: max_file_mb)"


def test_read_document_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = write_tree(tmp_path, {"a.txt": "Text"})

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(ReadError) as err:
        read_document(inbox / "a.txt", inbox)
    assert (err.value.path, err.value.reason) == ("a.txt", "cannot read: permission denied")


def test_read_document_received_at_is_mtime_utc(tmp_path: Path) -> None:
    inbox = write_tree(tmp_path, {"a.txt": "Text"})
    stamp = datetime(2025, 4, 21, 17, 54, tzinfo=UTC).timestamp()
    os.utime(inbox / "a.txt", (stamp, stamp))
    doc = read_document(inbox / "a.txt", inbox)
    assert doc.received_at == datetime(2025, 4, 21, 17, 54, tzinfo=UTC)
    assert doc.received_at.tzinfo is not None


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Zeile „eins“\r\nZeile zwei\r\n".encode("cp1252"), "cp1252"),
        (b"\xff\xfe" + "Zeile „eins“\nZeile zwei\n".encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_read_document_other_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    inbox = write_tree(tmp_path, {"a.txt": data})
    doc = read_document(inbox / "a.txt", inbox)
    assert (doc.text, doc.encoding) == ("Zeile „eins“\nZeile zwei\n", encoding)


# --- make_article ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Erster Satz. Zweiter Satz.", "Erster Satz"),
        (
            "Der Vorstoß vom 6. August 2024 war wichtig. Danach mehr.",
            "Der Vorstoß vom 6. August 2024 war wichtig",
        ),
        ("Das gilt z. B. Für alle. Mehr.", "Das gilt z. B. Für alle"),
        ("Er fragte: Warum? Niemand antwortete.", "Er fragte: Warum?"),
        ("Er sagte „Ja.“ Dann ging er.", "Er sagte „Ja.“"),
        # the sentence splitter of digest.text: a year ends a sentence, an ordinal does not
        ("Die Ergebnisse aus dem Bericht 2015. Am Ende mehr.", "Die Ergebnisse aus dem Bericht 2015"),
        ("Am 3. Dezember beginnt es. Dann mehr.", "Am 3. Dezember beginnt es"),
        ("Prof. Müller sprach. Dann mehr.", "Prof. Müller sprach"),
        (
            " ".join(f"Wort{i}" for i in range(25)) + ".",
            " ".join(f"Wort{i}" for i in range(20)) + " …",
        ),
    ],
)
def test_first_sentence(line: str, expected: str) -> None:
    assert first_sentence(line) == expected


def test_first_sentence_follows_the_article_language() -> None:
    line = "Talks began on Jan. 5 in Geneva. More later."
    assert first_sentence(line, "english") == "Talks began on Jan. 5 in Geneva"
    assert first_sentence("Gen. Smith arrived. More later.", "english") == "Gen. Smith arrived"


@pytest.mark.parametrize(
    ("meta", "lines", "title", "body"),
    [
        # a headline-like first line becomes the title and leaves the body
        (
            (),
            ["Putin offen für Gespräche", "Erster Satz.", "Zweiter Satz."],
            "Putin offen für Gespräche",
            2,
        ),
        (
            (),
            ["Kreml treibt Verhandlung voran – „Kontakte intensivieren sich“", "Text."],
            "Kreml treibt Verhandlung voran – „Kontakte intensivieren sich“",
            1,
        ),
        # a sentence as first line: its first sentence is the title, the line stays
        (
            (),
            ["Die Ukraine hat Gespräche vorgeschlagen. Moskau schweigt.", "Mehr."],
            "Die Ukraine hat Gespräche vorgeschlagen",
            2,
        ),
        ((), ["Er sagte: „Wir sind bereit.“", "Mehr."], "Er sagte: „Wir sind bereit.“", 2),
        # a declared title wins; a first line repeating it is dropped
        ((("title", "Aus dem Kopf"),), ["Erster Satz.", "Zweiter."], "Aus dem Kopf", 2),
        ((("title", "Aus dem Kopf"),), ["Aus  dem Kopf", "Zweiter."], "Aus dem Kopf", 1),
        # a single line is never emptied out
        ((), ["Nur eine Zeile"], "Nur eine Zeile", 1),
    ],
)
def test_make_article_title(meta: tuple, lines: list[str], title: str, body: int) -> None:
    article = make_article(raw_doc("\n".join(lines), meta), lines, UNKNOWN, "german")
    assert (article.title, len(article.blocks)) == (title, body)


def test_make_article_blocks_and_fields() -> None:
    lines = [
        "Titel der Meldung",
        "",
        "Erster Absatz mit einem ganzen Satz.",
        "Moskau beharrt auf Maximalforderungen",
        "  Zweiter Absatz, der auch endet.  ",
        "Ukraine wird „Russland nicht vertrauen können“",
        " ".join(["Wort"] * 16),
    ]
    meta = (("url", "https://example.org/x"),)
    published = PublicationDate(datetime(2025, 7, 1), Precision.MONTH, "header line")
    article = make_article(raw_doc("", meta), lines, published, "german")
    assert article.blocks == (
        Block("Erster Absatz mit einem ganzen Satz."),
        Block("Moskau beharrt auf Maximalforderungen", is_heading=True),
        Block("Zweiter Absatz, der auch endet."),
        Block("Ukraine wird „Russland nicht vertrauen können“", is_heading=True),
        Block(" ".join(["Wort"] * 16)),
    )
    assert (article.path, article.url, article.language) == (
        "a.txt",
        "https://example.org/x",
        "german",
    )
    assert (article.published, article.received_at) == (published, RECEIVED)


SIGNATURES = {
    r"Z\+ \(abopflichtiger Inhalt\)": "ZEIT ONLINE",
    r"Meine News": "Frankfurter Rundschau",
}


@pytest.mark.parametrize(
    ("raw_text", "meta", "source"),
    [
        ("Text\nZ+ (abopflichtiger Inhalt);\nTeaser", (), "ZEIT ONLINE"),
        ("Text\nMeine News\nText", (), "Frankfurter Rundschau"),
        ("Text\nMeine News\nZ+ (abopflichtiger Inhalt);", (), "ZEIT ONLINE"),
        ("Text\nZ+ (abopflichtiger Inhalt);", (("source", "dpa"),), "dpa"),
        ("Text ohne Kennzeichen, laut ZEIT ONLINE.", (), None),
    ],
)
def test_make_article_source(raw_text: str, meta: tuple, source: str | None) -> None:
    article = make_article(
        raw_doc(raw_text, meta), ["Text."], UNKNOWN, "german", source_signatures=SIGNATURES
    )
    assert article.source == source


def test_make_article_source_unknown_without_signatures() -> None:
    article = make_article(raw_doc("Z+ (abopflichtiger Inhalt);"), ["Text."], UNKNOWN, "german")
    assert article.source is None


def test_article_id_ignores_whitespace_case_and_normalization() -> None:
    base = article_id("Titel", ["Erster Satz über Gespräche.", "Zweiter Satz."])
    assert len(base) == 20 and all(c in "0123456789abcdef" for c in base)
    assert (
        article_id(" Titel ", ["Erster  Satz über\tGespra\u0308che.", "", "Zweiter Satz. "]) == base
    )
    assert article_id("TITEL", ["Erster Satz über Gespräche.", "Zweiter Satz."]) == base
    assert article_id("Titel", ["Erster Satz über Gespräche.", "Dritter Satz."]) != base


WORDS = st.lists(
    st.text(alphabet="abcäöüßXYZ„“.,", min_size=1, max_size=8), min_size=1, max_size=12
)


@given(WORDS, st.sampled_from([" ", "  ", "\t", "\n", " \r\n "]))
def test_article_id_whitespace_invariant(words: list[str], gap: str) -> None:
    assert article_id("T", [gap.join(words)]) == article_id("T", [" ".join(words)])


@given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1))
def test_decode_utf8_roundtrip(text: str) -> None:
    assume(text.strip() and not text.startswith("\ufeff"))
    assert decode(text.encode("utf-8")) == (unicodedata.normalize("NFC", text), "utf-8")


def test_same_article_renamed_or_reencoded_has_same_id(tmp_path: Path) -> None:
    text = "Putin offen für Gespräche\n\nDie USA werden ungeduldig. Nun reagiert Russland.\n"
    inbox = write_tree(
        tmp_path,
        {
            "a.txt": text,
            "b/kopie.txt": text.replace("\n", "\r\n").encode("cp1252"),
            "c.txt": b"\xef\xbb\xbf" + text.replace("\n\n", "\n  \n\n").encode("utf-8"),
        },
    )
    ids = set()
    for path in find_files(inbox):
        raw = read_document(path, inbox)
        ids.add(make_article(raw, raw.text.split("\n"), UNKNOWN, "german").id)
    assert len(ids) == 1


# --- the seeds ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "kept_first_line"),
    [
        (
            "000_a4da805abde6e002.txt",
            "In den bisherigen Gesprächen ging es in erster Linie um die "
            "Schaffung von Fluchtkorridoren für Zivilisten",
            True,
        ),
        (
            "003_d3fc333e34ecd65f.txt",
            "Die Verhandlungen zwischen US-Vertretern und Russlands "
            "Präsident Wladimir Putin in Moskau sind nach russischen Angaben ergebnislos verlaufen",
            True,
        ),
        (
            "004_ab075a59fcf8eea7.txt",
            "Kreml treibt Geheimverhandlung mit Trump voran – „Kontakte intensivieren sich“",
            False,
        ),
    ],
)
def test_seed_titles(name: str, title: str, kept_first_line: bool) -> None:
    raw = read_document(SEEDS / name, SEEDS)
    assert (raw.path, raw.encoding, raw.format, raw.meta) == (name, "utf-8", "text", ())
    lines = [line for line in raw.text.split("\n") if line.strip()]
    article = make_article(raw, lines, UNKNOWN, "german")
    assert article.title == title
    assert (article.blocks[0].text == lines[0]) is kept_first_line
    assert article.source is None


def test_seeds_are_all_found() -> None:
    assert [p.name for p in find_files(SEEDS)] == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_stream_safe_breaks_only_long_mark_runs():
    """Runs of more than 30 combining marks get U+034F after every 30; other text is left as it is."""
    from digest.readers import stream_safe

    broken = "\u034f".join(["\u0301" * 30] * 3 + ["\u0301" * 10])
    assert stream_safe("a" + "\u0301" * 100 + "b") == "a" + broken + "b"
    assert stream_safe("中" * 20 + "\u0301" * 31) == "中" * 20 + "\u0301" * 30 + "\u034f\u0301"
    assert stream_safe("e" + "\u0301" * 30) == "e" + "\u0301" * 30
    assert stream_safe("„Grüße“ – 中文 " * 40) == "„Grüße“ – 中文 " * 40
    assert stream_safe("中" * 40) == "中" * 40
