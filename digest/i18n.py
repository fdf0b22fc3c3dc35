"""Labels of the digest page and honest date formatting, per configured language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache

from . import lang
from .models import Precision, PublicationDate

LANGUAGES = lang.LANGUAGES

#: Month names, season names and page labels of each language, from its module in digest.lang.
MONTHS: dict[str, tuple[str, ...]] = {name: lang.get(name).MONTH_NAMES for name in LANGUAGES}
SEASONS: dict[str, Mapping[int, str]] = {name: lang.get(name).SEASON_NAMES for name in LANGUAGES}
LABELS: dict[str, Mapping[str, str]] = {name: lang.get(name).LABELS for name in LANGUAGES}


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count with its English noun in the right number: '1 article', '5 articles', '2 summaries'."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


#: Groups of a skip reason that are a reason or problem of their own, translated in turn.
_NESTED = ("problem",)
#: Groups of a skip reason that are decimal numbers, written with the language's separator.
_DECIMAL = ("size", "limit")


@cache
def skip_patterns(language: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The language's skip reasons (digest.lang): (English reason as a pattern, its words), compiled
    when first asked for, not by every process that imports this module."""
    return tuple((re.compile(pattern), words) for pattern, words in lang.get(language).SKIP_REASONS)


def _group(name: str, value: str, language: str) -> str:
    """One matched group of an English skip reason, in the page's language."""
    if name in _NESTED:
        return skip_reason(value, language)
    if name in _DECIMAL:
        return value.replace(".", lang.get(language).DECIMAL_SEPARATOR)
    return lang.get(language).SKIP_REASON_WORDS.get(name, {}).get(value, value)


def skip_reason(reason: str, language: str) -> str:
    """Why a file was skipped, in the digest's language (reasons are made in English)."""
    for pattern, words in skip_patterns(language):
        match = pattern.fullmatch(reason)
        if match is not None:
            return words.format(**{k: _group(k, v, language) for k, v in match.groupdict().items()})
    return reason


def labels(language: str) -> Mapping[str, str]:
    """Return the page labels for a configured language."""
    return LABELS[language]


def format_day(day: date, language: str) -> str:
    """Format a calendar day: '3. Dezember 2025' or 'December 3, 2025'."""
    month = MONTHS[language][day.month - 1]
    return lang.get(language).DAY_FORMAT.format(day=day.day, month=month, year=day.year)


def format_datetime(value: datetime, precision: Precision, language: str) -> str:
    """Format a date no more precisely than it is known ('Juli 2025', never '1. Juli 2025')."""
    if precision is Precision.YEAR:
        return str(value.year)
    if precision is Precision.MONTH:
        return f"{MONTHS[language][value.month - 1]} {value.year}"
    if precision is Precision.SEASON:
        season = SEASONS[language][value.month]
        year = f"{value.year}/{(value.year + 1) % 100:02d}" if value.month == 12 else str(value.year)
        return f"{season} {year}"
    text = format_day(value.date(), language)
    if precision is Precision.MINUTE:
        suffix = LABELS[language]["time_suffix"]
        clock = f"{value:%H:%M}"
        return f"{text}, {clock} {suffix}".rstrip()
    return text


def format_date(published: PublicationDate, language: str) -> str:
    """Format a publication date honestly; unknown dates say so."""
    if published.value is None:
        return LABELS[language]["unknown_date"]
    return format_datetime(published.value, published.precision, language)


def iso_date(published: PublicationDate) -> str:
    """Machine-readable date at its precision, for HTML ``datetime`` attributes."""
    value = published.value
    if value is None:
        return ""
    if published.precision is Precision.YEAR:
        return f"{value:%Y}"
    if published.precision in (Precision.MONTH, Precision.SEASON):
        return f"{value:%Y-%m}"
    if published.precision is Precision.MINUTE:
        return f"{value:%Y-%m-%dT%H:%M}"
    return f"{value:%Y-%m-%d}"
