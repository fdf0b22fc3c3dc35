"""benchmarks/quality.py: it summarizes through `digest summarize`'s path, and its tuning rule."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from benchmarks import quality
from digest.cli import cli
from digest.config import load_config
from digest.models import Summary
from digest.newsrank import DEFAULT_WEIGHTS, Weights

from .helpers import make_split

ARTICLES = [
    quality.Record("0", "Kiew – Die Ukraine hat Russland am Montag eine Waffenruhe für Charkiw angeboten. "
                   "Die Waffenruhe soll nach Angaben der Regierung ab Mittwoch gelten. Er sagte, die "
                   "Waffenruhe sei ein erster Schritt. Moskau hat das Angebot für Charkiw zunächst nicht "
                   "kommentiert. Das Wetter war sonnig.", "Die Ukraine bietet eine Waffenruhe an."),
    quality.Record("2", "Wien – Die Gewerkschaft sieht Handlungsbedarf bei All-in-Verträgen. Für mehr "
                   "Transparenz hat die Gewerkschaft einen Rechner für All-in-Verträge lanciert. Dieser "
                   "soll helfen, 2.000 Euro Differenz zu erkennen. Zudem fordert die Gewerkschaft eine "
                   "Obergrenze. Es gibt 300.000 All-in-Verträge in Österreich.", "Ein Rechner für All-in."),
]


def test_the_inbox_holds_each_body_as_it_is_and_nothing_else(tmp_path):
    paths = quality.write_inbox(ARTICLES, tmp_path)
    assert [p.name for p in paths] == ["00000.txt", "00002.txt"]
    assert paths[0].read_text(encoding="utf-8") == ARTICLES[0].text + "\n"


@pytest.mark.parametrize("k", [1, 2])
def test_the_benchmark_gives_the_sentences_of_digest_summarize(tmp_path, monkeypatch, k):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    paths = quality.write_inbox(ARTICLES, inbox)
    monkeypatch.chdir(tmp_path)  # no schedule.yaml here: the built-in settings, as the benchmark's
    result = CliRunner().invoke(cli, ["summarize", "--format", "jsonl", "--sentences", str(k),
                                      *map(str, paths)])
    assert result.exit_code == 0, result.output
    by_cli = [json.loads(line)["sentences"] for line in result.output.splitlines()]
    splits = quality.read_articles(paths, load_config(None))
    by_library = [list(s.sentences) for s in quality.summaries(splits, "newsrank", k)]
    prepared = [quality.prepare(s, r.reference) for s, r in zip(splits, ARTICLES, strict=True)]
    by_tuning = [[p.sentences[i] for i in p.picks(DEFAULT_WEIGHTS, k)] for p in prepared]
    assert by_cli == by_library == by_tuning
    assert all(len(s) == k for s in by_cli)
    assert all(not s[0].startswith(("Er ", "Dieser ", "Zudem ")) for s in by_cli)


def test_one_standard_error_prefers_the_simpler_model_within_noise():
    gains = np.array([
        [1.0, 1.0, 1.0, 1.0],  # simple, mean 1.0
        [1.1, 0.9, 1.3, 1.1],  # complex, mean 1.1; differences -0.1, 0.1, -0.3, -0.1: sd 0.163, se 0.082
        [0.0, 0.0, 0.0, 0.1],  # simplest, far below
    ])
    assert quality.one_standard_error(gains, [2, 3, 1]) == 1  # 1.0 < 1.1 - 0.082: not within noise
    gains[0] = [1.05, 1.05, 1.05, 1.05]  # mean 1.05 >= 1.1 - 0.082
    assert quality.one_standard_error(gains, [2, 3, 1]) == 0


def test_folds_are_a_seeded_partition():
    parts = quality.folds(11, 5, seed=0)
    assert sorted(i for part in parts for i in part) == list(range(11))
    assert [len(p) for p in parts] == [3, 2, 2, 2, 2]
    assert quality.folds(11, 5, seed=0) == parts != quality.folds(11, 5, seed=1)


def test_opening_share_counts_summaries_opening_with_a_sentence_that_needs_the_one_before():
    split = make_split(["Die Regierung tagte.", "Er sagte nichts.", "Die Opposition schwieg."])
    found = [Summary("a", ("Er sagte nichts.",), "x", 1), Summary("a", ("Die Regierung tagte.",), "x", 1),
             Summary("a", ("Die Opposition schwieg.",), "x", 1), Summary("a", (), "x", 1)]
    assert quality.opening_share(found, [split] * 4) == 0.25


def test_fixed_and_per_file_costs_come_from_a_pass_over_one_file_and_one_over_all():
    timing = quality.Timing(n=5, one_wall=2.0, one_cpu=1.0, all_wall=6.0, all_cpu=3.0)
    assert timing.per_file() == 0.5  # (3 - 1) / 4
    assert timing.fixed() == 0.5  # 1 - 0.5
    assert timing.per_file(cpu=False) == 1.0 and timing.fixed(cpu=False) == 1.0


def test_dangling_share_counts_summaries_holding_a_sentence_that_refers_back_without_the_one_before():
    split = make_split(["Die Regierung nannte drei Länder.", "Israel soll zu diesen Ländern gehören.",
                        "Die Opposition schwieg."])
    first, second, third = split.sentences
    found = [Summary("a", (first, second), "x", 2), Summary("a", (second, third), "x", 2),
             Summary("a", (first, third), "x", 2)]
    assert quality.dangling_share(found, [split] * 3) == 1 / 3


def test_pairs_are_fitted_on_the_sum_of_their_features_their_overlap_and_their_own_rouge():
    p = quality.Prepared(["Wien – Die Ukraine bietet eine Waffenruhe an.", "Die Waffenruhe gilt ab Mittwoch.",
                          "Das Wetter war sonnig."],
                         [(float(i), 0.1 * i, 0, 0, 0.5, 0, 0, 0, 0, 0, float(i == 0)) for i in range(3)],
                         [{"ukrain", "waffen"}, {"waffen", "mittwo"}, {"wetter", "sonnig"}],
                         [False] * 3, "Die Ukraine bietet eine Waffenruhe an.", {})
    x, y = quality.pair_rows(p, ("position", "first", "centrality"))
    assert x.shape == (3, 4)  # pairs (0, 1), (0, 2), (1, 2); three features and the overlap
    assert x[0, :3].tolist() == pytest.approx([1 + 1 / 2, 1.0, 0.1])
    assert x[2, :3].tolist() == pytest.approx([1 / 2 + 1 / 3, 0.0, 0.1 + 0.2])
    assert x[:, 3].tolist() == [0.5, 0.0, 0.0]  # one of two keys shared by the first two
    assert y[0] == pytest.approx((p.score((0, 1)).r1 + p.score((0, 1)).rl) / 2)
    assert y[0] > y[2]  # the pair holding the reference's sentence recalls more


def test_a_pair_candidate_fits_a_redundancy_discount_and_a_single_one_none():
    weights = quality.fit([_twins(n) for n in range(12)], quality.Candidate(("centrality",), pairs=True))
    assert weights.redundancy > 0 and weights.lead_pair == 0
    assert quality.fit([_twins(n) for n in range(12)], quality.Candidate(("centrality",))).redundancy == 0


def _twins(n: int) -> quality.Prepared:
    """An article whose first two sentences say the same (the reference's words), the third other news
    of the reference, the rest nothing of it: a pair of the twins recalls no more than one of them."""
    sentences = ["Die Ukraine bietet Waffenruhe an.", "Die Ukraine bietet eine Waffenruhe an.",
                 "Moskau schweigt dazu.", *(f"Das Wetter war am Tag {n + i} sonnig." for i in range(3))]
    stems = [{"ukrain", "bieten", "waffen"}, {"ukrain", "bieten", "waffen"}, {"moskau", "schwei"},
             *({"wetter", "sonnig", f"t{i}"} for i in range(3))]
    features = [(float(i), 0.5 if i < 3 else 0.3 + 0.01 * n, 0, 0, 0.5, 0, 0, 0, 0, 0, 0.0) for i in range(6)]
    return quality.Prepared(sentences, features, stems, [False] * 6,
                            "Die Ukraine bietet Waffenruhe an, Moskau schweigt.", {})


def test_every_one_sentence_model_fits_length_and_every_two_sentence_model_is_fitted_on_pairs():
    one = quality.CANDIDATES[1]
    assert one and all("length" in c.features and not c.pairs for c in one)
    assert len(set(quality.CANDIDATES[1])) == len(quality.CANDIDATES[1])
    assert quality.CANDIDATES[2] and all(c.pairs for c in quality.CANDIDATES[2])
    assert {c.features for c in quality.CANDIDATES[2]} == set(quality.FEATURE_SETS)


def _leaning_on_its_predecessor() -> quality.Prepared:
    """An article whose second sentence is the reference word for word but opens with 'Er' (it needs the
    first); the third says part of it, the first none; centrality ranks the second, third, first."""
    sentences = ["Wien – Der Kanzler trat am Montag vor die Presse.", "Er kündigte Neuwahlen im Herbst an.",
                 "Neuwahlen im Herbst gelten als wahrscheinlich.", "Das Wetter war sonnig."]
    centrality = (0.1, 0.9, 0.5, 0.0)
    features = [(float(i), c, 0, 0, 0.5, 0, 0, 0, 0, 0, float(i == 0)) for i, c in enumerate(centrality)]
    stems = [{"kanzle", "presse"}, {"kündig", "neuwah"}, {"neuwah", "herbst", "gelten", "wahrsc"},
             {"wetter", "sonnig"}]
    return quality.Prepared(sentences, features, stems, [False, True, False, False],
                            "Er kündigte Neuwahlen im Herbst an.", {})


def test_the_oracle_is_the_best_sentence_and_the_standalone_oracle_the_best_that_may_open_a_summary():
    p = _leaning_on_its_predecessor()
    assert quality.best_sentence(p, range(4)) == 1
    assert quality.ONE_SENTENCE_BOUNDS["best sentence (oracle)"](p, DEFAULT_WEIGHTS) == 1
    assert quality.ONE_SENTENCE_BOUNDS["best sentence standing alone (oracle)"](p, DEFAULT_WEIGHTS) == 2
    assert quality.ONE_SENTENCE_BOUNDS["best of the first three standing alone"](p, DEFAULT_WEIGHTS) == 2


def test_the_bounds_show_what_the_standalone_rule_costs_newsrank():
    p = _leaning_on_its_predecessor()
    central = Weights(position=0.0, first=0.0, centrality=10.0, question=0.0, quote=0.0, opening=0.0,
                      redundancy=0.0)
    assert p.picks(central, 1) == [2]  # the most central sentence needs the one before
    assert quality.ONE_SENTENCE_BOUNDS["newsrank without the standalone rule"](p, central) == 1
    lines = quality.one_sentence_bounds([p], central)
    rows = {line[:42].strip(): line[42:] for line in lines[1:]}
    assert rows["newsrank in-sample"].endswith("(0 of 1 articles)")
    assert rows["newsrank without the standalone rule"].endswith("(1 of 1 articles)")
    ours, oracle = (p.score([i]) for i in (2, 1))
    lead = p.score([0])
    assert f"RL {oracle.rl - lead.rl:+6.2f}" in rows["best sentence (oracle)"]
    assert f"RL {ours.rl - lead.rl:+6.2f}" in rows["newsrank in-sample"]
    assert oracle.rl > ours.rl > lead.rl
