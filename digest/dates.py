"""Publication dates: declared metadata, a header line, or a dateline, with precision and origin.

A date mentioned in the body ("am 6. August 2024") is never taken for the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil.parser import isoparse

from digest.lang import get, union
from digest.models import Precision, PublicationDate, RawDocument

GERMAN_MONTHS = get("german").MONTHS
"""German month names and their abbreviations (lower case) -> month number."""

MONTH_NAME = "|".join(sorted(GERMAN_MONTHS, key=len, reverse=True))
_TIME = r"(?:,?\s*(?:um\s+)?(\d{1,2})[:.](\d{2})(?:\s*Uhr)?)"
_NUMERIC = r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})"
_NAMED = rf"(?:(\d{{1,2}})\.\s*)?\b({MONTH_NAME})\.?\s+(\d{{4}})"
_ISO = (
    r"\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?"
)

NUMERIC_DATE = re.compile(_NUMERIC + _TIME + "?", re.IGNORECASE)
"""'21.04.2025' or '21.04.2025, 19:54 Uhr'."""

NAMED_DATE = re.compile(_NAMED + _TIME + "?", re.IGNORECASE)
"""'3. Dezember 2025', 'Dezember 2025', 'Dez. 2025', optionally with a time."""

ISO_DATE = re.compile(_ISO)
"""'2025', '2025-07', '2025-07-18', '2025-07-18T09:30:00+02:00'."""

ANY_DATE = rf"(?:{_NUMERIC}{_TIME}?|{_NAMED}{_TIME}?|{_ISO})"

_DATELINE_LABELS = sorted(union("DATELINE_LABELS"), key=len, reverse=True)

DATELINES = (
    re.compile(
        rf"(?:{'|'.join(map(re.escape, _DATELINE_LABELS))})(?:\s+am)?\s*:?\s*(?P<date>{ANY_DATE})(?:\s*Uhr)?",
        re.IGNORECASE,
    ),
    re.compile(rf"(?P<date>(?:{_NUMERIC}|{_NAMED}){_TIME})", re.IGNORECASE),
    re.compile(rf"^\s*(?P<date>{ANY_DATE})\s*$", re.IGNORECASE),
)
"""Datelines, most explicit first: 'Stand: …', a date with a time, a date alone on its line."""

HEADER_LINE = re.compile(r"^\s*date:?\s+(\d{4}-\d{2}(?:-\d{2})?)(?=\s|$)\s*", re.IGNORECASE)
"""A header prefix such as ' date 2025-07' at the start of one of the first lines."""

NOT_A_DATELINE_BEFORE = union("NOT_A_DATELINE_BEFORE")
"""A date with a time right after one of these words is a mention in a sentence."""

DATELINE_WINDOW = 3
"""Header lines and datelines are looked for in this many first non-empty lines."""

DECLARED_ORIGIN = {"json": "json", "html": "html"}
"""The origin of a declared date by file format; anything else is front matter."""

PRECISION_RANK = {Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3, Precision.MINUTE: 4}
"""Higher is more precise."""

PLAUSIBLE_YEARS = range(1800, 2200)
"""Years a publication date may have. Outside them ('9999-12-31', '0001-01-01': placeholders of
other programs) a date is taken for no date, and the article is placed at its arrival: such a
date would keep it out of every digest, and arithmetic on it (the day before, the next Friday)
would leave the calendar Python can count in."""


def _at(
    year: str, month: int, day: str | None, hour: str | None, minute: str | None
) -> tuple[datetime, Precision]:
    """A datetime and its precision from the parts of a German date."""
    if day is None:
        return datetime(int(year), month, 1), Precision.MONTH
    if hour is None:
        return datetime(int(year), month, int(day)), Precision.DAY
    return datetime(int(year), month, int(day), int(hour), int(minute)), Precision.MINUTE


def _iso_precision(text: str) -> Precision:
    """The precision of an ISO date string by how much of it is given."""
    if len(text) == 4:
        return Precision.YEAR
    if len(text) == 7:
        return Precision.MONTH
    return Precision.DAY if len(text) == 10 else Precision.MINUTE


def parse_german_date(text: str) -> tuple[datetime, Precision] | None:
    """A date and its precision from a German or ISO date text; None if it is not one."""
    text = " ".join(text.split()).rstrip(",")
    try:
        if match := NUMERIC_DATE.fullmatch(text):
            day, month, year, hour, minute = match.groups()
            return _at(year, int(month), day, hour, minute)
        if match := NAMED_DATE.fullmatch(text):
            day, name, year, hour, minute = match.groups()
            return _at(year, GERMAN_MONTHS[name.lower()], day, hour, minute)
        if ISO_DATE.fullmatch(text):
            value = isoparse(text)
            precision = _iso_precision(text)
            if precision is Precision.MINUTE:
                value = value.replace(second=0, microsecond=0)
            return value, precision
    except (ValueError, OverflowError):
        return None
    return None


def to_local(value: datetime, tz: str) -> datetime:
    """Naive local time in tz; naive values are taken to be local already."""
    if value.tzinfo is None:
        return value
    return value.astimezone(ZoneInfo(tz)).replace(tzinfo=None)


def _dated(text: str, origin: str, tz: str) -> PublicationDate | None:
    """A PublicationDate from a date text, or None if it does not parse."""
    parsed = parse_german_date(text)
    if parsed is None:
        return None
    value, precision = parsed
    try:
        local = to_local(value, tz)
    except (OverflowError, ValueError):  # e.g. 0001-01-01T00:00+01:00 has no local time
        return None
    return PublicationDate(local, precision, origin) if local.year in PLAUSIBLE_YEARS else None


def declared_date(raw: RawDocument, tz: str) -> PublicationDate | None:
    """The date declared in front matter, JSON or HTML metadata, if it parses."""
    text = raw.meta_value("date")
    if text is None:
        return None
    return _dated(text, DECLARED_ORIGIN.get(raw.format, "front matter"), tz)


def _first_indexes(lines: list[str]) -> list[int]:
    """Indexes of the first few non-empty lines."""
    return [i for i, line in enumerate(lines) if line.strip()][:DATELINE_WINDOW]


def _last_indexes(lines: list[str]) -> list[int]:
    """Indexes of the last few non-empty lines, last first."""
    return [i for i, line in enumerate(lines) if line.strip()][-DATELINE_WINDOW:][::-1]


def _replace_line(lines: list[str], i: int, rest: str) -> list[str]:
    """Lines with line i replaced by rest, or removed when rest is empty."""
    rest = " ".join(rest.split()).strip(" |–-,")
    return lines[:i] + ([rest] if rest else []) + lines[i + 1 :]


def take_header_line(lines: list[str], tz: str) -> tuple[PublicationDate | None, list[str]]:
    """The date of a ' date 2025-07' header prefix, and the lines without the prefix."""
    for i in _first_indexes(lines):
        if match := HEADER_LINE.match(lines[i]):
            found = _dated(match.group(1), "header line", tz)
            return found, _replace_line(lines, i, lines[i][match.end() :])
    return None, lines


def _is_mention(line: str, start: int) -> bool:
    """True if the text before a date ends in a preposition, as in 'am 21.04.2025 um 19 Uhr'."""
    words = line[max(0, start - 20):start].split()  # the last word only: no copy of a long line per date
    return bool(words) and words[-1].lower() in NOT_A_DATELINE_BEFORE


_YEAR_DIGITS = re.compile(r"\d{4}")
"""Every date a dateline can hold has a year: four digits in a row."""


_FOLDED_LABELS = tuple(label.casefold() for label in _DATELINE_LABELS)
"""The dateline labels case-folded: a line without one of them has no labelled dateline."""

_DATE_WITH_TIME = re.compile(r"\d{4}" + _TIME, re.IGNORECASE)
"""How every date with a time ends: a year and the time; a line without one has no such dateline."""


def find_dateline(line: str) -> re.Match[str] | None:
    """The first dateline in a line, if any."""
    if not _YEAR_DIGITS.search(line):  # most lines: a quick scan spares the patterns
        return None
    for pattern in _possible_datelines(line):
        for match in pattern.finditer(line):
            if not _is_mention(line, match.start()):
                return match
    return None


def _possible_datelines(line: str) -> Iterator[re.Pattern[str]]:
    """The DATELINES that can match a line: a quick scan for what each needs spares scanning a
    long line (an article on one line) with the patterns themselves."""
    if _has_label(line):
        yield DATELINES[0]
    if _DATE_WITH_TIME.search(line):
        yield DATELINES[1]
    yield DATELINES[2]


def _has_label(line: str) -> bool:
    """Whether a line holds a dateline label, in any case."""
    folded = line.casefold()
    return any(label in folded for label in _FOLDED_LABELS)


def _labelled_dateline(line: str) -> re.Match[str] | None:
    """A dateline with its label ('Stand: …', 'Aktualisiert am …'), as pages print at the end."""
    match = DATELINES[0].search(line) if _YEAR_DIGITS.search(line) and _has_label(line) else None
    return match if match and not _is_mention(line, match.start()) else None


def take_dateline(lines: list[str], tz: str) -> tuple[PublicationDate | None, list[str]]:
    """The date of a dateline in the first lines (or a labelled one in the last lines), removed."""
    places = [(i, find_dateline) for i in _first_indexes(lines)]
    places += [(i, _labelled_dateline) for i in _last_indexes(lines) if i not in _first_indexes(lines)]
    for i, finder in places:
        match = finder(lines[i])
        if match and not re.fullmatch(r"\d{4}", match.group("date").strip()):  # 'Stand 2015' is a mention
            found = _dated(match.group("date"), "dateline", tz)
            rest = lines[i][: match.start()] + " " + lines[i][match.end() :]
            return found, _replace_line(lines, i, rest)
    return None, lines


def agrees(header: PublicationDate, dateline: PublicationDate) -> bool:
    """True if the dateline falls within the period the header line names."""
    h, d = header.value, dateline.value
    if h is None or d is None or h.year != d.year:
        return False
    if header.precision is Precision.YEAR:
        return True
    if h.month != d.month:
        return False
    return header.precision is Precision.MONTH or h.date() == d.date()


def choose(
    declared: PublicationDate | None,
    header: PublicationDate | None,
    dateline: PublicationDate | None,
) -> PublicationDate:
    """The most trusted date: declared, then header (or an agreeing, more precise dateline)."""
    if declared is not None:
        return declared
    if header is not None and dateline is not None:
        more_precise = PRECISION_RANK[dateline.precision] > PRECISION_RANK[header.precision]
        return dateline if agrees(header, dateline) and more_precise else header
    return header or dateline or PublicationDate.unknown()


def extract_date(
    raw: RawDocument, lines: list[str], *, tz: str = "Europe/Berlin"
) -> tuple[PublicationDate, list[str]]:
    """The publication date, and the lines with any header prefix and dateline removed."""
    header, lines = take_header_line(lines, tz)
    dateline, lines = take_dateline(lines, tz)
    return choose(declared_date(raw, tz), header, dateline), lines
