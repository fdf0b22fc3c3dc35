"""Tests for digest.dates: German and ISO dates, header lines, datelines, declared dates."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.clean import clean_lines
from digest.dates import extract_date, parse_german_date
from digest.models import Precision, PublicationDate, RawDocument

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
RECEIVED = datetime(2025, 12, 3, 6, 0, tzinfo=UTC)
M, D, MIN, Y = Precision.MONTH, Precision.DAY, Precision.MINUTE, Precision.YEAR


def raw_doc(fmt: str = "text", date: str | None = None) -> RawDocument:
    """A RawDocument of the given format, declaring date when given."""
    meta = (("date", date),) if date is not None else ()
    return RawDocument("a.txt", "", RECEIVED, "utf-8", fmt, meta)


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("21.04.2025 19:54", datetime(2025, 4, 21, 19, 54), MIN),
        ("21.04.2025, 19:54 Uhr", datetime(2025, 4, 21, 19, 54), MIN),
        ("21.04.2025 um 9.05 Uhr", datetime(2025, 4, 21, 9, 5), MIN),
        ("21.04.2025", datetime(2025, 4, 21), D),
        ("1.4.2025", datetime(2025, 4, 1), D),
        ("3. Dezember 2025", datetime(2025, 12, 3), D),
        ("3. Dezember 2025, 14:02 Uhr", datetime(2025, 12, 3, 14, 2), MIN),
        ("Dezember 2025", datetime(2025, 12, 1), M),
        ("März 2022", datetime(2022, 3, 1), M),
        ("Maerz 2022", datetime(2022, 3, 1), M),
        ("15. märz 2022", datetime(2022, 3, 15), D),
        ("Dez. 2025", datetime(2025, 12, 1), M),
        ("3. Jan. 2024", datetime(2024, 1, 3), D),
        ("Sept. 2023", datetime(2023, 9, 1), M),
        ("2025", datetime(2025, 1, 1), Y),
        ("2025-07", datetime(2025, 7, 1), M),
        ("2025-07-18", datetime(2025, 7, 18), D),
        ("2025-07-18T09:30", datetime(2025, 7, 18, 9, 30), MIN),
        ("2025-07-18 09:30:45", datetime(2025, 7, 18, 9, 30), MIN),
    ],
)
def test_parse_german_date(text: str, value: datetime, precision: Precision) -> None:
    assert parse_german_date(text) == (value, precision)


def test_parse_german_date_keeps_offset() -> None:
    value, precision = parse_german_date("2025-07-18T09:30:00+02:00")
    assert (value.isoformat(), precision) == ("2025-07-18T09:30:00+02:00", MIN)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "gestern",
        "31.02.2025",
        "13.13.2025",
        "2025-13",
        "Brumaire 2025",
        "21.04.",
        "am 3. Mai 2025",
    ],
)
def test_parse_german_date_refuses(text: str) -> None:
    assert parse_german_date(text) is None


@pytest.mark.parametrize(
    ("fmt", "declared", "value", "precision", "origin"),
    [
        ("text", "2025-07", datetime(2025, 7, 1), M, "front matter"),
        ("markdown", "2025-07-18", datetime(2025, 7, 18), D, "front matter"),
        (
            "markdown",
            "2025-07-18T09:30:00+02:00",
            datetime(2025, 7, 18, 9, 30),
            MIN,
            "front matter",
        ),
        ("markdown", "2025-01-18T09:30:00Z", datetime(2025, 1, 18, 10, 30), MIN, "front matter"),
        ("json", "2025-07-18T23:30:00Z", datetime(2025, 7, 19, 1, 30), MIN, "json"),
        ("json", "21.04.2025", datetime(2025, 4, 21), D, "json"),
        ("html", "2025-04-21T19:54:00+0200", datetime(2025, 4, 21, 19, 54), MIN, "html"),
    ],
)
def test_declared_date_wins(
    fmt: str, declared: str, value: datetime, precision: Precision, origin: str
) -> None:
    lines = [" date 2024-01 Text beginnt hier.", "Stand: 02.01.2024 10:00 Uhr", "Mehr."]
    published, rest = extract_date(raw_doc(fmt, declared), lines)
    assert (published.value, published.precision, published.origin) == (value, precision, origin)
    assert rest == ["Text beginnt hier.", "Mehr."]


def test_declared_date_in_another_time_zone() -> None:
    published, _ = extract_date(raw_doc("json", "2025-07-18T09:30:00+02:00"), ["x"], tz="UTC")
    assert published.value == datetime(2025, 7, 18, 7, 30)


def test_unparseable_declared_date_falls_back() -> None:
    published, _ = extract_date(raw_doc("markdown", "bald"), [" date 2025-07 Text."])
    assert (published.value, published.origin) == (datetime(2025, 7, 1), "header line")


@pytest.mark.parametrize(
    ("lines", "value", "precision", "origin", "rest"),
    [
        # header lines
        (
            [" date 2025-07 Die Ukraine hat.", "B."],
            datetime(2025, 7, 1),
            M,
            "header line",
            ["Die Ukraine hat.", "B."],
        ),
        (["date 2025-07-18", "A."], datetime(2025, 7, 18), D, "header line", ["A."]),
        (["date: 2025-07-18 A."], datetime(2025, 7, 18), D, "header line", ["A."]),
        # datelines, anywhere in the first lines
        (
            ["Titel Stand: 21.04.2025 19:54 Uhr", "A."],
            datetime(2025, 4, 21, 19, 54),
            MIN,
            "dateline",
            ["Titel", "A."],
        ),
        (
            ["Titel", "Stand: 21.04.2025", "A."],
            datetime(2025, 4, 21),
            D,
            "dateline",
            ["Titel", "A."],
        ),
        (
            ["Titel", "21.04.2025, 19:54 Uhr", "A."],
            datetime(2025, 4, 21, 19, 54),
            MIN,
            "dateline",
            ["Titel", "A."],
        ),
        (
            ["Titel", "Aktualisiert am 3. Dezember 2025, 14:02 Uhr", "A."],
            datetime(2025, 12, 3, 14, 2),
            MIN,
            "dateline",
            ["Titel", "A."],
        ),
        (
            ["Veröffentlicht am 3. Dezember 2025 | Titel", "A."],
            datetime(2025, 12, 3),
            D,
            "dateline",
            ["Titel", "A."],
        ),
        (
            ["Titel", "3. Dezember 2025", "A."],
            datetime(2025, 12, 3),
            D,
            "dateline",
            ["Titel", "A."],
        ),
        (["Titel", "Dez. 2025", "A."], datetime(2025, 12, 1), M, "dateline", ["Titel", "A."]),
        # header and agreeing dateline: the more precise one wins
        (
            [" date 2025-04 Titel Stand: 21.04.2025 19:54 Uhr", "A."],
            datetime(2025, 4, 21, 19, 54),
            MIN,
            "dateline",
            ["Titel", "A."],
        ),
        (
            ["date 2025-04-21 Titel", "Stand: 21.04.2025 19:54 Uhr"],
            datetime(2025, 4, 21, 19, 54),
            MIN,
            "dateline",
            ["Titel"],
        ),
        # header and disagreeing dateline: the header line wins
        (
            [" date 2025-04 Titel Stand: 21.05.2025 19:54 Uhr", "A."],
            datetime(2025, 4, 1),
            M,
            "header line",
            ["Titel", "A."],
        ),
        (
            ["date 2025-04-20 Titel", "Stand: 21.04.2025 19:54 Uhr"],
            datetime(2025, 4, 20),
            D,
            "header line",
            ["Titel"],
        ),
        # header and a less precise dateline: the header line wins
        (
            ["date 2025-04-21 Titel", "April 2025"],
            datetime(2025, 4, 21),
            D,
            "header line",
            ["Titel"],
        ),
    ],
)
def test_header_lines_and_datelines(
    lines: list[str], value: datetime, precision: Precision, origin: str, rest: list[str]
) -> None:
    published, remaining = extract_date(raw_doc(), lines)
    assert (published.value, published.precision, published.origin) == (value, precision, origin)
    assert remaining == rest


@pytest.mark.parametrize(
    "lines",
    [
        # a date mentioned in the body is not the publication date
        ["Titel", "Der Vorstoß vom 6. August 2024 war wichtig.", "A."],
        ["Am 21.04.2025 um 19:54 Uhr griffen Drohnen Kiew an.", "A."],
        ["Die Gespräche seit 3. Dezember 2025, 14:02 Uhr dauern an.", "A."],
        ["Titel", "A.", "B.", "Der Vertrag endet am 21.04.2025 um 19:54 Uhr.", "C.", "D.", "E."],
        ["Titel", "A.", "B.", "date 2025-07 C."],
        ["Ein Update date 2025-07 mitten im Satz.", "A."],
        ["Titel", "Im Dezember 2025 soll verhandelt werden.", "A."],
        [],
    ],
)
def test_no_publication_date(lines: list[str]) -> None:
    published, remaining = extract_date(raw_doc(), lines)
    assert (published.value, published.precision, published.origin) == (
        None,
        Precision.UNKNOWN,
        "unknown",
    )
    assert remaining == lines


@pytest.mark.parametrize(
    ("name", "value", "precision", "origin", "first_line"),
    [
        (
            "000_a4da805abde6e002.txt",
            None,
            Precision.UNKNOWN,
            "unknown",
            "In den bisherigen Gesprächen",
        ),
        (
            "001_9ab67507dfce0dbc.txt",
            datetime(2025, 7, 1),
            M,
            "header line",
            "Die Ukraine hat Russland",
        ),
        (
            "002_98351c927044ce80.txt",
            datetime(2025, 4, 21, 19, 54),
            MIN,
            "dateline",
            "Angriffskrieg gegen",
        ),
        (
            "003_d3fc333e34ecd65f.txt",
            None,
            Precision.UNKNOWN,
            "unknown",
            "Die Verhandlungen zwischen",
        ),
        ("004_ab075a59fcf8eea7.txt", None, Precision.UNKNOWN, "unknown", "Kreml treibt"),
    ],
)
def test_seed_dates(
    name: str, value: datetime | None, precision: Precision, origin: str, first_line: str
) -> None:
    lines = clean_lines((SEEDS / name).read_text(encoding="utf-8").split("\n"))
    published, remaining = extract_date(raw_doc(), lines)
    assert (published.value, published.precision, published.origin) == (value, precision, origin)
    assert remaining[0].startswith(first_line)
    assert len(remaining) == len(lines)


def test_seed_002_first_line_loses_header_and_dateline() -> None:
    lines = (SEEDS / "002_98351c927044ce80.txt").read_text(encoding="utf-8").split("\n")
    _, remaining = extract_date(raw_doc(), lines)
    assert (
        remaining[0]
        == "Angriffskrieg gegen die Ukraine Putin zeigt sich offen für direkte Gespräche"
    )


@pytest.mark.parametrize(
    "lines, value, precision",
    [
        (["Titel", "Erster Satz.", "Zweiter Satz.", "Dritter Satz.", "Stand: 03.12.2025 08:15 Uhr"],
         datetime(2025, 12, 3, 8, 15), Precision.MINUTE),
        (["Titel", "Erster Satz.", "Zweiter Satz.", "Dritter Satz.",
          "Aktualisiert am 3. Dezember 2025", "Mehr Text."], datetime(2025, 12, 3), Precision.DAY),
    ],
)
def test_labelled_dateline_at_the_end_dates_an_undated_article(lines, value, precision):
    raw = RawDocument("a.txt", "\n".join(lines), datetime(2026, 1, 1, tzinfo=UTC), "utf-8", "text")
    published, rest = extract_date(raw, lines)
    assert (published.value, published.precision, published.origin) == (value, precision, "dateline")
    assert not any("Stand" in line or "Aktualisiert" in line for line in rest)


def test_an_unlabelled_date_at_the_end_is_not_a_dateline():
    lines = ["Titel", "Erster Satz.", "Zweiter Satz.", "Dritter Satz.",
             "Die Frist endet am 3. Dezember 2025."]
    raw = RawDocument("a.txt", "\n".join(lines), datetime(2026, 1, 1, tzinfo=UTC), "utf-8", "text")
    assert extract_date(raw, lines)[0] == PublicationDate.unknown()


def test_a_year_after_stand_is_not_a_dateline():
    lines = ["Titel", "Die Schulden (73,6 Milliarden Euro, Stand 2015) sind hoch.", "Zweiter Satz."]
    raw = RawDocument("a.txt", "\n".join(lines), datetime(2026, 1, 1, tzinfo=UTC), "utf-8", "text")
    published, rest = extract_date(raw, lines)
    assert published == PublicationDate.unknown()
    assert rest == lines
