"""The two-pass sentence classifier of digest/voices_model.py: its fast scoring sums exactly the
weights its feature lists name, and the shipped model is small."""

from __future__ import annotations

import math

import pytest

from digest.voices import article_facts
from digest.voices_model import MODEL_PATH, Model, SentenceFacts, first_features, load_model, second_features

SENTENCES = [
    "Die Regierung hat am Montag neue Gesetze beschlossen.",
    "Kanzler Scholz sagte, die Lage sei ernst.",
    "Man werde alles tun, um zu helfen.",
    "„Wir stehen an der Seite der Ukraine“, sagte er.",
    "Das Wetter war gut.",
]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _hand_model() -> Model:
    """A model with a weight for features of every kind, including bins and crossings."""
    first = {"bias": -1.0, "pos:0": 0.5, "w:sei": 1.5, "w:sagte": 0.7, "konj": 0.8, "cue:name": 0.4,
             "p:cue:name": 0.9, "n:q:any": -0.3, "s:man": 0.6, "c:sagte": 0.2, "n:none": -0.1}
    second = {"bias": -2.0, "m:9": 3.0, "m:0": -1.0, "p:7": 0.5, "pp:none": 0.2, "n:none": -0.4,
              "o:konj": 0.6, "p&m:3&4": 0.3, "p-1&cue:name": 0.25, "p4&konj": 0.35, "nn:0": -0.05}
    return Model(first, second, 0.5)


def test_first_scores_sum_the_weights_first_features_names() -> None:
    model = _hand_model()
    facts = article_facts(SENTENCES, "german")
    expected = [_sigmoid(sum(model.first.get(n, 0.0) for n in first_features(facts, i)))
                for i in range(len(facts))]
    assert model.first_scores(facts) == pytest.approx(expected)


def test_scores_sum_the_weights_second_features_names() -> None:
    model = _hand_model()
    facts = article_facts(SENTENCES, "german")
    first = model.first_scores(facts)
    expected = [_sigmoid(sum(model.second.get(n, 0.0) for n in second_features(facts, first, i)))
                for i in range(len(facts))]
    assert model.scores(facts) == pytest.approx(expected)


def test_only_asked_sentences_are_scored_and_alike() -> None:
    model = _hand_model()
    facts = article_facts(SENTENCES + SENTENCES, "german")
    asked = [i == 6 for i in range(len(facts))]
    full, partial = model.scores(facts), model.scores(facts, asked)
    assert partial[6] == pytest.approx(full[6]) and partial[6] > 0
    assert [p for i, p in enumerate(partial) if i != 6] == [0.0] * (len(facts) - 1)
    first = model.first_scores(facts, [4 <= i <= 8 for i in range(len(facts))])
    assert first[3] == 0.0 and first[9] == 0.0


def test_second_features_read_the_neighbours_bins() -> None:
    facts = [SentenceFacts(frozenset(), "", 0.0, False, False)] * 3
    names = second_features(facts, [0.95, 0.05, 0.71], 1)
    assert {"m:0", "p:9", "n:7", "pp:none", "nn:none", "p&m:4&0"} <= set(names)


def test_the_shipped_model_is_small_and_two_pass() -> None:
    model = load_model()
    assert model is not None and model.second
    assert MODEL_PATH.stat().st_size < 1_000_000
    assert 0.0 < model.threshold < 1.0


def test_konjunktiv_ii_and_hearsay_modals_are_features_of_their_own() -> None:
    facts = article_facts(["Die Gespräche würden scheitern.", "Er soll krank sein.", "Das Wetter war gut.",
                           "Demnach gab es drei Tote."], "german")
    assert "konj2" in facts[0].own and "soll" not in facts[0].own
    assert "soll" in facts[1].own and "konj2" not in facts[1].own
    assert facts[2].own == ("cue:none",)
    assert "soll" in facts[3].own

