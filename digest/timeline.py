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
seasons, qualifiers such as "Ende"/"late", prepositions, times of day, relative days) and
their structure (DATE_ORDERS such as "d. Month[ y]", ordinal suffixes, which names are
capitalized, whether a weekday needs a preposition, ...) are fields of the language modules in
:mod:`digest.lang`; :func:`date_rules` builds every language's rules from them alike, so a new
language needs no change here. A weekday's direction word may be that of any language we have.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

try:  # the parsed form of a rule, for _prefilter: CPython's own parser (re._parser since 3.11)
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: every rule runs on every sentence
    _sre = _parser = None
from typing import Any

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
    "DateRules",
    "date_rules",
    "find_date_mentions",
]

_GERMAN, _ENGLISH = get("german"), get("english")
ENGLISH_MONTHS = _ENGLISH.MONTHS
SEASON_MONTHS = {**_GERMAN.SEASONS, **_ENGLISH.SEASONS}
"""German and English seasons (lower case) -> the first month of the season."""
GERMAN_WEEKDAYS, ENGLISH_WEEKDAYS = _GERMAN.WEEKDAYS, _ENGLISH.WEEKDAYS

PAST, FUTURE, UPCOMING = "past", "future", "upcoming"

WEEKDAY_DIRECTIONS = {word: way for name in LANGUAGES for word, way in get(name).WEEKDAY_DIRECTIONS.items()}
"""Words before a weekday in any of our languages (lower case) -> strictly before, strictly after,
or on/after the reference; every language's rules take them all ("next Montag" in German text)."""

RELATIVE_DAYS = {**_GERMAN.RELATIVE_DAYS, **_ENGLISH.RELATIVE_DAYS}
"""Words naming a day relative to the reference day (lower case) -> offset in days."""

GERMAN_PAST_MARKERS, GERMAN_FUTURE_MARKERS = _GERMAN.PAST_MARKERS, _GERMAN.FUTURE_MARKERS
ENGLISH_PAST_MARKERS, ENGLISH_FUTURE_MARKERS = _ENGLISH.PAST_MARKERS, _ENGLISH.FUTURE_MARKERS

_DAY_REFERENCE = frozenset({Precision.DAY, Precision.MINUTE})
_MONTH_REFERENCE = _DAY_REFERENCE | {Precision.MONTH}

Resolved = tuple[datetime, Precision]
Marker = tuple[int, int, str]  # start, end, PAST or FUTURE


class _Context:
    """What a rule needs besides its match: the language's rules, the reference date and the
    sentence's tense markers."""

    def __init__(self, reference: PublicationDate | None, sentence: str, rules: DateRules):
        self.reference = reference
        self._sentence, self.rules, self.words = sentence, rules, rules.words
        self._markers: tuple[Marker, ...] | None = None

    @property
    def markers(self) -> tuple[Marker, ...]:
        """The tense markers by position, not overlapping; found when a rule first asks (weekdays)."""
        if self._markers is None:
            self._markers = _markers(self._sentence, self.rules)
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


def _markers(sentence: str, rules: DateRules) -> tuple[Marker, ...]:
    """The past and future tense markers of a sentence, by position; past forms ("died") count."""
    past, future = (sorted((m.start(), m.end(), name) for m in pattern.finditer(sentence))
                    for name, pattern in rules.tense_markers)
    if rules.past_form is not None:
        past += [(m.start(), m.end(), PAST) for m in rules.past_form.finditer(sentence.lower())]
    not_after = rules.words.NOT_PAST_AFTER
    return tuple(sorted({*future, *(m for m in past if _is_past(sentence, m, future, not_after))}))


def _tense(markers: tuple[Marker, ...], start: int, end: int, words: Language) -> str:
    """PAST or FUTURE by the marker nearest to the span start..end (PAST on a tie), else the
    language's reading of an unmarked weekday."""
    after = bisect_left(markers, (end,))
    near = markers[max(after - 1, 0) : after + 1]
    ranked = sorted((max(start - m_end, m_start - end, 0), name != PAST, name)
                    for m_start, m_end, name in near)
    return ranked[0][2] if ranked else words.UNMARKED_TENSE


# --- turning a match into a value -----------------------------------------------------------


def _month_number(written: str, words: Language) -> int:
    """The month number of "04", "August", "Aug." or "Maerz"."""
    return int(written) if written.isdigit() else words.MONTHS[written.rstrip(".").lower()]


def _calendar(match: re.Match[str], context: _Context) -> Resolved | None:
    """A day or month, its year as written or taken from the reference."""
    parts = match.groupdict()
    month = _month_number(parts["month"], context.words)
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
    month = context.words.SEASONS[parts["season"].lower()]
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
    weekday = context.words.WEEKDAYS[match["weekday"].lower()]
    direction = context.rules.directions.get((match["dir"] or "").lower())
    if direction not in (PAST, FUTURE):
        if weekday == day.weekday():
            return _midnight(day), Precision.DAY
        direction = direction or _tense(context.markers, match.start(), match.end(), context.words)
    return _midnight(_weekday_date(day, weekday, direction)), Precision.DAY


def _relative(match: re.Match[str], context: _Context) -> Resolved | None:
    """Today, yesterday or tomorrow of the reference day."""
    day = _day_reference(context.reference)
    if day is None:
        return None
    return _midnight(day + timedelta(days=context.words.RELATIVE_DAYS[match["word"].lower()])), Precision.DAY


# --- patterns -------------------------------------------------------------------------------


def _alternation(names: Iterable[str]) -> str:
    """A regex alternation of names, longest first."""
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


def _is_abbreviation(name: str, table: Mapping[str, int]) -> bool:
    """True if name is the start of a longer name of the same month ("aug" of "august")."""
    return any(other != name and other.startswith(name) and table[other] == table[name] for other in table)


def _names(names: Iterable[str], capitalized: bool) -> str:
    """Any of names (lower case): capitalized and only so, or in any case."""
    listed = tuple(names)
    if capitalized:
        return _alternation(name.capitalize() for name in listed)
    return f"(?i:{_alternation(listed)})"


def _month_pattern(table: Mapping[str, int], capitalized: bool) -> str:
    """A month name; an abbreviation only with its dot or before a number."""
    full = _names((name for name in table if not _is_abbreviation(name, table)), capitalized)
    short = _names((name for name in table if _is_abbreviation(name, table)), capitalized)
    return rf"(?P<month>(?:{full})\b|(?:{short})(?:\.|\b(?=\s*\d)))"


def _words(words: Iterable[str]) -> re.Pattern[str]:
    """A case-insensitive pattern for any of words (or phrases) as whole words; none if no words."""
    listed = tuple(words)
    return re.compile(rf"\b(?:{_alternation(listed)})\b" if listed else "(?!)", re.IGNORECASE)


def _phrase(phrase: str) -> str:
    """A phrase of a date field as a pattern: its words apart by spaces, a lower-case word in any
    case, a capitalized one as written."""
    return r"\s+".join(f"(?i:{re.escape(word)})" if word.islower() else re.escape(word)
                       for word in phrase.split())


def _phrases(phrases: Iterable[str]) -> str:
    """Any of a field's phrases (longest first); a pattern that never matches when there are none."""
    ordered = sorted(phrases, key=len, reverse=True)
    return f"(?:{'|'.join(_phrase(p) for p in ordered)})" if ordered else "(?!)"


def _optional(phrases: Iterable[str], after: str = r"\s+") -> str:
    """Optionally one of a field's phrases and what follows it; nothing when the field is empty."""
    listed = tuple(phrases)
    return f"(?:{_phrases(listed)}{after})?" if listed else ""


def _initial_any_case(word: str) -> str:
    """A lower-case word with its first letter in either case ("[Hh]eute")."""
    return f"[{word[0].upper()}{word[0]}]{re.escape(word[1:])}"


def _qualifier(words: Language, qualifiers: Iterable[str]) -> str:
    """Any of qualifiers with what follows it: spaces, or a hyphen for HYPHENATED_QUALIFIERS; "" if none."""
    listed = tuple(qualifiers)
    if not listed:
        return ""
    plain = [q for q in listed if q not in words.HYPHENATED_QUALIFIERS]
    hyphenated = [q for q in words.HYPHENATED_QUALIFIERS if q in listed]
    return rf"(?:{_phrases(plain)}\s+|{_phrases(hyphenated)}(?:-|\s+))"


def _not_after(words: Iterable[str]) -> str:
    """Lookbehinds: not right after any of words (each with a space after it)."""
    return "".join(rf"(?<!\b{_phrase(word)} )" for word in words)


def _in_class(characters: str) -> str:
    """Characters for a regex character class, the ones special there escaped."""
    return "".join(f"\\{c}" if c in "\\]^-" else c for c in characters)


def _day_start(words: Language, weekday: str) -> str:
    """What may come before a full date: a day preposition, a weekday and its article."""
    prepositions, articles = _phrases(words.DAY_PREPOSITIONS), _phrases(words.WEEKDAY_ARTICLES)
    return rf"\b(?:{prepositions}\s+)?(?:(?:{weekday}),?\s+(?:{articles}\s+)?)?"


_YEAR = r"(?P<year>\d{4})\b"
_UNTIL = r"(?:\s*/\s*(?P<until>\d{4}|\d{2})(?!\d))?"


@dataclass(frozen=True)
class _Pieces:
    """The parts of one language's patterns, made from its module's fields."""

    month: str
    weekday: str
    season: str
    qualifier: str
    season_qualifier: str
    day_start: str
    prep: str  # a month preposition ("im", "in")
    direction: str
    daytime: str


def _pieces(words: Language, directions: Iterable[str]) -> _Pieces:
    """The parts of a language's patterns."""
    capitalized = words.CAPITALIZED_DATE_WORDS
    weekday = _names(words.WEEKDAYS, "weekdays" in capitalized)
    seasons = _names(words.SEASONS, "seasons" in capitalized)
    return _Pieces(
        month=_month_pattern(words.MONTHS, "months" in capitalized), weekday=weekday,
        season=rf"(?P<season>{seasons})",
        qualifier=_qualifier(words, words.DATE_QUALIFIERS),
        season_qualifier=_qualifier(words, words.SEASON_QUALIFIERS),
        day_start=_day_start(words, weekday), prep=_phrases(words.MONTH_PREPOSITIONS),
        direction=rf"(?P<dir>(?i:{_alternation(directions)}))",
        daytime=rf"(?:{_alternation(words.DAYTIME_SUFFIXES)})?\b",
    )


_ORDER_TOKEN = re.compile(r"Month|of|[dmy\[\]/-]|\. ?|, | ")
"""The tokens of a DATE_ORDERS entry."""


def _order(order: str, words: Language, parts: _Pieces) -> str:
    """The pattern of a DATE_ORDERS entry ("d. Month[ y]"), with what may come before it."""
    tokens = _ORDER_TOKEN.findall(order)
    if "".join(tokens) != order or "d" not in tokens and "Month" not in tokens:
        raise ValueError(f"{words.NAME}: cannot read the date order {order!r}")
    day = r"(?P<day>\d{1,2})"
    if words.ORDINAL_SUFFIXES:
        day += rf"(?:{_alternation(words.ORDINAL_SUFFIXES)})?\b"
    pieces = {"d": day, "m": r"(?P<month>\d{1,2})", "y": _YEAR, "Month": parts.month,
              "of": _phrases(words.OF_WORDS), "[": "(?:", "]": ")?",
              ".": r"\.\s?", ". ": r"\.\s*", ", ": r",?\s+", " ": r"\s+", "-": "-", "/": "/"}
    body = "".join(pieces[token] for token in tokens)
    if tokens[0] == "d":
        body = rf"(?<![\d{_in_class(words.NOT_DAY_AFTER)}])" + body
    if "d" in tokens:
        return parts.day_start + body
    return rf"\b(?:{parts.prep}\s+)?{parts.qualifier}{'?' if parts.qualifier else ''}" + body


def _month_rules(words: Language, parts: _Pieces) -> list[tuple[str, Builder]]:
    """The dates of DATE_ORDERS, then a month without a year after a preposition or qualifier."""
    rules: list[tuple[str, Builder]] = [(_order(order, words, parts), _calendar)
                                        for order in words.DATE_ORDERS]
    after_prep = f"{parts.qualifier}?" if words.PREPOSITION_BEFORE_QUALIFIER and parts.qualifier else ""
    starts = [rf"{parts.prep}\s+{after_prep}", *([parts.qualifier] if parts.qualifier else [])]
    return [*rules, (rf"\b(?:{'|'.join(starts)}){parts.month}", _calendar)]


def _season_rules(words: Language, parts: _Pieces) -> list[tuple[str, Builder]]:
    """A season with a year ("im Frühjahr 2022", "spring of 2022", "Winter 2022/23") or after a
    preposition ("in the spring")."""
    the, of = _optional(words.SEASON_ARTICLES), _optional(words.OF_WORDS)
    qualifier = f"{parts.season_qualifier}?" if parts.season_qualifier else ""
    not_of = rf"(?!\s+{_phrases(words.OF_WORDS)}\b)" if words.OF_WORDS else ""
    return [
        (rf"\b(?:{parts.prep}\s+{the})?{qualifier}{parts.season}\s+{of}{_YEAR}{_UNTIL}", _season),
        (rf"\b{parts.prep}\s+{the}{qualifier}{parts.season}\b{not_of}", _season),
    ]


def _year_rules(words: Language, parts: _Pieces) -> list[tuple[str, Builder]]:
    """A year after a year prefix or a qualifier ("im Jahr 2022", "Ende 2022", "in late 2022")."""
    centuries = words.NAMED_YEAR_CENTURIES
    year = rf"(?P<year>(?:{'|'.join(centuries)})\d\d)\b" if centuries else _YEAR
    starts = [rf"{_phrases(words.YEAR_PREFIXES)}\s+"] if words.YEAR_PREFIXES else []
    if parts.qualifier:
        prep = rf"(?:{parts.prep}\s+)?" if words.PREPOSITION_BEFORE_QUALIFIER else ""
        starts.append(prep + parts.qualifier)
    return [(rf"\b(?:{'|'.join(starts)}){year}", _year_only)] if starts else []


def _weekday_rules(words: Language, parts: _Pieces) -> list[tuple[str, Builder]]:
    """A weekday: after a preposition or direction when the language needs one, else also alone."""
    on, weekday = _phrases(words.WEEKDAY_PREPOSITIONS), rf"(?P<weekday>{parts.weekday}){parts.daytime}"
    if words.WEEKDAY_NEEDS_WORD:
        return [(rf"\b{on}\s+(?:{parts.direction}\s+)?{weekday}", _weekday),
                (rf"\b{parts.direction}\s+{weekday}", _weekday)]
    not_after = _not_after(words.NOT_WEEKDAY_AFTER)
    return [(rf"\b(?:{on}\s+)?(?:{parts.direction}\s+)?{not_after}{weekday}", _weekday)]


def _relative_rules(words: Language) -> list[tuple[str, Builder]]:
    """The rules of a language's relative-day words: plain ones with either first letter, nouns
    after a weekday preposition, ambiguous ones in lower case and not after their blockers."""
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


@dataclass(frozen=True)
class DateRules:
    """One language's date rules and tense markers, made by :func:`date_rules` from its fields."""

    words: Language
    rules: tuple[tuple[re.Pattern[str], Builder], ...]
    """Each pattern with the function that turns its match into a value, in order of preference."""
    directions: dict[str, str]
    """Words before a weekday (lower case) -> PAST, FUTURE or UPCOMING."""
    triggers: re.Pattern[str]
    """Words (lower case, anywhere) of which every rule's match without a digit has one."""
    tense_markers: tuple[tuple[str, re.Pattern[str]], ...]
    past_form: re.Pattern[str] | None


def date_rules(words: Language) -> DateRules:
    """The date rules of a language, all made from its module's fields by the same builders."""
    directions = {**WEEKDAY_DIRECTIONS, **words.WEEKDAY_DIRECTIONS}
    parts = _pieces(words, directions)
    patterns = [*_month_rules(words, parts), *_season_rules(words, parts), *_year_rules(words, parts),
                *_weekday_rules(words, parts), *_relative_rules(words)]
    triggers = {word.lower() for table in (words.MONTHS, words.WEEKDAYS, words.RELATIVE_DAYS, words.SEASONS)
                for word in table}
    return DateRules(
        words=words,
        rules=tuple((re.compile(pattern), build) for pattern, build in patterns),
        directions=directions,
        triggers=re.compile(_alternation(triggers)),
        tense_markers=((PAST, _words(words.PAST_MARKERS)), (FUTURE, _words(words.FUTURE_MARKERS))),
        past_form=re.compile(rf"\b{words.PAST_FORM}\b") if words.PAST_FORM else None,
    )


_DATE_RULES = {name: date_rules(get(name)) for name in LANGUAGES}
"""The date rules of each of our languages."""

_RULES = {name: rules.rules for name, rules in _DATE_RULES.items()}
"""Per language: each pattern with the function that turns its match into a value."""

_DIGIT = re.compile(r"\d")


def _rules_of(language: str | DateRules) -> DateRules:
    """The date rules of a language given by name or code, or the rules themselves."""
    return language if isinstance(language, DateRules) else _DATE_RULES[normalize_language(language)]


def may_name_a_date(sentence: str, language: str | DateRules) -> bool:
    """False only for a sentence no rule can match: it has no digit and no month, day or season word.

    Most sentences name no date; two quick scans spare them every rule. (Searching the
    lower-cased sentence is several times faster than a case-insensitive pattern.)
    """
    return bool(_DIGIT.search(sentence) or _rules_of(language).triggers.search(sentence.lower()))


# --- the public function --------------------------------------------------------------------


_Needs = tuple[frozenset[str], int]
"""Regex fragments of which every match holds one, and the length of the shortest."""

_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


def _item_needs(op: object, av: Any) -> _Needs | None:
    """What every match of one parsed regex item holds (None: nothing known; case-blind parts never)."""
    if op is _sre.SUBPATTERN:
        return None if av[1] & _sre.SRE_FLAG_IGNORECASE else _sequence_needs(av[3])
    if op is _sre.BRANCH:
        found = [_sequence_needs(branch) for branch in av[1]]
        if any(f is None for f in found):
            return None
        known = [f for f in found if f is not None]
        return frozenset().union(*(f[0] for f in known)), min(f[1] for f in known)
    if op in _REPEATS:
        return _sequence_needs(av[2]) if av[0] >= 1 else None
    if op is _sre.IN and all(o is _sre.LITERAL for o, _ in av):
        return frozenset(re.escape(chr(c)) for _, c in av), 1
    if op is _sre.IN and av == [(_sre.CATEGORY, _sre.CATEGORY_DIGIT)]:
        return frozenset([r"\d"]), 1
    return None


def _sequence_needs(items: Iterable[tuple[object, Any]]) -> _Needs | None:
    """What every match of a parsed regex sequence holds: its item (or literal run) with the longest."""
    best: _Needs | None = None
    run: list[str] = []
    for op, av in [*items, (None, None)]:  # a last item that ends the run
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        found = [(frozenset([re.escape("".join(run))]), len(run))] if run else []
        run = []
        item = _item_needs(op, av) if op is not None else None
        for needs in (*found, *([item] if item else [])):
            if best is None or needs[1] > best[1]:
                best = needs
    return best


@cache
def _prefilter(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A quick pattern that finds something in every text the rule matches in (None: none known)."""
    if _parser is None:
        return None
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    needs = None if parsed.state.flags & _sre.SRE_FLAG_IGNORECASE else _sequence_needs(parsed)
    return None if needs is None else _compiled("|".join(sorted(needs[0])))


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """One compiled pattern per text, so rules with the same prefilter share its answer."""
    return re.compile(pattern)


def _candidates(sentence: str, rules: DateRules) -> list[tuple[re.Match[str], Builder]]:
    """Every match of every rule, leftmost first, then longest first.

    A rule runs only when its prefilter finds something: most rules need a month, weekday or
    season word or a digit, and searching for those is several times faster than the rule.
    """
    passed: dict[re.Pattern[str] | None, bool] = {None: True}
    found: list[tuple[re.Match[str], Builder]] = []
    for pattern, build in rules.rules:
        need = _prefilter(pattern)
        hit = passed.get(need)
        if hit is None:
            hit = passed[need] = need is not None and need.search(sentence) is not None
        if hit:
            found.extend((m, build) for m in pattern.finditer(sentence))
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
    sentence: str, language: str | DateRules, reference: PublicationDate | None = None
) -> list[DateMention]:
    """The explicitly dated mentions in one sentence, in order, the longest match winning.

    language is a name or code of one of our languages, or the :func:`date_rules` of any other.
    """
    rules = _rules_of(language)
    if not may_name_a_date(sentence, rules):
        return []
    context = _Context(reference, sentence, rules)
    mentions = []
    for match, build in _non_overlapping(_candidates(sentence, rules)):
        try:
            resolved = build(match, context)
        except (OverflowError, ValueError):  # a day before 1 January 1 or after 31 December 9999
            resolved = None
        if resolved is not None:
            mentions.append(DateMention(resolved[0], resolved[1], match.group(0), match.start(), match.end()))
    return mentions
