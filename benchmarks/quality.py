"""Summary quality and speed through the user's path: ROUGE against reference summaries, tuned honestly.

    python benchmarks/quality.py [--data PATH] [--folds 5] [--seed 0] [--repeats 3] [--bootstrap 1000]
                                 [--rounds 3] [--others] [--no-speed]

Reads a JSONL file of ``{"id", "text", "summary"}`` objects (default: the dev split of 10kGNAD,
``../shared/data/gnad-dev.jsonl``; exit code 2 when it is missing) and writes every text to a
file of a temporary inbox as a user's inbox holds it: the body as the data set gives it,
dateline included, no title invented. Every file is read as ``digest summarize`` reads it
(:func:`digest.pickup.analyze_file`, the function of :func:`digest.pipeline.summarize_file`) and
summarized by :func:`digest.summarize.summarize`; a file without a headline gets its first
sentence as a display title, which is no evidence for ranking (:func:`digest.summarize.to_document`).
The teaser is the reference, never an input.

It prints, in one run:

1. **Tuning by k-fold cross-validation.** Each candidate feature set of ``FEATURE_SETS`` is fitted by
   ridge regression (:func:`fit`): for one sentence, of every sentence's own ROUGE on its features
   (length always among them, ``ONE_SENTENCE_BASE``); for two, of the ROUGE of every pair among the
   first ``PAIR_WINDOW`` sentences on the sums of its sentences' features and their key overlap (whose
   weight becomes the redundancy discount). A candidate is scored by its *gain* at k: ROUGE-1 and
   ROUGE-L F1 minus Lead-k's, averaged. In each of ``--folds`` folds (fixed seed) the rule
   :func:`choose` picks on the other folds, for one sentence and for two apart, of the candidates
   whose gain at that k is within one standard error of the best's, one with the fewest fitted
   weights (then the highest gain); one sentence's weights become ``Weights.one``. The held-out fold
   is summarized with them. The rule applied to the whole split gives the shipped
   ``digest.newsrank.DEFAULT_WEIGHTS``. The whole cross-validation is run again with ``--repeats - 1``
   other fold seeds: how much the out-of-fold figure owes to one way of dealing the folds.
2. **The table**: per method and k the mean ROUGE-1/2/L F1 × 100 with 95% bootstrap intervals
   and the paired 95% interval of the difference to Lead-k (``*`` above zero). ``newsrank
   out-of-fold`` is the figure that counts; ``newsrank in-sample`` (the shipped weights on the
   data that chose them) is optimistic. Lead-k, ``skip-lead`` (sentences 2 to k+1: on this
   source the teaser often repeats the second sentence, not the first) and LexRank run in the
   same pass; ``--others`` adds every other sumy algorithm. Below it, what one sentence leaves
   (:func:`one_sentence_bounds`, in-sample): newsrank's pick beside its pick without the standalone rule
   (what openings that stand alone cost), the best of the first three sentences that may open a summary,
   and the best sentence of each article by its own ROUGE, standing alone or not (oracles: bounds that
   read the teaser, not methods).
3. **Openings that need the sentence before** (:func:`digest.standalone.needs_predecessor`):
   their share per method on this split and among the summaries of ``seeds/``; after a slash,
   the share of summaries holding anywhere a sentence that refers back without the one before it
   (:func:`digest.standalone.refers_back`, which also counts demonstratives: "zu diesen Ländern").
4. **Speed**: ``digest summarize --format jsonl`` over all files in one process, process start
   included, with the configured newsrank, with ``--algorithm lead`` (reading alone: the least any
   summarizer costs) and with ``--algorithm lexrank``, alternating ``--rounds`` times (best of
   each), and each over one file: the fixed cost (process start, imports) and the cost per file
   of each; newsrank's output is checked to be the library's.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.rouge import RougeScores, bootstrap_ci, paired_bootstrap, rouge  # noqa: E402
from digest.config import Config, load_config  # noqa: E402
from digest.models import SplitArticle, Summary  # noqa: E402
from digest.newsrank import (  # noqa: E402
    DEFAULT_WEIGHTS,
    FEATURES,
    NewsRankSummarizer,
    Weights,
    key_overlap,
    penalised,
    predecessor_needs,
    select,
    sentence_features,
)
from digest.pickup import analyze_file  # noqa: E402
from digest.standalone import needs_predecessor, refers_back  # noqa: E402
from digest.summarize import SUMMARIZERS, make_summarizer, summarize, to_document  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "gnad-dev.jsonl"
SEEDS = ROOT / "seeds"
KS = (1, 2)
MEASURES = ("r1", "rl")
@dataclass(frozen=True)
class Record:
    """One evaluation pair: the article body and its reference summary."""

    id: str
    text: str
    reference: str


def load(path: Path) -> list[Record]:
    """The evaluation pairs of a JSONL file with ``text`` and ``summary`` fields."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            obj = json.loads(line)
            records.append(Record(str(obj.get("id", number)), obj["text"], obj["summary"]))
    return records


def write_inbox(records: Sequence[Record], folder: Path) -> list[Path]:
    """Each record's text as a plain text file, as an inbox holds it: the body and nothing else."""
    paths = []
    for record in records:
        path = folder / f"{int(record.id):05d}.txt" if record.id.isdigit() else folder / f"{record.id}.txt"
        path.write_text(record.text.rstrip("\n") + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def read_articles(paths: Sequence[Path], config: Config) -> list[SplitArticle]:
    """Every file read, dated, cleaned and split as ``digest summarize`` does it."""
    return [analyze_file(path, path.parent, config) for path in paths]


def summaries(splits: Sequence[SplitArticle], method: str, k: int,
              weights: Weights | None = None) -> list[Summary]:
    """Every article summarized by ``digest summarize``'s function (newsrank with ``weights``)."""
    return [summarize(split, method, k, weights) for split in splits]


def skip_lead(splits: Sequence[SplitArticle], k: int) -> list[Summary]:
    """The baseline that leaves the first sentence out: sentences 2 to k+1 (the lead when shorter)."""
    found = []
    for split in splits:
        sentences = split.sentences
        chosen = sentences[1:1 + k] if len(sentences) > k else sentences
        found.append(Summary(split.article.id, tuple(chosen), "skip-lead", k))
    return found


def scores(found: Sequence[Summary], records: Sequence[Record]) -> list[RougeScores]:
    """ROUGE of every summary (its sentences joined) against its record's reference."""
    return [rouge(" ".join(s.sentences), r.reference) for s, r in zip(found, records, strict=True)]


# --- tuning: ridge regression on sentence scores, chosen by k-fold cross-validation ---------------


#: The candidate models: which weights are fitted besides ``position`` (the prior ``1 / (1 + i)``):
#: centrality alone, with ``first``, then each other feature added to those two, then all of them.
FEATURE_SETS: tuple[tuple[str, ...], ...] = (
    ("centrality",),
    ("first", "centrality"),
    ("first", "centrality", "lead"),
    ("first", "centrality", "length"),
    ("first", "centrality", "number"),
    ("first", "centrality", "speech"),
    ("first", "centrality", "opening"),
    ("first", "centrality", "lead", "length", "number", "speech", "opening"),
)
#: Pairs of sentences fitted for a two-sentence summary: those among an article's first ``PAIR_WINDOW``
#: sentences, where the pairs worth picking are (the summarizer itself picks among all pairs). Fitted
#: on every pair, the long articles' many pairs of late sentences (one of 60 sentences has 1,770
#: pairs, one of 12 has 66) teach the fit to tell one poor pair from another. Out of fold on dev
#: (fold seeds 0-2), RL@2 minus Lead-2: +0.86 with 8, +0.82 with 12, +0.56 with 20, +0.30 with all
#: pairs; weighting each article's pairs equally instead did worse (+0.38 to +0.52).
PAIR_WINDOW = 12
#: The ridge penalty (features lie in [0, 1], thousands of sentences: it only keeps the fit stable).
ALPHA = 1.0


@dataclass(frozen=True)
class Candidate:
    """One model to choose: the fitted features; fitted on single sentences (for one sentence) or on
    pairs (for two, with the redundancy discount fitted as the weight of the pair's key overlap)."""

    features: tuple[str, ...]
    pairs: bool = False

    @property
    def complexity(self) -> int:
        """How many weights are fitted (fewer is simpler)."""
        return len(self.features)


#: Fitted in every model of one sentence: its length. A single sentence's F1 against a teaser of a dozen
#: words rises with its length (it recalls more) until the sentence is far longer than the teaser, on
#: any source; two sentences are longer than a teaser already, and their length is a candidate like
#: the others.
ONE_SENTENCE_BASE = ("length",)


def _with(base: tuple[str, ...], features: tuple[str, ...]) -> tuple[str, ...]:
    """The features with those of the base added, each once."""
    return tuple(dict.fromkeys((*features, *base)))


#: The candidates for one sentence and for two.
CANDIDATES = {1: tuple(dict.fromkeys(Candidate(_with(ONE_SENTENCE_BASE, f)) for f in FEATURE_SETS)),
              2: tuple(Candidate(f, pairs=True) for f in FEATURE_SETS)}


@dataclass(frozen=True)
class Choice:
    """The candidates chosen for one sentence and for two (at one sentence only the features count)."""

    one: Candidate
    more: Candidate


@dataclass
class Prepared:
    """One article ready for tuning: newsrank's features, stems and standalone marks, and ROUGE."""

    sentences: list[str]
    features: list[tuple[float, ...]]
    stems: list[set[str]]
    needs: list[bool]
    reference: str
    cache: dict[tuple[int, ...], RougeScores]

    def score(self, chosen: Sequence[int]) -> RougeScores:
        """ROUGE of the sentences at these indices (cached)."""
        key = tuple(sorted(chosen))
        if key not in self.cache:
            self.cache[key] = rouge(" ".join(self.sentences[i] for i in key), self.reference)
        return self.cache[key]

    def picks(self, weights: Weights, k: int) -> list[int]:
        """The sentences newsrank picks with these weights, as :func:`digest.newsrank.select` does."""
        if len(self.sentences) <= k:
            return list(range(len(self.sentences)))
        weights = weights.for_count(k)
        scores = [weights.score(f) for f in self.features]
        return select(scores, self.stems, k, weights.redundancy, self.needs, weights.lead_pair,
                      penalised(self.features))

    def gain(self, weights: Weights, ks: Sequence[int] = KS) -> float:
        """ROUGE-1 and ROUGE-L F1 minus Lead-k's, averaged over the measures and ``ks``."""
        total = 0.0
        for k in ks:
            ours, lead = self.score(self.picks(weights, k)), self.score(range(min(k, len(self.sentences))))
            total += sum(getattr(ours, m) - getattr(lead, m) for m in MEASURES)
        return total / (len(ks) * len(MEASURES))


def best_sentence(p: Prepared, candidates: Sequence[int]) -> int:
    """Of the candidate indices, the sentence whose own ROUGE-1 and ROUGE-L F1 (averaged, the target the
    weights are fitted on) is highest; the first of equals."""
    return max(candidates, key=lambda i: ((p.score([i]).r1 + p.score([i]).rl) / 2, -i))


def _standalone(p: Prepared, within: int | None = None) -> list[int]:
    """The sentences (of the first ``within``) that may open a summary; the first when none may."""
    return [i for i in range(len(p.sentences))[:within] if not p.needs[i]] or [0]


def _unconstrained(p: Prepared, weights: Weights) -> int:
    """Newsrank's one sentence when any sentence may open a summary."""
    return replace(p, needs=[False] * len(p.sentences)).picks(weights, 1)[0]


#: The one-sentence picks the report compares with newsrank's: label -> the index it picks in an article.
ONE_SENTENCE_BOUNDS: dict[str, Callable[[Prepared, Weights], int]] = {
    "newsrank without the standalone rule": _unconstrained,
    "best of the first three standing alone": lambda p, _: best_sentence(p, _standalone(p, 3)),
    "best sentence standing alone (oracle)": lambda p, _: best_sentence(p, _standalone(p)),
    "best sentence (oracle)": lambda p, _: best_sentence(p, range(len(p.sentences))),
}


def one_sentence_bounds(prepared: Sequence[Prepared], weights: Weights = DEFAULT_WEIGHTS) -> list[str]:
    """What newsrank's one-sentence pick (in-sample) leaves: ROUGE-1 and ROUGE-L F1 minus Lead-1 of the
    picks of ``ONE_SENTENCE_BOUNDS`` beside newsrank's, and in how many articles each picks another sentence
    than newsrank. Not methods: each looks at what newsrank may not (the teaser, or openings that need the
    sentence before)."""
    ours = [p.picks(weights, 1)[0] for p in prepared]
    lines = ["what one sentence leaves (in-sample; ROUGE F1 x100 minus Lead-1; articles picking another "
             "sentence than newsrank):"]
    for label, pick in [("newsrank in-sample", lambda p, w: p.picks(w, 1)[0]), *ONE_SENTENCE_BOUNDS.items()]:
        picked = [pick(p, weights) for p in prepared]
        diff = {m: float(np.mean([getattr(p.score([i]), m) - getattr(p.score([0]), m)
                                  for p, i in zip(prepared, picked, strict=True)])) for m in MEASURES}
        other = sum(i != j for i, j in zip(picked, ours, strict=True))
        lines.append(f"  {label:<40} R1 {diff['r1']:+6.2f}  RL {diff['rl']:+6.2f}  "
                     f"({other} of {len(prepared)} articles)")
    return lines


def prepare(split: SplitArticle, reference: str) -> Prepared:
    """The features of an article as newsrank computes them through ``digest summarize``'s document."""
    summarizer = make_summarizer("newsrank", split.article.language)
    assert isinstance(summarizer, NewsRankSummarizer)
    document = to_document(split)
    features, stems = sentence_features(document, summarizer.stop_words)
    sentences = [str(s) for s in document.sentences]
    return Prepared(sentences, features, stems, predecessor_needs(sentences, split.article.language),
                    reference, {})


def _column(p: Prepared, name: str) -> np.ndarray:
    """One fitted feature of every sentence of an article (``position`` is the prior 1 / (1 + i))."""
    values = np.array(p.features, dtype=float).reshape(len(p.sentences), -1)
    index = values[:, FEATURES.index("index")]
    if name == "position":
        return 1.0 / (1.0 + index)
    if name == "first":  # the first sentence, when it opens with a dateline (Weights.score)
        return ((index == 0) & (values[:, FEATURES.index("dateline")] > 0)).astype(float)
    return values[:, FEATURES.index(name)]


def sentence_target(p: Prepared) -> np.ndarray:
    """What the regression predicts: each sentence's own ROUGE-1 and ROUGE-L F1, averaged."""
    return np.array([(s.r1 + s.rl) / 2 for s in (p.score([i]) for i in range(len(p.sentences)))])


def pair_rows(p: Prepared, names: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of the first ``PAIR_WINDOW`` sentences: the sum of its sentences' features (``names``)
    and their key overlap (last column); and the pair's ROUGE-1 and ROUGE-L F1, averaged."""
    single = np.stack([_column(p, n) for n in names], axis=1)
    first, second = np.triu_indices(min(len(p.sentences), PAIR_WINDOW), 1)
    overlap = [key_overlap(p.stems[a], p.stems[b]) for a, b in zip(first, second, strict=True)]
    x = np.concatenate([single[first] + single[second], np.array(overlap)[:, None]], axis=1)
    y = np.array([(s.r1 + s.rl) / 2 for s in (p.score((a, b)) for a, b in zip(first, second, strict=True))])
    return x, y


def _ridge(blocks: Sequence[tuple[np.ndarray, np.ndarray]], alpha: float) -> np.ndarray:
    """Ridge regression of targets on features, both centred within each block (an article)."""
    x = np.concatenate([b[0] - b[0].mean(axis=0) for b in blocks if len(b[1])])
    y = np.concatenate([b[1] - b[1].mean() for b in blocks if len(b[1])])
    return np.linalg.solve(x.T @ x + alpha * np.eye(x.shape[1]), x.T @ y)


def fit(prepared: Sequence[Prepared], candidate: Candidate, alpha: float = ALPHA) -> Weights:
    """Ridge regression of the sentences' ROUGE on their features, within each article (both centred);
    for a pair candidate, of the pairs' ROUGE on the sums of their features and their key overlap,
    whose weight (when negative) becomes the redundancy discount."""
    names = ("position", *candidate.features)
    if candidate.pairs:
        w = _ridge([pair_rows(p, names) for p in prepared], alpha)
        w, redundancy = w[:-1], max(0.0, -round(float(w[-1]), 1))
    else:
        w = _ridge([(np.stack([_column(p, n) for n in names], axis=1), sentence_target(p)) for p in prepared],
                   alpha)
        redundancy = 0.0
    fitted = {n: round(float(v), 1) for n, v in zip(names, w, strict=True)}
    zero = {n: 0.0 for n in ("first", "centrality", "lead", "length", "speech", "number", "opening")}
    # title follows lead (no titles here); a question or quotation costs as much as the prior of the lead
    return replace(DEFAULT_WEIGHTS, horizon=1.0, **{**zero, **fitted}, title=fitted.get("lead", 0.0),
                   question=fitted["position"], quote=fitted["position"], redundancy=redundancy,
                   lead_pair=0, one=None)


def choose(prepared: Sequence[Prepared],
           candidates: dict[int, Sequence[Candidate]] = CANDIDATES) -> tuple[Choice, Weights]:
    """For one sentence and for two apart, the simplest candidate whose gain at that k is within one
    standard error of the best's; the fitted weights (those of one sentence as ``Weights.one``).

    Each candidate is fitted on ``prepared`` and scored there; the standard error is that of the
    per-article difference to the best candidate (a paired comparison).
    """
    chosen = {}
    for k in KS:
        fitted = [fit(prepared, c) for c in candidates[k]]
        gains = np.array([[p.gain(w, (k,)) for p in prepared] for w in fitted])
        best = one_standard_error(gains, [c.complexity for c in candidates[k]])
        chosen[k] = candidates[k][best], fitted[best]
    (one, for_one), (more, for_more) = chosen[1], chosen[2]
    return Choice(one, more), replace(for_more, one=for_one)


def one_standard_error(per_article: np.ndarray, complexity: Sequence[int]) -> int:
    """Of models × articles gains: the simplest model whose mean is within one standard error of the
    best mean (the error of the per-article difference to the best), then the higher mean."""
    means = per_article.mean(axis=1)
    best = int(np.argmax(means))
    n = per_article.shape[1]
    se = (per_article[best][None, :] - per_article).std(axis=1, ddof=1) / math.sqrt(n)
    near = np.flatnonzero(means >= means[best] - se)
    return int(min(near, key=lambda c: (complexity[c], -means[c], c)))


def folds(count: int, k: int, seed: int) -> list[list[int]]:
    """``count`` article positions dealt into ``k`` folds after a seeded shuffle."""
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return [sorted(order[f::k]) for f in range(k)]


@dataclass(frozen=True)
class CrossValidation:
    """What k-fold cross-validation chose per fold and what the rule chose on all articles."""

    folds: list[list[int]]
    chosen: list[tuple[Choice, Weights]]  # per fold, chosen without it
    shipped: tuple[Choice, Weights]  # chosen on every article
    fold_gains: list[float]  # mean gain of each fold's choice on the fold
    in_sample_gain: float  # mean gain of the shipped weights on all articles


def cross_validate(prepared: Sequence[Prepared], k: int, seed: int,
                   progress: Callable[[str], None] | None = None) -> CrossValidation:
    """Choose a model on every k-1 folds and score it on the held-out one; then choose on all."""
    parts = folds(len(prepared), k, seed)
    chosen, fold_gains = [], []
    for f, held in enumerate(parts, 1):
        kept = set(held)
        pick = choose([p for i, p in enumerate(prepared) if i not in kept])
        chosen.append(pick)
        fold_gains.append(float(np.mean([prepared[i].gain(pick[1]) for i in held])))
        if progress:
            progress(f"fold {f} of {k} chosen")
    shipped = choose(prepared)
    return CrossValidation(parts, chosen, shipped, fold_gains,
                           float(np.mean([p.gain(shipped[1]) for p in prepared])))


# --- the report ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the table: a method at k sentences, its scores per article."""

    label: str
    k: int
    scores: list[RougeScores]

    def column(self, name: str) -> list[float]:
        """The per-article values of one ROUGE measure (r1, r2 or rl)."""
        return [getattr(s, name) for s in self.scores]


def _ci(values: Sequence[float], n: int, seed: int, paired: bool = False) -> str:
    """``mean [low, high]``, with ``*`` for a paired interval above zero."""
    interval = (paired_bootstrap if paired else bootstrap_ci)(values, n, seed)
    mark = "*" if paired and interval.low > 0 else " "
    sign = "+" if paired else ""
    return f"{interval.mean:{sign}5.1f} [{interval.low:{sign}5.1f},{interval.high:{sign}5.1f}]{mark}"


def table(rows: Sequence[Row], n: int, seed: int) -> list[str]:
    """The report lines: one row per method and k, with the paired difference to Lead-k."""
    lead = {r.k: r for r in rows if r.label == "lead"}
    header = (f"{'method':<22} {'k':>1}  {'ROUGE-1':<19} {'ROUGE-2':<19} {'ROUGE-L':<19} "
              f"{'ΔR1 vs Lead-k':<21} {'ΔRL vs Lead-k':<21}")
    lines = [header, "-" * len(header)]
    for r in rows:
        cells = [_ci(r.column(m), n, seed) for m in ("r1", "r2", "rl")]
        for m in MEASURES:
            diff = [a - b for a, b in zip(r.column(m), lead[r.k].column(m), strict=True)]
            cells.append(_ci(diff, n, seed, paired=True))
        lines.append(f"{r.label:<22} {r.k:>1}  " + " ".join(cells))
    return lines


def opening_share(found: Sequence[Summary], splits: Sequence[SplitArticle]) -> float:
    """Share of summaries whose first sentence needs the one before it, which they leave out."""
    bad = 0
    for summary, split in zip(found, splits, strict=True):
        if summary.sentences:
            first = summary.sentences[0]
            bad += split.sentences.index(first) > 0 and needs_predecessor(first, split.article.language)
    return bad / len(found) if found else 0.0


def dangling_share(found: Sequence[Summary], splits: Sequence[SplitArticle]) -> float:
    """Share of summaries holding a sentence that refers back (an opening link or a demonstrative anywhere,
    :func:`digest.standalone.refers_back`) without the sentence before it."""
    bad = 0
    for summary, split in zip(found, splits, strict=True):
        index = {s: i for i, s in reversed(list(enumerate(split.sentences)))}
        picked = {index[s] for s in summary.sentences}
        bad += any(i > 0 and i - 1 not in picked and refers_back(split.sentences[i], split.article.language)
                   for i in picked)
    return bad / len(found) if found else 0.0


def describe(weights: Weights) -> str:
    """The weights as name=value pairs (those of one sentence, when apart, in brackets after 'one=')."""
    pairs = ", ".join(f"{f.name}={getattr(weights, f.name):g}" for f in fields(weights) if f.name != "one")
    return pairs + (f", one=[{describe(weights.one)}]" if weights.one is not None else "")


# --- speed through the CLI -------------------------------------------------------------------------


def cli_pass(paths: Sequence[Path], k: int, algorithm: str | None,
             cwd: Path) -> tuple[float, float, list[dict]]:
    """Wall and CPU seconds of one ``digest summarize --format jsonl`` process over all files; its records."""
    command = [sys.executable, "-m", "digest", "summarize", "--format", "jsonl", "--sentences", str(k)]
    command += ["--algorithm", algorithm] if algorithm else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([*command, *map(str, paths)], cwd=cwd, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


#: The methods timed: the configured summarizer, Lead (reading alone: what any summarizer costs at
#: least) and LexRank.
SPEED_METHODS = ("configured", "lead", "lexrank")


@dataclass(frozen=True)
class Timing:
    """Best wall and CPU seconds of one method's process over one file and over all ``n`` files."""

    n: int
    one_wall: float
    one_cpu: float
    all_wall: float
    all_cpu: float

    def per_file(self, cpu: bool = True) -> float:
        """Seconds each file adds beyond the first: (all - one) / (n - 1)."""
        one, every = (self.one_cpu, self.all_cpu) if cpu else (self.one_wall, self.all_wall)
        return (every - one) / max(1, self.n - 1)

    def fixed(self, cpu: bool = True) -> float:
        """Seconds that do not grow with the files (process start, imports, configuration)."""
        return (self.one_cpu if cpu else self.one_wall) - self.per_file(cpu)


def speed(paths: Sequence[Path], k: int, rounds: int, cwd: Path) -> tuple[dict[str, Timing], list[dict]]:
    """Best wall and CPU seconds of each of ``SPEED_METHODS`` over one file and over all, passes
    alternating; the configured summarizer's output over all files."""
    best: dict[tuple[str, int], list[float]] = {}
    output: list[dict] = []
    for _ in range(max(1, rounds)):
        for name in SPEED_METHODS:
            for size in (1, len(paths)):
                wall, cpu, records = cli_pass(paths[:size], k, None if name == "configured" else name, cwd)
                old = best.get((name, size), [math.inf, math.inf])
                best[name, size] = [min(old[0], wall), min(old[1], cpu)]
                output = records if name == "configured" and size == len(paths) else output
    timings = {name: Timing(len(paths), *best[name, 1], *best[name, len(paths)]) for name in SPEED_METHODS}
    return timings, output


# --- main ------------------------------------------------------------------------------------------


def _name(choice: Choice) -> str:
    """A choice as 'k=1: first+centrality+length; k=2 (pairs): first+centrality'."""
    return f"k=1: {'+'.join(choice.one.features)}; k=2 (pairs): {'+'.join(choice.more.features)}"


def _cv_lines(cv: CrossValidation) -> list[str]:
    """What each fold chose and how it did on the fold it did not see."""
    lines = [f"{len(FEATURE_SETS)} candidate feature sets, each a ridge regression of single sentences' "
             f"ROUGE (k=1) and of pairs' ROUGE (the first {PAIR_WINDOW} sentences) on their summed "
             "features and key overlap (k=2); rule, for k=1 and for k=2 apart: the fewest fitted weights "
             "within one standard error of the best mean gain at k (ROUGE-1 and ROUGE-L minus Lead-k, "
             "averaged), then the best; the fold's gain: at k=1 and 2, averaged"]
    for f, ((choice, weights), held) in enumerate(zip(cv.chosen, cv.fold_gains, strict=True), 1):
        lines.append(f"  fold {f} ({len(cv.folds[f - 1])} articles): gain {held:+.2f} with "
                     f"{_name(choice)}: {describe(weights)}")
    spread = float(np.std(cv.fold_gains, ddof=1)) if len(cv.fold_gains) > 1 else 0.0
    lines.append(f"out-of-fold gain: {np.mean(cv.fold_gains):+.2f} (sd across folds {spread:.2f}); "
                 f"in-sample gain of the weights chosen on all articles: {cv.in_sample_gain:+.2f}")
    choice, weights = cv.shipped
    lines.append(f"chosen on all articles: {_name(choice)}: {describe(weights)}")
    lines.append("  = digest.newsrank.DEFAULT_WEIGHTS" if weights == DEFAULT_WEIGHTS
                 else f"  differs from DEFAULT_WEIGHTS: {describe(DEFAULT_WEIGHTS)}")
    return lines


def out_of_fold(splits: Sequence[SplitArticle], cv: CrossValidation, k: int) -> list[Summary]:
    """Every article summarized with the weights chosen on the folds that do not hold it."""
    found: list[Summary | None] = [None] * len(splits)
    for held, (_, weights) in zip(cv.folds, cv.chosen, strict=True):
        made = summaries([splits[i] for i in held], "newsrank", k, weights)
        for i, summary in zip(held, made, strict=True):
            found[i] = summary
    return [s for s in found if s is not None]


def _fold_spread(rows: Sequence[Row], cv: CrossValidation) -> list[str]:
    """Per measure and k: the out-of-fold difference to Lead-k in each fold."""
    lead = {r.k: r for r in rows if r.label == "lead"}
    lines = []
    for r in rows:
        if r.label != "newsrank out-of-fold":
            continue
        for m in MEASURES:
            diff = np.array(r.column(m)) - np.array(lead[r.k].column(m))
            per_fold = [float(diff[held].mean()) for held in cv.folds]
            lines.append(f"  {m.upper()}@{r.k} minus Lead-{r.k} per fold: "
                         + " ".join(f"{x:+.2f}" for x in per_fold)
                         + f"  (mean {np.mean(per_fold):+.2f}, sd {np.std(per_fold, ddof=1):.2f})")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA,
                        help="JSONL with text and summary (default: %(default)s)")
    parser.add_argument("--folds", type=int, default=5, help="folds of the cross-validation (default: 5)")
    parser.add_argument("--seed", type=int, default=0, help="seed of folds and bootstrap (default: 0)")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (default: 1000)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="cross-validations with fold seeds seed, seed+1, ... (default: 3)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating timed CLI passes (default: 3)")
    parser.add_argument("--others", action="store_true", help="also every other sumy algorithm")
    parser.add_argument("--no-speed", action="store_true", help="leave out the timed CLI passes")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"quality.py: evaluation data not found: {args.data}\n"
              "  pass --data PATH to a JSONL file of {\"text\": ..., \"summary\": ...} objects",
              file=sys.stderr)
        return 2
    records = load(args.data)
    config = load_config(None)
    with tempfile.TemporaryDirectory(prefix="quality-") as folder:
        inbox = Path(folder) / "inbox"
        inbox.mkdir()
        paths = write_inbox(records, inbox)
        splits = read_articles(paths, config)
        print(f"{args.data}: {len(records)} articles written to files and read as `digest summarize` reads "
              f"them; titles taken from the first sentence: {sum(_derived(s) for s in splits)}; "
              "reference: the teaser; "
              f"ROUGE F1 x100; {args.bootstrap} bootstrap resamples, seed {args.seed}\n")
        report(records, splits, args)
        if not args.no_speed:
            print()
            print("\n".join(speed_report(paths, splits, args.rounds, Path(folder))))
    return 0


def _derived(split: SplitArticle) -> bool:
    """True when the article's title was taken from its first sentence."""
    from digest.summarize import title_is_derived

    return title_is_derived(split.article)


def report(records: Sequence[Record], splits: Sequence[SplitArticle], args: argparse.Namespace) -> None:
    """Cross-validation, the table, the openings."""
    prepared = [prepare(s, r.reference) for s, r in zip(splits, records, strict=True)]
    cv = cross_validate(prepared, args.folds, args.seed, progress=lambda m: print(m, file=sys.stderr))
    print("\n".join(_cv_lines(cv)))
    others = [m for m in SUMMARIZERS if m not in ("lead", "lexrank", "newsrank")] if args.others else []
    rows, found = [], {}
    for k in KS:
        for label, made in [("lead", lambda k=k: summaries(splits, "lead", k)),
                            ("skip-lead", lambda k=k: skip_lead(splits, k)),
                            ("lexrank", lambda k=k: summaries(splits, "lexrank", k)),
                            *[(m, lambda k=k, m=m: summaries(splits, m, k)) for m in others],
                            ("newsrank out-of-fold", lambda k=k: out_of_fold(splits, cv, k)),
                            ("newsrank in-sample", lambda k=k: summaries(splits, "newsrank", k))]:
            found[label, k] = made()
            rows.append(Row(label, k, scores(found[label, k], records)))
    print()
    print("\n".join(table(rows, args.bootstrap, args.seed)))
    print("* paired 95% interval of the difference to Lead-k above zero; in-sample: DEFAULT_WEIGHTS on the "
          "data that chose them (optimistic); out-of-fold: each article summarized with weights chosen "
          "without it (the figure that counts)")
    print("\n".join(_fold_spread(rows, cv)))
    again = other_splits(prepared, splits, records, rows, args)
    if again:
        print("\n".join(again))
    print()
    print("\n".join(one_sentence_bounds(prepared)))
    print()
    print("\n".join(openings_report(found, splits)))


def other_splits(prepared: Sequence[Prepared], splits: Sequence[SplitArticle], records: Sequence[Record],
                 rows: Sequence[Row], args: argparse.Namespace) -> list[str]:
    """The out-of-fold difference to Lead-k when the whole cross-validation is run again with other fold
    seeds (``--repeats``): how much the figure that counts owes to one way of dealing the folds."""
    if args.repeats <= 1:
        return []
    lead = {r.k: r for r in rows if r.label == "lead"}
    seeds = range(args.seed, args.seed + args.repeats)
    per_seed = {(k, m): [] for k in KS for m in MEASURES}
    for seed in seeds:
        cv = cross_validate(prepared, args.folds, seed) if seed != args.seed else None
        for k in KS:
            row = next(r for r in rows if r.label == "newsrank out-of-fold" and r.k == k) if cv is None \
                else Row("again", k, scores(out_of_fold(splits, cv, k), records))
            for m in MEASURES:
                per_seed[k, m].append(float(np.mean(row.column(m)) - np.mean(lead[k].column(m))))
    lines = [f"  out of fold with fold seeds {seeds.start}..{seeds.stop - 1} (the whole procedure each):"]
    for (k, m), values in per_seed.items():
        lines.append(f"  {m.upper()}@{k} minus Lead-{k}: " + " ".join(f"{v:+.2f}" for v in values)
                     + f"  (mean {np.mean(values):+.2f}, min {min(values):+.2f})")
    return lines


def openings_report(found: dict[tuple[str, int], list[Summary]], splits: Sequence[SplitArticle]) -> list[str]:
    """The share of summaries opening with a sentence that needs the one before, and of those holding
    anywhere a sentence that refers back without the one before: dev and seeds."""
    lines = ["summaries opening with a sentence that needs the one before (digest.standalone); after the "
             "slash: holding anywhere a sentence that refers back (also by a demonstrative) without it:"]
    for (label, k), summaries_found in found.items():
        lines.append(f"  dev  {label:<22} k={k}: {opening_share(summaries_found, splits):.3f} / "
                     f"{dangling_share(summaries_found, splits):.3f}")
    seeds = read_articles(sorted(SEEDS.glob("*.txt")), load_config(None))
    for method in ("lead", "lexrank", "newsrank"):
        for k in (1, 2, 3):
            made = summaries(seeds, method, k)
            lines.append(f"  seeds ({len(seeds)} articles) {method:<8} k={k}: "
                         f"{opening_share(made, seeds):.3f} / {dangling_share(made, seeds):.3f}")
    return lines


def speed_report(paths: Sequence[Path], splits: Sequence[SplitArticle], rounds: int, cwd: Path) -> list[str]:
    """Throughput of `digest summarize` with the configured summarizer, Lead and LexRank; fixed and per-file
    costs of each."""
    timings, output = speed(paths, 1, rounds, cwd)
    algorithm = load_config(None).settings.summary.algorithm
    library = summaries(splits, algorithm, 1)
    agree = sum(list(s.sentences) == o["sentences"] for s, o in zip(library, output, strict=True))
    n = len(paths)
    lines = [f"`digest summarize --sentences 1 --format jsonl` in one process, process start included "
             f"(best of {max(1, rounds)} alternating passes; CPU: user+system; fixed = one file's pass minus "
             f"one per-file cost, per file = (all - one) / {n - 1}):",
             f"  {'method':<22} {f'{n} files: wall':>15} {'CPU':>7} {'files/s':>8}   {'fixed: wall':>11} "
             f"{'CPU':>6}   {'per file: wall':>14} {'CPU':>8}"]
    for name in SPEED_METHODS:
        t = timings[name]
        label = f"configured ({algorithm})" if name == "configured" else f"--algorithm {name}"
        lines.append(f"  {label:<22} {t.all_wall:>13.2f} s {t.all_cpu:>5.2f} s {n / t.all_wall:>8.0f}   "
                     f"{t.fixed(False):>9.2f} s {t.fixed():>4.2f} s   {1000 * t.per_file(False):>11.1f} ms "
                     f"{1000 * t.per_file():>5.1f} ms")
    ours, lead, lexrank = timings["configured"], timings["lead"], timings["lexrank"]
    lines += [f"  throughput vs LexRank: {lexrank.all_wall / ours.all_wall:.1f}x wall, "
              f"{lexrank.all_cpu / ours.all_cpu:.1f}x CPU; a summarizer that costs nothing (Lead) would "
              f"reach {lexrank.all_cpu / lead.all_cpu:.1f}x CPU: the process start and the reading of each "
              "file are the same for every algorithm",
              f"  CLI output = the benchmark's library path on {agree} of {n} files"]
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
