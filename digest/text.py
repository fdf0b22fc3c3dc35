"""Offline sentence splitting, word tokenizing and language guessing, German and English.

sumy's own tokenizer needs NLTK's punkt data, which cannot be downloaded at run time.
This module replaces it with a rule-based splitter tuned for news text:

* One call splits one line. A line break always ends a sentence (headlines, datelines),
  so callers split on newlines first; :class:`Tokenizer` does that for sumy.
* A boundary is ``.``, ``!``, ``?`` or an ellipsis, optionally followed by closing quotes
  or brackets, then whitespace, then an uppercase letter, a digit or an opening quote.
  ``„Das ist gut.“ Dann`` splits after the quote; ``„Frage?“, fragte er`` does not split.
* A full stop is *not* a boundary after a known abbreviation (``z. B.``, ``Dr.``, ``Nr.``,
  ``US-Präs.``, ``Hauptstr.``), after an initial (``Donald J. Trump``) or an acronym with
  dots (``D.C.``, ``U.S.``) unless a typical sentence opener follows, and, in German,
  after an ordinal (``am 6. August``, ``der 2. Weltkrieg``, ``3. Platz``).

Every rule is a compiled regular expression or a set lookup, so splitting is linear in the
length of the line. Sentences keep their original text; only outer whitespace is stripped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from .models import Article, Block, SplitArticle

__all__ = [
    "MAX_ARTICLE_SENTENCES",
    "cap_sentences",
    "split_article",
    "ENGLISH_ABBREVIATIONS",
    "ENGLISH_SENTENCE_OPENERS",
    "GERMAN_ABBREVIATIONS",
    "GERMAN_MONTHS",
    "GERMAN_SENTENCE_OPENERS",
    "NUMBER_ABBREVIATIONS",
    "SENTENCE_FINAL_ABBREVIATIONS",
    "SUPPORTED_LANGUAGES",
    "Tokenizer",
    "detect_language",
    "iter_words",
    "normalize_language",
    "split_sentences",
]

SUPPORTED_LANGUAGES = ("german", "english")

_LANGUAGE_ALIASES = {"german": "german", "de": "german", "deutsch": "german",
                     "english": "english", "en": "english"}

#: Abbreviations (lower case, no final dot) after which a full stop never ends a sentence.
GERMAN_ABBREVIATIONS = frozenset({
    # multi-part, written with or without spaces ("z. B." and "z.B." both become "z.b")
    "z.b", "d.h", "u.a", "o.a", "o.g", "u.u", "v.a", "s.o", "s.u", "u.ä", "o.ä", "i.d.r",
    "u.v.m", "z.t", "z.zt", "i.a", "i.r", "a.d", "v.chr", "n.chr", "e.v", "m.e", "u.e",
    # titles and forms of address
    "dr", "prof", "hr", "fr", "frl", "dipl", "ing", "med", "jur", "phil", "rer", "nat",
    "mr", "mrs", "ms", "st", "sen", "gen", "präs", "vors", "abg", "min", "hl",
    # common abbreviations of running text
    "ca", "bzw", "vgl", "ggf", "evtl", "inkl", "exkl", "zzgl", "bspw", "sog", "lt", "gem",
    "usw", "etc", "nr", "abs", "bd", "kap", "ziff",
    "tel", "fa", "geb", "gest", "verh", "jh", "jhd", "jhdt", "hrsg", "mind", "rd",
    "mio", "mrd", "tsd", "mill", "str", "co", "inc", "ltd", "corp", "vs", "ff", "allg",
    "bzgl", "ehem", "einschl", "entspr", "erg", "gegr", "insb", "jew", "staatl", "urspr",
    "zit", "zt", "dt", "engl", "frz", "russ", "ukr", "amerik", "europ", "int", "intl",
    # months and weekdays
    "jan", "feb", "febr", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov",
    "dez", "mo", "di", "mi", "do", "sa",
})

#: Abbreviations (lower case, no final dot) after which a full stop never ends a sentence.
ENGLISH_ABBREVIATIONS = frozenset({
    "e.g", "i.e", "a.m", "p.m", "etc", "vs", "viz", "cf", "al", "approx", "dept", "est",
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "rev", "hon", "gen", "gov", "sen",
    "rep", "pres", "lt", "col", "sgt", "capt", "cmdr", "maj", "adm", "sec", "amb", "supt",
    "co", "inc", "ltd", "corp", "bros", "mt", "ft", "ave", "blvd", "rd", "vol", "fig",
    "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "thu", "thur", "thurs", "fri",
})

#: Abbreviations that only count as such before a number ("Art. 5", "No. 5", "p. 12").
NUMBER_ABBREVIATIONS = frozenset({"art", "no", "nos", "p", "pp", "s", "max", "mar"})

#: Abbreviations that often end a sentence: a boundary if a sentence opener follows.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc", "usw", "mio", "mrd", "tsd", "inc", "ltd",
                                          "corp", "co", "jr", "sr", "a.m", "p.m", "bros"})

#: Words (lower case) that typically open a sentence; they decide ambiguous cases such as
#: "auf X. Er" (boundary) versus "Donald J. Trump" (no boundary).
GERMAN_SENTENCE_OPENERS = frozenset({
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einen", "einem",
    "er", "sie", "es", "wir", "ich", "ihr", "man", "du", "und", "aber", "doch", "dann",
    "danach", "daher", "deshalb", "deswegen", "darum", "damit", "dabei", "darauf", "dazu",
    "so", "auch", "nun", "jetzt", "dies", "diese", "dieser", "dieses", "zudem", "außerdem",
    "in", "im", "am", "auf", "an", "bei", "beim", "mit", "nach", "vor", "für", "von", "seit",
    "als", "wenn", "wie", "was", "wer", "wo", "ob", "um", "während", "trotz", "bislang",
    "bisher", "noch", "schon", "zwar", "indes", "unterdessen", "zugleich", "gleichzeitig",
    "sein", "seine", "ihre", "unser", "unsere", "mehr", "allerdings", "jedoch", "denn",
    "hier", "dort", "heute", "gestern", "morgen", "immer", "nicht", "kein", "keine",
})

#: Words (lower case) that typically open an English sentence.
ENGLISH_SENTENCE_OPENERS = frozenset({
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these",
    "those", "there", "but", "and", "so", "then", "however", "in", "on", "at", "for",
    "with", "after", "before", "when", "while", "if", "as", "his", "her", "their", "its",
    "our", "my", "what", "who", "why", "how", "no", "not", "yet", "also", "since", "both",
    "some", "many", "most", "all", "one", "last", "earlier", "later", "meanwhile",
})

#: German month names and their abbreviations (lower case): "am 6. August" is no boundary.
GERMAN_MONTHS = frozenset({
    "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august",
    "september", "oktober", "november", "dezember",
    "jan", "feb", "febr", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov",
    "dez",
})

#: Words before a number that mark it as an ordinal ("am 6.", "der 2.", "vom 1.").
_GERMAN_ORDINAL_CUES = frozenset({
    "der", "die", "das", "den", "dem", "des", "am", "im", "vom", "zum", "zur", "beim",
    "ein", "eine", "einer", "einen", "einem", "eines", "jeder", "jede", "jedes", "ihr",
    "ihre", "ihrem", "ihren", "sein", "seine", "seinem", "seinen", "dieser", "diese",
    "dieses", "diesem", "dessen", "deren",
})

_ABBREVIATIONS = {"german": GERMAN_ABBREVIATIONS, "english": ENGLISH_ABBREVIATIONS}
_OPENERS = {"german": GERMAN_SENTENCE_OPENERS, "english": ENGLISH_SENTENCE_OPENERS}

_CLOSERS = "\"'“”»«’‘)]"
_OPENING = "„“\"‚‘'»«("
# End punctuation (start of a run only), closing quotes/brackets, then whitespace and
# the first non-space character of what follows. Possessive quantifiers keep it linear.
_END = re.compile(r"(?<![.!?…])([.!?…]++)([" + re.escape(_CLOSERS) + r"]*+)(?=\s++(\S))")
_NEXT_WORD = re.compile(r"\s*[" + re.escape(_OPENING) + r"]*([^\W_]+)")
_LETTERS_WITH_DOTS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
_SINGLE_LETTER_DOT = re.compile(r"[^\W\d_]\.")
_SHORT_NUMBER = re.compile(r"\d{1,3}")
_ROMAN = re.compile(r"[IVXLC]{2,6}")
_WORD = re.compile(r"\d+(?:[.,:]\d+)+|[^\W_]+(?:[-'’][^\W_]+)*")
_LOOKBACK = 60


def normalize_language(language: str) -> str:
    """Return "german" or "english" for a language name or code; raise ValueError otherwise."""
    key = language.strip().lower()
    if key not in _LANGUAGE_ALIASES:
        raise ValueError(
            f"unsupported language {language!r}: expected one of {', '.join(SUPPORTED_LANGUAGES)}"
        )
    return _LANGUAGE_ALIASES[key]


def split_sentences(text: str, language: str = "german") -> list[str]:
    """Split one line of German or English text into sentences, keeping their exact text."""
    lang = normalize_language(language)
    if "\n" in text or "\r" in text:  # a line break always ends a sentence
        return [s for line in text.splitlines() for s in split_sentences(line, lang)]
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        if _is_boundary(text, match, lang):
            sentences.append(text[start:match.end()].strip())
            start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def _is_boundary(text: str, match: re.Match[str], lang: str) -> bool:
    """Decide whether one candidate end of sentence really ends the sentence."""
    punct, closers, following = match.group(1), match.group(2), match.group(3)
    if not (following[0].isupper() or following[0].isdigit() or following[0] in _OPENING):
        return False
    if "!" in punct or "?" in punct:
        return True
    if "…" in punct or len(punct) > 1:
        # an ellipsis ends a sentence only right after a word: "Warten… Dann", not "[…] Die"
        return match.start() > 0 and text[match.start() - 1].isalnum()
    if closers:
        return True
    return _ends_after_full_stop(text, match, lang)


def _ends_after_full_stop(text: str, match: re.Match[str], lang: str) -> bool:
    """Decide whether a bare full stop followed by an uppercase start is a boundary."""
    token, before = _token_before(text, match.start())
    key = token.lower()
    nxt = _next_word(text, match.end())
    opener = nxt.lower() in _OPENERS[lang] or match.group(3) in _OPENING
    if key in SENTENCE_FINAL_ABBREVIATIONS:
        return opener
    if key in NUMBER_ABBREVIATIONS:
        return not match.group(3).isdigit()
    if key in _ABBREVIATIONS[lang] or _is_abbreviated_compound(token, lang):
        return False
    if _LETTERS_WITH_DOTS.fullmatch(token):
        # initials and acronyms: "Donald J. Trump", "D.C.", but "auf X. Er" ends
        return token[0].isupper() and (opener or nxt[:1].isdigit())
    if lang == "german" and (_SHORT_NUMBER.fullmatch(token) or _ROMAN.fullmatch(token)):
        if nxt.lower() in GERMAN_MONTHS or before.lower() in _GERMAN_ORDINAL_CUES:
            return False
        return opener
    return True


def _is_abbreviated_compound(token: str, lang: str) -> bool:
    """True for "US-Präs" or "Hauptstr": a compound whose last part is an abbreviation."""
    if "-" in token and token.rsplit("-", 1)[1].lower() in _ABBREVIATIONS[lang]:
        return True
    return lang == "german" and len(token) > 3 and token.lower().endswith("str")


def _token_before(text: str, end: int) -> tuple[str, str]:
    """Return the word before a full stop ("z. B" joined to "z.B") and the word before that."""
    window = text[max(0, end - _LOOKBACK):end]
    if not window or window[-1].isspace():
        return "", ""
    chunks = window.split()[-4:]
    token = chunks.pop().lstrip(_OPENING)
    # join "z. B" -> "z.B", "i. d. R" -> "i.d.R" when earlier chunks are single letters + dot
    while chunks and len(token.replace(".", "")) <= 3 and _SINGLE_LETTER_DOT.fullmatch(
        chunks[-1].lstrip(_OPENING)
    ):
        token = chunks.pop().lstrip(_OPENING) + token
    before = chunks[-1].strip(_OPENING + _CLOSERS + ",;:") if chunks else ""
    return token, before


def _next_word(text: str, start: int) -> str:
    """Return the first word after position start, skipping whitespace and opening quotes."""
    found = _NEXT_WORD.match(text, start)
    return found.group(1) if found else ""


def iter_words(text: str) -> Iterator[str]:
    """Yield the word tokens of text: letters/digits, hyphenated compounds kept whole."""
    return iter(_WORD.findall(text))


class Tokenizer:
    """Offline tokenizer with sumy's interface (to_sentences, to_words); no NLTK data."""

    def __init__(self, language: str = "german"):
        self._language = normalize_language(language)

    @property
    def language(self) -> str:
        """The normalized language, "german" or "english"."""
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Split a paragraph into sentences, every line break ending a sentence."""
        return tuple(
            sentence
            for line in paragraph.splitlines()
            for sentence in split_sentences(line, self._language)
        )

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Return the word tokens of a sentence; "US-Präsident" stays one token."""
        return tuple(_WORD.findall(sentence))

    def __repr__(self) -> str:
        return f"Tokenizer({self._language!r})"


@cache
def _exclusive_stop_words() -> dict[str, frozenset[str]]:
    """Stop words of each language that are not stop words of the other one."""
    from sumy.utils import get_stop_words  # imported when first needed

    german, english = get_stop_words("german"), get_stop_words("english")
    return {"german": frozenset(german - english), "english": frozenset(english - german)}


#: Enough text to tell the language by its stop words: about the first 1,500 words.
_DETECT_CHARS = 10_000


def detect_language(text: str) -> str:
    """Guess "german" or "english" from the stop words of its start; "german" when unclear."""
    stop_words = _exclusive_stop_words()
    words = [word.lower() for word in _WORD.findall(text, 0, _DETECT_CHARS)]
    german = sum(map(stop_words["german"].__contains__, words))
    english = sum(map(stop_words["english"].__contains__, words))
    return "english" if english > german else "german"


def split_article(article: Article) -> SplitArticle:
    """Split each body block of an article into sentences; headings stay whole."""
    language = article.language
    blocks = tuple(
        (block, (block.text,) if block.is_heading else tuple(split_sentences(block.text, language)))
        for block in article.blocks
    )
    return SplitArticle(article, blocks)


#: Body sentences of an article that are kept at most. Reading costs time per sentence (voices,
#: dates, stems, summary: about 1 ms each on a busy core); the longest of our 343 dev articles
#: has 120. Short sentences ("Er sagte am Freitag etwas.") fit 14,000 into MAX_ARTICLE_CHARS.
MAX_ARTICLE_SENTENCES = 5_000


def cap_sentences(split: SplitArticle, limit: int = MAX_ARTICLE_SENTENCES) -> tuple[SplitArticle, int]:
    """The article with at most ``limit`` body sentences (headings do not count), and how many were left out.

    The block that crosses the limit keeps its first sentences; later blocks are left out.
    The article keeps its id: the same file is the same article.
    """
    if len(split.sentences) <= limit:
        return split, 0
    kept: list[tuple[Block, tuple[str, ...]]] = []
    room = limit
    for block, sentences in split.blocks:
        if block.is_heading:
            kept.append((block, sentences))
            continue
        if len(sentences) > room:
            if room > 0:
                kept.append((Block(" ".join(sentences[:room])), sentences[:room]))
            break
        kept.append((block, sentences))
        room -= len(sentences)
    article = replace(split.article, blocks=tuple(block for block, _ in kept))
    return SplitArticle(article, tuple(kept)), len(split.sentences) - limit
