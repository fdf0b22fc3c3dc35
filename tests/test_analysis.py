"""Topic keywords: matched at the start of a word, in any case, each topic on its own."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from digest.analysis import Keywords, TopicMatcher


def reference_pattern(words: list[str]) -> re.Pattern[str]:
    """What the keywords mean, as a plain (slow) regular expression."""
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + ")", re.IGNORECASE)


def test_a_keyword_matches_at_the_start_of_a_word_in_any_case() -> None:
    keywords = Keywords(["Waffenruhe", "Gebiet"])
    assert keywords.search("Eine WAFFENRUHE ist nicht in Sicht.")
    assert keywords.search("Die Gebietsabtretungen bleiben strittig.")  # the start of a compound
    assert not keywords.search("Das Kampfgebiet liegt im Osten.")  # inside a word: no
    assert keywords.search("(Gebiet) und -Gebiet")


def test_umlauts_and_sharp_s_are_compared_in_lower_case() -> None:
    keywords = Keywords(["Übergabe", "Souveränität", "Grenzstraße"])
    assert keywords.search("ÜBERGABE der Gefangenen")
    assert keywords.search("die souveränität des Landes")
    assert keywords.search("an der Grenzstraße")


def test_count_is_the_number_of_non_overlapping_hits_longest_first() -> None:
    keywords = Keywords(["Grenze", "Grenzen"])
    assert keywords.count("Grenzen, Grenze und grenzenlos; Begrenzung") == 3


def test_two_topics_that_share_text_are_both_found() -> None:
    # one pattern for all topics would give the first alternative only
    matcher = TopicMatcher([["direkte Verhandlungen"], ["Verhandlungen", "direkte"]])
    assert matcher.hits("Beide wollen direkte Verhandlungen.") == {0, 1}


def test_hits_per_sentence_are_those_of_each_sentence_alone() -> None:
    matcher = TopicMatcher([["Waffenruhe"], ["Gebiet"], ["Nato"]])
    sentences = ["Die Waffenruhe hält.", "Über Gebiete und die NATO wird gesprochen.", "Nichts weiter.",
                 "waffenruhe"]
    assert matcher.per_sentence(sentences) == [{0}, {1, 2}, set(), {0}]
    assert matcher.per_sentence(sentences) == [matcher.hits(s) for s in sentences]


def test_no_topics_and_empty_keywords_match_nothing() -> None:
    assert TopicMatcher([]).per_sentence(["Waffenruhe"]) == [frozenset()]
    assert not Keywords(["", "  "]).search("Waffenruhe")


_WORDS = ["Gebiet", "gebiete", "Krim", "Nato", "NATO-Beitritt", "über", "Übergabe", "a", "b", "ab", "ba"]
_TEXT = st.lists(st.sampled_from([*_WORDS, " ", "-", "x", "Ü", "ß", ".", "(", "_", "9"]), max_size=12)


@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4), _TEXT)
def test_keywords_agree_with_the_plain_regular_expression(words: list[str], pieces: list[str]) -> None:
    text = "".join(pieces)
    pattern = reference_pattern(words)
    keywords = Keywords(words)
    assert keywords.search(text) == bool(pattern.search(text))
    assert keywords.count(text) == len(pattern.findall(text))


@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=3), max_size=4),
       st.lists(_TEXT.map("".join), max_size=5))
def test_hits_agree_with_one_search_per_topic_and_sentence(topics: list[list[str]],
                                                           sentences: list[str]) -> None:
    matcher = TopicMatcher(topics)
    expected = [frozenset(i for i, words in enumerate(topics) if words and reference_pattern(words).search(s))
                for s in sentences]
    assert matcher.per_sentence(sentences) == expected


def test_a_keyword_counts_only_at_a_word_start_even_after_a_place_inside_a_word() -> None:
    matcher = TopicMatcher([["krim"], ["dd"], ["c d"]])
    sentences = ["Kriminalität auf der Krim.", "addd", "xdd ddd", "abc d", "C\nD"]
    assert matcher.per_sentence(sentences) == [{0}, set(), {1}, set(), {2}]
