"""Train the sentence classifier of digest/voices_model.py on the TRAIN split of quotes-de only.

Usage: python benchmarks/voices_train.py [--data DIR] [--out digest/voices_model.json]
                                         [--min-precision 0.78] [--folds 5] [--prune 0.01]
                                         [--fold-models FILE]

Articles are read the way the pick-up reads them (benchmarks/voices.read_all); each of our
sentences is labelled with the gold sentence it overlaps most (attributed when quotation spans
cover at least half of it). Two stacked logistic regressions (AdaGrad, L2): the first over
``voices_model.first_features``; the second over ``voices_model.second_features``, which read the
first pass's scores of each sentence and its neighbours: out-of-fold scores when training, so the
second pass learns how far to trust the first. Everything is chosen by k-fold cross-validation over
train articles: the threshold is the highest out-of-fold F1 whose precision is at least
--min-precision. Weights below --prune (absolute) and rare word features are dropped. With
--fold-models, each fold's model and articles are written for ``benchmarks/voices.py --folds``, which
scores train out of fold end to end (grammar, classifier and speakers). The dev split is never read.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.voices import DATA, Read, overlap, prf, read_all  # noqa: E402
from digest.config import load_config  # noqa: E402
from digest.voices import article_facts  # noqa: E402
from digest.voices_model import MODEL_PATH, Model, SentenceFacts, first_features, second_features  # noqa: E402

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--min-precision", type=float, default=0.78)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--prune", type=float, default=0.01)
    parser.add_argument("--fold-models", type=Path, help="write each fold's model and articles here (JSON)")
    args = parser.parse_args(argv)
    reads = read_all(args.data / "train.jsonl", load_config(None))
    articles = [(article_facts(r.sentences, "german"), labels(r)) for r in reads]
    order = list(range(len(articles)))
    random.Random(11).shuffle(order)
    folds = [order[k::args.folds] for k in range(args.folds)]
    parts = [[articles[i] for i in fold] for fold in folds]
    first, firsts = out_of_fold(parts, args.prune)
    threshold, seconds = choose_threshold(parts, first, args.min_precision, args.prune)
    if args.fold_models is not None:  # for benchmarks/voices.py --folds: scores out of fold
        args.fold_models.write_text(json.dumps({"folds": folds, "models": [
            json.loads(Model(a, b, threshold).to_json()) for a, b in zip(firsts, seconds, strict=True)]}))
    every = [a for p in parts for a in p]
    scores = [s for part in first for s in part]
    model = Model(pruned(fit(first_examples(every)), args.prune),
                  pruned(fit(second_examples(every, scores), min_count=1), args.prune), threshold)
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"threshold {threshold:.2f}, {len(model.first)} + {len(model.second)} weights -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
