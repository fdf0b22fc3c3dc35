"""Timeline metrics of the news-tls study: Date-F1 and tilse's alignment-based ROUGE F1.

Our own implementation of what news-tls (Gholipour Ghalandari & Ifrim 2020,
``experiments/evaluate.py``) computes with tilse (Martschat & Markert 2017/2018,
``TimelineRougeEvaluator.evaluate_align_date_content_costs_many_to_one``) and the ROUGE-1.5.5
Perl script it calls with ``-n 2 -x -m -s -f A -t 2`` (raw counts, Porter stemming, stop words
removed). A timeline maps a date to its sentences; the reference is one timeline.

* **Date-F1**: precision = shared dates / predicted dates, recall = shared / reference dates.
* **ROUGE counts** of a predicted day against a reference day (ROUGE-1.5.5 ``createNGram``):
  each sentence is cut at its first ``<`` and its ``^`` written ``&circ;`` (tilse's SEE
  files), the sentences are joined by spaces and lower-cased (ASCII), ``-`` is spaced and every
  character but ``[A-Za-z0-9-]`` becomes a space; tokens on the SMART stop list of ROUGE-1.5.5
  (``rouge155_stopwords.txt``, 598 words incl. "reuters", "ap", month abbreviations) are
  dropped, then every token not starting with ``[a-z0-9]`` (the ``-``); tokens longer than
  3 characters are Porter-stemmed (NLTK's ``PorterStemmer`` in its original-algorithm mode).
  N-grams run across sentence boundaries and skip the removed stop words. hit = clipped
  n-gram overlap, peer = predicted n-grams, model = reference n-grams.
  Known deviation from the Perl script: ROUGE-1.5.5 first looks a token up in WordNet 2.0's
  exception lists (e.g. "children" -> "child", "went" -> "go") and its Porter variant strips
  "-ement/-ment/-ent" in sequence (CYL, 2004); we do neither. Measured on the 10 dev references
  (our timelines and the first-sentence baseline, 2026-12-02), our F1 minus tilse's per reference
  was -0.0032 to +0.0007 for AR-1 (average of the 10: -0.0009 and -0.0003), -0.0018 to +0.0008
  for AR-2 (averages -0.0002 and +0.0001).
* **Alignment** (many-to-one, date and content costs): for precision every predicted date p is
  aligned to the reference date r with the least cost ``(1 - 1/(|p-r|+1)) * (1 - F(p, r))``,
  for recall every reference date to the predicted date with the least cost; ties go to the
  earliest date. F is tilse's approximate ROUGE-1 F1 for the cost only: whitespace tokens as
  written (case kept, no stemming, no stop list), a token that is a substring of
  ``string.punctuation`` (".", ",", "-", ...) left out.
* **AR-N**: precision = sum over predicted dates of ``hit / (|p-r|+1)`` over the sum of their
  peer counts; recall = sum over reference dates of ``hit / (|p-r|+1)`` over the sum of their
  model counts; F1 their harmonic mean.
* **Averages** over references (news-tls ``get_average_results``): mean precision and mean
  recall, then the F1 of the two means (not the mean of the F1s).

Sentences are compared as written: tilse splits them on white space, so both sides must be
tokenized alike; :func:`ptb_tokenize` brings our plain sentences close to the Penn-Treebank
tokens of the Timeline17 references ("BP's" -> "BP 's", "(" -> "-LRB-").
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import NamedTuple

from nltk.stem.porter import PorterStemmer

__all__ = [
    "PRF",
    "Counts",
    "alignment_rouge",
    "approx_rouge1_f1",
    "date_prf",
    "date_weight",
    "many_to_one",
    "mean_prf",
    "ptb_tokenize",
    "read_tilse",
    "rouge_counts",
    "rouge_tokens",
]

Timeline = Mapping[date, Sequence[str]]
"""A timeline: date -> that day's sentences."""

TILSE_SEPARATOR = "-" * 32
STOPWORDS_FILE = Path(__file__).with_name("rouge155_stopwords.txt")
_NOT_WORD = re.compile(r"[^a-z0-9\-]")


class PRF(NamedTuple):
    """Precision, recall and F1."""

    precision: float
    recall: float
    f1: float


class Counts(NamedTuple):
    """ROUGE-1.5.5 raw counts of one predicted day against one reference day."""

    hit: int
    peer: int
    model: int


def f1(precision: float, recall: float) -> float:
    """The harmonic mean; 0 when both are 0."""
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def prf(precision: float, recall: float) -> PRF:
    """Precision and recall with their F1."""
    return PRF(precision, recall, f1(precision, recall))


def read_tilse(text: str) -> dict[date, list[str]]:
    """A timeline in tilse's text format; a date given twice keeps its last block."""
    days: dict[date, list[str]] = {}
    day: date | None = None
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line == TILSE_SEPARATOR:
            if day is not None:
                days[day] = [s for s in lines if s]
            day, lines = None, []
        elif (parsed := _date_line(line)) is not None:
            day = parsed
        else:
            lines.append(line)
    return days


def _date_line(line: str) -> date | None:
    """The date of a line that is only a date (as tilse's strptime('%Y-%m-%d') reads it)."""
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", line):
        return None
    try:
        return datetime.strptime(line, "%Y-%m-%d").date()
    except ValueError:
        return None


@cache
def stopwords() -> frozenset[str]:
    """ROUGE-1.5.5's SMART stop list."""
    return frozenset(STOPWORDS_FILE.read_text(encoding="ascii").split())


_STEMMER = PorterStemmer(PorterStemmer.ORIGINAL_ALGORITHM)


@cache
def _stem(token: str) -> str:
    return _STEMMER.stem(token) if len(token) > 3 else token


def rouge_tokens(sentences: Sequence[str]) -> list[str]:
    """The stemmed tokens ROUGE-1.5.5 (-m -s) counts in a day's sentences, in order."""
    kept = [s.split("<", 1)[0].replace("^", "&circ;") for s in sentences]
    text = " ".join(s for s in kept if s).translate(_ASCII_LOWER)
    text = _NOT_WORD.sub(" ", text.replace("-", " - "))
    stop = stopwords()
    return [_stem(t) for t in text.split() if t not in stop and t[0] in _WORD_START]


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_WORD_START = frozenset(string.ascii_lowercase + string.digits)


def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    """The n-grams of a token sequence with their counts."""
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_counts(predicted: Sequence[str], reference: Sequence[str], n: int) -> Counts:
    """ROUGE-N raw counts (clipped hits, predicted n-grams, reference n-grams) of two days."""
    peer, model = ngrams(rouge_tokens(predicted), n), ngrams(rouge_tokens(reference), n)
    hit = sum(min(count, model[gram]) for gram, count in peer.items() if gram in model)
    return Counts(hit, sum(peer.values()), sum(model.values()))


def _cost_tokens(sentences: Sequence[str]) -> Counter[str]:
    return Counter(t for s in sentences for t in s.split() if t not in string.punctuation)


def approx_rouge1_f1(predicted: Sequence[str], reference: Sequence[str]) -> float:
    """tilse's approximate ROUGE-1 F1 used only in the alignment cost."""
    peer, model = _cost_tokens(predicted), _cost_tokens(reference)
    hit = sum(min(count, model[token]) for token, count in peer.items())
    p_total, m_total = sum(peer.values()), sum(model.values())
    precision = hit / p_total if p_total else 0
    recall = hit / m_total if m_total else 0
    return 0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def date_weight(a: date, b: date) -> float:
    """1 / (days apart + 1): 1 for the same day, 1/2 a day apart, ..."""
    return 1 / (abs(a.toordinal() - b.toordinal()) + 1)


def many_to_one(sources: Sequence[date], targets: Sequence[date],
                cost_f1: Mapping[tuple[date, date], float]) -> list[date]:
    """For each source date the target date of least cost (first one on ties).

    ``cost_f1[(source, target)]`` is the approximate ROUGE-1 F1 of the two days.
    """
    chosen = []
    for source in sources:
        costs = [(1 - date_weight(source, t)) * (1 - cost_f1[(source, t)]) for t in targets]
        chosen.append(targets[costs.index(min(costs))])
    return chosen


def date_prf(predicted: Timeline, reference: Timeline) -> PRF:
    """Date precision, recall and F1 by exact match of the days."""
    shared = len(set(predicted) & set(reference))
    return prf(shared / len(predicted) if predicted else 0.0,
               shared / len(reference) if reference else 0.0)


def alignment_rouge(predicted: Timeline, reference: Timeline,
                    orders: Sequence[int] = (1, 2)) -> dict[int, PRF]:
    """Alignment-based ROUGE-N (many-to-one, date and content costs) for each N in ``orders``."""
    pred_days, ref_days = sorted(predicted), sorted(reference)
    if not pred_days or not ref_days:
        return {n: PRF(0.0, 0.0, 0.0) for n in orders}
    approx = {(p, r): approx_rouge1_f1(predicted[p], reference[r]) for p in pred_days for r in ref_days}
    flipped = {(r, p): value for (p, r), value in approx.items()}
    pairs_p = list(zip(pred_days, many_to_one(pred_days, ref_days, approx), strict=True))
    pairs_r = list(zip(many_to_one(ref_days, pred_days, flipped), ref_days, strict=True))
    scores = {}
    for n in orders:
        counted = {pair: rouge_counts(predicted[pair[0]], reference[pair[1]], n)
                   for pair in set(pairs_p) | set(pairs_r)}
        p_num = sum(date_weight(p, r) * counted[(p, r)].hit for p, r in pairs_p)
        p_den = sum(counted[pair].peer for pair in pairs_p)
        r_num = sum(date_weight(p, r) * counted[(p, r)].hit for p, r in pairs_r)
        r_den = sum(counted[pair].model for pair in pairs_r)
        scores[n] = prf(p_num / p_den if p_den else 0.0, r_num / r_den if r_den else 0.0)
    return scores


def mean_prf(results: Sequence[PRF]) -> PRF:
    """news-tls's average: mean precision, mean recall, F1 of the two means."""
    if not results:
        return PRF(0.0, 0.0, 0.0)
    return prf(sum(r.precision for r in results) / len(results),
               sum(r.recall for r in results) / len(results))


_BRACKETS = {"(": "-LRB-", ")": "-RRB-", "[": "-LSB-", "]": "-RSB-", "{": "-LCB-", "}": "-RCB-"}
_CLITIC = re.compile(r"(?i)(\w)('s|'re|'ve|'ll|'d|'m|n't)\b")
_SPLIT_PUNCT = re.compile(r"([,;:!?](?=\s|$)|[%$&]|--|\.\.\.)")
_FINAL_PERIOD = re.compile(r"\.(\s*(?:''|'|-RRB-)?\s*)$")


def ptb_tokenize(sentence: str) -> str:
    """A plain sentence in Penn-Treebank-like tokens, as the Timeline17 references are written."""
    text = re.sub(r"[()\[\]{}]", lambda m: f" {_BRACKETS[m.group()]} ", sentence)
    text = re.sub(r'(^|[\s(\[{-])"', r"\1 `` ", text)
    text = text.replace('"', " '' ")
    text = _CLITIC.sub(r"\1 \2", text)
    text = _SPLIT_PUNCT.sub(r" \1 ", text)
    text = _FINAL_PERIOD.sub(r" . \1", text.rstrip())
    return " ".join(text.split())
