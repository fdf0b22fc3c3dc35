"""The faster forms of cleaning and splitting find exactly what the plain forms find."""

from __future__ import annotations

import random
import re

import pytest

from digest import clean, text
from digest.text import word_count

#: The sentence-end pattern as it was written before: a lookbehind keeps matches at a run's start.
PLAIN_END = re.compile(r"(?<![.!?…])([.!?…]++)([" + re.escape(text._CLOSERS) + r"]*+)(?=\s++(\S))")


def _random_texts(alphabet: list[str], count: int, longest: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(longest))) for _ in range(count)]


def test_sentence_ends_without_the_lookbehind_are_the_same_matches():
    alphabet = list(".!?…") * 3 + list(text._CLOSERS) + [" ", " ", "\t", "\n", "a", "B", "1", "„"]
    texts = ["Er kam. Dann ging er.", "Warten… Dann", "[…] Die", "„Das ist gut.“ Dann", "a.. b", "x?!) Y",
             *_random_texts(alphabet, 20_000, 14, seed=1)]
    for line in texts:
        plain = [(m.span(), m.groups()) for m in PLAIN_END.finditer(line)]
        assert [(m.span(), m.groups()) for m in text._END.finditer(line)] == plain, repr(line)


@pytest.mark.parametrize("tail", [
    "Explore all of our graphics", "Sign up for free email news alerts here",
    "Follow the latest " + "w" * 40 + " on Twitter " + "k" * 160, "Mehr Artikel zum Thema " + "a" * 120,
    "Explore all of our " + "z" * 161,  # longer than the tail can be: stays
])
@pytest.mark.parametrize("before", ["", " ", "x", "A" * 300 + " ", "A" * 300 + "\t", "A" * 300])
@pytest.mark.parametrize("after", ["", "\n", "!"])
def test_a_furniture_tail_is_found_in_a_long_line_as_in_the_whole_line(before, tail, after):
    line = before + tail + after
    assert clean.without_furniture_tail(line) == clean.FURNITURE_TAIL.sub("", line)


def test_the_widest_tail_is_bounded_and_a_wider_match_is_impossible():
    assert clean._TAIL_CHARS is not None and 150 < clean._TAIL_CHARS < 1000
    assert clean._widest_match(re.compile(r"ab.*")) is None
    assert clean._widest_match(re.compile(r"(?<=\s)ab.{0,5}$")) == 7


def test_an_inline_credit_is_removed_as_by_the_pattern_alone():
    lines = ["Ein Bild (Foto: dpa) zeigt", "Kein Credit (SPÖ) hier", "  (Bild: IMAGO/xy)", "(Fotos:)",
             *_random_texts(list("(Foto: )Bild ax"), 5_000, 30, seed=2)]
    assert clean.drop_photo_credits(lines) == [
        line for line in (clean.INLINE_CREDIT.sub("", line).strip() for line in lines)
        if line and not clean.is_photo_credit(line)]


@pytest.mark.parametrize("line", ["", " ", "ein", "ein zwei", " ein  zwei\tdrei ", "a " * 30])
@pytest.mark.parametrize("most", [0, 1, 2, 3, 8, 20])
def test_a_word_count_that_stops_past_its_limit_tells_the_same(line, most):
    assert (word_count(line, most) <= most) == (word_count(line) <= most)
    assert word_count(line, most) == min(word_count(line), most + 1)


@pytest.mark.parametrize("token", ["Hauptstr", "str", "Str", "US-Präs", "Präs", "Bahnhofstr", "Strasse",
                                   "Haus", "", "HAUPTSTR", "Dr", "e-str"])
@pytest.mark.parametrize("language", ["german", "english"])
def test_an_abbreviated_compound_is_told_as_by_every_ending_in_turn(token, language):
    words = text.get(language)
    plain = ("-" in token and token.rsplit("-", 1)[1].lower() in words.ABBREVIATIONS) or any(
        len(token) > len(end) and token.lower().endswith(end) for end in words.ABBREVIATED_ENDINGS)
    assert text._is_abbreviated_compound(token, language) == plain
