"""ROUGE-1/2/L F1 for German and English summaries, and bootstrap confidence intervals.

Tokens are the ``\\w+`` runs of the lower-cased text (Unicode: "größe" is one token, umlauts
and ß are word characters; digits count, punctuation does not), each reduced by the
language's Snowball stemmer from NLTK (sumy's :class:`~sumy.nlp.stemmers.Stemmer`; no data
download). No stop words are removed.

* ROUGE-N (N = 1, 2): clipped n-gram overlap; precision over the candidate's n-grams,
  recall over the reference's, F1 their harmonic mean.
* ROUGE-L: longest common subsequence of the *whole* candidate token sequence against the
  whole reference token sequence (summary level as one sequence: the sentences of a
  multi-sentence summary are concatenated in order, no union-LCS per sentence).

Every score is multiplied by 100. An empty candidate or reference scores 0.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from typing import NamedTuple

import numpy as np
from sumy.nlp.stemmers import Stemmer

__all__ = [
    "Interval",
    "RougeScores",
    "bootstrap_ci",
    "f1",
    "lcs_length",
    "ngrams",
    "paired_bootstrap",
    "rouge",
    "rouge_l",
    "rouge_n",
    "tokens",
]

_TOKEN = re.compile(r"\w+")


class RougeScores(NamedTuple):
    """F1 × 100 of ROUGE-1, ROUGE-2 and ROUGE-L."""

    r1: float
    r2: float
    rl: float


class Interval(NamedTuple):
    """A mean with the bounds of its 95% bootstrap interval."""

    mean: float
    low: float
    high: float


@cache
def _stemmer(language: str) -> Callable[[str], str]:
    """A memoized Snowball stemmer of the language."""
    return cache(Stemmer(language))


def tokens(text: str, language: str = "german", *, stem: bool = True) -> list[str]:
    """The lower-cased ``\\w+`` tokens of a text, stemmed with the language's Snowball stemmer."""
    words = _TOKEN.findall(text.lower())
    if not stem:
        return words
    stemmer = _stemmer(language)
    return [stemmer(w) for w in words]


def ngrams(words: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    """The multiset of the n-grams of a token sequence."""
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def f1(overlap: float, candidate_total: float, reference_total: float) -> float:
    """F1 × 100 from an overlap count and the candidate's and reference's totals."""
    if overlap <= 0 or candidate_total <= 0 or reference_total <= 0:
        return 0.0
    precision = overlap / candidate_total
    recall = overlap / reference_total
    return 100.0 * 2 * precision * recall / (precision + recall)


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> float:
    """ROUGE-N F1 × 100 of two token sequences by clipped n-gram overlap."""
    cand, ref = ngrams(candidate, n), ngrams(reference, n)
    overlap = sum((cand & ref).values())
    return f1(overlap, sum(cand.values()), sum(ref.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token sequences (O(len(a)·len(b)))."""
    if len(a) < len(b):
        a, b = b, a
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> float:
    """ROUGE-L F1 × 100 of two token sequences by their longest common subsequence."""
    return f1(lcs_length(candidate, reference), len(candidate), len(reference))


def rouge(candidate: str, reference: str, language: str = "german") -> RougeScores:
    """ROUGE-1, ROUGE-2 and ROUGE-L F1 × 100 of a candidate text against a reference text."""
    cand, ref = tokens(candidate, language), tokens(reference, language)
    return RougeScores(rouge_n(cand, ref, 1), rouge_n(cand, ref, 2), rouge_l(cand, ref))


def _resampled_means(values: Sequence[float], n: int, seed: int) -> np.ndarray:
    """Means of ``n`` bootstrap resamples (with replacement) of the values."""
    data = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    return data[rng.integers(0, len(data), size=(n, len(data)))].mean(axis=1)


def bootstrap_ci(values: Sequence[float], n: int = 1000, seed: int = 0) -> Interval:
    """Mean of the values and its 95% percentile bootstrap interval."""
    if len(values) == 0:
        raise ValueError("bootstrap_ci needs at least one value")
    means = _resampled_means(values, n, seed)
    low, high = np.percentile(means, [2.5, 97.5])
    return Interval(float(np.mean(values)), float(low), float(high))


def paired_bootstrap(differences: Sequence[float], n: int = 1000, seed: int = 0) -> Interval:
    """Mean per-item difference of two systems and its 95% paired bootstrap interval."""
    return bootstrap_ci(differences, n, seed)
