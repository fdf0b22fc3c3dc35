"""Removing page furniture: newsletter boxes, photo credits, paywall and related-article teasers.

Each rule is a small pure function from lines to lines; ``clean_lines`` applies them in order.
A rule matches whole lines (or a whole block of lines), never words inside a sentence, so a
body sentence that mentions "Newsletter", "©" or "Mehr zum Thema" stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from digest import lang
from digest.text import word_count

FURNITURE_LINES = tuple(sorted(lang.union("FURNITURE_LINES")))
"""Patterns of whole lines that are always page furniture in any language (matched case-insensitively,
line stripped), compiled together as one pattern (``is_furniture_line``)."""

DATELINE = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ .'/-]{1,40}(,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*"
                      r"\([A-Za-z][\w./ ]{1,20}\)\s*[-–—]{1,2}\s+|\([A-Z][A-Za-z]{1,12}\)\s+")
"""An agency dateline opening a paragraph: 'LONDON (Reuters) - ', 'HOUSTON, May 8 (Reuters) -- ', '(AP) '."""

FURNITURE_PREFIX = re.compile("|".join(f"(?:{p})" for p in (DATELINE.pattern,
                                                             *sorted(lang.union("FURNITURE_PREFIXES")))))
"""Furniture before a line's text: a dateline, a byline, the time the page was updated."""

_TAILS = "|".join(f"(?:{p})" for p in sorted(lang.union("FURNITURE_TAILS")))
FURNITURE_TAIL = re.compile(rf"(?:^|(?<=\s))(?:{_TAILS})$", re.IGNORECASE)
"""Furniture from a phrase to the end of a line: 'Explore all of our … graphics …'."""


def _widest_match(pattern: re.Pattern[str]) -> int | None:
    """The most characters a match of a pattern can span (as the regex parser of Python 3.11+
    computes it); None when a match can be as long as the text."""
    from re import _parser  # the width of a pattern, which re itself uses to optimize a search

    widest = _parser.parse(pattern.pattern, pattern.flags).getwidth()[1]
    return None if widest >= _parser.MAXREPEAT else widest


_TAIL_CHARS = _widest_match(FURNITURE_TAIL)
"""A furniture tail is found among the last this many characters of a line (None: anywhere): it ends
the line, and its phrases are bounded (``.{0,160}``)."""

PAYWALL_MARKER = re.compile(
    r"Z\+ \(abopflichtiger Inhalt\);?|Z\+|SPIEGEL\+|SZ Plus|F\+|FAZ\+|WELTplus|M\+|"
    r"(Exklusiv )?für Abonnenten|Abo(nnement)?-?Inhalt|\(Paywall\)",
    re.IGNORECASE,
)
"""A paywall label that precedes a teaser (optional kicker line ending ':', then a title)."""

NEWSLETTER_MARKER = re.compile(r"Newsletter( abonnieren| bestellen| anmelden)?", re.IGNORECASE)
"""The line that opens a newsletter sign-up box."""

NEWSLETTER_BOX_MAX_LINES = 6
"""A newsletter box is at most this many lines after its marker."""

RELATED_HEADER = re.compile(
    r"(Mehr zu(m)? Thema|Mehr zu diesem Thema|Weitere Artikel zum Thema|Mehr aus dem Ressort"
    r"|Das könnte Sie auch interessieren|Empfehlungen der Redaktion|Weitere Nachrichten)\s*:?",
    re.IGNORECASE,
)
"""The heading of a related-articles block."""

PHOTO_CREDIT = re.compile(
    r"(©|\(c\)\s|Copyright\s).{0,120}"
    r"|(Foto|Fotos|Bild|Bilder|Bildquelle|Quelle|Grafik|Video|Credit|Archivbild)\s*:\s*\S.{0,100}"
    r"|\((Foto|Fotos|Bild|Bildquelle|Quelle|Archivbild)\s*:[^()]{1,100}\)",
    re.IGNORECASE,
)
"""A photo credit line: '© Name', 'Foto: dpa', 'Quelle: AFP', '(Foto: IMAGO/xy)'."""

_CREDIT_IN_PARENTHESES = r"\((Foto|Fotos|Bild|Bildquelle|Archivbild)\s*:[^()]{1,80}\)"
INLINE_CREDIT = re.compile(r"\s*" + _CREDIT_IN_PARENTHESES)
"""A credit in parentheses inside a caption line."""

_INLINE_CREDIT_START = re.compile(_CREDIT_IN_PARENTHESES)
"""INLINE_CREDIT without its leading spaces: every line it matches, found ten times faster (the
engine skips to each '(' instead of trying the spaces at every position of a long line)."""

CREDIT_MAX_WORDS = 12
"""A credit line is at most this many words; a longer line is a sentence and stays."""

TEASER_MAX_WORDS = 20
"""A teaser (title, kicker) is at most this many words."""

KICKER_MAX_WORDS = 6
"""A section kicker such as 'Krieg in der Ukraine' is at most this many words."""

SENTENCE_PUNCTUATION = re.compile(r"[.!?][\"'“”»)]*$")
"""A line ending like a sentence."""

PERIOD_END = re.compile(r"\.[\"'“”»)]*$")
"""A line ending with a period: body text, not a teaser title (which may ask a question)."""

Rule = Callable[[list[str]], list[str]]


def is_sentence(line: str) -> bool:
    """True if a line ends with . ! or ? (possibly followed by closing quotes)."""
    return SENTENCE_PUNCTUATION.search(line) is not None


def is_kicker(line: str) -> bool:
    """True for a short label line without final punctuation, e.g. 'Krieg in der Ukraine'."""
    return (0 < word_count(line, KICKER_MAX_WORDS) <= KICKER_MAX_WORDS and not is_sentence(line)
            and ":" not in line)


def is_teaser_line(line: str) -> bool:
    """True for a line that can be part of a teaser: a paywall label or a short title."""
    if PAYWALL_MARKER.fullmatch(line):
        return True
    return 0 < word_count(line, TEASER_MAX_WORDS) <= TEASER_MAX_WORDS and not PERIOD_END.search(line)


_ANY_FURNITURE_LINE = re.compile("|".join(f"(?:{p})" for p in FURNITURE_LINES), re.IGNORECASE)
"""FURNITURE_LINES as one pattern: one match per line, not one per pattern (a file can have 20,000 lines)."""


def is_furniture_line(line: str) -> bool:
    """True for a line that is page furniture wherever it stands."""
    return _ANY_FURNITURE_LINE.fullmatch(line) is not None


def is_photo_credit(line: str) -> bool:
    """True for a short credit line such as '© Lea Dohle' or 'Foto: picture alliance/dpa'."""
    return word_count(line, CREDIT_MAX_WORDS) <= CREDIT_MAX_WORDS and PHOTO_CREDIT.fullmatch(line) is not None


def strip_lines(lines: list[str]) -> list[str]:
    """Lines without surrounding whitespace, empty lines dropped."""
    return [line.strip() for line in lines if line.strip()]


def strip_furniture_edges(lines: list[str]) -> list[str]:
    """Lines without the furniture before their text (datelines, bylines) and after it (calls to
    explore, sign up or follow); a line that was nothing else is dropped."""
    kept = []
    for line in lines:
        while (match := FURNITURE_PREFIX.match(line)) is not None and match.end() > 0:
            line = line[match.end():]
        line = without_furniture_tail(line).strip()
        if line:
            kept.append(line)
    return kept


def without_furniture_tail(line: str) -> str:
    """A line without its FURNITURE_TAIL, looked for only where one can start: a long line (an
    article on one line) is not scanned from its first character."""
    # one more character: '$' also matches before a final line break
    start = 0 if _TAIL_CHARS is None else max(0, len(line) - _TAIL_CHARS - 1)
    match = FURNITURE_TAIL.search(line, start)
    return line if match is None else line[:match.start()] + line[match.end():]


def drop_related_block(lines: list[str]) -> list[str]:
    """Drop a trailing related-articles block ('Mehr zum Thema' + teasers) and its kicker."""
    # the trailing run of teaser lines, found once from the end (not once per header: linear)
    tail = len(lines)
    while tail > 0 and is_teaser_line(lines[tail - 1]):
        tail -= 1
    for i in range(max(tail - 1, 0), len(lines)):
        if RELATED_HEADER.fullmatch(lines[i]):
            start = i - 1 if i > 0 and is_kicker(lines[i - 1]) else i
            return lines[:start]
    return lines


def _teaser_length(lines: list[str], i: int) -> int:
    """How many lines the paywall teaser starting at lines[i] takes (marker, kicker, title)."""
    n = 1
    if i + n < len(lines) and lines[i + n].endswith(":") and word_count(lines[i + n], 8) <= 8:
        n += 1
    rest = lines[i + n] if i + n < len(lines) else ""
    if rest and is_teaser_line(rest) and not PAYWALL_MARKER.fullmatch(rest):
        n += 1
    return n


def drop_paywall_teasers(lines: list[str]) -> list[str]:
    """Drop paywall labels ('Z+ (abopflichtiger Inhalt);') with the teaser lines after them."""
    kept, i = [], 0
    while i < len(lines):
        if PAYWALL_MARKER.fullmatch(lines[i]):
            i += _teaser_length(lines, i)
        else:
            kept.append(lines[i])
            i += 1
    return kept


def _box_line(line: str) -> bool:
    """True for a line inside a newsletter box: furniture, or a short newsletter name."""
    return is_furniture_line(line) or (word_count(line, 8) <= 8 and not is_sentence(line))


def drop_newsletter_boxes(lines: list[str]) -> list[str]:
    """Drop a 'Newsletter' line and the sign-up box lines that follow it."""
    kept, i = [], 0
    while i < len(lines):
        if NEWSLETTER_MARKER.fullmatch(lines[i]):
            end = i + 1
            while end < min(len(lines), i + 1 + NEWSLETTER_BOX_MAX_LINES) and _box_line(lines[end]):
                end += 1
            i = end
        else:
            kept.append(lines[i])
            i += 1
    return kept


def drop_photo_credits(lines: list[str]) -> list[str]:
    """Drop credit lines and strip '(Foto: …)' credits from caption lines."""
    stripped = ((INLINE_CREDIT.sub("", line) if _INLINE_CREDIT_START.search(line) else line).strip()
                for line in lines)
    return [line for line in stripped if line and not is_photo_credit(line)]


def drop_furniture_lines(lines: list[str]) -> list[str]:
    """Drop single lines that are furniture wherever they stand ('Anzeige', 'Meine News')."""
    return [line for line in lines if not is_furniture_line(line)]


CLEANING_RULES: tuple[Rule, ...] = (
    strip_lines,
    strip_furniture_edges,
    drop_related_block,
    drop_paywall_teasers,
    drop_newsletter_boxes,
    drop_photo_credits,
    drop_furniture_lines,
)
"""The rules clean_lines applies, in order."""


def clean_lines(lines: list[str]) -> list[str]:
    """The body lines without page furniture and without empty lines."""
    for rule in CLEANING_RULES:
        lines = rule(lines)
    return lines



MAX_ARTICLE_CHARS = 500_000
"""Characters of an article's text that are read at most; the rest is left out (and logged).

News articles are short: the longest of the 343 in our dev data has 10,233 characters, a
long read rarely 100,000. A file within max_file_mb (10 MB) can hold ten million characters,
and every later stage (dating, cleaning, splitting, attributions, dates, summary, the digest
that reads the stored article) costs time and memory per sentence: one article of 10 MB
(80,000 sentences) took 43 s and 756 MB. Fifty times the longest article (about 4,000
sentences, 70,000 words) is read whole; beyond that the text is cut at the last line break
(or space) before the limit.
"""


MAX_ARTICLE_LINES = 20_000
"""Lines of an article's text that are read at most (the rest is left out, and logged).

Cleaning and building blocks cost time per line; a hard-wrapped article of 100,000
characters has 1,400 lines, a file of a million short lines (8 MB) took 27 s to clean.
"""


def cap_text(text: str, max_chars: int = MAX_ARTICLE_CHARS, max_lines: int = MAX_ARTICLE_LINES,
             ) -> tuple[str, int]:
    """At most ``max_chars`` characters and ``max_lines`` lines of a text, and how many characters were cut.

    The cut is at the last line break before the limit, else (no line break in the last
    10,000 characters) at the last space, else at the limit.
    """
    if text.count("\n") >= max_lines:
        end = -1
        for _ in range(max_lines):
            end = text.find("\n", end + 1)
        text, dropped = text[:end], len(text) - end
        kept, more = cap_text(text, max_chars, max_lines)
        return kept, dropped + more
    if len(text) <= max_chars:
        return text, 0
    low = max(0, max_chars - 10_000)
    cut = text.rfind("\n", low, max_chars + 1)
    if cut < 0:
        cut = text.rfind(" ", low, max_chars + 1)
    if cut <= 0:
        cut = max_chars
    return text[:cut], len(text) - cut
