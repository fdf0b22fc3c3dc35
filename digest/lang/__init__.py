"""One home for the words of each language: one module per language, read through :func:`get`.

A language module (``german.py``, ``english.py``) defines the names of :data:`FIELDS`; adding a
language is adding one such module and its name to :data:`MODULES`. Stop words come from sumy
(``sumy.utils``, which does not load NLTK), the Snowball stemmer from ``snowballstemmer`` (German:
our own, faster implementation of the same algorithm); both are loaded once, when first needed.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import cache, lru_cache
from types import MappingProxyType

__all__ = [
    "FIELDS", "LANGUAGES", "Language", "get", "normalize", "stemmer", "stems", "stop_words",
    "union", "words",
]

MODULES = ("german", "english")
"""The language modules of this package, in the order the configuration lists languages."""


@dataclass(frozen=True, eq=False, repr=False)
class Language:
    """The words of one language, as its module defines them (see the module for each one's doc).

    One per language (``get``), equal only to itself: no field-by-field comparison or repr of its
    150 fields, whose generated code cost ~1.5 ms of every process's start.
    """

    NAME: str
    CODES: tuple[str, ...]
    MONTH_NAMES: tuple[str, ...]
    MONTHS: Mapping[str, int]
    WEEKDAYS: Mapping[str, int]
    SEASON_NAMES: Mapping[int, str]
    SEASONS: Mapping[str, int]
    RELATIVE_DAYS: Mapping[str, int]
    WEEKDAY_DIRECTIONS: Mapping[str, str]
    PAST_MARKERS: frozenset[str]
    FUTURE_MARKERS: frozenset[str]
    PAST_FORM: str
    NOT_PAST_AFTER: frozenset[str]
    UNMARKED_TENSE: str
    DATE_QUALIFIERS: tuple[str, ...]
    HYPHENATED_QUALIFIERS: tuple[str, ...]
    DAY_PREPOSITIONS: tuple[str, ...]
    WEEKDAY_PREPOSITIONS: tuple[str, ...]
    WEEKDAY_ARTICLES: tuple[str, ...]
    MONTH_PREPOSITIONS: tuple[str, ...]
    SEASON_ARTICLES: tuple[str, ...]
    OF_WORDS: tuple[str, ...]
    YEAR_PREFIXES: tuple[str, ...]
    NOT_WEEKDAY_AFTER: tuple[str, ...]
    DAYTIME_SUFFIXES: tuple[str, ...]
    RELATIVE_DAY_NOUNS: frozenset[str]
    AMBIGUOUS_RELATIVE_DAYS: Mapping[str, tuple[str, ...]]
    DATE_ORDERS: tuple[str, ...]
    ORDINAL_SUFFIXES: tuple[str, ...]
    NOT_DAY_AFTER: str
    CAPITALIZED_DATE_WORDS: tuple[str, ...]
    SEASON_QUALIFIERS: tuple[str, ...]
    PREPOSITION_BEFORE_QUALIFIER: bool
    NAMED_YEAR_CENTURIES: tuple[str, ...]
    WEEKDAY_NEEDS_WORD: bool
    ABBREVIATIONS: frozenset[str]
    SENTENCE_OPENERS: frozenset[str]
    ORDINAL_CUES: frozenset[str]
    ABBREVIATED_ENDINGS: tuple[str, ...]
    NUMBER_ABBREVIATIONS: frozenset[str]
    SENTENCE_FINAL_ABBREVIATIONS: frozenset[str]
    DATELINE_LABELS: tuple[str, ...]
    NOT_A_DATELINE_BEFORE: frozenset[str]
    SPEECH_VERBS: frozenset[str]
    ATTRIBUTION_VERBS: Mapping[str, tuple[frozenset[str], frozenset[str]]]
    ATTRIBUTION_PARTICIPLES: frozenset[str]
    QUOTING_VERBS: frozenset[str]
    SPEAKER_PRONOUNS: frozenset[str]
    ACCORDING_TO_WORDS: frozenset[str]
    REPORT_NOUNS: frozenset[str]
    REPORT_NOUN_ENDINGS: tuple[str, ...]
    HEARSAY_MARKERS: frozenset[str]
    DEMAND_STEMS: tuple[str, ...]
    CONTENT_PREPOSITIONS: tuple[str, ...]
    NON_SPEAKER_HEADS: frozenset[str]
    PASSIVE_AUXILIARIES: frozenset[str]
    NUMBER_WORDS: frozenset[str]
    REPORTER_CONNECTIVES: frozenset[str]
    SPEAKER_EXTENDERS: frozenset[str]
    ORGANISATION_LINKS: frozenset[str]
    INFINITIVE_MARKS: frozenset[str]
    SEPARABLE_PREFIXES: tuple[str, ...]
    SHORT_ROLE_WORDS: tuple[str, ...]
    DETERMINERS: frozenset[str]
    PERFECT_AUXILIARIES: frozenset[str]
    SUBJECT_VERB_FILLERS: frozenset[str]
    REPORTED_SPEECH_FORMS: frozenset[str]
    CONDITIONAL_FORMS: frozenset[str]
    PREPOSITIONS: frozenset[str]
    ADVERBS: frozenset[str]
    FUNCTION_WORDS: frozenset[str]
    TIME_NOUNS: frozenset[str]
    LEADING_PARTICLES: frozenset[str]
    NEGATIONS: frozenset[str]
    NOMINATIVE_PRONOUNS: frozenset[str]
    GENITIVE_WORDS: tuple[str, ...]
    PLACE_PREPOSITIONS: tuple[str, ...]
    SINGLE_WORD_CUES: frozenset[str]
    CLAUSE_VERBS: frozenset[str]
    PREPOSITION_VERBS: Mapping[str, frozenset[str]]
    RELATIVE_PRONOUNS: frozenset[str]
    COORDINATORS: frozenset[str]
    COMPLEMENTIZERS: frozenset[str]
    CONTENT_CLAUSE_OPENERS: frozenset[str]
    FEMALE_PRONOUNS: frozenset[str]
    FEMALE_ROLE_ENDINGS: tuple[str, ...]
    PLURAL_VERB_ENDINGS: tuple[str, ...]
    SINGULAR_DETERMINERS: frozenset[str]
    HEARSAY_VERBS: frozenset[str]
    HEARSAY_SUBJECTS: frozenset[str]
    HEARSAY_PREPOSITIONS: frozenset[str]
    OBJECT_DETERMINERS: frozenset[str]
    ROLE_WORDS: frozenset[str]
    FURNITURE_LINES: tuple[str, ...]
    FURNITURE_PREFIXES: tuple[str, ...]
    FURNITURE_TAILS: tuple[str, ...]
    BONUS_WORDS: tuple[str, ...]
    STIGMA_WORDS: tuple[str, ...]
    SKIP_REASONS: tuple[tuple[str, str], ...]
    SKIP_REASON_WORDS: Mapping[str, Mapping[str, str]]
    DECIMAL_SEPARATOR: str
    DAY_FORMAT: str
    LABELS: Mapping[str, str]
    CONNECTIVES: frozenset[str]
    ANAPHORS: frozenset[str]
    BACK_REFERENCES: frozenset[str]
    PLACE_NAME_GLUE: frozenset[str]
    NOT_PLACE_NAMES: frozenset[str]
    SUBJUNCTIVE_FORMS: frozenset[str]
    STANDALONE_OPENINGS: frozenset[str]
    DEMONSTRATIVES: frozenset[str]
    PRESENT_NOUNS: frozenset[str]
    DEFINITE_DETERMINERS: frozenset[str]
    INSTITUTION_ROLE_WORDS: frozenset[str]
    MEDIA_HEADS: frozenset[str]
    SOURCE_PREPOSITIONS: tuple[tuple[str, ...], ...]
    SOURCE_POSTPOSITIONS: frozenset[str]
    SO_CUES: frozenset[str]
    AS_CUES: frozenset[str]
    REPORT_PREPOSITIONS: frozenset[str]
    REPORT_NOUN_ARTICLES: frozenset[str]
    REPORT_SOURCE_LINKS: frozenset[str]
    REPORT_SOURCE_ARTICLES: frozenset[str]
    ROLE_ENDINGS: tuple[str, ...]
    ROLE_STEM_ENDINGS: tuple[str, ...]

    def __repr__(self) -> str:
        return f"Language({self.NAME!r})"

    @property
    def name(self) -> str:
        """The language's name: 'german', 'english'."""
        return self.NAME

    @property
    def tag(self) -> str:
        """The language's ISO 639-1 tag for HTML, Atom and mail headers: the first of its CODES."""
        return self.CODES[0]


FIELDS = tuple(f.name for f in fields(Language))
"""The names every language module defines."""


def _frozen(value: object) -> object:
    """A read-only view of a dict (and of the dicts in it); other values as they are."""
    if isinstance(value, dict):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    return value


def get(name: str) -> Language:
    """The words of a language by its name or code ('german', 'de', 'english', 'en')."""
    found = _by_name.get(name)
    if found is None:
        found = _by_name[name] = _load(normalize(name))
    return found


#: Each name or code ``get`` was asked for -> its language: the sentence splitter asks for every full stop.
_by_name: dict[str, Language] = {}


@cache
def _load(name: str) -> Language:
    """The words of a language module, loaded once."""
    module = importlib.import_module(f"{__name__}.{name}")
    return Language(**{field: _frozen(getattr(module, field)) for field in FIELDS})


@cache
def _aliases() -> dict[str, str]:
    """Every name and code of every language (lower case) -> the language's name."""
    found: dict[str, str] = {}
    for module_name in MODULES:
        module = importlib.import_module(f"{__name__}.{module_name}")
        found.update({alias: module.NAME for alias in (module.NAME, *module.CODES)})
    return found


LANGUAGES = MODULES
"""The languages' names."""


def normalize(language: str) -> str:
    """The name of a language given by name or code; ValueError for one we do not have."""
    name = _names.get(language)
    if name is None:
        key = language.strip().lower()
        if key not in _aliases():
            raise ValueError(f"unsupported language {language!r}: expected one of {', '.join(LANGUAGES)}")
        name = _names[language] = _aliases()[key]
    return name


#: Each name or code ``normalize`` was given that names a language -> the language's name.
_names: dict[str, str] = {}


def union(field: str) -> frozenset[str]:
    """The words (or keys) of one field over every language, e.g. all speech verbs."""
    return frozenset(word for name in LANGUAGES for word in getattr(get(name), field))


@cache
def stop_words(language: str) -> frozenset[str]:
    """sumy's stop words of a language (lower case), read from sumy's data as its get_stop_words does.

    Read directly: sumy's get_stop_words first looks the name up in pycountry's ISO tables,
    whose loading costs ~0.15 s of every process that summarizes or analyses a file.
    """
    data = pkgutil.get_data("sumy", f"data/stopwords/{normalize(language)}.txt")
    if data is None:
        raise LookupError(f"sumy has no stop words for {language!r}")
    return frozenset(word.rstrip() for word in data.decode("utf-8").splitlines() if word)


@cache
def stemmer(language: str) -> Callable[[str], str]:
    """The Snowball stemmer of a language (no NLTK), word -> stem (lower-cased first); thread-safe.

    German has its own implementation below (nine times faster than snowballstemmer's pure Python,
    equal on 44,384 words of the dev data and 300,000 random ones); others come from snowballstemmer.
    """
    name = normalize(language)
    if name == "german":
        return lambda word: _german_stem(word.lower())
    import snowballstemmer  # its C build (PyStemmer) when that is installed

    local = threading.local()  # a Snowball stemmer object keeps its word while stemming it

    def stem(word: str) -> str:
        """The stem of a word, lower-cased first."""
        algorithm = getattr(local, "stemmer", None)
        if algorithm is None:
            algorithm = local.stemmer = snowballstemmer.stemmer(name)
        return algorithm.stemWord(word.lower())

    return stem


_VOWELS = frozenset("aeiouyäöü")
_S_ENDING = frozenset("bdfghklmnrt")
_ST_ENDING = frozenset("bdfghklmnt")
_UMLAUTS = str.maketrans("äöüUY", "aouuy")


def _region(word: str, start: int) -> int:
    """Where the region after the first non-vowel following a vowel (from ``start``) begins."""
    for i in range(start + 1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            return i + 1
    return len(word)


def _german_stem(word: str) -> str:
    """The German Snowball stem of a lower-case word (the original algorithm: snowballstemmer 2, NLTK)."""
    word = word.replace("ß", "ss")
    if "u" in word or "y" in word:  # u and y between vowels are consonants: U, Y
        chars = list(word)
        for i in range(1, len(chars) - 1):
            if chars[i] in "uy" and chars[i - 1] in _VOWELS and chars[i + 1] in _VOWELS:
                chars[i] = chars[i].upper()
        word = "".join(chars)
    p1 = p2 = len(word)
    if len(word) >= 3:
        first = _region(word, 0)
        p2 = _region(word, first) if first < len(word) else len(word)
        p1 = max(first, 3)
    for suffix in ("ern", "em", "er", "en", "es", "e", "s"):
        if word.endswith(suffix):
            if len(word) - len(suffix) >= p1 and (suffix != "s" or word[-2:-1] in _S_ENDING):
                word = word[:-len(suffix)]
                if suffix in ("en", "es", "e") and word.endswith("niss"):
                    word = word[:-1]
            break
    for suffix in ("est", "en", "er", "st"):
        if word.endswith(suffix):
            st_ending = len(word) >= 6 and word[-3] in _ST_ENDING  # 'st' after one, after 3 letters
            if len(word) - len(suffix) >= p1 and (suffix != "st" or st_ending):
                word = word[:-len(suffix)]
            break
    return _d_suffixes(word, p1, p2).translate(_UMLAUTS)


def _d_suffixes(word: str, p1: int, p2: int) -> str:
    """Step 3 of the German Snowball stemmer: derivational suffixes in R2."""
    for suffix in ("isch", "lich", "heit", "keit", "end", "ung", "ig", "ik"):
        if not word.endswith(suffix):
            continue
        start = len(word) - len(suffix)
        if start < p2 or (suffix in ("ig", "ik", "isch") and word[start - 1:start] == "e"):
            return word
        word = word[:start]
        if suffix in ("end", "ung") and word.endswith("ig") and len(word) - 2 >= p2 and word[-3:-2] != "e":
            word = word[:-2]
        elif suffix in ("lich", "heit") and word.endswith(("er", "en")) and len(word) - 2 >= p1:
            word = word[:-2]
        elif suffix == "keit":
            for inner in ("lich", "ig"):
                if word.endswith(inner) and len(word) - len(inner) >= p2:
                    word = word[:-len(inner)]
                    break
        return word
    return word


WORD = re.compile(r"[^\W_](?:(?<=\d)\d*(?:[.,:]\d+)+|[^\W_]*(?:[-'’][^\W_]+)*)")
"""A word: letters or digits, hyphenated compounds and apostrophes kept whole ("US-Präsident",
"don't"), numbers with their separators ("3,5", "19:30"). It begins with the word's first letter or
digit (a number, then, or letters and digits: the same words as the plainer alternation of the two),
so that the regex engine skips quickly to where a word starts: about 25 % faster."""


def words(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The words of a text (or of text[start:end]), in order, as they are written."""
    return WORD.findall(text, start, len(text) if end is None else end)


#: Stems remembered per language; cleared past this many words (news vocabulary repeats a lot).
_MEMO_LIMIT = 500_000
_memos: dict[str, dict[str, str]] = {}


def stem_word(word: str, language: str) -> str:
    """The stem of a lower-cased word; remembered, as news vocabulary repeats a lot."""
    memo = _memos.setdefault(language, {})
    stem = memo.get(word)
    if stem is None:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        stem = memo[word] = stemmer(language)(word)
    return stem


def stems(sentence: str, language: str) -> frozenset[str]:
    """Distinct stems of a sentence's content words (longer than two letters, not stop words)."""
    return sentence_words(sentence, language)[1]


@lru_cache(maxsize=2048)
def sentence_words(sentence: str, language: str) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    """A sentence's words lower-cased, and the distinct stems of its content words (not stop words)
    longer than two letters and longer than one; remembered for the latest 2,048 sentences (about
    3.5 kB each), which the summary and then the analysis of an article read."""
    known = _contents.setdefault(language, {})
    lowered = tuple(map(str.lower, words(sentence)))
    longer: set[str] = set()
    short: set[str] = set()
    both = (short, longer)
    for word in lowered:
        content = known.get(word)
        if content is None:
            if len(known) >= _MEMO_LIMIT:
                known.clear()
            content = known[word] = _content(word, language)
        if content:
            both[content[1]].add(content[0])
    return lowered, frozenset(longer), frozenset(longer | short)


#: Per language, what sentence_words takes of each lower-cased word (see _content); cleared past _MEMO_LIMIT.
_contents: dict[str, dict[str, tuple[str, bool] | tuple[()]]] = {}


def _content(word: str, language: str) -> tuple[str, bool] | tuple[()]:
    """A lower-cased word's stem and whether it is longer than two letters; () for a stop word or a letter."""
    if len(word) > 1 and word not in stop_words(language):
        return stem_word(word, language), len(word) > 2
    return ()
