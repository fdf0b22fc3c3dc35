"""A small learned sentence classifier: is this German sentence someone's reported words?

Two stacked logistic regressions over sparse binary features. The first pass reads a sentence by
itself and its neighbours' surface: its lower-case words, quotation marks (share of
the sentence inside them, opening or closing with one, a colon before one, a quotation running over
several sentences), the grammar's cue (``voices._find_cue``: kind, word, size of the frame, whether
the grammar alone would attribute it), Konjunktiv I and II, hearsay (``soll``, ``demnach``), the first
word and the position; and the same
features but words for the sentence before and after. The second pass adds the first pass's scores
of the two sentences before and after, so a quotation or Konjunktiv report continued over several
sentences is found. The weights are ``voices_model.json`` in the package, trained on the train
split of quotes-de by ``benchmarks/voices_train.py``; nothing is downloaded.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

__all__ = ["Model", "SentenceFacts", "context_features", "first_features", "load_model", "second_features"]

MODEL_PATH = Path(__file__).with_name("voices_model.json")
#: Probability bins of a first-pass score in the second pass's features.
_BINS = 10
#: The own features of a sentence with no cue, quotation mark or Konjunktiv (most sentences).
_PLAIN = ("cue:none",)


@dataclass(slots=True)
class SentenceFacts:
    """What the classifier knows of one sentence (not frozen: made for every sentence, and frozen
    dataclasses are slow to make; nothing changes one after it is made)."""

    words: frozenset[str]  # lower case
    cue: str  # "name", "pronoun" or "" (the grammar found no cue)
    quoted: float  # share of the sentence's characters inside quotation marks
    starts_quoted: bool
    konjunktiv: bool
    frame: float = 0.0  # share of the characters taken by the cue and its speaker phrase
    first: str = ""  # the first word, lower case
    cue_word: str = ""  # the grammar's cue word, lower case
    ends_quoted: bool = False
    colon_quote: bool = False
    grammar: bool = False  # the grammar alone attributes it (a cue, not negated, no reporter's comment)
    chain: float = 0.0  # share inside a quotation that runs over several sentences (0 when none)
    conditional: bool = False  # a Konjunktiv II form ("hätten", "würde"): reported speech or a condition
    hearsay: bool = False  # a word of hearsay ("soll", "sollen", "demnach": "Er soll … gesagt haben")
    bare: bool = False  # (no feature) an indicative cue with no quote, clause or "von/vor/als" after it
    own: tuple[str, ...] = ()  # the features of the sentence by itself, other than its words

    def __post_init__(self) -> None:
        self.own = _own_features(self)


def _own_features(facts: SentenceFacts) -> tuple[str, ...]:
    """Features of a sentence by itself (no words)."""
    if not (facts.cue or facts.quoted or facts.colon_quote or facts.konjunktiv or facts.grammar or facts.chain
            or facts.starts_quoted or facts.ends_quoted or facts.conditional or facts.hearsay):
        return _PLAIN
    result = [f"cue:{facts.cue or 'none'}"]
    if facts.quoted > 0:
        result.append("q:any")
        result.append("q:most" if facts.quoted >= 0.8 else "q:half" if facts.quoted >= 0.5 else "q:some")
    result.extend(name for name, on in (("q:start", facts.starts_quoted), ("q:end", facts.ends_quoted),
                                        ("q:colon", facts.colon_quote), ("konj", facts.konjunktiv),
                                        ("g:yes", facts.grammar), ("ch:in", facts.chain > 0),
                                        ("ch:half", facts.chain >= 0.5), ("konj2", facts.conditional),
                                        ("soll", facts.hearsay)) if on)
    if facts.cue:
        result.append("f:large" if facts.frame >= 0.5 else "f:mid" if facts.frame >= 0.25 else "f:small")
    return tuple(result)


def context_features(facts: Sequence[SentenceFacts], i: int) -> list[str]:
    """The first pass's features of sentence i other than its words: its own, its neighbours'."""
    fact = facts[i]
    result = ["bias", f"pos:{min(i, 4)}", f"s:{fact.first}", f"c:{fact.cue_word}", *fact.own]
    if i:
        result.extend(f"p:{name}" for name in facts[i - 1].own)
    else:
        result.append("p:none")
    if i + 1 < len(facts):
        result.extend(f"n:{name}" for name in facts[i + 1].own)
    else:
        result.append("n:none")
    return result


def first_features(facts: Sequence[SentenceFacts], i: int) -> list[str]:
    """The first pass's features of sentence i: :func:`context_features` and its words."""
    return [*context_features(facts, i), *(f"w:{w}" for w in facts[i].words)]


def _bin(probability: float) -> int:
    """The bin of a probability, 0 to _BINS - 1."""
    return min(_BINS - 1, int(probability * _BINS))


def second_features(facts: Sequence[SentenceFacts], first: Sequence[float], i: int) -> list[str]:
    """The second pass's features of sentence i: its first-pass score and its neighbours'."""
    fact = facts[i]
    here = _bin(first[i])
    result = ["bias", f"m:{here}", *(f"o:{name}" for name in fact.own)]
    for offset, label in ((-2, "pp"), (-1, "p"), (1, "n"), (2, "nn")):
        j = i + offset
        result.append(f"{label}:{_bin(first[j]) if 0 <= j < len(first) else 'none'}")
    previous = _bin(first[i - 1]) // 2 if i else -1
    result.append(f"p&m:{previous}&{here // 2}")
    result.extend(f"p{previous}&{name}" for name in fact.own)
    return result


@dataclass(frozen=True)
class Model:
    """Weights of both passes' features and the decision threshold on the second pass's probability.

    Scoring sums the same weights as the features of :func:`first_features` and
    :func:`second_features` name, but looks words up by set intersection and caches the sums
    over a sentence's own features (few distinct combinations), so an article costs little.
    """

    first: Mapping[str, float]
    second: Mapping[str, float]
    threshold: float
    word_weights: Mapping[str, float] = field(default_factory=dict)  # "w:x" as x, filled in by __post_init__
    word_keys: frozenset[str] = frozenset()  # the keys of word_weights
    _sums: dict[tuple[str, ...], tuple[float, float, float, float]] = field(default_factory=dict)
    _after: dict[tuple[int, tuple[str, ...]], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        words = {name[2:]: w for name, w in self.first.items() if name.startswith("w:")}
        object.__setattr__(self, "word_weights", words)
        object.__setattr__(self, "word_keys", frozenset(words))

    def _own_sums(self, own: tuple[str, ...]) -> tuple[float, float, float, float]:
        """Sums over a sentence's own features: in the first pass as itself, as the sentence before
        and after another, and in the second pass."""
        sums = self._sums.get(own)
        if sums is None:
            first, second = self.first.get, self.second.get
            sums = (sum(first(name, 0.0) for name in own), sum(first(f"p:{name}", 0.0) for name in own),
                    sum(first(f"n:{name}", 0.0) for name in own),
                    sum(second(f"o:{name}", 0.0) for name in own))
            self._sums[own] = sums
        return sums

    def first_scores(self, facts: Sequence[SentenceFacts], needed: Sequence[bool] | None = None,
                     ) -> list[float]:
        """The first pass's probability for each sentence of an article (as :func:`first_features`);
        0.0 for a sentence not ``needed``."""
        get, words, keys = self.first.get, self.word_weights, self.word_keys
        sums = [self._own_sums(fact.own) for fact in facts]
        base = [get("bias", 0.0) + get(f"pos:{k}", 0.0) for k in range(5)]
        last = len(facts) - 1
        result = []
        for i, fact in enumerate(facts):
            if needed is not None and not needed[i]:
                result.append(0.0)
                continue
            z = base[min(i, 4)] + get(f"s:{fact.first}", 0.0) + get(f"c:{fact.cue_word}", 0.0) + sums[i][0]
            z += sums[i - 1][1] if i else get("p:none", 0.0)
            z += sums[i + 1][2] if i < last else get("n:none", 0.0)
            z += sum(map(words.__getitem__, fact.words & keys))
            result.append(_sigmoid(z))
        return result

    def scores(self, facts: Sequence[SentenceFacts], asked: Sequence[bool] | None = None) -> list[float]:
        """The second pass's probability that each sentence of an article is someone's words (as
        :func:`second_features`); 0.0 for a sentence not ``asked`` (its first pass is computed only
        when a sentence up to two away is asked)."""
        needed = None
        if asked is not None:
            needed = [False] * len(facts)
            for i in (i for i, ask in enumerate(asked) if ask):
                for j in range(max(0, i - 2), min(len(facts), i + 3)):
                    needed[j] = True
        first = self.first_scores(facts, needed)
        bins = [_bin(p) for p in first]
        padded = [_BINS, _BINS, *bins, _BINS, _BINS]  # _BINS: no sentence there ("none")
        table = self._bin_weights
        bias = self.second.get("bias", 0.0)
        result = []
        for i, fact in enumerate(facts):
            if asked is not None and not asked[i]:
                result.append(0.0)
                continue
            here = bins[i]
            previous = bins[i - 1] // 2 if i else -1
            z = (bias + table["m"][here] + self._own_sums(fact.own)[3] + table["pp"][padded[i]]
                 + table["p"][padded[i + 1]] + table["n"][padded[i + 3]] + table["nn"][padded[i + 4]]
                 + table["p&m"][(previous + 1) * _BINS + here // 2] + self._after_sum(previous, fact.own))
            result.append(_sigmoid(z))
        return result

    @cached_property
    def _bin_weights(self) -> dict[str, list[float]]:
        """The second pass's weights of bin features, as lists indexed by bin (_BINS: "none")."""
        get = self.second.get
        table = {label: [get(f"{label}:{b}", 0.0) for b in range(_BINS)] + [get(f"{label}:none", 0.0)]
                 for label in ("m", "pp", "p", "n", "nn")}
        table["p&m"] = [get(f"p&m:{previous}&{half}", 0.0)
                        for previous in range(-1, _BINS // 2) for half in range(_BINS)]
        return table

    def _after_sum(self, previous: int, own: tuple[str, ...]) -> float:
        """The second pass's sum over a sentence's own features crossed with the bin before it."""
        key = (previous, own)
        value = self._after.get(key)
        if value is None:
            value = self._after[key] = sum(self.second.get(f"p{previous}&{name}", 0.0) for name in own)
        return value

    def to_json(self) -> str:
        """The model as JSON, weights sorted by name."""
        return json.dumps({"threshold": self.threshold, "first": dict(sorted(self.first.items())),
                           "second": dict(sorted(self.second.items()))}, ensure_ascii=False, indent=0)


def _sigmoid(z: float) -> float:
    """The logistic function, clipped against overflow."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def load_model(path: Path = MODEL_PATH) -> Model | None:
    """The shipped model, or None when there is none or it is of the older one-pass form (the grammar
    alone decides then)."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if "first" not in data:
        return None
    return Model(data["first"], data["second"], data["threshold"])
