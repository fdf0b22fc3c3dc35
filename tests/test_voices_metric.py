"""The metric of benchmarks/voices.py against values computed by hand."""

from __future__ import annotations

import pytest

from benchmarks.voices import (
    GoldSentence,
    covered,
    detected,
    gold_sentences,
    locate,
    name_tokens,
    prf,
    score_article,
)


def test_prf_by_hand() -> None:
    # 3 correct of 4 predicted, 6 gold: P 0.75, R 0.5, F1 2*.75*.5/1.25 = 0.6
    assert prf(3, 4, 6) == pytest.approx((0.75, 0.5, 0.6))
    assert prf(0, 0, 5) == (0.0, 0.0, 0.0)


def test_covered_counts_overlapping_spans_once() -> None:
    # span 10..30; spans 5..15 (5 chars inside) and 12..20 (overlaps the first: 5 more) and 25..40 (5)
    assert covered((10, 30), [(5, 15), (12, 20), (25, 40)]) == 15
    assert covered((10, 30), [(30, 40)]) == 0


def quote(kind: str, spans: list[list[int]], speaker: str) -> dict:
    """A gold quotation as the data set stores it."""
    return {"type": kind, "quote": spans, "speaker_text": speaker}


def test_gold_sentence_is_attributed_when_quotes_cover_half() -> None:
    record = {
        "sentences": [[0, 20], [21, 41], [42, 62]],
        "quotes": [
            quote("Direct", [[0, 10]], "Olaf Scholz"),  # exactly half of sentence 0
            quote("Indirect", [[21, 30]], "Peskow"),  # 9 of 20: not attributed
            quote("Reported", [[42, 50]], "A"), quote("Indirect", [[50, 59]], "Anna Lena"),  # 8+9 of 20
        ],
    }
    gold = gold_sentences(record)
    assert [g.attributed for g in gold] == [True, False, True]
    assert gold[0].types == {"Direct"} and gold[0].speaker == "Olaf Scholz"
    # neither quotation of sentence 2 covers half alone: the larger one gives type and speaker
    assert gold[2].types == {"Indirect"} and gold[2].speaker == "Anna Lena"


def test_name_tokens_leave_out_pronouns_articles_and_roles() -> None:
    assert name_tokens("Die Sprecherin der Stiftung Warentest, Heike van Laak") == {
        "stiftung", "warentest", "heike", "laak"}
    assert name_tokens("er") == set()
    assert name_tokens("der Präsident") == set()
    assert name_tokens("Der Bundeskanzler") == set()
    assert name_tokens("Staatsanwaltschaft Darmstadt") == {"darmstadt"}


def test_name_tokens_leave_out_report_nouns_possessives_and_sentence_adverbs() -> None:
    """Gold speakers of quotes-de such as "Polizeiangaben" or "Demnach" name no one: a sentence with
    one counts for joint F1 whoever we name, and not in speaker accuracy."""
    for speaker in ("Demnach", "Polizeiangaben", "eigenen Angaben", "Der Untersuchungsbericht",
                    "Seiner Aussage", "Den vorliegenden Informationen", "Medienberichten", "Die Medien"):
        assert name_tokens(speaker) == set(), speaker
    assert name_tokens("Angaben der Polizei") == {"polizei"}
    assert name_tokens("Einer Meldung von Xinhua") == {"xinhua"}
    assert name_tokens("Ansicht von Niedersachsens Ministerpräsident Christian Wulff (CDU)") == {
        "niedersachsens", "christian", "wulff", "cdu"}


def test_detected_by_half_of_gold_or_most_of_ours() -> None:
    assert detected((0, 100), [(200, 300), (0, 50)]) == 1  # covers half of the gold sentence
    assert detected((0, 100), [(85, 105)]) == 0  # 15 of our 20 characters are inside it
    assert detected((0, 100), [(90, 110)]) is None  # 10 of 20 is not most
    assert detected((0, 100), [(80, 200)]) is None  # 20 of 120, 20 of 100


def test_score_article_by_hand() -> None:
    gold = [GoldSentence((0, 10), True, frozenset({"Direct"}), "Olaf Scholz"),
            GoldSentence((11, 20), True, frozenset({"Indirect"}), "er"),
            GoldSentence((21, 30), False),
            GoldSentence((31, 40), True, frozenset({"Indirect"}), "Dmitri Peskow")]
    ours = [((0, 10), "Bundeskanzler Scholz"), ((11, 20), "Putin"), ((21, 30), "Putin"),
            ((31, 40), "Putin")]
    scores = score_article(gold, ours)
    assert (scores.gold, scores.predicted, scores.detected) == (3, 4, 3)
    # named gold speakers: sentences 0 and 3; only 0 agrees ("scholz"); sentence 1's is a pronoun
    assert (scores.named, scores.agreed) == (2, 1)
    assert scores.joint == 2  # 0 agrees, 1 has no name to judge, 3 disagrees
    assert scores.per_type == {"Direct": [1, 1], "Indirect": [2, 2], "FreeIndirect": [0, 0],
                               "IndirectFreeIndirect": [0, 0], "Reported": [0, 0]}


def test_one_of_our_sentences_over_a_split_gold_sentence() -> None:
    # gold split at ": „": the frame "X sagte:" (0..10) has no quotation, the quotation (11..40) has
    gold = [GoldSentence((0, 10), False), GoldSentence((11, 40), True, frozenset({"Direct"}), "Anna Beck"),
            GoldSentence((41, 50), False)]
    scores = score_article(gold, [((0, 40), "Anna Beck"), ((41, 50), "Anna Beck")])
    # the measure: two gold sentences hit by our first sentence, one of them attributed
    assert (scores.gold, scores.predicted, scores.detected) == (1, 3, 1)
    # per our sentence: the first overlaps the quotation most (29 of 40), the second a plain sentence
    assert (scores.ours, scores.ours_correct, scores.ours_multi) == (2, 1, 1)


def test_score_article_counts_a_miss_in_its_type() -> None:
    gold = [GoldSentence((0, 10), True, frozenset({"Reported"}), "Kritiker")]
    scores = score_article(gold, [])
    assert (scores.gold, scores.predicted, scores.detected) == (1, 0, 0)
    assert scores.per_type["Reported"] == [0, 1]


def test_locate_finds_sentences_across_line_breaks_in_order() -> None:
    text = "Er kam. Er sah.\n\nEr kam."
    assert locate(text, ["Er kam.", "Er sah.", "Er kam.", "Fehlt."]) == [(0, 7), (8, 15), (17, 24), None]
