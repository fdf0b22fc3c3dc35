from datetime import date, datetime

import pytest

from digest.i18n import LABELS, format_date, format_day, iso_date, skip_patterns, skip_reason
from digest.models import Precision, PublicationDate


@pytest.mark.parametrize(
    "value, precision, language, expected",
    [
        (datetime(2025, 7, 1), Precision.MONTH, "german", "Juli 2025"),
        (datetime(2025, 3, 1), Precision.MONTH, "german", "März 2025"),
        (datetime(2025, 7, 1), Precision.MONTH, "english", "July 2025"),
        (datetime(2025, 1, 1), Precision.YEAR, "german", "2025"),
        (datetime(2025, 12, 3), Precision.DAY, "german", "3. Dezember 2025"),
        (datetime(2025, 12, 3), Precision.DAY, "english", "December 3, 2025"),
        (datetime(2025, 4, 21, 19, 54), Precision.MINUTE, "german", "21. April 2025, 19:54 Uhr"),
        (datetime(2025, 4, 21, 19, 54), Precision.MINUTE, "english", "April 21, 2025, 19:54"),
    ],
)
def test_dates_are_shown_no_more_precisely_than_known(value, precision, language, expected):
    assert format_date(PublicationDate(value, precision, "header line"), language) == expected


def test_month_precision_never_shows_a_day():
    text = format_date(PublicationDate(datetime(2025, 7, 1), Precision.MONTH, "x"), "german")
    assert "1." not in text


def test_unknown_date_says_so():
    assert format_date(PublicationDate.unknown(), "german") == "ohne Datum"
    assert format_date(PublicationDate.unknown(), "english") == "undated"


def test_iso_follows_precision():
    assert iso_date(PublicationDate(datetime(2025, 7, 1), Precision.MONTH, "x")) == "2025-07"
    assert iso_date(PublicationDate(datetime(2025, 7, 9, 8, 5), Precision.MINUTE, "x")) == "2025-07-09T08:05"


def test_every_language_has_every_label():
    assert set(LABELS["german"]) == set(LABELS["english"])
    assert format_day(date(2026, 1, 2), "german") == "2. Januar 2026"


# skip reasons: made and logged in English, shown in the digest's language ---------------------------

GERMAN_REASONS = [
    ("empty file", "leere Datei"),
    ("binary data, not text", "Binärdaten, kein Text"),
    ("cannot decode as utf-16-le: truncated data", "nicht als utf-16-le lesbar: truncated data"),
    ("not a regular file", "keine gewöhnliche Datei"),
    ("file disappeared before it could be read", "Datei verschwand, bevor sie gelesen werden konnte"),
    ("symlink points outside the inbox: /etc/passwd",
     "symbolischer Link zeigt aus dem Eingangsordner hinaus: /etc/passwd"),
    ("file is 12.5 MB, over the limit of 10 MB (config: max_file_mb)",
     "Datei hat 12,5 MB, mehr als die Grenze von 10 MB (Konfiguration: max_file_mb)"),
    ("no article text after the metadata", "kein Artikeltext nach den Metadaten"),
    ("no article text left after removing page furniture",
     "kein Artikeltext übrig, nachdem Navigation, Werbung und andere Seitenelemente entfernt wurden"),
    ("front matter is not closed: expected a line '---' after the YAML",
     "Front Matter nicht abgeschlossen: nach dem YAML fehlt eine Zeile '---'"),
    ("front matter is not valid YAML: line 2: found unexpected end of stream",
     "Front Matter ist kein gültiges YAML: line 2: found unexpected end of stream"),
    ("front matter must be a mapping of keys to values, got a list",
     "Front Matter muss Schlüssel mit Werten sein, ist aber vom Typ list"),
    ("front matter nested too deeply to read (over 100 levels)",
     "Front Matter zu tief verschachtelt, um es zu lesen (über 100 Ebenen)"),
    ("JSON nested too deeply to read (over 100 levels)",
     "JSON zu tief verschachtelt, um es zu lesen (über 100 Ebenen)"),
    ("HTML nested too deeply to read", "HTML zu tief verschachtelt, um es zu lesen"),
    ("front matter: 'title' must be text, got a dict: {'a': 'b'}",
     "Front Matter: 'title' muss Text sein, ist aber vom Typ dict: {'a': 'b'}"),
    ("not valid JSON: Expecting value at line 1, column 14",
     "kein gültiges JSON: Expecting value at line 1, column 14"),
    ("JSON must be an object with a 'text' field, got a list",
     "JSON muss ein Objekt mit einem Feld 'text' sein, ist aber vom Typ list"),
    ("JSON object has no 'text' field with the article text",
     "JSON-Objekt ohne Feld 'text' mit dem Artikeltext"),
    ("no article text found in the HTML page", "kein Artikeltext in der HTML-Seite gefunden"),
    ("reading it killed the worker process (signal 9)", "beim Lesen endete der Arbeitsprozess (signal 9)"),
    ("cannot list this folder: permission denied", "Ordner nicht lesbar: keine Berechtigung"),
    ("cannot list: symlink loop (the link leads back to itself)",
     "nicht lesbar: Schleife symbolischer Links (der Link führt auf sich selbst zurück)"),
    ("cannot read: it disappeared while being listed",
     "nicht lesbar: verschwand, während der Ordner gelesen wurde"),
    ("cannot read: nested too deeply (Python's recursion limit was reached)",
     "nicht lesbar: zu tief verschachtelt (Pythons Rekursionsgrenze wurde erreicht)"),
    ("cannot store: it needed more memory than there is",
     "nicht zu speichern: es brauchte mehr Speicher, als es gibt"),
    ("cannot read: no space left on device", "nicht lesbar: kein Platz mehr auf dem Datenträger"),
    ("cannot read: input/output error", "nicht lesbar: Ein-/Ausgabefehler"),
    ("cannot read: file name too long", "nicht lesbar: Dateiname zu lang"),
    ("cannot read: ValueError: kaputt at x.py:1 (a bug in news digest? please report it with the file)",
     "nicht lesbar: ValueError: kaputt at x.py:1 (ein Fehler in news digest? Bitte mit der Datei melden)"),
]


@pytest.mark.parametrize("english, german", GERMAN_REASONS)
def test_skip_reasons_in_german(english, german):
    assert skip_reason(english, "german") == german
    assert skip_reason(english, "english") == english


def _patterns_used(reason: str) -> set[int]:
    """The rows of the table that translate a reason, and the problem it names."""
    for i, (pattern, _) in enumerate(skip_patterns("german")):
        if match := pattern.fullmatch(reason):
            problem = match.groupdict().get("problem")
            return {i} | (_patterns_used(problem) if problem else set())
    return set()


def test_every_pattern_of_the_table_is_tried_above():
    used = set().union(*(_patterns_used(english) for english, _ in GERMAN_REASONS))
    assert used == set(range(len(skip_patterns("german"))))


def test_a_reason_no_pattern_knows_is_shown_as_it_is():
    assert skip_reason("cannot read: stale file handle", "german") == "nicht lesbar: stale file handle"
    assert skip_reason("something new", "german") == "something new"


def test_every_reason_the_readers_give_is_translated(tmp_path):
    from digest.errors import ReadError
    from digest.readers import read_document

    files = {"leer.txt": b"", "bin.txt": b"\x00\x01\x02", "kopf.md": b"---\ntitle: x\nText\n",
             "liste.md": b"---\n- a\n---\nText\n", "titel.md": b"---\ntitle: {a: b}\n---\nText\n",
             "json.json": b'{"text": 1', "liste.json": b"[1]", "ohne.json": b'{"title": "t"}',
             "nur-kopf.md": b"---\ntitle: t\n---\n", "leer.html": b"<html><body></body></html>"}
    reasons = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ReadError) as info:
            read_document(tmp_path / name, tmp_path)
        reasons.append(info.value.reason)
    untranslated = [r for r in reasons if skip_reason(r, "german") == r]
    assert untranslated == []
