"""Explicitly dated mentions in one sentence, German and English, for a digest's timeline.

Each rule is a compiled regular expression paired with a small function that turns its
match into a value and a precision:

* a full date ("am 6. August 2024", "21.04.2025", "Aug. 6, 2024") is DAY precise;
* a month with a year ("Ende August 2024", "in August 2024") is MONTH precise;
* a season with a year ("im Frühjahr 2022", "Winter 2022/23", "in the spring of 2022")
  is SEASON precise, valued at its first month (Frühjahr 3, Sommer 6, Herbst 9, Winter 12);
* a year needs a word that makes it a date ("im Jahr 2022", "Ende 2022", "in 2022");
  a bare number ("seit 2022", "2014 annektierte") is no mention;
* a day, month or season without a year ("am 6. August", "im November") takes its year
  from a reference known to the month: the reference's year, or the year before when
  that would put the mention after the reference's month;
* a weekday ("am Donnerstag", "last Friday") and "heute"/"gestern"/"today"/"yesterday"
  need a reference known to the day; a plain weekday is the reference day itself when
  the weekdays agree, else it looks back or ahead by the tense marker nearest to it.

All matches of all rules are collected, and the leftmost, then longest, wins; a winning
match that names an impossible date (31 February), a day outside Python's calendar (the
Friday after 31 December 9999) or lacks a usable reference gives no mention. Every pattern
is linear in the length of the sentence. The words of the patterns (months, weekdays,
seasons, qualifiers such as "Ende"/"late", prepositions, times of day, relative days) are
fields of the language modules in :mod:`digest.lang`; the patterns are built from them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from digest.dates import GERMAN_MONTHS
from digest.lang import LANGUAGES, Language, get
from digest.models import DateMention, Precision, PublicationDate
from digest.text import normalize_language

__all__ = [
    "ENGLISH_FUTURE_MARKERS",
    "ENGLISH_MONTHS",
    "ENGLISH_PAST_MARKERS",
    "ENGLISH_WEEKDAYS",
    "GERMAN_FUTURE_MARKERS",
    "GERMAN_PAST_MARKERS",
    "GERMAN_WEEKDAYS",
    "RELATIVE_DAYS",
    "SEASON_MONTHS",
    "WEEKDAY_DIRECTIONS",
    "find_date_mentions",
]

_GERMAN, _ENGLISH = get("german"), get("english")
ENGLISH_MONTHS = _ENGLISH.MONTHS
SEASON_MONTHS = {**_GERMAN.SEASONS, **_ENGLISH.SEASONS}
"""German and English seasons (lower case) -> the first month of the season."""
GERMAN_WEEKDAYS, ENGLISH_WEEKDAYS = _GERMAN.WEEKDAYS, _ENGLISH.WEEKDAYS

PAST, FUTURE, UPCOMING = "past", "future", "upcoming"

WEEKDAY_DIRECTIONS = {**_GERMAN.WEEKDAY_DIRECTIONS, **_ENGLISH.WEEKDAY_DIRECTIONS}
"""Words before a weekday (lower case) -> strictly before, strictly after, or on/after the reference."""

RELATIVE_DAYS = {**_GERMAN.RELATIVE_DAYS, **_ENGLISH.RELATIVE_DAYS}
"""Words naming a day relative to the reference day (lower case) -> offset in days."""

GERMAN_PAST_MARKERS, GERMAN_FUTURE_MARKERS = _GERMAN.PAST_MARKERS, _GERMAN.FUTURE_MARKERS
ENGLISH_PAST_MARKERS, ENGLISH_FUTURE_MARKERS = _ENGLISH.PAST_MARKERS, _ENGLISH.FUTURE_MARKERS

_MONTH_NUMBERS = {**GERMAN_MONTHS, **ENGLISH_MONTHS}
_WEEKDAY_NUMBERS = {**GERMAN_WEEKDAYS, **ENGLISH_WEEKDAYS}
_DAY_REFERENCE = frozenset({Precision.DAY, Precision.MINUTE})
_MONTH_REFERENCE = _DAY_REFERENCE | {Precision.MONTH}

Resolved = tuple[datetime, Precision]
Marker = tuple[int, int, str]  # start, end, PAST or FUTURE


class _Context:
    """What a rule needs besides its match: the reference date and the sentence's tense markers."""

    def __init__(self, reference: PublicationDate | None, sentence: str, language: str):
        self.reference = reference
        self._sentence, self.language = sentence, language
        self._markers: tuple[Marker, ...] | None = None

    @property
    def markers(self) -> tuple[Marker, ...]:
        """The tense markers by position, not overlapping; found when a rule first asks (weekdays)."""
        if self._markers is None:
            self._markers = _markers(self._sentence, self.language)
        return self._markers


Builder = Callable[[re.Match[str], _Context], Resolved | None]


# --- reference and calendar arithmetic ------------------------------------------------------


def _month_reference(reference: PublicationDate | None) -> datetime | None:
    """The reference's value when it is known at least to the month, else None."""
    if reference is None or reference.value is None or reference.precision not in _MONTH_REFERENCE:
        return None
    return reference.value


def _day_reference(reference: PublicationDate | None) -> date | None:
    """The reference's day when it is known to the day, else None."""
    if reference is None or reference.value is None or reference.precision not in _DAY_REFERENCE:
        return None
    return reference.value.date()


def _year(written: str | None, month: int, reference: PublicationDate | None) -> int | None:
    """The year as written, else the latest year that keeps month not after the reference's month."""
    if written:
        return int(written)
    ref = _month_reference(reference)
    if ref is None:
        return None
    return ref.year if month <= ref.month else ref.year - 1


def _datetime(year: int, month: int, day: int = 1) -> datetime | None:
    """The first instant of a calendar day, or None if there is no such day."""
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


def _midnight(day: date) -> datetime:
    """The first instant of a day."""
    return datetime(day.year, day.month, day.day)


def _weekday_date(day: date, weekday: int, direction: str) -> date:
    """The weekday strictly before day ("past"), strictly after it ("future"), else on or after it."""
    if direction == PAST:
        return day - timedelta(days=(day.weekday() - weekday - 1) % 7 + 1)
    if direction == FUTURE:
        return day + timedelta(days=(weekday - day.weekday() - 1) % 7 + 1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _is_past(sentence: str, marker: Marker, future: list[Marker], not_after: frozenset[str]) -> bool:
    """A past marker that is not within a future marker ("expected to") nor a participle after a
    word such as "be" ("will be held")."""
    start = marker[0]
    if any(f_start <= start < f_end for f_start, f_end, _ in future):
        return False
    before = sentence[:start].split()
    return not (before and before[-1].lower() in not_after)


def _markers(sentence: str, language: str) -> tuple[Marker, ...]:
    """The past and future tense markers of a sentence, by position; past forms ("died") count."""
    past, future = (sorted((m.start(), m.end(), name) for m in pattern.finditer(sentence))
                    for name, pattern in _TENSE_MARKERS[language])
    forms = _PAST_FORMS[language]
    if forms is not None:
        past += [(m.start(), m.end(), PAST) for m in forms.finditer(sentence.lower())]
    not_after = get(language).NOT_PAST_AFTER
    return tuple(sorted({*future, *(m for m in past if _is_past(sentence, m, future, not_after))}))


def _tense(markers: tuple[Marker, ...], start: int, end: int, language: str) -> str:
    """PAST or FUTURE by the marker nearest to the span start..end (PAST on a tie), else the
    language's reading of an unmarked weekday."""
    after = bisect_left(markers, (end,))
    near = markers[max(after - 1, 0) : after + 1]
    ranked = sorted((max(start - m_end, m_start - end, 0), name != PAST, name)
                    for m_start, m_end, name in near)
    return ranked[0][2] if ranked else get(language).UNMARKED_TENSE


# --- turning a match into a value -----------------------------------------------------------


def _month_number(written: str) -> int:
    """The month number of "04", "August", "Aug." or "Maerz"."""
    return int(written) if written.isdigit() else _MONTH_NUMBERS[written.rstrip(".").lower()]


def _calendar(match: re.Match[str], context: _Context) -> Resolved | None:
    """A day or month, its year as written or taken from the reference."""
    parts = match.groupdict()
    month = _month_number(parts["month"])
    year = _year(parts.get("year"), month, context.reference)
    if year is None:
        return None
    day = parts.get("day")
    value = _datetime(year, month, int(day) if day else 1)
    return None if value is None else (value, Precision.DAY if day else Precision.MONTH)


def _second_year_fits(written: str | None, year: int, month: int) -> bool:
    """True if there is no second year ("2022/23"), or it is a winter's next year."""
    if written is None:
        return True
    return month == 12 and int(written) == (year + 1) % 10 ** len(written)


def _season(match: re.Match[str], context: _Context) -> Resolved | None:
    """A season, valued at its first month, its year as written or taken from the reference."""
    parts = match.groupdict()
    month = SEASON_MONTHS[parts["season"].lower()]
    year = _year(parts.get("year"), month, context.reference)
    if year is None or not _second_year_fits(parts.get("until"), year, month):
        return None
    value = _datetime(year, month)
    return None if value is None else (value, Precision.SEASON)


def _year_only(match: re.Match[str], context: _Context) -> Resolved | None:
    """A year named as such ("im Jahr 2022", "in 2022")."""
    value = _datetime(int(match["year"]), 1)
    return None if value is None else (value, Precision.YEAR)


def _weekday(match: re.Match[str], context: _Context) -> Resolved | None:
    """A weekday relative to the reference day, by its qualifier or the sentence's tense."""
    day = _day_reference(context.reference)
    if day is None:
        return None
    weekday = _WEEKDAY_NUMBERS[match["weekday"].lower()]
    direction = WEEKDAY_DIRECTIONS.get((match["dir"] or "").lower())
    if direction not in (PAST, FUTURE):
        if weekday == day.weekday():
            return _midnight(day), Precision.DAY
        direction = direction or _tense(context.markers, match.start(), match.end(), context.language)
    return _midnight(_weekday_date(day, weekday, direction)), Precision.DAY


def _relative(match: re.Match[str], context: _Context) -> Resolved | None:
    """Today, yesterday or tomorrow of the reference day."""
    day = _day_reference(context.reference)
    if day is None:
        return None
    return _midnight(day + timedelta(days=RELATIVE_DAYS[match["word"].lower()])), Precision.DAY


# --- patterns -------------------------------------------------------------------------------


def _alternation(names: Iterable[str]) -> str:
    """A regex alternation of names, longest first."""
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


def _is_abbreviation(name: str, table: dict[str, int]) -> bool:
    """True if name is the start of a longer name of the same month ("aug" of "august")."""
    return any(other != name and other.startswith(name) and table[other] == table[name] for other in table)


def _month_pattern(table: dict[str, int]) -> str:
    """A capitalized month name; an abbreviation only with its dot or before a number."""
    full = _alternation(name.capitalize() for name in table if not _is_abbreviation(name, table))
    short = _alternation(name.capitalize() for name in table if _is_abbreviation(name, table))
    return rf"(?P<month>(?:{full})\b|(?:{short})(?:\.|\b(?=\s*\d)))"


def _words(words: Iterable[str]) -> re.Pattern[str]:
    """A case-insensitive pattern for any of words (or phrases) as whole words."""
    return re.compile(rf"\b(?:{_alternation(words)})\b", re.IGNORECASE)


_TENSE_MARKERS = {
    name: ((PAST, _words(get(name).PAST_MARKERS)), (FUTURE, _words(get(name).FUTURE_MARKERS)))
    for name in LANGUAGES
}

_PAST_FORMS = {name: re.compile(rf"\b{get(name).PAST_FORM}\b") if get(name).PAST_FORM else None
               for name in LANGUAGES}

def _phrase(phrase: str) -> str:
    """A phrase of a date field as a pattern: its words apart by spaces, a lower-case word in any
    case, a capitalized one as written."""
    return r"\s+".join(f"(?i:{re.escape(word)})" if word.islower() else re.escape(word)
                       for word in phrase.split())


def _phrases(phrases: Iterable[str]) -> str:
    """Any of a field's phrases (longest first); a pattern that never matches when there are none."""
    ordered = sorted(phrases, key=len, reverse=True)
    return f"(?:{'|'.join(_phrase(p) for p in ordered)})" if ordered else "(?!)"


def _initial_any_case(word: str) -> str:
    """A lower-case word with its first letter in either case ("[Hh]eute")."""
    return f"[{word[0].upper()}{word[0]}]{re.escape(word[1:])}"


def _qualifier(words: Language) -> str:
    """A qualifier of the language with what follows it: spaces, or a hyphen for HYPHENATED_QUALIFIERS."""
    plain = [q for q in words.DATE_QUALIFIERS if q not in words.HYPHENATED_QUALIFIERS]
    return rf"(?:{_phrases(plain)}\s+|{_phrases(words.HYPHENATED_QUALIFIERS)}(?:-|\s+))"


def _not_after(words: Iterable[str]) -> str:
    """Lookbehinds: not right after any of words (each with a space after it)."""
    return "".join(rf"(?<!\b{_phrase(word)} )" for word in words)


def _relative_rules(name: str) -> list[tuple[str, Builder]]:
    """The rules of a language's relative-day words: plain ones with either first letter, nouns
    after a weekday preposition, ambiguous ones in lower case and not after their blockers."""
    words = get(name)
    special = words.RELATIVE_DAY_NOUNS | set(words.AMBIGUOUS_RELATIVE_DAYS)
    ordered = sorted(words.RELATIVE_DAYS, key=len, reverse=True)
    plain = [_initial_any_case(w) for w in ordered if w not in special]
    rules: list[tuple[str, Builder]] = [(rf"\b(?P<word>{'|'.join(plain)})\b", _relative)] if plain else []
    for word, blockers in words.AMBIGUOUS_RELATIVE_DAYS.items():
        lookbehinds = "".join(rf"(?<!{_initial_any_case(b)} )" for b in blockers)
        rules.append((rf"{lookbehinds}\b(?P<word>{re.escape(word)})\b", _relative))
    if words.RELATIVE_DAY_NOUNS:
        nouns = _alternation(w.capitalize() for w in words.RELATIVE_DAY_NOUNS)
        rules.append((rf"\b{_phrases(words.WEEKDAY_PREPOSITIONS)}\s+(?P<word>{nouns})\b", _relative))
    return rules


def _day_start(words: Language, weekday: str) -> str:
    """What may come before a full date: a day preposition, a weekday and its article."""
    prepositions, articles = _phrases(words.DAY_PREPOSITIONS), _phrases(words.WEEKDAY_ARTICLES)
    return rf"\b(?:{prepositions}\s+)?(?:(?:{weekday}),?\s+(?:{articles}\s+)?)?"


_YEAR = r"(?P<year>\d{4})\b"
_UNTIL = r"(?:\s*/\s*(?P<until>\d{4}|\d{2})(?!\d))?"
_DIRECTION = rf"(?P<dir>(?i:{_alternation(WEEKDAY_DIRECTIONS)}))"

_G_MONTH = _month_pattern(GERMAN_MONTHS)
_G_WEEKDAY = _alternation(name.capitalize() for name in GERMAN_WEEKDAYS)
_G_QUALIFIER = _qualifier(_GERMAN)
_G_SEASON = rf"(?P<season>{_alternation(name.capitalize() for name in _GERMAN.SEASONS)})"
_G_DAY_START = _day_start(_GERMAN, _G_WEEKDAY)
_G_DAYTIME = rf"(?:{_alternation(_GERMAN.DAYTIME_SUFFIXES)})?\b"
_G_IN, _G_ON = _phrases(_GERMAN.MONTH_PREPOSITIONS), _phrases(_GERMAN.WEEKDAY_PREPOSITIONS)

_E_MONTH = _month_pattern(ENGLISH_MONTHS)
_E_WEEKDAY = _alternation(name.capitalize() for name in ENGLISH_WEEKDAYS)
_E_QUALIFIER = _qualifier(_ENGLISH)
_E_SEASON = rf"(?P<season>(?i:{_alternation(_ENGLISH.SEASONS)}))"
_E_DAY_START = _day_start(_ENGLISH, _E_WEEKDAY)
_E_ORDINAL = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
_E_DAYTIME = rf"(?:{_alternation(_ENGLISH.DAYTIME_SUFFIXES)})?\b"
_E_IN, _E_ON = _phrases(_ENGLISH.MONTH_PREPOSITIONS), _phrases(_ENGLISH.WEEKDAY_PREPOSITIONS)
_E_THE, _E_OF = _phrases(_ENGLISH.SEASON_ARTICLES), _phrases(_ENGLISH.OF_WORDS)

_RULES: dict[str, tuple[tuple[re.Pattern[str], Builder], ...]] = {
    "german": tuple((re.compile(pattern), build) for pattern, build in (
        (_G_DAY_START + r"(?<![\d.])(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?" + _YEAR, _calendar),
        (_G_DAY_START + r"(?<![\d.])(?P<day>\d{1,2})\.\s*" + _G_MONTH + rf"(?:\s+{_YEAR})?", _calendar),
        (rf"\b(?:{_G_IN}\s+)?{_G_QUALIFIER}?{_G_MONTH}\s+{_YEAR}", _calendar),
        (rf"\b(?:{_G_IN}\s+|{_G_QUALIFIER}){_G_MONTH}", _calendar),
        (rf"\b(?:{_G_IN}\s+)?{_G_SEASON}\s+{_YEAR}{_UNTIL}", _season),
        (rf"\b{_G_IN}\s+{_G_SEASON}\b", _season),
        (rf"\b(?:{_phrases(_GERMAN.YEAR_PREFIXES)}\s+|{_G_QUALIFIER}){_YEAR}", _year_only),
        (rf"\b{_G_ON}\s+(?:{_DIRECTION}\s+)?(?P<weekday>{_G_WEEKDAY}){_G_DAYTIME}", _weekday),
        (rf"\b{_DIRECTION}\s+(?P<weekday>{_G_WEEKDAY}){_G_DAYTIME}", _weekday),
        *_relative_rules("german"),
    )),
    "english": tuple((re.compile(pattern), build) for pattern, build in (
        (_E_DAY_START + _E_MONTH + r"\s+" + _E_ORDINAL + rf"(?:,?\s+{_YEAR})?", _calendar),
        (_E_DAY_START + r"(?<![\d.,])" + _E_ORDINAL + rf"\s+(?:{_E_OF}\s+)?" + _E_MONTH
         + rf"(?:,?\s+{_YEAR})?", _calendar),
        (rf"\b(?:{_E_IN}\s+)?{_E_QUALIFIER}?{_E_MONTH},?\s+{_YEAR}", _calendar),
        (rf"\b(?:{_E_IN}\s+{_E_QUALIFIER}?|{_E_QUALIFIER}){_E_MONTH}", _calendar),
        (rf"\b(?:{_E_IN}\s+(?:{_E_THE}\s+)?)?{_E_QUALIFIER}?{_E_SEASON}\s+(?:{_E_OF}\s+)?{_YEAR}{_UNTIL}",
         _season),
        (rf"\b{_E_IN}\s+(?:{_E_THE}\s+)?{_E_QUALIFIER}?{_E_SEASON}\b(?!\s+{_E_OF}\b)", _season),
        (rf"\b{_phrases(_ENGLISH.YEAR_PREFIXES)}\s+(?P<year>(?:19|20)\d\d)\b", _year_only),
        (rf"\b(?:{_E_IN}\s+)?{_E_QUALIFIER}(?P<year>(?:19|20)\d\d)\b", _year_only),
        (rf"\b(?:{_E_ON}\s+)?(?:{_DIRECTION}\s+)?{_not_after(_ENGLISH.NOT_WEEKDAY_AFTER)}"
         rf"(?P<weekday>{_E_WEEKDAY}){_E_DAYTIME}", _weekday),
        *_relative_rules("english"),
    )),
}
"""Per language: each pattern with the function that turns its match into a value."""


_DIGIT = re.compile(r"\d")
_TRIGGER_WORDS = {
    name: re.compile(_alternation({word.lower() for table in (get(name).MONTHS, get(name).WEEKDAYS,
                                                             RELATIVE_DAYS, get(name).SEASONS)
                                   for word in table}))
    for name in LANGUAGES
}
"""Per language: words (lower case, anywhere) of which every rule's match without a digit has one."""


def may_name_a_date(sentence: str, language: str) -> bool:
    """False only for a sentence no rule can match: it has no digit and no month, day or season word.

    Most sentences name no date; two quick scans spare them every rule. (Searching the
    lower-cased sentence is several times faster than a case-insensitive pattern.)
    """
    return bool(_DIGIT.search(sentence) or _TRIGGER_WORDS[language].search(sentence.lower()))


# --- the public function --------------------------------------------------------------------


def _candidates(sentence: str, language: str) -> list[tuple[re.Match[str], Builder]]:
    """Every match of every rule, leftmost first, then longest first."""
    found = [(m, build) for pattern, build in _RULES.get(language, ()) for m in pattern.finditer(sentence)]
    return sorted(found, key=lambda item: (item[0].start(), -item[0].end()))


def _non_overlapping(
    candidates: list[tuple[re.Match[str], Builder]],
) -> list[tuple[re.Match[str], Builder]]:
    """The candidates that start after the end of the previous one kept."""
    kept: list[tuple[re.Match[str], Builder]] = []
    for candidate in candidates:
        if not kept or candidate[0].start() >= kept[-1][0].end():
            kept.append(candidate)
    return kept


def find_date_mentions(
    sentence: str, language: str, reference: PublicationDate | None = None
) -> list[DateMention]:
    """The explicitly dated mentions in one sentence, in order, the longest match winning."""
    lang = normalize_language(language)
    if not may_name_a_date(sentence, lang):
        return []
    context = _Context(reference, sentence, lang)
    mentions = []
    for match, build in _non_overlapping(_candidates(sentence, lang)):
        try:
            resolved = build(match, context)
        except (OverflowError, ValueError):  # a day before 1 January 1 or after 31 December 9999
            resolved = None
        if resolved is not None:
            mentions.append(DateMention(resolved[0], resolved[1], match.group(0), match.start(), match.end()))
    return mentions
