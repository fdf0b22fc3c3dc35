"""ROUGE against hand-computed values, German tokens and stems, and the bootstrap helpers."""

import pytest

from benchmarks.rouge import (
    bootstrap_ci,
    f1,
    lcs_length,
    ngrams,
    paired_bootstrap,
    rouge,
    rouge_l,
    rouge_n,
    tokens,
)

REFERENCE = "Die Katze saß auf der Matte"
CANDIDATE = "Die Katze lag auf der Matte"


def test_tokens_are_lower_cased_word_runs_with_umlauts_and_eszett():
    expected = ["die", "größe", "der", "übung", "3", "5", "mio"]
    assert tokens("Die Größe der Übung – 3,5 Mio.!", stem=False) == expected


def test_german_stemming_makes_inflected_forms_match():
    assert tokens("Verhandlungen") == tokens("Verhandlung")
    assert rouge("Verhandlungen", "Verhandlung").r1 == 100.0


def test_english_uses_the_english_stemmer():
    assert tokens("negotiations", "english") == tokens("negotiation", "english") == ["negoti"]


def test_one_substituted_word_rouge_1():
    # 5 of 6 unigrams shared: P = R = 5/6, F1 = 5/6
    assert rouge(CANDIDATE, REFERENCE).r1 == pytest.approx(100 * 5 / 6)


def test_one_substituted_word_rouge_2():
    # bigrams: die katze, katze saß|lag, saß|lag auf, auf der, der matte: 3 of 5 shared
    assert rouge(CANDIDATE, REFERENCE).r2 == pytest.approx(100 * 3 / 5)


def test_one_substituted_word_rouge_l():
    # LCS die katze auf der matte = 5 of 6 tokens on both sides
    assert rouge(CANDIDATE, REFERENCE).rl == pytest.approx(100 * 5 / 6)


def test_rouge_l_with_unequal_lengths():
    # reference a b c d e (5), candidate a x c e (4): LCS a c e = 3, P = 3/4, R = 3/5
    expected = 100 * 2 * (3 / 4) * (3 / 5) / (3 / 4 + 3 / 5)
    assert rouge_l("a x c e".split(), "a b c d e".split()) == pytest.approx(expected)


@pytest.mark.parametrize("a, b, length", [
    ("a b c d", "a b c d", 4),
    ("a b c d", "d c b a", 1),
    ("a b c b d a b", "b d c a b a", 4),
    ("", "a b", 0),
    ("x y", "a b", 0),
])
def test_lcs_length(a, b, length):
    assert lcs_length(a.split(), b.split()) == length
    assert lcs_length(b.split(), a.split()) == length


def test_clipped_ngram_counts():
    # the candidate repeats "die" three times; the reference has it twice: 2 of 3 count
    assert rouge_n(["die", "die", "die"], ["die", "die", "katze"], 1) == pytest.approx(100 * 2 / 3)
    assert ngrams(["a", "b", "a", "b"], 2) == {("a", "b"): 2, ("b", "a"): 1}


def test_identical_texts_score_100():
    assert rouge(REFERENCE, REFERENCE) == (100.0, 100.0, 100.0)


def test_disjoint_texts_score_0():
    assert rouge("Hund bellt laut", REFERENCE) == (0.0, 0.0, 0.0)


def test_empty_candidate_or_reference_scores_0():
    assert rouge("", REFERENCE) == (0.0, 0.0, 0.0)
    assert rouge(REFERENCE, "") == (0.0, 0.0, 0.0)
    assert f1(0, 0, 0) == 0.0


def test_one_word_texts_have_no_bigrams():
    assert rouge("Katze", "Katze").r2 == 0.0


def test_bootstrap_is_deterministic_with_a_seed():
    values = [1.0, 5.0, 2.0, 8.0, 3.0, 0.0, 4.0]
    assert bootstrap_ci(values, 500, seed=3) == bootstrap_ci(values, 500, seed=3)
    assert bootstrap_ci(values, 500, seed=3) != bootstrap_ci(values, 500, seed=4)


def test_bootstrap_interval_brackets_the_mean():
    values = [float(i % 10) for i in range(200)]
    mean, low, high = bootstrap_ci(values, 1000, seed=0)
    assert mean == pytest.approx(4.5)
    assert low < mean < high
    assert high - low < 2


def test_bootstrap_of_constant_values_is_a_point():
    assert bootstrap_ci([2.0] * 10, 100, seed=0) == (2.0, 2.0, 2.0)


def test_paired_bootstrap_of_a_clear_improvement_lies_above_zero():
    differences = [1.0 + (i % 3) for i in range(50)]
    result = paired_bootstrap(differences, 1000, seed=1)
    assert result.mean == pytest.approx(sum(differences) / 50)
    assert result.low > 0


def test_bootstrap_needs_values():
    with pytest.raises(ValueError):
        bootstrap_ci([], 10, seed=0)
