"""Train the sentence classifier of digest/voices_model.py on the TRAIN split of quotes-de only.

Usage: python benchmarks/voices_train.py [--data DIR] [--out digest/voices_model.json]
                                         [--min-precision 0.78] [--folds 5] [--prune 0.01]
                                         [--fold-models FILE] [--continuation [--min-gain 0.002]]

Articles are read the way the pick-up reads them (benchmarks/voices.read_all); each of our
sentences is labelled with the gold sentence it overlaps most (attributed when quotation spans
cover at least half of it). Two stacked logistic regressions (AdaGrad, L2): the first over
``voices_model.first_features``; the second over ``voices_model.second_features``, which read the
first pass's scores of each sentence and its neighbours: out-of-fold scores when training, so the
second pass learns how far to trust the first. Everything is chosen by k-fold cross-validation over
train articles: the threshold is the highest out-of-fold F1 whose precision is at least
--min-precision. Weights below --prune (absolute) and rare word features are dropped. With
--fold-models, each fold's model and articles are written for ``benchmarks/voices.py --folds``, which
scores train out of fold end to end (grammar, classifier and speakers).

With --continuation, also the continuation model of ``voices._Speakers.continued``: which earlier speaker,
if any, a sentence the classifier accepts continues when it has no cue and no speaker of its own. Its
examples are every such sentence's candidates (the last attributed sentence's speaker up to five sentences
back, the person or office opening the unattributed sentence right before), found out of fold with each
fold's classifier, each labelled by the gold speaker of the gold sentence it overlaps most (a name token
shared, or a gold speaker that is no name). A tiny logistic regression per fold; its two thresholds
(the speaker of the sentence right before, the others) are chosen by train scored out of fold end to
end: the best joint F1 whose speaker accuracy is at least today's rule's, written to
digest/voices_continuation.json only when it beats today's rule by --min-gain (else that file is removed
and the speaker of the sentence right before is continued, as without a model). The dev split is never
read.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.voices import DATA, Read, Scores, evaluate, name_tokens, overlap, prf, read_all  # noqa: E402
from digest import voices  # noqa: E402
from digest.config import load_config  # noqa: E402
from digest.configured import aliases_of  # noqa: E402
from digest.voices import article_facts  # noqa: E402
from digest.voices_model import (  # noqa: E402
    CONTINUATION_PATH,
    MODEL_PATH,
    Continuation,
    Model,
    SentenceFacts,
    continuation_features,
    first_features,
    second_features,
)

_SPARSE = ("w:", "s:", "c:")  # word features: dropped when rare
Article = tuple[list[SentenceFacts], list[bool]]
Example = tuple[list[str], bool]


def labels(read: Read) -> list[bool]:
    """Each of our sentences' label: the gold sentence it overlaps most is attributed."""
    result = []
    for span in read.spans:
        best = max(read.gold, key=lambda g: overlap(g.span, span)) if span and read.gold else None
        result.append(bool(best and overlap(best.span, span) and best.attributed))
    return result


def first_examples(articles: Sequence[Article]) -> list[Example]:
    """The first pass's training examples."""
    return [(first_features(facts, i), label) for facts, gold in articles for i, label in enumerate(gold)]


def second_examples(articles: Sequence[Article], first: Sequence[Sequence[float]]) -> list[Example]:
    """The second pass's training examples, given each article's first-pass scores."""
    return [(second_features(facts, scores, i), label)
            for (facts, gold), scores in zip(articles, first, strict=True) for i, label in enumerate(gold)]


def fit(data: Sequence[Example], epochs: int = 10, rate: float = 0.2, l2: float = 1e-4,
        min_count: int = 3, seed: int = 3) -> dict[str, float]:
    """Logistic regression by AdaGrad; word features seen fewer than min_count times are dropped."""
    counts = Counter(name for active, _ in data for name in active)
    kept = [([n for n in active if counts[n] >= min_count or n[:2] not in _SPARSE], y) for active, y in data]
    weights: dict[str, float] = {}
    squares: dict[str, float] = {}
    order = list(range(len(kept)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for k in order:
            active, y = kept[k]
            z = sum(weights.get(n, 0.0) for n in active)
            g = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - (1.0 if y else 0.0)
            for n in active:
                w = weights.get(n, 0.0)
                grad = g + l2 * w
                squares[n] = squares.get(n, 1e-8) + grad * grad
                weights[n] = w - rate * grad / math.sqrt(squares[n])
    return weights


def pruned(weights: dict[str, float], prune: float) -> dict[str, float]:
    """Weights of at least ``prune`` in absolute value, rounded."""
    return {n: round(w, 3) for n, w in weights.items() if abs(w) >= prune}


def out_of_fold(parts: Sequence[Sequence[Article]], prune: float,
                ) -> tuple[list[list[list[float]]], list[dict[str, float]]]:
    """Each part's first-pass scores from a first pass fitted on the other parts, and those weights."""
    result, firsts = [], []
    for k, part in enumerate(parts):
        rest = [a for j, p in enumerate(parts) if j != k for a in p]
        model = Model(pruned(fit(first_examples(rest)), prune), {}, 0.5)
        result.append([model.first_scores(facts) for facts, _ in part])
        firsts.append(dict(model.first))
    return result, firsts


def choose_threshold(parts: Sequence[Sequence[Article]], first: Sequence[Sequence[Sequence[float]]],
                     min_precision: float, prune: float) -> tuple[float, list[dict[str, float]]]:
    """The threshold of the best out-of-fold F1 of the second pass with precision at least
    min_precision, and each fold's second-pass weights."""
    probabilities: list[tuple[float, bool]] = []
    seconds = []
    for k, part in enumerate(parts):
        rest = [(a, s) for j, p in enumerate(parts) if j != k for a, s in zip(p, first[j], strict=True)]
        weights = pruned(fit(second_examples([a for a, _ in rest], [s for _, s in rest]), min_count=1), prune)
        seconds.append(weights)
        for (facts, gold), scores in zip(part, first[k], strict=True):
            for i, label in enumerate(gold):
                z = sum(weights.get(n, 0.0) for n in second_features(facts, scores, i))
                probabilities.append((1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), label))
    best = (-1.0, 0.5)
    for step in range(10, 91, 2):
        threshold = step / 100
        correct = sum(q >= threshold and y for q, y in probabilities)
        predicted = sum(q >= threshold for q, _ in probabilities)
        p, r, f = prf(correct, predicted, sum(y for _, y in probabilities))
        print(f"  threshold {threshold:.2f}: out-of-fold P/R/F1 {p:.3f} / {r:.3f} / {f:.3f}")
        if p >= min_precision and f > best[0]:
            best = (f, threshold)
    return best[1], seconds


#: Thresholds tried for the speaker of the sentence right before (0: always taken, today's rule) and for
#: the others (above 1: never taken, today's rule).
PREVIOUS_THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25)
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
#: A continuation example: the candidate's features, the sentence's facts, and the outcome of taking it
#: (see ``continuation_label``).
Candidate = tuple[tuple[str, ...], tuple[str, ...], str]


def continuation_label(read: Read, index: int, speaker: str) -> str:
    """How taking ``speaker`` for our sentence ``index`` scores against the gold sentence it overlaps most:
    "agree" (its gold speaker shares a name token), "disagree", "noname" (a gold speaker that is no name:
    right for the joint measure, not counted in speaker accuracy) or "none" (no one's words)."""
    span = read.spans[index]
    best = max(read.gold, key=lambda g: overlap(g.span, span)) if span and read.gold else None
    if best is None or not overlap(best.span, span) or not best.attributed:
        return "none"
    names = name_tokens(best.speaker)
    return "noname" if not names else "agree" if names & name_tokens(speaker) else "disagree"


def continuation_candidates(reads: Sequence[Read], folds: Sequence[Sequence[int]],
                            models: Sequence[Model], aliases: dict[str, str]) -> list[list[Candidate]]:
    """Each fold's continuation examples: every earlier speaker a sentence with no cue and no speaker of
    its own may continue, found with the fold's classifier (out of fold) and today's rule (the speaker
    of the sentence right before is continued, no other)."""
    result: list[list[Candidate]] = []
    found_now: list[tuple[int, list[tuple[str, tuple[str, ...]]], tuple[str, ...]]] = []
    original, load = voices._Speakers.continued, voices.load_model
    load_continuation = voices.load_continuation

    def record(self, read, text, lang, found, index, opens=False):  # type: ignore[no-untyped-def]
        found_now.append((index, self.continuations(found, index, lang),
                          voices._continuation_facts(read, text, lang, opens)))
        previous = found.get(index - 1)
        return previous.attribution.speaker if previous else None

    voices._Speakers.continued = record  # type: ignore[method-assign]
    voices.load_continuation = lambda: None  # type: ignore[assignment]
    try:
        for fold, model in zip(folds, models, strict=True):
            voices.load_model = lambda model=model: model  # type: ignore[assignment]
            examples: list[Candidate] = []
            for i in fold:
                found_now.clear()
                voices.find_statements(reads[i].sentences, "german", aliases)
                examples += [(features, own, continuation_label(reads[i], index, speaker))
                             for index, candidates, own in found_now for speaker, features in candidates]
            result.append(examples)
    finally:
        voices._Speakers.continued, voices.load_model = original, load  # type: ignore[method-assign]
        voices.load_continuation = load_continuation
    return result


def fit_continuation(examples: Sequence[Candidate], positive: frozenset[str], epochs: int = 300,
                     rate: float = 0.1, l2: float = 0.01) -> dict[str, float]:
    """The continuation model's weights: logistic regression by full-batch gradient descent, L2."""
    data = [(continuation_features(features, own), outcome in positive)
            for features, own, outcome in examples]
    weights: dict[str, float] = {}
    for _ in range(epochs):
        gradient: dict[str, float] = {}
        for names, label in data:
            z = sum(weights.get(n, 0.0) for n in names)
            g = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - label
            for n in names:
                gradient[n] = gradient.get(n, 0.0) + g
        for n, g in gradient.items():
            weights[n] = weights.get(n, 0.0) - rate * (g / len(data) * 10 + l2 * weights.get(n, 0.0))
    return {n: round(w, 3) for n, w in sorted(weights.items())}


def end_to_end(reads: Sequence[Read], folds: Sequence[Sequence[int]], models: Sequence[Model],
               continuations: Sequence[Continuation | None], aliases: dict[str, str]) -> Scores:
    """Train scored out of fold, end to end: each fold by the classifier and continuation model fitted
    without it (None: today's rule)."""
    total = Scores()
    load, load_continuation = voices.load_model, voices.load_continuation
    try:
        for fold, model, continuation in zip(folds, models, continuations, strict=True):
            voices.load_model = lambda model=model: model  # type: ignore[assignment]
            voices.load_continuation = lambda c=continuation: c  # type: ignore[assignment]
            total.add(evaluate([reads[i] for i in fold], aliases)[0])
    finally:
        voices.load_model, voices.load_continuation = load, load_continuation
    return total


def figures(scores: Scores) -> tuple[float, float, float]:
    """Detection F1, joint F1 and speaker accuracy."""
    return (prf(scores.detected, scores.predicted, scores.gold)[2],
            prf(scores.joint, scores.predicted, scores.gold)[2],
            scores.agreed / scores.named if scores.named else 0.0)


def train_continuation(reads: Sequence[Read], folds: Sequence[Sequence[int]], models: Sequence[Model],
                       min_gain: float) -> tuple[Continuation | None, list[Continuation | None]]:
    """The continuation model and each fold's: labels and thresholds chosen out of fold, end to end, for
    the best joint F1 whose speaker accuracy is at least today's rule's; None unless it beats today's
    rule's joint F1 by ``min_gain``."""
    aliases = aliases_of(load_config(None))
    parts = continuation_candidates(reads, folds, models, aliases)
    base = figures(end_to_end(reads, folds, models, [None] * len(folds), aliases))
    print(f"continuation: today's rule out of fold: detection F1 {base[0]:.4f}, joint F1 {base[1]:.4f}, "
          f"speaker accuracy {base[2]:.4f}")
    best: tuple[float, frozenset[str], float, float] | None = None
    for positive in (frozenset({"agree"}), frozenset({"agree", "noname"})):
        weights = [fit_continuation([e for j, p in enumerate(parts) if j != k for e in p], positive)
                   for k in range(len(parts))]
        for previous, threshold in itertools.product(PREVIOUS_THRESHOLDS, THRESHOLDS):
            trial = [Continuation(w, threshold, previous) for w in weights]
            got = figures(end_to_end(reads, folds, models, trial, aliases))
            kept = (got[2] >= base[2] and got[1] >= base[1] + min_gain
                    and (best is None or got[1] > best[0]))
            print(f"  positive {'+'.join(sorted(positive))}, thresholds {previous:.2f} (previous sentence's "
                  f"speaker) {threshold:.2f} (others): detection F1 {got[0]:.4f}, joint F1 {got[1]:.4f}, "
                  f"speaker accuracy {got[2]:.4f}{' *' if kept else ''}", flush=True)
            best = (got[1], positive, threshold, previous) if kept else best
    if best is None:
        return None, [None] * len(folds)
    _, positive, threshold, previous = best
    every = [e for p in parts for e in p]
    per_fold = [Continuation(fit_continuation([e for j, p in enumerate(parts) if j != k for e in p],
                                              positive), threshold, previous) for k in range(len(parts))]
    return Continuation(fit_continuation(every, positive), threshold, previous), per_fold


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--min-precision", type=float, default=0.78)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--prune", type=float, default=0.01)
    parser.add_argument("--fold-models", type=Path, help="write each fold's model and articles here (JSON)")
    parser.add_argument("--continuation", action="store_true",
                        help="also train the continuation model (slower: scores train end to end)")
    parser.add_argument("--continuation-out", type=Path, default=CONTINUATION_PATH)
    parser.add_argument("--min-gain", type=float, default=0.002,
                        help="joint F1 a continuation model must add out of fold to be written (default "
                             "0.002: about five of train's 2,357 gold sentences; less is within the noise of "
                             "choosing among the settings tried)")
    args = parser.parse_args(argv)
    reads = read_all(args.data / "train.jsonl", load_config(None))
    articles = [(article_facts(r.sentences, "german"), labels(r)) for r in reads]
    order = list(range(len(articles)))
    random.Random(11).shuffle(order)
    folds = [order[k::args.folds] for k in range(args.folds)]
    parts = [[articles[i] for i in fold] for fold in folds]
    first, firsts = out_of_fold(parts, args.prune)
    threshold, seconds = choose_threshold(parts, first, args.min_precision, args.prune)
    fold_models = [Model(a, b, threshold) for a, b in zip(firsts, seconds, strict=True)]
    continuation, fold_continuations = None, [None] * len(folds)
    if args.continuation:
        continuation, fold_continuations = train_continuation(reads, folds, fold_models, args.min_gain)
    if args.fold_models is not None:  # for benchmarks/voices.py --folds: scores out of fold
        args.fold_models.write_text(json.dumps({
            "folds": folds, "models": [json.loads(m.to_json()) for m in fold_models],
            "continuations": [json.loads(c.to_json()) if c else None for c in fold_continuations]}))
    if args.continuation:
        if continuation is None:
            args.continuation_out.unlink(missing_ok=True)
            print(f"continuation: no model beats today's rule by {args.min_gain}; "
                  f"{args.continuation_out} removed")
        else:
            args.continuation_out.write_text(continuation.to_json() + "\n", encoding="utf-8")
            print(f"continuation: thresholds {continuation.previous_threshold:.2f} and "
                  f"{continuation.threshold:.2f}, {len(continuation.weights)} weights -> "
                  f"{args.continuation_out}")
    every = [a for p in parts for a in p]
    scores = [s for part in first for s in part]
    model = Model(pruned(fit(first_examples(every)), args.prune),
                  pruned(fit(second_examples(every, scores), min_count=1), args.prune), threshold)
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"threshold {threshold:.2f}, {len(model.first)} + {len(model.second)} weights -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
