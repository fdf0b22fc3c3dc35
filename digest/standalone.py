"""Whether a sentence can stand alone, or needs the one before it to be understood.

A sentence needs its predecessor when it opens with a connective ("Und", "Doch", "Zudem",
"However") or a word that refers back ("Er", "Diese", "Dort", "They"), or when a word that refers
back stands in its first clause ("Ein genaues Datum nannte er nicht.", "Für einen Frieden müssen
jedoch Hürden fallen.", "The plan, however, failed."). Openings such as "Es gibt" or "Auch
wenn" stand alone all the same. The words are language data: ``CONNECTIVES``, ``ANAPHORS``,
``BACK_REFERENCES`` and ``STANDALONE_OPENINGS`` of :mod:`digest.lang`. Summaries, key
points and the state of a topic use this so that none of them opens with a dangling sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from .lang import get, stop_words

__all__ = ["needs_predecessor", "points_back", "refers_back", "standalone_openings"]

#: Words (letters, digits, inner hyphens and apostrophes) and the marks that end a clause.
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[,;:–—()\[\]]")
_CLAUSE_END = frozenset(",;:–—()[]")
#: The longest phrase of CONNECTIVES or ANAPHORS, in words.
_PHRASE = 4
#: Words of the first clause that are looked at (a clause this long has said what it refers to).
_CLAUSE_WORDS = 12


@cache
def _words(language: str) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """The opening phrases, referring openers, back references and standalone openings of a language."""
    words = get(language)
    return words.CONNECTIVES, words.ANAPHORS, words.BACK_REFERENCES, words.STANDALONE_OPENINGS


def _opens_with(tokens: Sequence[str], phrases: frozenset[str]) -> bool:
    """True when the first one to four words of the tokens are one of the phrases."""
    opening = []
    for token in tokens[:_PHRASE]:
        if token in _CLAUSE_END:
            break
        opening.append(token)
        if " ".join(opening) in phrases:
            return True
    return False


def _refers_back_in_first_clause(tokens: Sequence[str], back: frozenset[str]) -> bool:
    """True when a back reference stands in the first clause, or set off by commas right after it."""
    for i, token in enumerate(tokens[:_CLAUSE_WORDS + 4]):
        if i and token in back:  # a first word counts only as a connective or anaphor
            before = tokens[i - 1] if i else ""
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if before != "," or after == ",":
                return True
        if token in _CLAUSE_END and token != ",":
            return False
        if token == "," and not (i + 2 < len(tokens) and tokens[i + 2] == ","):
            return False
    return False


def needs_predecessor(sentence: str, language: str) -> bool:
    """True when the sentence opens with or holds in its first clause a word linking it to the one before."""
    tokens = [t.lower() for t in _TOKEN.findall(sentence)]
    if not tokens:
        return False
    connectives, anaphors, back, standalone = _words(language)
    opens = not _opens_with(tokens, standalone) and (_opens_with(tokens, connectives)
                                                     or _opens_with(tokens, anaphors))
    return opens or _refers_back_in_first_clause(tokens, back)


@cache
def _demonstratives(language: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The demonstratives of a language, the nouns after which they point at the present, its stop words."""
    words = get(language)
    return words.DEMONSTRATIVES, words.PRESENT_NOUNS, stop_words(language)


def points_back(sentence: str, language: str) -> bool:
    """True when a demonstrative in the sentence points at something named before it.

    In the first clause any demonstrative does ("… soll Israel zu diesen Ländern gehören."); after
    it only one before a noun the sentence has not named yet ("…, wieso dieses Thema …"), as a
    pronoun there ("…, weil diese die Hitze nicht vertragen") or a noun named before mostly refers
    inside the sentence. One that names the present ("in diesem Jahr") never does.
    """
    demonstratives, present, stops = _demonstratives(language)
    tokens = [t.lower() for t in _TOKEN.findall(sentence)]
    first_clause = True
    for i, token in enumerate(tokens):
        if token in _CLAUSE_END:
            first_clause = False
        if token not in demonstratives:
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if after in present:
            continue
        if first_clause or (after not in _CLAUSE_END and after not in stops and after not in tokens[:i]):
            return True
    return False


def refers_back(sentence: str, language: str) -> bool:
    """True when the sentence needs the one before anywhere in a summary: it opens with or holds in
    its first clause a word linking it back (:func:`needs_predecessor`), or a demonstrative points
    back (:func:`points_back`)."""
    return needs_predecessor(sentence, language) or points_back(sentence, language)


def standalone_openings(sentences: Sequence[str], chosen: Sequence[int], language: str) -> bool:
    """True when every chosen sentence (indices into ``sentences``) that needs its predecessor has it
    chosen too; the first sentence of a text never needs one."""
    picked = set(chosen)
    return all(i == 0 or i - 1 in picked or not needs_predecessor(sentences[i], language) for i in chosen)
