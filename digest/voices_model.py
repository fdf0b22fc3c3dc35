"""A small learned sentence classifier: is this German sentence someone's reported words?

Logistic regression over sparse features of a sentence and of the sentence before it: its words
(lower case), quotation marks, the grammar's cue (``voices._find_cue``), Konjunktiv forms, and
whether the previous sentence was attributed. The weights are ``voices_model.json`` in the package,
trained on the train split of quotes-de by ``benchmarks/voices_train.py``; nothing is downloaded.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

__all__ = ["Model", "SentenceFacts", "context_features", "features", "load_model"]

MODEL_PATH = Path(__file__).with_name("voices_model.json")


@dataclass(frozen=True)
class SentenceFacts:
    """What the classifier knows of one sentence."""

    words: frozenset[str]  # lower case
    cue: str  # "name", "pronoun" or "" (the grammar found no cue)
    quoted: float  # share of the sentence's characters inside quotation marks
    starts_quoted: bool
    konjunktiv: bool
    frame: float = 0.0  # share of the characters taken by the cue and its speaker phrase
    first: str = ""  # the first word, lower case
    cue_word: str = ""  # the grammar's cue word, lower case

    @cached_property
    def own(self) -> list[str]:
        """The features of the sentence by itself (see ``features``)."""
        return _own_features(self)


def _own(facts: SentenceFacts) -> list[str]:
    """Features of a sentence by itself (no words), computed once per sentence."""
    return facts.own


def _own_features(facts: SentenceFacts) -> list[str]:
    """Features of a sentence by itself (no words)."""
    result = [f"cue:{facts.cue or 'none'}"]
    if facts.quoted > 0:
        result.append("q:any")
    if facts.quoted >= 0.5:
        result.append("q:half")
    if facts.starts_quoted:
        result.append("q:start")
    if facts.konjunktiv:
        result.append("konj")
    if facts.cue:
        result.append("f:large" if facts.frame >= 0.5 else "f:mid" if facts.frame >= 0.25 else "f:small")
    return result


def features(facts: SentenceFacts, previous: SentenceFacts | None, previous_attributed: bool,
             following: SentenceFacts | None = None) -> list[str]:
    """The active features of a sentence, given its neighbours and whether the one before was attributed."""
    return [*(f"w:{word}" for word in facts.words),
            *context_features(facts, previous, previous_attributed, following)]


def context_features(facts: SentenceFacts, previous: SentenceFacts | None, previous_attributed: bool,
                     following: SentenceFacts | None = None) -> list[str]:
    """The features of :func:`features` other than the sentence's words ("w:…")."""
    own = _own(facts)
    result = ["bias", *own, f"s:{facts.first}", f"c:{facts.cue_word}"]
    if previous is not None:
        result.extend(f"p:{name}" for name in _own(previous))
    if following is not None:
        result.extend(f"n:{name}" for name in _own(following))
    if previous_attributed:
        result.append("p:attributed")
        result.extend(f"p:attributed&{name}" for name in own)
    return result


@dataclass(frozen=True)
class Model:
    """Weights of the features and the decision threshold on the probability."""

    weights: Mapping[str, float]
    threshold: float
    word_weights: Mapping[str, float] = field(default_factory=dict)  # "w:x" as x, filled in by __post_init__

    def __post_init__(self) -> None:
        words = {name[2:]: w for name, w in self.weights.items() if name.startswith("w:")}
        object.__setattr__(self, "word_weights", words)

    def probability(self, active: Iterable[str]) -> float:
        """The probability that the sentence is attributed, given all its active features."""
        get = self.weights.get
        return _sigmoid(sum(get(name, 0.0) for name in active))

    def decide(self, facts: SentenceFacts, previous: SentenceFacts | None, previous_attributed: bool,
               following: SentenceFacts | None = None) -> bool:
        """Whether a sentence is attributed: ``probability(features(…)) >= threshold``, faster."""
        get = self.weights.get
        z = sum(map(self.word_weights.__getitem__, facts.words & self.word_weights.keys()))
        z += sum(get(name, 0.0) for name in context_features(facts, previous, previous_attributed, following))
        return _sigmoid(z) >= self.threshold

    def to_json(self) -> str:
        """The model as JSON, weights sorted by name."""
        return json.dumps({"threshold": self.threshold, "weights": dict(sorted(self.weights.items()))},
                          ensure_ascii=False, indent=0)


def _sigmoid(z: float) -> float:
    """The logistic function, clipped against overflow."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def load_model(path: Path = MODEL_PATH) -> Model | None:
    """The shipped model, or None when there is none (the grammar alone decides then)."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(data["weights"], data["threshold"])
