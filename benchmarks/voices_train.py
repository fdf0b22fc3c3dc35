"""Train the sentence classifier of digest/voices_model.py on the TRAIN split of quotes-de only.

Usage: python benchmarks/voices_train.py [--data DIR] [--out digest/voices_model.json]
                                         [--min-precision 0.85] [--folds 5]

Articles are read the way the pick-up reads them (benchmarks/voices.read_all); each of our
sentences is labelled with the gold sentence it overlaps most (attributed when quotation spans
cover at least half of it). Logistic regression (AdaGrad, L2) over ``voices_model.features``; the
"previous sentence attributed" feature is the gold label when training and the model's own
decision when deciding. The threshold is chosen by k-fold cross-validation over train articles:
the highest F1 whose out-of-fold precision is at least --min-precision. The dev split is never read.
"""

from __future__ import annotations

import argparse
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
from digest.voices_model import MODEL_PATH, Model, SentenceFacts, features  # noqa: E402

_SPARSE = ("w:", "s:", "c:")  # word features: dropped when rare
Article = tuple[list[SentenceFacts], list[bool]]


def labels(read: Read) -> list[bool]:
    """Each of our sentences' label: the gold sentence it overlaps most is attributed."""
    result = []
    for span in read.spans:
        best = max(read.gold, key=lambda g: overlap(g.span, span)) if span and read.gold else None
        result.append(bool(best and overlap(best.span, span) and best.attributed))
    return result


def examples(articles: Sequence[Article]) -> list[tuple[list[str], bool]]:
    """Training examples: features with the gold label of the previous sentence."""
    result = []
    for facts, gold in articles:
        for i, (fact, label) in enumerate(zip(facts, gold, strict=True)):
            previous = facts[i - 1] if i else None
            following = facts[i + 1] if i + 1 < len(facts) else None
            result.append((features(fact, previous, bool(i and gold[i - 1]), following), label))
    return result


def fit(data: Sequence[tuple[list[str], bool]], epochs: int = 12, rate: float = 0.3,
        l2: float = 1e-4, min_count: int = 25, seed: int = 3) -> dict[str, float]:
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
    return {n: round(w, 4) for n, w in weights.items() if abs(w) >= 1e-3}


def decide(model: Model, facts: Sequence[SentenceFacts]) -> list[bool]:
    """Decisions for one article, each using the model's decision for the sentence before."""
    result: list[bool] = []
    for i, fact in enumerate(facts):
        following = facts[i + 1] if i + 1 < len(facts) else None
        active = features(fact, facts[i - 1] if i else None, bool(result and result[-1]), following)
        result.append(model.probability(active) >= model.threshold)
    return result


def counts(model: Model, articles: Sequence[Article]) -> tuple[int, int, int]:
    """Correct, predicted and gold attributed sentences."""
    correct = predicted = gold = 0
    for facts, truth in articles:
        for guess, label in zip(decide(model, facts), truth, strict=True):
            correct += guess and label
            predicted += guess
            gold += label
    return correct, predicted, gold


def choose_threshold(articles: Sequence[Article], folds: int, min_precision: float) -> float:
    """The threshold of the best out-of-fold F1 with precision at least min_precision."""
    shuffled = list(articles)
    random.Random(11).shuffle(shuffled)
    parts = [shuffled[k::folds] for k in range(folds)]
    weights = [fit(examples([a for j, p in enumerate(parts) if j != k for a in p])) for k in range(folds)]
    best = (-1.0, 0.5)
    for step in range(10, 91, 2):
        threshold = step / 100
        total = [0, 0, 0]
        for k in range(folds):
            for i, value in enumerate(counts(Model(weights[k], threshold), parts[k])):
                total[i] += value
        p, r, f = prf(*total)
        print(f"  threshold {threshold:.2f}: out-of-fold P/R/F1 {p:.3f} / {r:.3f} / {f:.3f}")
        if p >= min_precision and f > best[0]:
            best = (f, threshold)
    return best[1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--min-precision", type=float, default=0.85)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    reads = read_all(args.data / "train.jsonl", load_config(None))
    articles = [(article_facts(r.sentences, "german"), labels(r)) for r in reads]
    threshold = choose_threshold(articles, args.folds, args.min_precision)
    model = Model(fit(examples(articles)), threshold)
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"threshold {threshold:.2f}, {len(model.weights)} weights -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
