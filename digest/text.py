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

from .lang import LANGUAGES, Language, get, normalize, stop_words, union, words
from .models import Article, Block, SplitArticle

__all__ = [
    "MAX_ARTICLE_SENTENCES",
    "cap_sentences",
    "split_article",
    "NUMBER_ABBREVIATIONS",
    "SENTENCE_FINAL_ABBREVIATIONS",
    "SUPPORTED_LANGUAGES",
    "Tokenizer",
    "detect_language",
    "iter_words",
    "normalize_language",
    "split_sentences",
    "word_count",
]

SUPPORTED_LANGUAGES = LANGUAGES

NUMBER_ABBREVIATIONS = union("NUMBER_ABBREVIATIONS")
"""Abbreviations that only count as such before a number ("Art. 5", "No. 5"), of every language:
articles quote each other's languages."""

SENTENCE_FINAL_ABBREVIATIONS = union("SENTENCE_FINAL_ABBREVIATIONS")
"""Abbreviations that often end a sentence, of every language: a boundary if a sentence opener follows."""

_CLOSERS = "\"'“”»«’‘)]"
_OPENING = "„“\"‚‘'»«("
# End punctuation (a whole run), closing quotes/brackets, then whitespace and the first
# non-space character of what follows. Possessive quantifiers keep it linear, and make a run's
# matches start at its first character without a lookbehind (twice as fast to scan): a run that
# fails there fails from each of its later characters too, which take the same rest of it.
_END = re.compile(r"([.!?…]++)([" + re.escape(_CLOSERS) + r"]*+)(?=\s++(\S))")
_NEXT_WORD = re.compile(r"\s*[" + re.escape(_OPENING) + r"]*([^\W_]+)")
_LETTERS_WITH_DOTS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
_SINGLE_LETTER_DOT = re.compile(r"[^\W\d_]\.")
_SHORT_NUMBER = re.compile(r"\d{1,3}")
_ROMAN = re.compile(r"[IVXLC]{2,6}")
_LOOKBACK = 60


def normalize_language(language: str) -> str:
    """Return "german" or "english" for a language name or code; raise ValueError otherwise."""
    return normalize(language)


def split_sentences(text: str, language: str = "german") -> list[str]:
    """Split one line of German or English text into sentences, keeping their exact text."""
    return list(sentences_of(text, language))


def sentences_of(text: str, language: str = "german") -> Iterator[str]:
    """The sentences of ``split_sentences``, each found only when asked for (the first of a long text)."""
    lang = normalize_language(language)
    if "\n" in text or "\r" in text:  # a line break always ends a sentence
        for line in text.splitlines():
            yield from sentences_of(line, lang)
        return
    start = 0
    for match in _END.finditer(text):
        if _is_boundary(text, match, lang):
            if sentence := text[start:match.end()].strip():
                yield sentence
            start = match.end()
    if sentence := text[start:].strip():
        yield sentence


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
    table = get(lang)
    if key in SENTENCE_FINAL_ABBREVIATIONS:
        return _opener(text, match, table)
    if key in NUMBER_ABBREVIATIONS:
        return not match.group(3).isdigit()
    if key in table.ABBREVIATIONS or _is_abbreviated_compound(token, lang):
        return False
    if _LETTERS_WITH_DOTS.fullmatch(token):
        # initials and acronyms: "Donald J. Trump", "D.C.", but "auf X. Er" ends
        return token[0].isupper() and (_opener(text, match, table)
                                       or _next_word(text, match.end())[:1].isdigit())
    if table.ORDINAL_CUES and (_SHORT_NUMBER.fullmatch(token) or _ROMAN.fullmatch(token)):
        if _next_word(text, match.end()).lower() in table.MONTHS or before.lower() in table.ORDINAL_CUES:
            return False
        return _opener(text, match, table)
    return True  # most full stops: the word before is none of the above, what follows is not read


def _opener(text: str, match: re.Match[str], table: Language) -> bool:
    """Whether what follows a full stop opens a sentence: a typical sentence opener or an opening quote."""
    return _next_word(text, match.end()).lower() in table.SENTENCE_OPENERS or match.group(3) in _OPENING


def _is_abbreviated_compound(token: str, lang: str) -> bool:
    """True for "US-Präs" or "Hauptstr": a compound whose last part is an abbreviation."""
    table = get(lang)
    if "-" in token and token.rsplit("-", 1)[1].lower() in table.ABBREVIATIONS:
        return True
    lowered, endings = token.lower(), table.ABBREVIATED_ENDINGS
    if not lowered.endswith(endings):  # most words: one test of every ending at once
        return False
    return any(len(token) > len(end) and lowered.endswith(end) for end in endings)


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


def word_count(line: str, most: int = -1) -> int:
    """Number of whitespace-separated words (how long a line looks: headlines, headings, furniture).

    With ``most``, counting stops after ``most + 1`` words: ``word_count(line, n) <= n`` tells
    whether a line has at most ``n`` words without splitting all of a long one.
    """
    return len(line.split(None, most))


def iter_words(text: str) -> Iterator[str]:
    """Yield the word tokens of text: letters/digits, hyphenated compounds kept whole."""
    return iter(words(text))


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
        return tuple(words(sentence))

    def __repr__(self) -> str:
        return f"Tokenizer({self._language!r})"


@cache
def _exclusive_stop_words() -> dict[str, frozenset[str]]:
    """Stop words of each language that are not stop words of any other one."""
    return {name: stop_words(name) - frozenset().union(
        *(stop_words(other) for other in SUPPORTED_LANGUAGES if other != name))
        for name in SUPPORTED_LANGUAGES}


#: Enough text to tell the language by its stop words: about the first 1,500 words.
_DETECT_CHARS = 10_000


def detect_language(text: str) -> str:
    """Guess the language from the stop words of its start; the first language ("german") when unclear."""
    exclusive = _exclusive_stop_words()
    tokens = list(map(str.lower, words(text, 0, _DETECT_CHARS)))
    return max(SUPPORTED_LANGUAGES, key=lambda name: sum(map(exclusive[name].__contains__, tokens)))


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
